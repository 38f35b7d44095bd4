using FluentValidation;
using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Audit;
using MoveCenter.Application.Common;
using MoveCenter.Domain.Directory;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Directory;

public sealed record AddDirectoryUserRequest(string UserId, string PostOffice, string? DisplayName, string? Email);

public sealed class AddDirectoryUserValidator : AbstractValidator<AddDirectoryUserRequest>
{
    public AddDirectoryUserValidator()
    {
        RuleFor(r => r.UserId).NotEmpty().WithMessage("Give the user's id (userId), which is also the mailbox login.").IsUserId();
        RuleFor(r => r.PostOffice).NotEmpty().WithMessage("Name the user's post office (postOffice).")
            .FitsColumn("postOffice", PostOffice.NameMaxLength);
        RuleFor(r => r.DisplayName).FitsColumn("displayName", DirectoryUser.DisplayNameMaxLength).WithoutControlCharacters("displayName");
        RuleFor(r => r.Email).FitsColumn("email", DirectoryUser.EmailMaxLength).IsEmailAddress("email");
    }
}

public sealed class AddDirectoryUserHandler(IDbContextFactory<MoveCenterDbContext> dbFactory, IValidator<AddDirectoryUserRequest> validator, AuditTrail audit)
{
    public async Task HandleAsync(AddDirectoryUserRequest request, string actor, CancellationToken cancellationToken)
    {
        await validator.EnsureValidAsync(request, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var postOffice = await db.PostOffices.FirstOrDefaultAsync(p => p.Name == request.PostOffice, cancellationToken)
            ?? throw RequestRejectedException.NotFound($"There is no post office named '{request.PostOffice}'.");
        if (await db.DirectoryUsers.AnyAsync(u => u.UserId == request.UserId, cancellationToken))
            throw RequestRejectedException.Conflict($"A user '{request.UserId}' is already in the directory.");
        db.DirectoryUsers.Add(new DirectoryUser(request.UserId, postOffice.Id, request.DisplayName, request.Email));
        audit.Record(db, actor, AuditActions.DirectoryUserAdd, request.UserId,
            $"Post office {postOffice.Name}, display name {request.DisplayName ?? "(none)"}, email {request.Email ?? "(none)"}");
        await db.SaveChangesAsync(cancellationToken);
    }
}
