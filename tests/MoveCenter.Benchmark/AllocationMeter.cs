using System.Diagnostics.Tracing;

namespace MoveCenter.Benchmark;

/// <summary>
/// Bytes allocated by the whole process while it is on, from the runtime's allocation ticks (one per ~100 KB). The GC's
/// own total cannot be used: with server GC adapting its heap count (DATAS), GC.GetTotalAllocatedBytes drops when a heap goes.
/// </summary>
internal sealed class AllocationMeter : EventListener
{
    private const int AllocationTickEventId = 10;
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private long _bytes;

    public long Bytes => Interlocked.Read(ref _bytes);

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventId != AllocationTickEventId || e.PayloadNames is null) return;
        var at = e.PayloadNames.IndexOf("AllocationAmount64");
        if (at >= 0 && e.Payload?[at] is ulong amount) Interlocked.Add(ref _bytes, (long)amount);
    }
}
