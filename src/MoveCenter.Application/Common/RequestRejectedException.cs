namespace MoveCenter.Application.Common;

public enum RejectionKind
{
    Invalid,
    NotFound,
    Conflict,
}

/// <summary>A request that cannot be carried out as asked. The message tells a person what to change; nothing was changed.</summary>
public sealed class RequestRejectedException(RejectionKind kind, string message, IReadOnlyDictionary<string, string[]>? errors = null)
    : Exception(message)
{
    public RejectionKind Kind { get; } = kind;

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors ?? new Dictionary<string, string[]>();

    public static RequestRejectedException NotFound(string message) => new(RejectionKind.NotFound, message);

    public static RequestRejectedException Conflict(string message) => new(RejectionKind.Conflict, message);

    public static RequestRejectedException Invalid(string message) => new(RejectionKind.Invalid, message);

    /// <summary>One field is wrong; <paramref name="field"/> is its name as in JSON (camelCase).</summary>
    public static RequestRejectedException InvalidField(string field, string message) =>
        new(RejectionKind.Invalid, message, new Dictionary<string, string[]> { [field] = [message] });
}
