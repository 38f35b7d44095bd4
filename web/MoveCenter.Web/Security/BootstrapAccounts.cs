using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MoveCenter.Application.ApiKeys;
using MoveCenter.Persistence;

namespace MoveCenter.Web.Security;

/// <summary>What a first start created, to be shown to the person starting MoveCenter once and never again.</summary>
public sealed record BootstrapResult(string AdminUser, string? GeneratedAdminPassword, string? GeneratedApiKey);

/// <summary>Makes sure a fresh install can be used: the roles, one admin, and the bootstrap API key.</summary>
public sealed class BootstrapAccounts(
    UserManager<AppUser> users,
    RoleManager<IdentityRole> roles,
    IDbContextFactory<MoveCenterDbContext> dbFactory,
    IOptions<BootstrapOptions> options,
    TimeProvider clock,
    ILogger<BootstrapAccounts> logger)
{
    private const string BootstrapKeyName = "bootstrap";

    /// <summary>
    /// Marks an admin whose password was generated and printed to a console (where it may linger in a scroll-back or a
    /// service log), so the pages can ask them to change it; a claim, not a column, to keep the schema as it is.
    /// </summary>
    public static readonly Claim GeneratedPassword = new("movecenter:generated-password", "true");

    public async Task<BootstrapResult> EnsureAsync(CancellationToken cancellationToken)
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                Check(await roles.CreateAsync(new IdentityRole(role)), $"create role {role}");

        var settings = options.Value;
        string? generatedPassword = null;
        if (!users.Users.Any())
        {
            var password = settings.AdminPassword;
            if (string.IsNullOrWhiteSpace(password)) password = generatedPassword = Secret(18);
            var admin = new AppUser { UserName = settings.AdminUser, DisplayName = "Administrator", EmailConfirmed = true };
            Check(await users.CreateAsync(admin, password), $"create the admin user '{settings.AdminUser}'");
            Check(await users.AddToRoleAsync(admin, Roles.Admin), "give the admin user the Admin role");
            if (generatedPassword is not null) Check(await users.AddClaimAsync(admin, GeneratedPassword), "mark the admin's password as generated");
        }

        return new BootstrapResult(settings.AdminUser, generatedPassword, await EnsureApiKeyAsync(settings.ApiKey, cancellationToken));
    }

    private async Task<string?> EnsureApiKeyAsync(string? configuredKey, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.ApiKeys.FirstOrDefaultAsync(k => k.Name == BootstrapKeyName, cancellationToken);
        if (existing is { Revoked: true })
        {
            // An admin revoked it on purpose; the configuration must not bring it back at the next start.
            if (!string.IsNullOrWhiteSpace(configuredKey))
                logger.LogWarning("The configured bootstrap API key was revoked and stays revoked; remove {Setting} from the configuration",
                    $"{BootstrapOptions.Section}:{nameof(BootstrapOptions.ApiKey)}");
            return null;
        }
        string? generated = null;
        var key = configuredKey;
        if (string.IsNullOrWhiteSpace(key))
        {
            if (existing is not null) return null;
            key = generated = ApiKeySecrets.Generate();
        }
        var hash = ApiKeySecrets.Hash(key);
        if (existing is null)
            db.ApiKeys.Add(new ApiKey
            {
                Name = BootstrapKeyName, KeyHash = hash, Role = Roles.Admin, CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedBy = "first start",
            });
        else
            // A changed configured key replaces the old one, so a leaked bootstrap key can be rotated by configuration.
            existing.KeyHash = hash;
        await db.SaveChangesAsync(cancellationToken);
        return generated;
    }

    private static string Secret(int bytes) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).Replace('+', 'x').Replace('/', 'y').TrimEnd('=') + "9!";

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Could not {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
    }
}
