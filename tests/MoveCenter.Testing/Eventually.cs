using System.Threading.Channels;
using Xunit;

namespace MoveCenter.Testing;

/// <summary>The value last read by <see cref="Eventually.PollAsync{T}"/>, and whether it met the condition before the limit.</summary>
public sealed record Polled<T>(bool Met, T Value);

/// <summary>
/// How tests wait for the system: read, check the condition the design promises, read again shortly after, and give up
/// only after a generous limit. The limit is there so a broken behaviour fails instead of hanging; it is never the thing
/// being tested, so it is far longer than the wait should take on a loaded machine.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(3);

    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Reads until the value satisfies <paramref name="condition"/> or <paramref name="timeout"/> passes; returns the last value read.</summary>
    /// <param name="interval">Between reads; shorter where a test must act on a state that does not last (a kill in a given phase).</param>
    public static async Task<Polled<T>> PollAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan? timeout = null, TimeSpan? interval = null)
    {
        var testCancelled = TestContext.Current.CancellationToken;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(testCancelled);
        limit.CancelAfter(timeout ?? DefaultTimeout);
        var value = await read();
        try
        {
            while (!condition(value))
            {
                await Task.Delay(interval ?? DefaultInterval, limit.Token);
                value = await read();
            }
            return new Polled<T>(true, value);
        }
        catch (OperationCanceledException) when (!testCancelled.IsCancellationRequested)
        {
            return new Polled<T>(false, value);
        }
    }

    /// <summary>Reads until the value satisfies <paramref name="condition"/> and returns it; fails the test with the last value seen after <paramref name="timeout"/>.</summary>
    /// <param name="what">The awaited condition in words, for the failure message.</param>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what, TimeSpan? timeout = null)
    {
        var polled = await PollAsync(read, condition, timeout);
        if (!polled.Met) Assert.Fail($"Gave up after {timeout ?? DefaultTimeout} waiting until {what}; last seen: {polled.Value}");
        return polled.Value;
    }

    /// <summary>
    /// The next item of a stream (pushes a client receives) that satisfies <paramref name="condition"/>, skipping the
    /// others; fails the test after <paramref name="timeout"/>.
    /// </summary>
    /// <param name="what">The awaited item in words, for the failure message.</param>
    public static async Task<T> NextAsync<T>(ChannelReader<T> items, Func<T, bool> condition, string what, TimeSpan? timeout = null)
    {
        var testCancelled = TestContext.Current.CancellationToken;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(testCancelled);
        limit.CancelAfter(timeout ?? DefaultTimeout);
        try
        {
            while (true)
            {
                var item = await items.ReadAsync(limit.Token);
                if (condition(item)) return item;
            }
        }
        catch (OperationCanceledException) when (!testCancelled.IsCancellationRequested)
        {
            Assert.Fail($"Gave up after {timeout ?? DefaultTimeout} waiting for {what}.");
            throw;
        }
    }
}
