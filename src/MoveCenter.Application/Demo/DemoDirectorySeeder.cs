using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MoveCenter.Application.Engine;
using MoveCenter.Connectors.Demo;
using MoveCenter.Connectors.Maildir;
using MoveCenter.Domain.Directory;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Demo;

/// <summary>
/// Fills an empty directory with the demo: domain dom1, Maildir post offices SourcePO and DestPO under the data
/// folder, and users UserA, UserB, … with generated mailboxes. The last user has an item that cannot be read, so a
/// stalled move can be shown.
/// </summary>
public sealed class DemoDirectorySeeder(
    IDbContextFactory<MoveCenterDbContext> dbFactory,
    MailStores stores,
    IOptions<DemoOptions> demo,
    IOptions<MoveCenterOptions> options,
    ILogger<DemoDirectorySeeder> logger)
{
    public const string Domain = "dom1";
    public const string SourcePostOffice = "SourcePO";
    public const string TargetPostOffice = "DestPO";

    public static string UserName(int index) => $"User{(char)('A' + index)}";

    public async Task SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        if (!demo.Value.Enabled) return;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.PostOffices.AnyAsync(cancellationToken)) return;

        var root = Path.Combine(options.Value.FullDataDirectory, "postoffices");
        var source = PostOffice.Maildir(SourcePostOffice, Domain, Path.Combine(root, SourcePostOffice));
        var target = PostOffice.Maildir(TargetPostOffice, Domain, Path.Combine(root, TargetPostOffice));
        foreach (var postOffice in new[] { source, target }) System.IO.Directory.CreateDirectory(postOffice.RootPath!);
        db.PostOffices.AddRange(source, target);
        await db.SaveChangesAsync(cancellationToken);

        var count = Math.Clamp(demo.Value.Users, 1, 26);
        logger.LogInformation("Creating the demo directory: {Count} users on {PostOffice} in {Root}", count, SourcePostOffice, root);
        var store = stores.For(source);
        for (var index = 0; index < count; index++)
        {
            var userId = UserName(index);
            var unreadable = index == count - 1;
            await using (var mailbox = await store.OpenMailboxAsync(userId, cancellationToken))
            {
                await mailbox.CreateAsync(cancellationToken);
                await new DemoMailboxGenerator().GenerateAsync(mailbox, new DemoMailboxSpec(1000 + index, demo.Value.MessagesPerUser + 37 * index)
                {
                    IncludeLargeAttachments = demo.Value.LargeAttachments,
                    PlantUnreadableItem = unreadable ? () => MaildirDemoItems.PlantUnreadableItem(Path.Combine(source.RootPath!, userId)) : null,
                }, cancellationToken);
            }
            db.DirectoryUsers.Add(new DirectoryUser(userId, source.Id, $"Demo User {(char)('A' + index)}", $"{userId.ToLowerInvariant()}@{Domain}.example"));
        }
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Demo directory ready: {Last} has an item that cannot be read", UserName(count - 1));
    }
}
