using FluentValidation;
using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Audit;
using MoveCenter.Application.Common;
using MoveCenter.Persistence;
using MoveCenter.Persistence.Notifications;

namespace MoveCenter.Application.Notifications;

/// <summary>One kind's switch, helpdesk copy and text, as the settings page edits them.</summary>
public sealed record NotificationTemplateRequest(string Kind, bool Enabled, bool CopyHelpdesk, string Subject, string Body);

/// <summary>
/// The whole Notifications page. <see cref="SmtpPassword"/> null keeps the stored password, "" removes it; address
/// lists are separated by ";" or ",".
/// </summary>
public sealed record SaveNotificationSettingsRequest(
    bool Enabled, string SmtpHost, int SmtpPort, string SmtpSecurity, string? SmtpUser, string? SmtpPassword, string FromAddress,
    string AdminAddresses, string HelpdeskAddresses, string WhomToCall, IReadOnlyList<NotificationTemplateRequest> Templates)
{
    public override string ToString() => $"{{ Enabled = {Enabled}, SmtpHost = {SmtpHost}, SmtpPort = {SmtpPort}, FromAddress = {FromAddress} }}";
}

public sealed class SaveNotificationSettingsValidator : AbstractValidator<SaveNotificationSettingsRequest>
{
    private static readonly string[] Securities = ["none", "starttls", "tls"];

    public SaveNotificationSettingsValidator()
    {
        RuleFor(r => r.SmtpHost).NotEmpty().When(r => r.Enabled).WithMessage("smtpHost is needed to send notifications: name the SMTP server.")
            .FitsColumn("smtpHost", 255).WithoutControlCharacters("smtpHost");
        RuleFor(r => r.SmtpPort).InclusiveBetween(1, 65535).WithMessage("smtpPort must be between 1 and 65535 (25, 587 for starttls, 465 for tls).");
        RuleFor(r => r.SmtpSecurity).Must(s => Securities.Contains(s)).WithMessage("smtpSecurity must be 'none', 'starttls' or 'tls'.");
        RuleFor(r => r.SmtpUser).FitsColumn("smtpUser", 256).WithoutControlCharacters("smtpUser");
        RuleFor(r => r.SmtpPassword).FitsColumn("smtpPassword", 500);
        RuleFor(r => r.FromAddress).NotEmpty().When(r => r.Enabled).WithMessage("fromAddress is needed to send notifications: the sender's address.")
            .IsEmailAddress("fromAddress");
        RuleFor(r => r.AdminAddresses).Must(AreAddresses).WithMessage("adminAddresses must be e-mail addresses separated by ';', e.g. ann@dom1.example; bob@dom1.example.")
            .FitsColumn("adminAddresses", NotificationSettingsRow.AddressListMaxLength);
        RuleFor(r => r.HelpdeskAddresses).Must(AreAddresses).WithMessage("helpdeskAddresses must be e-mail addresses separated by ';', e.g. help@dom1.example.")
            .FitsColumn("helpdeskAddresses", NotificationSettingsRow.AddressListMaxLength);
        RuleFor(r => r.WhomToCall).FitsColumn("whomToCall", 1000);
        RuleForEach(r => r.Templates).ChildRules(template =>
        {
            template.RuleFor(t => t.Kind).Must(kind => Enum.TryParse<NotificationKind>(kind, out _))
                .WithMessage(t => $"'{t.Kind}' is not a kind of notification; the kinds are {string.Join(", ", Enum.GetNames<NotificationKind>())}.");
            template.RuleFor(t => t.Subject).NotEmpty().WithMessage("subject may not be empty.")
                .FitsColumn("subject", NotificationTemplateRow.SubjectMaxLength).WithoutControlCharacters("subject")
                .Must((t, text) => Unknown(t.Kind, text).Count == 0)
                .WithMessage((t, text) => $"subject uses {Describe(Unknown(t.Kind, text))}, which {t.Kind} does not know; it knows {Known(t.Kind)}.");
            template.RuleFor(t => t.Body).NotEmpty().WithMessage("body may not be empty.")
                .FitsColumn("body", NotificationTemplateRow.BodyMaxLength)
                .Must((t, text) => Unknown(t.Kind, text).Count == 0)
                .WithMessage((t, text) => $"body uses {Describe(Unknown(t.Kind, text))}, which {t.Kind} does not know; it knows {Known(t.Kind)}.");
        });
    }

    private static bool AreAddresses(string? list) =>
        NotificationSettingsStore.Addresses(list).All(a => System.Net.Mail.MailAddress.TryCreate(a, out var parsed) && parsed.Address == a);

    private static IReadOnlyList<string> Unknown(string kind, string? text) =>
        Enum.TryParse<NotificationKind>(kind, out var known) ? NotificationText.Unknown(text ?? "", NotificationKinds.Of(known).Placeholders) : [];

    private static string Known(string kind) => string.Join(", ", NotificationKinds.Of(Enum.Parse<NotificationKind>(kind)).Placeholders.Select(p => $"{{{p}}}"));

    private static string Describe(IReadOnlyList<string> names) => string.Join(", ", names.Select(n => $"{{{n}}}"));
}

public sealed class SaveNotificationSettingsHandler(
    IDbContextFactory<MoveCenterDbContext> dbFactory, IValidator<SaveNotificationSettingsRequest> validator, NotificationSettingsStore store,
    NotificationSecrets secrets, AuditTrail audit, TimeProvider clock)
{
    public async Task HandleAsync(SaveNotificationSettingsRequest request, string actor, CancellationToken cancellationToken)
    {
        await validator.EnsureValidAsync(request, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var current = await store.SettingsAsync(cancellationToken);
        var templatesBefore = await store.TemplatesAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.NotificationSettings.SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            row = new NotificationSettingsRow
            {
                SmtpPasswordProtected = current.SmtpPassword is { } configured ? secrets.Protect(configured) : null,
                EnabledSince = current.Enabled ? now : DateTime.MinValue,
            };
            db.NotificationSettings.Add(row);
        }
        var before = Describe(current);
        if (request.Enabled && !current.Enabled) row.EnabledSince = now;
        row.Enabled = request.Enabled;
        row.SmtpHost = request.SmtpHost.Trim();
        row.SmtpPort = request.SmtpPort;
        row.SmtpSecurity = request.SmtpSecurity;
        row.SmtpUser = string.IsNullOrWhiteSpace(request.SmtpUser) ? null : request.SmtpUser.Trim();
        if (request.SmtpPassword is { } password) row.SmtpPasswordProtected = password.Length == 0 ? null : secrets.Protect(password);
        row.FromAddress = request.FromAddress.Trim();
        row.AdminAddresses = string.Join("; ", NotificationSettingsStore.Addresses(request.AdminAddresses));
        row.HelpdeskAddresses = string.Join("; ", NotificationSettingsStore.Addresses(request.HelpdeskAddresses));
        row.WhomToCall = request.WhomToCall.Trim();
        row.UpdatedAt = now;
        row.UpdatedBy = actor;

        var changes = before.Where(field => Describe(row)[field.Key] != field.Value)
            .Select(field => $"{field.Key}: {field.Value} → {Describe(row)[field.Key]}").ToList();
        if (request.SmtpPassword is not null) changes.Add(request.SmtpPassword.Length == 0 ? "SMTP password removed" : "SMTP password replaced");
        changes.AddRange(await SaveTemplatesAsync(db, request.Templates, templatesBefore, cancellationToken));
        if (changes.Count == 0) return;
        audit.Record(db, actor, AuditActions.NotificationSettingsEdit, "notifications", string.Join("; ", changes));
        await db.SaveChangesAsync(cancellationToken);
    }

    private static async Task<IEnumerable<string>> SaveTemplatesAsync(
        MoveCenterDbContext db, IReadOnlyList<NotificationTemplateRequest> templates, IReadOnlyList<NotificationTemplate> before, CancellationToken cancellationToken)
    {
        var rows = await db.NotificationTemplates.ToDictionaryAsync(t => t.Kind, cancellationToken);
        var changes = new List<string>();
        foreach (var edit in templates)
        {
            var old = before.Single(t => t.Kind.ToString() == edit.Kind);
            if (old.Enabled != edit.Enabled) changes.Add($"{edit.Kind} {(edit.Enabled ? "on" : "off")}");
            if (old.CopyHelpdesk != edit.CopyHelpdesk) changes.Add($"{edit.Kind} helpdesk copy {(edit.CopyHelpdesk ? "on" : "off")}");
            if (old.Subject != edit.Subject || old.Body != edit.Body) changes.Add($"{edit.Kind} text edited");
            if (!rows.TryGetValue(edit.Kind, out var row)) db.NotificationTemplates.Add(row = new NotificationTemplateRow { Kind = edit.Kind });
            (row.Enabled, row.CopyHelpdesk, row.Subject, row.Body) = (edit.Enabled, edit.CopyHelpdesk, edit.Subject, edit.Body);
        }
        return changes;
    }

    /// <summary>Every setting by the name the page gives it; never the password.</summary>
    private static Dictionary<string, string> Describe(NotificationSettings s) => Fields(s.Enabled, s.SmtpHost, s.SmtpPort, s.SmtpSecurity, s.SmtpUser,
        s.FromAddress, string.Join("; ", s.AdminAddresses), string.Join("; ", s.HelpdeskAddresses), s.WhomToCall);

    private static Dictionary<string, string> Describe(NotificationSettingsRow r) =>
        Fields(r.Enabled, r.SmtpHost, r.SmtpPort, r.SmtpSecurity, r.SmtpUser, r.FromAddress, r.AdminAddresses, r.HelpdeskAddresses, r.WhomToCall);

    private static Dictionary<string, string> Fields(
        bool enabled, string host, int port, string security, string? user, string from, string admins, string helpdesk, string whomToCall) => new()
    {
        ["enabled"] = $"{enabled}",
        ["smtpHost"] = host,
        ["smtpPort"] = $"{port}",
        ["smtpSecurity"] = security,
        ["smtpUser"] = user ?? "",
        ["fromAddress"] = from,
        ["adminAddresses"] = admins,
        ["helpdeskAddresses"] = helpdesk,
        ["whomToCall"] = whomToCall,
    };
}
