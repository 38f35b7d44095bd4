using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MoveCenter.Application.Audit;
using MoveCenter.Application.Common;
using MoveCenter.Application.Engine;
using MoveCenter.Domain.Directory;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Directory;

public sealed record MoveWindowRequest(string? Days, string? From, string? To);

/// <summary>The whole definition of a post office as it is added; an edit is validated as the definition it results in.</summary>
public sealed record AddPostOfficeRequest(
    string Name,
    string Domain,
    string Kind,
    string? RootPath = null,
    string? Host = null,
    int? Port = null,
    string? Security = null,
    string? AdminUser = null,
    string? AdminPassword = null,
    bool SkipCertificateValidation = false,
    int? MaxConcurrentMoves = null,
    int? SievePort = null,
    string? Site = null,
    string? TimeZone = null,
    IReadOnlyList<MoveWindowRequest>? Windows = null,
    long? MaxBytesPerSecond = null,
    bool KeepsStoredPassword = false)
{
    /// <summary>Never prints the password: records put every member in ToString, and requests end up in logs.</summary>
    public override string ToString() => $"{{ Name = {Name}, Kind = {Kind}, Host = {Host}, Port = {Port}, SievePort = {SievePort}, RootPath = {RootPath}, Site = {Site} }}";

    public bool IsImap => string.Equals(Kind, "imap", StringComparison.OrdinalIgnoreCase);

    public bool IsMaildir => string.Equals(Kind, "maildir", StringComparison.OrdinalIgnoreCase);

    /// <summary>The windows as the domain knows them; call only on a validated request.</summary>
    public IReadOnlyList<MoveWindow> ParsedWindows() => MoveWindowRules.Parsed(Windows);

    /// <summary>Gives a post office everything of this definition that is not where or how it is reached.</summary>
    public void ApplySettingsTo(PostOffice postOffice)
    {
        postOffice.LimitMoves(MaxConcurrentMoves ?? PostOffice.DefaultMaxConcurrentMoves);
        postOffice.PinToSite(Site);
        postOffice.ScheduleMoves(TimeZone ?? MoveSchedule.DefaultTimeZone, ParsedWindows());
        postOffice.Throttle(MaxBytesPerSecond ?? 0);
    }
}

public sealed class AddPostOfficeValidator : AbstractValidator<AddPostOfficeRequest>
{
    private static readonly string[] Securities = ["none", "starttls", "tls"];

    public AddPostOfficeValidator(IOptions<MaildirOptions> maildir, IOptions<MoveCenterOptions> options)
    {
        var allowedRoots = maildir.Value.EffectiveAllowedRoots(options.Value.FullDataDirectory);
        RuleFor(r => r.Name).NotEmpty().WithMessage("Give the post office a name.")
            .FitsColumn("name", PostOffice.NameMaxLength)
            .Matches("^[A-Za-z0-9._-]+$").WithMessage("A post office name may use letters, digits, '.', '_' and '-' only.");
        RuleFor(r => r.Domain).NotEmpty().WithMessage("Name the domain the post office belongs to.")
            .FitsColumn("domain", PostOffice.DomainMaxLength).WithoutControlCharacters("domain");
        RuleFor(r => r.Kind).Must(k => k is not null && (k.Equals("maildir", StringComparison.OrdinalIgnoreCase) || k.Equals("imap", StringComparison.OrdinalIgnoreCase)))
            .WithMessage("kind must be 'maildir' or 'imap'.");
        RuleFor(r => r.Site).FitsColumn("site", PostOffice.SiteMaxLength)
            .Matches("^[A-Za-z0-9._-]+$").When(r => r.Site is not null)
            .WithMessage("site may use letters, digits, '.', '_' and '-' only, as the nodes' MoveCenter:Engine:Site is written.");
        RuleFor(r => r.TimeZone).IsTimeZone();
        RuleFor(r => r.Windows).AreWindows();
        RuleFor(r => r.MaxBytesPerSecond).GreaterThanOrEqualTo(0).When(r => r.MaxBytesPerSecond is not null)
            .WithMessage("maxBytesPerSecond must be 0 (unlimited) or more.");
        RuleFor(r => r.MaxConcurrentMoves).InclusiveBetween(1, 1000).When(r => r.MaxConcurrentMoves is not null)
            .WithMessage("maxConcurrentMoves must be between 1 and 1000.");
        RuleFor(r => r.SievePort).Null().When(r => r.IsMaildir)
            .WithMessage("sievePort is for IMAP post offices; a Maildir post office keeps Sieve scripts next to each Maildir.");
        When(r => r.IsMaildir, () =>
            // Stops at the first failure: a NUL or a relative path would make the allowed-roots check itself throw.
            RuleFor(r => r.RootPath).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("A Maildir post office needs rootPath, the folder that holds one Maildir per user.")
                .FitsColumn("rootPath", PostOffice.RootPathMaxLength)
                .WithoutControlCharacters("rootPath")
                .Must(p => Path.IsPathFullyQualified(p!)).WithMessage("rootPath must be an absolute path.")
                .Must(p => MaildirOptions.IsInside(p!, allowedRoots))
                .WithMessage($"rootPath must be inside one of the folders allowed for Maildir post offices: {string.Join(", ", allowedRoots)}. " +
                    $"To allow another folder, add it to the setting {MaildirOptions.AllowedRootsSetting}."));
        When(r => r.IsImap, () =>
        {
            RuleFor(r => r.Host).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("An IMAP post office needs host.")
                .FitsColumn("host", PostOffice.HostMaxLength)
                .Must(h => Uri.CheckHostName(h) != UriHostNameType.Unknown)
                .WithMessage("host must be a host name or an IP address, e.g. imap.dom1.example or 10.0.0.5, without a scheme or port.");
            RuleFor(r => r.Port).InclusiveBetween(1, 65535).When(r => r.Port is not null).WithMessage("port must be between 1 and 65535.");
            RuleFor(r => r.SievePort).InclusiveBetween(1, 65535).When(r => r.SievePort is not null)
                .WithMessage("sievePort, the ManageSieve port (usually 4190), must be between 1 and 65535.");
            RuleFor(r => r.Security).Must(s => s is null || Securities.Contains(s.ToLowerInvariant()))
                .WithMessage("security must be 'none', 'starttls' or 'tls'.");
            RuleFor(r => r.AdminUser).NotEmpty().WithMessage("An IMAP post office needs adminUser, an account that may open any user's mailbox (a Dovecot master user or a Cyrus admin).")
                .FitsColumn("adminUser", PostOffice.AdminUserMaxLength).WithoutControlCharacters("adminUser");
            // SASL PLAIN separates the identities and the password with NULs, so a control character would garble the login.
            RuleFor(r => r.AdminPassword).NotEmpty().Unless(r => r.KeepsStoredPassword).WithMessage("An IMAP post office needs adminPassword.")
                .FitsColumn("adminPassword", PostOffice.AdminPasswordMaxLength).WithoutControlCharacters("adminPassword");
        });
    }
}

public sealed class AddPostOfficeHandler(IDbContextFactory<MoveCenterDbContext> dbFactory, IValidator<AddPostOfficeRequest> validator, PostOfficeSecrets secrets, AuditTrail audit)
{
    public async Task<int> HandleAsync(AddPostOfficeRequest request, string actor, CancellationToken cancellationToken)
    {
        await validator.EnsureValidAsync(request, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.PostOffices.AnyAsync(p => p.Name == request.Name, cancellationToken))
            throw RequestRejectedException.Conflict($"A post office named '{request.Name}' already exists.");
        PostOffice postOffice;
        if (request.IsMaildir)
        {
            postOffice = PostOffice.Maildir(request.Name, request.Domain, ExistingMaildirRoot(request.RootPath!));
        }
        else
        {
            var security = Enum.Parse<ImapSecurity>(request.Security ?? "starttls", ignoreCase: true);
            postOffice = PostOffice.Imap(request.Name, request.Domain, request.Host!, request.Port ?? MailStores.DefaultPort(security), security,
                request.AdminUser!, secrets.Protect(request.AdminPassword!), request.SkipCertificateValidation, sievePort: request.SievePort);
        }
        request.ApplySettingsTo(postOffice);
        db.PostOffices.Add(postOffice);
        audit.Record(db, actor, AuditActions.PostOfficeAdd, postOffice.Name,
            $"{request.Kind} post office of {request.Domain} at {(request.IsMaildir ? postOffice.RootPath : $"{postOffice.Host}:{postOffice.Port}")}" +
            (postOffice.Site is null ? "" : $", pinned to site {postOffice.Site}"));
        await db.SaveChangesAsync(cancellationToken);
        return postOffice.Id;
    }

    /// <summary>The full path of a validated rootPath, refused when the folder is not there: a typo would otherwise show only at the first move.</summary>
    internal static string ExistingMaildirRoot(string rootPath)
    {
        var fullPath = Path.GetFullPath(rootPath);
        return System.IO.Directory.Exists(fullPath)
            ? fullPath
            : throw RequestRejectedException.InvalidField("rootPath", $"The folder '{fullPath}' does not exist on this server. Create it or correct rootPath.");
    }
}
