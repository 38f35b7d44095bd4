using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace MoveCenter.Web.Security;

/// <summary>
/// Failed sign-ins per account and client address, so that guessing from one address is stopped for that address alone
/// and people signing in from elsewhere never notice. An address refused an account learns nothing more: the count
/// keeps unknown names too, and the refusal is the throttle's answer.
/// Only the first <see cref="SecurityOptions.FailedSignInsPerAccountAndAddress"/> failures of an address count towards
/// Identity's account-wide lockout (see <see cref="SecurityOptions.FailedSignInsPerAccount"/> for the arithmetic).
/// Kept in this node's memory: each node counts on its own, and a restart forgets.
/// </summary>
public sealed class FailedSignIns(IOptions<SecurityOptions> options, TimeProvider clock)
{
    /// <summary>
    /// Once forgotten, an address may add its share to an account's failures again. A day makes that slow, while what the
    /// throttle lets in bounds the memory (one entry per name tried, at most a day's worth per address).
    /// </summary>
    private static readonly TimeSpan Memory = TimeSpan.FromDays(1);
    private static readonly TimeSpan SweepInterval = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<(string Account, string Address), Failures> failures = new();
    private readonly Lock sweepLock = new();
    private DateTimeOffset nextSweep;

    private sealed record Failures(int Count, DateTimeOffset Latest);

    /// <summary>How long the address must wait before it may try the account again; null when it may try now.</summary>
    public TimeSpan? WaitBeforeTrying(string account, string address)
    {
        var security = options.Value;
        if (!failures.TryGetValue(Key(account, address), out var failed) || failed.Count < security.FailedSignInsPerAccountAndAddress)
            return null;
        var wait = failed.Latest + security.FailedSignInsRefusal - clock.GetUtcNow();
        return wait > TimeSpan.Zero ? wait : null;
    }

    /// <summary>Counts a failure. True while the address's failures may still go against the account itself.</summary>
    public bool Fail(string account, string address)
    {
        var now = clock.GetUtcNow();
        ForgetOld(now);
        var failed = failures.AddOrUpdate(Key(account, address), _ => new(1, now),
            (_, earlier) => new(IsForgotten(earlier, now) ? 1 : earlier.Count + 1, now));
        return failed.Count <= options.Value.FailedSignInsPerAccountAndAddress;
    }

    public void Succeed(string account, string address) => failures.TryRemove(Key(account, address), out _);

    private void ForgetOld(DateTimeOffset now)
    {
        lock (sweepLock)
        {
            if (now < nextSweep) return;
            nextSweep = now + SweepInterval;
        }
        foreach (var entry in failures)
            if (IsForgotten(entry.Value, now)) failures.TryRemove(entry);
    }

    private static bool IsForgotten(Failures failed, DateTimeOffset now) => now - failed.Latest >= Memory;

    // Identity's own normalization, so "Admin" and "admin " are one account here as they are at sign-in.
    private static (string, string) Key(string account, string address) => (account.Trim().ToUpperInvariant(), address);
}
