using MoveCenter.Domain.Moves;

namespace MoveCenter.Application.Batches;

/// <summary>
/// One move asked for in a batch, as read from a CSV line or a JSON element. <see cref="Row"/> is where a person finds
/// it: the line of the file (the header is line 1), or the position in the JSON list (the first move is 1).
/// <see cref="Problems"/> holds what could not even be read (a priority that is not a number, a time without a zone).
/// <see cref="Mode"/> null takes the batch's mode.
/// </summary>
public sealed record BatchRow(
    int Row, string? UserId, string? TargetPostOffice, int Priority, DateTime? StartAt, IReadOnlyList<string> Problems, MoveMode? Mode = null)
{
    /// <summary>
    /// Reads a <c>mode</c> value: SwitchFirst or CopyFirst, in any case, also written switch-first and copy-first.
    /// </summary>
    /// <returns>What is wrong with the value, or null; <paramref name="mode"/> is null for an empty value.</returns>
    public static string? ReadMode(string? text, out MoveMode? mode)
    {
        mode = null;
        if (string.IsNullOrWhiteSpace(text)) return null;
        var plain = text.Trim().Replace("-", "", StringComparison.Ordinal);
        if (Enum.TryParse<MoveMode>(plain, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !char.IsDigit(plain[0]))
        {
            mode = parsed;
            return null;
        }
        return $"mode '{text.Trim()}' is not a mode; write {MoveMode.SwitchFirst} (the GroupWise order, the default) or {MoveMode.CopyFirst} (copy while the user stays, cut over last).";
    }
}
