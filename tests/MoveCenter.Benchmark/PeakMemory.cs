using System.Diagnostics;

namespace MoveCenter.Benchmark;

/// <summary>
/// The process's peak working set during the move only: filling and hashing the source happen in this process too, so
/// the kernel's high-water mark (what PeakWorkingSet64 reads) is reset first, and a sampler backs it up.
/// </summary>
internal sealed class PeakMemory : IDisposable
{
    private readonly Timer _timer;
    private long _peak;

    public PeakMemory() => _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));

    public long Peak => Interlocked.Read(ref _peak);

    /// <summary>Collects garbage, resets the kernel's peak (VmHWM) and returns the working set the move starts from.</summary>
    public static long Reset()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
            // Not Linux, or not allowed: the peak then includes filling the source.
        }
        catch (UnauthorizedAccessException)
        {
        }
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }

    private void Sample()
    {
        using var self = Process.GetCurrentProcess();
        var now = self.WorkingSet64;
        long seen;
        while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen) { }
    }

    public void Dispose() => _timer.Dispose();
}
