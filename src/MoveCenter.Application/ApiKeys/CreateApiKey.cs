using FluentValidation;
using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Audit;
using MoveCenter.Application.Common;
using MoveCenter.Persistence;

namespace MoveCenter.Application.ApiKeys;

public sealed record CreateApiKeyRequest(string Name, string Role);

/// <summary>The new key with its secret, which is shown this once: only its hash is kept.</summary>
public sealed record CreatedApiKey(int Id, string Name, string Role, string Key)
{
    public override string ToString() => $"{{ Id = {Id}, Name = {Name}, Role = {Role} }}";
}

public sealed class CreateApiKeyValidator : AbstractValidator<CreateApiKeyRequest>
{
    public CreateApiKeyValidator()
    {
        RuleFor(r => r.Name).NotEmpty().WithMessage("Give the key a name (name) that says which script or person uses it.")
            .FitsColumn("name", ApiKey.NameMaxLength).WithoutControlCharacters("name");
        RuleFor(r => r.Role).Must(role => AccessRoles.All.Contains(role))
            .WithMessage($"role must be one of: {string.Join(", ", AccessRoles.All)}.");
    }
}

/// <summary>
/// Makes an API key. Names are unique, also among revoked keys: the audit trail and the key list name a key by its
/// name, so one name must always mean one key.
/// </summary>
public sealed class CreateApiKeyHandler(
    IDbContextFactory<MoveCenterDbContext> dbFactory, IValidator<CreateApiKeyRequest> validator, AuditTrail audit, TimeProvider clock)
{
    public async Task<CreatedApiKey> HandleAsync(CreateApiKeyRequest request, string actor, CancellationToken cancellationToken)
    {
        await validator.EnsureValidAsync(request, cancellationToken);
        var name = request.Name.Trim();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.ApiKeys.AnyAsync(k => k.Name == name, cancellationToken))
            throw RequestRejectedException.Conflict($"An API key named '{name}' already exists (perhaps revoked); choose another name.");
        var secret = ApiKeySecrets.Generate();
        var key = new ApiKey
        {
            Name = name, Role = request.Role, KeyHash = ApiKeySecrets.Hash(secret), CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedBy = actor,
        };
        db.ApiKeys.Add(key);
        audit.Record(db, actor, AuditActions.ApiKeyCreate, name, $"Role {request.Role}");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request made a key of this name between the check above and this save.
            throw RequestRejectedException.Conflict($"An API key named '{name}' already exists; choose another name.");
        }
        return new CreatedApiKey(key.Id, key.Name, key.Role, secret);
    }
}
