using FluentValidation;
using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Common;
using MoveCenter.Application.Engine;
using MoveCenter.Domain.Directory;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Directory;

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
    int? SievePort = null)
{
    /// <summary>Never prints the password: records put every member in ToString, and requests end up in logs.</summary>
    public override string ToString() => $"{{ Name = {Name}, Kind = {Kind}, Host = {Host}, Port = {Port}, SievePort = {SievePort}, RootPath = {RootPath} }}";

    public bool IsImap => string.Equals(Kind, "imap", StringComparison.OrdinalIgnoreCase);

    public bool IsMaildir => string.Equals(Kind, "maildir", StringComparison.OrdinalIgnoreCase);
}

public sealed class AddPostOfficeValidator : AbstractValidator<AddPostOfficeRequest>
{
    private static readonly string[] Securities = ["none", "starttls", "tls"];

    public AddPostOfficeValidator()
    {
        RuleFor(r => r.Name).NotEmpty().WithMessage("Give the post office a name.")
            .MaximumLength(128).Matches("^[A-Za-z0-9._-]+$").WithMessage("A post office name may use letters, digits, '.', '_' and '-' only.");
        RuleFor(r => r.Domain).NotEmpty().WithMessage("Name the domain the post office belongs to.");
        RuleFor(r => r.Kind).Must(k => k is not null && (k.Equals("maildir", StringComparison.OrdinalIgnoreCase) || k.Equals("imap", StringComparison.OrdinalIgnoreCase)))
            .WithMessage("kind must be 'maildir' or 'imap'.");
        RuleFor(r => r.MaxConcurrentMoves).InclusiveBetween(1, 1000).When(r => r.MaxConcurrentMoves is not null)
            .WithMessage("maxConcurrentMoves must be between 1 and 1000.");
        RuleFor(r => r.SievePort).Null().When(r => r.IsMaildir)
            .WithMessage("sievePort is for IMAP post offices; a Maildir post office keeps Sieve scripts next to each Maildir.");
        When(r => r.IsMaildir, () =>
            RuleFor(r => r.RootPath).NotEmpty().WithMessage("A Maildir post office needs rootPath, the folder that holds one Maildir per user.")
                .Must(p => p is null || Path.IsPathFullyQualified(p)).WithMessage("rootPath must be an absolute path."));
        When(r => r.IsImap, () =>
        {
            RuleFor(r => r.Host).NotEmpty().WithMessage("An IMAP post office needs host.");
            RuleFor(r => r.Port).InclusiveBetween(1, 65535).When(r => r.Port is not null).WithMessage("port must be between 1 and 65535.");
            RuleFor(r => r.SievePort).InclusiveBetween(1, 65535).When(r => r.SievePort is not null)
                .WithMessage("sievePort, the ManageSieve port (usually 4190), must be between 1 and 65535.");
            RuleFor(r => r.Security).Must(s => s is null || Securities.Contains(s.ToLowerInvariant()))
                .WithMessage("security must be 'none', 'starttls' or 'tls'.");
            RuleFor(r => r.AdminUser).NotEmpty().WithMessage("An IMAP post office needs adminUser, an account that may open any user's mailbox (a Dovecot master user or a Cyrus admin).");
            RuleFor(r => r.AdminPassword).NotEmpty().WithMessage("An IMAP post office needs adminPassword.");
        });
    }
}

public sealed class AddPostOfficeHandler(IDbContextFactory<MoveCenterDbContext> dbFactory, IValidator<AddPostOfficeRequest> validator, PostOfficeSecrets secrets)
{
    public async Task<int> HandleAsync(AddPostOfficeRequest request, CancellationToken cancellationToken)
    {
        await validator.EnsureValidAsync(request, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.PostOffices.AnyAsync(p => p.Name == request.Name, cancellationToken))
            throw RequestRejectedException.Conflict($"A post office named '{request.Name}' already exists.");
        var slots = request.MaxConcurrentMoves ?? PostOffice.DefaultMaxConcurrentMoves;
        PostOffice postOffice;
        if (request.IsMaildir)
        {
            if (!System.IO.Directory.Exists(request.RootPath))
                throw RequestRejectedException.Invalid($"The folder '{request.RootPath}' does not exist on this server. Create it or correct rootPath.");
            postOffice = PostOffice.Maildir(request.Name, request.Domain, request.RootPath!, slots);
        }
        else
        {
            var security = Enum.Parse<ImapSecurity>(request.Security ?? "starttls", ignoreCase: true);
            postOffice = PostOffice.Imap(request.Name, request.Domain, request.Host!, request.Port ?? MailStores.DefaultPort(security), security,
                request.AdminUser!, secrets.Protect(request.AdminPassword!), request.SkipCertificateValidation, slots, request.SievePort);
        }
        db.PostOffices.Add(postOffice);
        await db.SaveChangesAsync(cancellationToken);
        return postOffice.Id;
    }
}
