using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MoveCenter.Persistence;
using MoveCenter.Persistence.Notifications;

namespace MoveCenter.Application.Notifications;

/// <summary>The settings in force: what an admin saved, else the configuration. The password is in clear text only here, in memory.</summary>
public sealed record NotificationSettings(
    bool Enabled, string SmtpHost, int SmtpPort, string SmtpSecurity, string? SmtpUser, string? SmtpPassword, string FromAddress,
    IReadOnlyList<string> AdminAddresses, IReadOnlyList<string> HelpdeskAddresses, string WhomToCall, DateTime? EnabledSince)
{
    public override string ToString() => $"{{ Enabled = {Enabled}, SmtpHost = {SmtpHost}, SmtpPort = {SmtpPort}, FromAddress = {FromAddress} }}";
}

public sealed record NotificationTemplate(NotificationKind Kind, bool Enabled, bool CopyHelpdesk, string Subject, string Body);

public sealed class NotificationSettingsStore(IDbContextFactory<MoveCenterDbContext> dbFactory, IOptions<NotificationOptions> options, NotificationSecrets secrets)
{
    public async Task<NotificationSettings> SettingsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.NotificationSettings.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            var o = options.Value;
            return new NotificationSettings(o.Enabled, o.SmtpHost, o.SmtpPort, o.SmtpSecurity, NullIfEmpty(o.SmtpUser), NullIfEmpty(o.SmtpPassword),
                o.FromAddress, Addresses(o.AdminAddresses), Addresses(o.HelpdeskAddresses), o.WhomToCall, null);
        }
        return new NotificationSettings(row.Enabled, row.SmtpHost, row.SmtpPort, row.SmtpSecurity, row.SmtpUser,
            row.SmtpPasswordProtected is { } protectedPassword ? secrets.Unprotect(protectedPassword) : null,
            row.FromAddress, Addresses(row.AdminAddresses), Addresses(row.HelpdeskAddresses), row.WhomToCall, row.EnabledSince);
    }

    /// <summary>Every kind, as edited or else as shipped; a kind nobody edited is on and not copied to the helpdesk.</summary>
    public async Task<IReadOnlyList<NotificationTemplate>> TemplatesAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var edited = await db.NotificationTemplates.AsNoTracking().ToDictionaryAsync(t => t.Kind, cancellationToken);
        return [.. NotificationKinds.All.Select(info => edited.TryGetValue(info.Kind.ToString(), out var row)
            ? new NotificationTemplate(info.Kind, row.Enabled, row.CopyHelpdesk, row.Subject, row.Body)
            : new NotificationTemplate(info.Kind, true, false, info.Subject, info.Body))];
    }

    public static IReadOnlyList<string> Addresses(string? list) =>
        [.. (list ?? "").Split([';', ',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
