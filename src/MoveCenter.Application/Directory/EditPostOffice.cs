using FluentValidation;
using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Audit;
using MoveCenter.Application.Common;
using MoveCenter.Application.Engine;
using MoveCenter.Domain.Directory;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Directory;

/// <summary>
/// A change to a post office: each field given replaces the current value, each one left out keeps it. The admin
/// password is only replaced when given; <see cref="Site"/> "" unpins the post office; <see cref="Windows"/> [] opens it at all times.
/// </summary>
public sealed record EditPostOfficeRequest(
    string? Name = null,
    string? Domain = null,
    string? Kind = null,
    string? RootPath = null,
    string? Host = null,
    int? Port = null,
    string? Security = null,
    string? AdminUser = null,
    string? AdminPassword = null,
    bool? SkipCertificateValidation = null,
    int? MaxConcurrentMoves = null,
    int? SievePort = null,
    string? Site = null,
    string? TimeZone = null,
    IReadOnlyList<MoveWindowRequest>? Windows = null,
    long? MaxBytesPerSecond = null)
{
    public override string ToString() => $"{{ Name = {Name}, Kind = {Kind}, Host = {Host}, Port = {Port}, RootPath = {RootPath}, Site = {Site} }}";

    /// <summary>The post office as it will be, in the form a new one is validated in.</summary>
    public AddPostOfficeRequest AppliedTo(PostOffice current)
    {
        var kind = Kind ?? current.Kind.ToString().ToLowerInvariant();
        var staysImap = current.Kind == PostOfficeKind.Imap && string.Equals(kind, "imap", StringComparison.OrdinalIgnoreCase);
        return new AddPostOfficeRequest(
            Name ?? current.Name, Domain ?? current.Domain, kind,
            RootPath ?? current.RootPath, Host ?? current.Host, Port ?? current.Port,
            Security ?? (current.Kind == PostOfficeKind.Imap ? current.Security.ToString().ToLowerInvariant() : null),
            AdminUser ?? current.AdminUser, AdminPassword, SkipCertificateValidation ?? current.SkipCertificateValidation,
            MaxConcurrentMoves ?? current.MaxConcurrentMoves, SievePort ?? current.SievePort,
            Site is null ? current.Site : Site.Length == 0 ? null : Site, TimeZone ?? current.TimeZone,
            Windows ?? [.. current.Schedule.Windows.Select(w => new MoveWindowRequest(w.DaysText, w.FromText, w.ToText))],
            MaxBytesPerSecond ?? current.MaxBytesPerSecond,
            KeepsStoredPassword: staysImap && AdminPassword is null);
    }
}

public sealed class EditPostOfficeHandler(
    IDbContextFactory<MoveCenterDbContext> dbFactory, IValidator<AddPostOfficeRequest> validator, PostOfficeSecrets secrets, AuditTrail audit,
    TimeProvider clock)
{
    /// <returns>The post office's name after the edit.</returns>
    public async Task<string> HandleAsync(string name, EditPostOfficeRequest request, string actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var postOffice = await db.PostOffices.SingleOrDefaultAsync(p => p.Name == name, cancellationToken)
            ?? throw RequestRejectedException.NotFound($"There is no post office named '{name}'.");
        var edited = request.AppliedTo(postOffice);
        await validator.EnsureValidAsync(edited, cancellationToken);
        if (edited.Name != postOffice.Name && await db.PostOffices.AnyAsync(p => p.Name == edited.Name, cancellationToken))
            throw RequestRejectedException.Conflict($"A post office named '{edited.Name}' already exists.");

        var before = Describe(postOffice);
        postOffice.Rename(edited.Name, edited.Domain);
        if (edited.IsMaildir)
            postOffice.RelocateMaildir(AddPostOfficeHandler.ExistingMaildirRoot(edited.RootPath!));
        else
        {
            var security = Enum.Parse<ImapSecurity>(edited.Security ?? "starttls", ignoreCase: true);
            postOffice.Reconnect(edited.Host!, edited.Port ?? MailStores.DefaultPort(security), security, edited.AdminUser!,
                edited.AdminPassword is { } password ? secrets.Protect(password) : null, edited.SkipCertificateValidation, edited.SievePort);
        }
        edited.ApplySettingsTo(postOffice);
        var changes = Changes(before, Describe(postOffice)).ToList();
        if (request.AdminPassword is not null) changes.Add("admin password replaced");
        if (changes.Count == 0) return postOffice.Name;
        audit.Record(db, actor, AuditActions.PostOfficeEdit, name, string.Join("; ", changes));
        await db.SaveChangesAsync(cancellationToken);
        // A move waiting for a window, a slot or a retry here is looked at again at once: the change may let it go on.
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Moves.Where(m => m.Status == MoveStatus.Waiting && m.NotBefore > now
                && (m.SourcePostOfficeId == postOffice.Id || m.TargetPostOfficeId == postOffice.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.NotBefore, now), cancellationToken);
        return postOffice.Name;
    }

    /// <summary>Every setting an admin may change, by the name the API gives it; never the password.</summary>
    private static Dictionary<string, string> Describe(PostOffice p) => new()
    {
        ["name"] = p.Name,
        ["domain"] = p.Domain,
        ["kind"] = p.Kind.ToString().ToLowerInvariant(),
        ["rootPath"] = p.RootPath ?? "",
        ["host"] = p.Host ?? "",
        ["port"] = $"{p.Port}",
        ["security"] = p.Kind == PostOfficeKind.Imap ? p.Security.ToString().ToLowerInvariant() : "",
        ["adminUser"] = p.AdminUser ?? "",
        ["skipCertificateValidation"] = $"{p.SkipCertificateValidation}",
        ["sievePort"] = $"{p.SievePort}",
        ["maxConcurrentMoves"] = $"{p.MaxConcurrentMoves}",
        ["site"] = p.Site ?? "",
        ["timeZone"] = p.TimeZone,
        ["windows"] = p.Schedule.Describe(),
        ["maxBytesPerSecond"] = p.MaxBytesPerSecond == 0 ? "unlimited" : $"{p.MaxBytesPerSecond}",
    };

    private static IEnumerable<string> Changes(Dictionary<string, string> before, Dictionary<string, string> after) =>
        before.Where(field => after[field.Key] != field.Value)
            .Select(field => $"{field.Key}: {(field.Value.Length == 0 ? "none" : field.Value)} → {(after[field.Key].Length == 0 ? "none" : after[field.Key])}");
}

/// <summary>Removes a post office nobody lives on and no move names; anything else would leave users or history pointing nowhere.</summary>
public sealed class DeletePostOfficeHandler(IDbContextFactory<MoveCenterDbContext> dbFactory, AuditTrail audit)
{
    public async Task HandleAsync(string name, string actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var postOffice = await db.PostOffices.SingleOrDefaultAsync(p => p.Name == name, cancellationToken)
            ?? throw RequestRejectedException.NotFound($"There is no post office named '{name}'.");
        var users = await db.DirectoryUsers.CountAsync(u => u.PostOfficeId == postOffice.Id, cancellationToken);
        var moves = await db.Moves.CountAsync(m => m.SourcePostOfficeId == postOffice.Id || m.TargetPostOfficeId == postOffice.Id, cancellationToken);
        var cleanups = await db.PendingCleanups.CountAsync(c => c.PostOfficeId == postOffice.Id, cancellationToken);
        var reasons = new List<string>();
        if (users > 0) reasons.Add($"{Counted.Of(users, "user")} live there: move them elsewhere first");
        if (moves > 0) reasons.Add($"{Counted.Of(moves, "move")} name it: clear their status once they are finished");
        if (cleanups > 0) reasons.Add($"{Counted.Of(cleanups, "source cleanup")} still to be done there");
        if (reasons.Count > 0)
            throw RequestRejectedException.Conflict($"Post office {name} is in use and was not deleted: {string.Join("; ", reasons)}.");
        db.PostOffices.Remove(postOffice);
        audit.Record(db, actor, AuditActions.PostOfficeDelete, name,
            $"{postOffice.Kind.ToString().ToLowerInvariant()} post office of {postOffice.Domain}");
        await db.SaveChangesAsync(cancellationToken);
    }
}
