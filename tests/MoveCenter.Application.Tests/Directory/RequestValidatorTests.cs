using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MoveCenter.Application.Common;
using MoveCenter.Application.Directory;
using MoveCenter.Application.Moves;
using Xunit;

namespace MoveCenter.Application.Tests.Directory;

/// <summary>The validators the API and the browser dialogs share: what they refuse, and under which JSON field name.</summary>
public sealed class RequestValidatorTests
{
    private static readonly string Mail = Path.Combine(Path.GetTempPath(), "validator-tests");
    private static readonly string Allowed = Path.Combine(Mail, "allowed");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("allowed")]
    [InlineData("allowed/SourcePO")]
    [InlineData("allowed/SourcePO/../DestPO")]
    [InlineData("allowed/")]
    public Task A_Maildir_root_in_or_under_a_configured_allowed_root_is_accepted(string relative) =>
        PostOfficeValidator([Allowed]).EnsureValidAsync(Maildir(Path.Combine(Mail, relative)), Ct);

    [Theory]
    [InlineData("allowed/../elsewhere")]
    [InlineData("allowed/../../../../etc")]
    [InlineData("allowed-but-not-really")]
    [InlineData("")]
    public async Task A_Maildir_root_outside_the_allowed_roots_is_refused_after_normalization(string relative)
    {
        var rejected = await Assert.ThrowsAsync<RequestRejectedException>(() =>
            PostOfficeValidator([Allowed]).EnsureValidAsync(Maildir(Path.Combine(Mail, relative)), Ct));

        var message = Assert.Single(rejected.Errors["rootPath"]);
        Assert.Contains(Allowed, message);
        Assert.Contains(MaildirOptions.AllowedRootsSetting, message);
    }

    [Fact]
    public async Task Without_configured_roots_only_the_postoffices_folder_of_the_data_folder_is_allowed()
    {
        var validator = PostOfficeValidator([], dataDirectory: Mail);

        await validator.EnsureValidAsync(Maildir(Path.Combine(Mail, "postoffices", "SourcePO")), Ct);
        var rejected = await Assert.ThrowsAsync<RequestRejectedException>(() => validator.EnsureValidAsync(Maildir(Allowed), Ct));
        Assert.Contains(Path.Combine(Mail, "postoffices"), Assert.Single(rejected.Errors["rootPath"]));
    }

    [Theory]
    [InlineData("UserA")]
    [InlineData("ann.smith")]
    [InlineData("ann@dom1.example")]
    [InlineData("o'brien-2")]
    public Task A_plain_user_id_is_accepted(string userId) =>
        new AddDirectoryUserValidator().EnsureValidAsync(new AddDirectoryUserRequest(userId, "SourcePO", null, null), Ct);

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("../etc")]
    [InlineData("ann..smith")]
    [InlineData("ann/inbox")]
    [InlineData("ann\\inbox")]
    [InlineData("ann:inbox")]
    [InlineData("ann\0")]
    [InlineData("ann\u001b")]
    [InlineData("ann smith")]
    [InlineData("ann\u00a0smith")]
    public async Task A_user_id_that_could_leave_its_mail_folder_or_garble_a_login_is_refused(string userId)
    {
        var rejected = await Assert.ThrowsAsync<RequestRejectedException>(() =>
            new AddDirectoryUserValidator().EnsureValidAsync(new AddDirectoryUserRequest(userId, "SourcePO", null, null), Ct));

        Assert.Equal(["userId"], rejected.Errors.Keys);
    }

    [Theory]
    [InlineData("ann@dom1.example", true)]
    [InlineData("ann.smith+moves@mail.dom1.example", true)]
    [InlineData("ann", false)]
    [InlineData("ann@", false)]
    [InlineData("Ann <ann@dom1.example>", false)]
    [InlineData("ann@dom1.example, bob@dom1.example", false)]
    public async Task An_email_is_accepted_only_as_a_bare_address_that_parses(string email, bool accepted)
    {
        var validation = new AddDirectoryUserValidator().EnsureValidAsync(new AddDirectoryUserRequest("UserA", "SourcePO", null, email), Ct);

        if (accepted) await validation;
        else Assert.Equal(["email"], (await Assert.ThrowsAsync<RequestRejectedException>(() => validation)).Errors.Keys);
    }

    [Fact]
    public async Task A_move_more_than_a_year_ahead_is_refused_as_a_likely_typo_and_one_within_the_year_is_accepted()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        var validator = new QueueMoveValidator(clock);
        var now = clock.GetUtcNow().UtcDateTime;

        await validator.EnsureValidAsync(new QueueMoveRequest("UserA", "DestPO", now.AddDays(300)), Ct);
        var rejected = await Assert.ThrowsAsync<RequestRejectedException>(() =>
            validator.EnsureValidAsync(new QueueMoveRequest("UserA", "DestPO", now.AddYears(10)), Ct));
        Assert.Equal(["startAt"], rejected.Errors.Keys);
    }

    [Fact]
    public async Task Bad_move_options_are_named_by_their_json_path()
    {
        var rejected = await Assert.ThrowsAsync<RequestRejectedException>(() => new QueueMoveValidator(TimeProvider.System).EnsureValidAsync(
            new QueueMoveRequest("UserA", "DestPO", Options: new QueueMoveOptions(0, (Domain.Moves.PurgeMode)7)), Ct));

        Assert.Equal(["options.badItemLimit", "options.purgeMode"], rejected.Errors.Keys.Order());
    }

    [Fact]
    public async Task Copy_first_options_out_of_range_or_without_copy_first_are_named_by_their_json_path()
    {
        var validator = new QueueMoveValidator(TimeProvider.System);
        var tooOften = await Assert.ThrowsAsync<RequestRejectedException>(() => validator.EnsureValidAsync(new QueueMoveRequest("UserA", "DestPO",
            Options: new QueueMoveOptions(Mode: Domain.Moves.MoveMode.CopyFirst, CompleteAfter: DateTime.UtcNow.AddYears(5), IncrementalSyncInterval: TimeSpan.FromSeconds(5))), Ct));
        var notCopyFirst = await Assert.ThrowsAsync<RequestRejectedException>(() => validator.EnsureValidAsync(new QueueMoveRequest("UserA", "DestPO",
            Options: new QueueMoveOptions(CompleteAfter: DateTime.UtcNow.AddDays(1), IncrementalSyncInterval: TimeSpan.FromHours(1))), Ct));
        await validator.EnsureValidAsync(new QueueMoveRequest("UserA", "DestPO",
            Options: new QueueMoveOptions(Mode: Domain.Moves.MoveMode.CopyFirst, CompleteAfter: DateTime.UtcNow.AddDays(3), IncrementalSyncInterval: TimeSpan.FromHours(6))), Ct);

        Assert.Equal(["options.completeAfter", "options.incrementalSyncInterval"], tooOften.Errors.Keys.Order());
        Assert.Equal(["options.completeAfter", "options.incrementalSyncInterval"], notCopyFirst.Errors.Keys.Order());
        Assert.Contains("set options.mode to CopyFirst", notCopyFirst.Errors["options.completeAfter"].Single());
    }

    private static AddPostOfficeValidator PostOfficeValidator(List<string> allowedRoots, string dataDirectory = "data") =>
        new(Options.Create(new MaildirOptions { AllowedRoots = allowedRoots }), Options.Create(new MoveCenterOptions { DataDirectory = dataDirectory }));

    private static AddPostOfficeRequest Maildir(string rootPath) => new("NewPO", "dom1", "maildir", RootPath: rootPath);
}
