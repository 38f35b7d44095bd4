namespace MoveCenter.Application.Batches;

/// <summary>
/// One move asked for in a batch, as read from a CSV line or a JSON element. <see cref="Row"/> is where a person finds
/// it: the line of the file (the header is line 1), or the position in the JSON list (the first move is 1).
/// <see cref="Problems"/> holds what could not even be read (a priority that is not a number, a time without a zone).
/// </summary>
public sealed record BatchRow(int Row, string? UserId, string? TargetPostOffice, int Priority, DateTime? StartAt, IReadOnlyList<string> Problems)
{
    /// <summary>The only order of work there is yet; copy-first moves are another issue.</summary>
    public const string SwitchFirst = "SwitchFirst";

    /// <summary>What is wrong with a <c>mode</c> value, or null when it is empty or SwitchFirst.</summary>
    public static string? ModeProblem(string? mode) =>
        string.IsNullOrWhiteSpace(mode)
        || string.Equals(mode.Trim(), SwitchFirst, StringComparison.OrdinalIgnoreCase)
        || string.Equals(mode.Trim(), "switch-first", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"mode '{mode.Trim()}' is not supported yet: only {SwitchFirst} (the GroupWise order) is; leave mode empty or write {SwitchFirst}.";
}
