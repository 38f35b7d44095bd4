using FluentValidation;
using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Common;
using MoveCenter.Domain.Directory;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Directory;

public sealed record AddPostOfficeRequest(string Name, string Domain, string Kind, string? RootPath, int? MaxConcurrentMoves);

public sealed class AddPostOfficeValidator : AbstractValidator<AddPostOfficeRequest>
{
    public AddPostOfficeValidator()
    {
        RuleFor(r => r.Name).NotEmpty().WithMessage("Give the post office a name.")
            .MaximumLength(128).Matches("^[A-Za-z0-9._-]+$").WithMessage("A post office name may use letters, digits, '.', '_' and '-' only.");
        RuleFor(r => r.Domain).NotEmpty().WithMessage("Name the domain the post office belongs to.");
        RuleFor(r => r.Kind).Must(k => string.Equals(k, "maildir", StringComparison.OrdinalIgnoreCase))
            .WithMessage("kind must be 'maildir' in this version.");
        RuleFor(r => r.RootPath).NotEmpty().WithMessage("A Maildir post office needs rootPath, the folder that holds one Maildir per user.")
            .Must(p => p is null || Path.IsPathFullyQualified(p)).WithMessage("rootPath must be an absolute path.");
        RuleFor(r => r.MaxConcurrentMoves).InclusiveBetween(1, 1000).When(r => r.MaxConcurrentMoves is not null)
            .WithMessage("maxConcurrentMoves must be between 1 and 1000.");
    }
}

public sealed class AddPostOfficeHandler(IDbContextFactory<MoveCenterDbContext> dbFactory, IValidator<AddPostOfficeRequest> validator)
{
    public async Task<int> HandleAsync(AddPostOfficeRequest request, CancellationToken cancellationToken)
    {
        await validator.EnsureValidAsync(request, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.PostOffices.AnyAsync(p => p.Name == request.Name, cancellationToken))
            throw RequestRejectedException.Conflict($"A post office named '{request.Name}' already exists.");
        if (!System.IO.Directory.Exists(request.RootPath))
            throw RequestRejectedException.Invalid($"The folder '{request.RootPath}' does not exist on this server. Create it or correct rootPath.");
        var postOffice = PostOffice.Maildir(request.Name, request.Domain, request.RootPath!, request.MaxConcurrentMoves ?? PostOffice.DefaultMaxConcurrentMoves);
        db.PostOffices.Add(postOffice);
        await db.SaveChangesAsync(cancellationToken);
        return postOffice.Id;
    }
}
