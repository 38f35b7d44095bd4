using System.Globalization;

namespace MoveCenter.Benchmark;

/// <summary>
/// The CPU time a process and every process below it used, from /proc: the processes that ended count through their
/// parent (Dovecot's session processes live for one login). Unlike elapsed time, this does not depend on what else
/// the machine runs at the same moment.
/// </summary>
internal static class CpuMeter
{
    /// <summary>Linux's USER_HZ, the unit of /proc's times.</summary>
    private const double TicksPerSecond = 100;

    public static TimeSpan Of(int? processId)
    {
        if (processId is not { } root || !OperatingSystem.IsLinux()) return TimeSpan.Zero;
        var processes = Directory.EnumerateDirectories("/proc").Select(d => Read(Path.GetFileName(d))).OfType<Stat>().ToList();
        var children = processes.ToLookup(p => p.Parent);
        long ticks = 0;
        var pending = new Stack<int>([root]);
        while (pending.TryPop(out var id))
        {
            ticks += processes.FirstOrDefault(p => p.Id == id)?.Ticks ?? 0;
            foreach (var child in children[id]) pending.Push(child.Id);
        }
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    private sealed record Stat(int Id, int Parent, long Ticks);

    private static Stat? Read(string name)
    {
        if (!int.TryParse(name, CultureInfo.InvariantCulture, out var id)) return null;
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{id}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        // The command name, in parentheses, may hold spaces: the fields are counted from after it.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = fields[11..15].Sum(f => long.Parse(f, CultureInfo.InvariantCulture));
        return new Stat(id, int.Parse(fields[1], CultureInfo.InvariantCulture), ticks);
    }
}
