using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using MoveCenter.Connectors;
using MoveCenter.Connectors.Imap;
using MoveCenter.Testing;

namespace MoveCenter.Benchmark;

/// <summary>
/// Fills the source mailbox through the IMAP connector (MULTIAPPEND of 100) over a few parallel sessions with the
/// messages numbered <paramref name="first"/> onwards (0 is the mailbox's one 25 MB message).
/// </summary>
internal static class MailboxFiller
{
    private const int Batch = 100;

    public static async Task<(int Count, long Bytes)> FillAsync(ImapConnectionSettings server, string user, int first, int count, int seed, int sessions,
        CancellationToken cancellationToken)
    {
        var store = new ImapMailStore(server, NullLogger.Instance);
        await using (var session = await store.OpenMailboxAsync(user, cancellationToken))
            foreach (var (path, _) in BenchMailbox.Folders.Where(f => !f.Path.IsInbox))
                await session.EnsureFolderAsync(new MailFolder(path, Subscribed: true), cancellationToken);

        var plan = Enumerable.Range(first, count).Select(i => (Index: i, Folder: BenchMailbox.FolderOf(seed, i))).ToList();
        var work = new ConcurrentQueue<(FolderPath Folder, int[] Indexes)>(plan.GroupBy(p => p.Folder)
            .SelectMany(g => g.OrderBy(p => p.Index).Select(p => p.Index).Chunk(Batch).Select(chunk => (g.Key, chunk))));
        long bytes = 0;
        await Task.WhenAll(Enumerable.Range(0, sessions).Select(async _ =>
        {
            await using var session = await store.OpenMailboxAsync(user, cancellationToken);
            while (work.TryDequeue(out var job))
            {
                var messages = job.Indexes.Select(i => BenchMailbox.Create(seed, i)).ToList();
                Interlocked.Add(ref bytes, messages.Sum(m => (long)m.Bytes.Length));
                var outgoing = messages.Select(m => new OutgoingMessage($"bench-{m.Index}", m.Bytes.Length, m.Flags, m.Keywords, m.InternalDate,
                    null, _ => Task.FromResult<Stream>(new MemoryStream(m.Bytes, writable: false)))).ToList();
                var outcomes = await session.AppendAsync(job.Folder, outgoing, cancellationToken);
                if (outcomes.FirstOrDefault(o => !o.Delivered) is { } failed)
                    throw new InvalidOperationException($"filling the source failed: {failed.Error}");
            }
        }));
        return (count, bytes);
    }

    /// <summary>
    /// Many users' mailboxes on the source, four filled at a time, each hashed as the expectation of its move (the 25 MB
    /// message left out: scores of them would dwarf the rest). Each user is made on both servers.
    /// </summary>
    public static async Task<(Dictionary<string, MailboxSnapshot> Expected, long Bytes)> FillManyAsync(DovecotServer source, DovecotServer target,
        IReadOnlyList<string> users, int messages, int seed, CancellationToken cancellationToken)
    {
        foreach (var user in users)
        {
            await source.AddUserAsync(user, "userpw");
            await target.AddUserAsync(user, "userpw");
        }
        var server = new ImapConnectionSettings(source.Host, source.ImapPort, ImapSecurity.None, source.MasterUser, source.MasterPassword);
        var expected = new Dictionary<string, MailboxSnapshot>();
        long bytes = 0;
        await Parallel.ForEachAsync(users.Select((user, i) => (User: user, Seed: seed + i)), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (mailbox, ct) =>
            {
                var (_, filled) = await FillAsync(server, mailbox.User, first: 1, messages, mailbox.Seed, sessions: 1, ct);
                var snapshot = await MailboxSnapshot.TakeAsync(source.Host, source.ImapPort, source.MasterUser, source.MasterPassword, mailbox.User, ct);
                lock (expected)
                {
                    expected[mailbox.User] = snapshot;
                    bytes += filled;
                }
            });
        return (expected, bytes);
    }
}
