using System.Collections.Concurrent;
using MoveCenter.Application.Engine;
using MoveCenter.Connectors;
using MoveCenter.Domain.Directory;

namespace MoveCenter.Application.Directory;

/// <summary>
/// Connection tests of post offices. An admin's test always asks the server, and its answer is kept; a move's preflight
/// takes an answer up to <see cref="Fresh"/> old instead of testing again. A test logs in and creates, fills, reads and
/// deletes a probe folder: done by every preflight, it was a large share of what a small mailbox's move cost the target
/// server. Answers are kept per post office and its connection settings, so an edited post office is tested anew, and
/// preflights that start together share one test.
/// </summary>
public sealed class ConnectionTests(IMailStoreFactory stores, TimeProvider clock)
{
    public static readonly TimeSpan Fresh = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<ConnectionKey, Lazy<Task<Answer>>> _answers = new();

    /// <summary>Asks the server now, as an admin's Test connection does.</summary>
    public async Task<ConnectionTestResult> TestAsync(PostOffice postOffice, CancellationToken cancellationToken)
    {
        var result = await stores.For(postOffice).TestConnectionAsync(cancellationToken);
        var key = ConnectionKey.Of(postOffice);
        if (result.Succeeded) _answers[key] = new Lazy<Task<Answer>>(Task.FromResult(new Answer(clock.GetUtcNow(), result)));
        else _answers.TryRemove(key, out _);
        return result;
    }

    /// <summary>What the last successful test warned of, testing first when there is none from the last <see cref="Fresh"/>.</summary>
    public async Task<IReadOnlyList<string>> WarningsAsync(PostOffice postOffice, CancellationToken cancellationToken)
    {
        var key = ConnectionKey.Of(postOffice);
        while (true)
        {
            var kept = _answers.GetOrAdd(key, _ => new Lazy<Task<Answer>>(() => AskAsync(postOffice)));
            Answer answer;
            try
            {
                // The shared test is not the caller's to cancel: another preflight may be waiting for it too.
                answer = await kept.Value.WaitAsync(cancellationToken);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                _answers.TryRemove(KeyValuePair.Create(key, kept));
                throw;
            }
            if (answer.Result.Succeeded && clock.GetUtcNow() - answer.At < Fresh) return answer.Result.Warnings;
            _answers.TryRemove(KeyValuePair.Create(key, kept));
            if (!answer.Result.Succeeded) return answer.Result.Warnings;
        }
    }

    private async Task<Answer> AskAsync(PostOffice postOffice) =>
        new(clock.GetUtcNow(), await stores.For(postOffice).TestConnectionAsync(CancellationToken.None));

    private sealed record Answer(DateTimeOffset At, ConnectionTestResult Result);

    /// <summary>Everything of a post office that decides what a connection test finds.</summary>
    private sealed record ConnectionKey(int Id, PostOfficeKind Kind, string? RootPath, string? Host, int? Port, ImapSecurity Security,
        string? AdminUser, string? ProtectedAdminPassword, bool SkipCertificateValidation)
    {
        public static ConnectionKey Of(PostOffice postOffice) => new(postOffice.Id, postOffice.Kind, postOffice.RootPath, postOffice.Host, postOffice.Port,
            postOffice.Security, postOffice.AdminUser, postOffice.ProtectedAdminPassword, postOffice.SkipCertificateValidation);
    }
}
