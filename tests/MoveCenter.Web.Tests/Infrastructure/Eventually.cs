namespace MoveCenter.Web.Tests.Infrastructure;

/// <summary>Polls until a condition holds; fails with the last value seen when the overall timeout passes.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(3);

    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        T last;
        while (true)
        {
            last = await read();
            if (condition(last)) return last;
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Gave up waiting until {what}; last seen: {last}");
            }
        }
    }
}
