using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace MoveCenter.Application.Engine;

/// <summary>
/// The errors of <see cref="Domain.Moves.RetryPolicy.RestartOnErrors"/>: a failure that matches one restarts the move
/// at once (counted like any automatic restart) instead of deferring or stalling it, as Migrator for Notes' RetryJobStatus
/// does. <c>Socket:ConnectionReset</c> matches a socket error anywhere in the failure's chain of causes,
/// <c>Imap:UNAVAILABLE</c> an IMAP response code as the connector reports it (<c>[UNAVAILABLE]</c>), and
/// <c>Exception:ImapProtocolException</c> the type name of any exception in the chain.
/// </summary>
public sealed class RestartTriggers
{
    private const string SocketKind = "Socket";
    private const string ImapKind = "Imap";
    private const string ExceptionKind = "Exception";

    private readonly IReadOnlyList<Trigger> _triggers;

    public RestartTriggers(IEnumerable<string> entries) =>
        _triggers = entries.Select(entry => Parse(entry) ?? throw new ArgumentException(Problem(entry))).ToList();

    /// <summary>What is wrong with a configured entry, in words that say how to write it; null when it is valid.</summary>
    public static string? Problem(string entry) => Parse(entry) is null
        ? $"\"{entry}\" is not an error that can restart a move: write Socket:<socket error, e.g. ConnectionReset>, " +
          "Imap:<IMAP response code, e.g. UNAVAILABLE> or Exception:<exception type name, e.g. ImapProtocolException>."
        : null;

    /// <returns>The configured entry the failure matches, or null.</returns>
    public string? Match(Exception failure)
    {
        var chain = Causes(failure).ToList();
        return _triggers.FirstOrDefault(t => chain.Any(t.Matches))?.Entry;
    }

    /// <summary>Matches the words a server refused one item with (only IMAP response codes appear there).</summary>
    public string? Match(string serverWords) => _triggers.FirstOrDefault(t => t.Matches(serverWords))?.Entry;

    private static IEnumerable<Exception> Causes(Exception failure)
    {
        var pending = new Stack<Exception>([failure]);
        while (pending.TryPop(out var current))
        {
            yield return current;
            if (current is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions) pending.Push(inner);
            else if (current.InnerException is { } inner)
                pending.Push(inner);
        }
    }

    private static Trigger? Parse(string entry)
    {
        var parts = entry.Split(':', 2, StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || parts[1].Length == 0) return null;
        return parts[0] switch
        {
            _ when parts[0].Equals(SocketKind, StringComparison.OrdinalIgnoreCase) =>
                Enum.TryParse<SocketError>(parts[1], ignoreCase: true, out var socketError) && !int.TryParse(parts[1], out _)
                    ? new SocketTrigger(entry, socketError)
                    : null,
            _ when parts[0].Equals(ImapKind, StringComparison.OrdinalIgnoreCase) =>
                Regex.IsMatch(parts[1], "^[A-Za-z0-9.-]+$") ? new ImapTrigger(entry, parts[1]) : null,
            _ when parts[0].Equals(ExceptionKind, StringComparison.OrdinalIgnoreCase) =>
                Regex.IsMatch(parts[1], "^[A-Za-z_][A-Za-z0-9_]*$") ? new ExceptionTrigger(entry, parts[1]) : null,
            _ => null,
        };
    }

    private abstract record Trigger(string Entry)
    {
        public abstract bool Matches(Exception cause);

        public virtual bool Matches(string serverWords) => false;
    }

    private sealed record SocketTrigger(string Entry, SocketError Error) : Trigger(Entry)
    {
        public override bool Matches(Exception cause) => cause is SocketException socket && socket.SocketErrorCode == Error;
    }

    private sealed record ImapTrigger(string Entry, string Code) : Trigger(Entry)
    {
        private readonly Regex _code = new($@"\[{Regex.Escape(Code)}[\]\s]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        public override bool Matches(Exception cause) => Matches(cause.Message);

        public override bool Matches(string serverWords) => _code.IsMatch(serverWords);
    }

    private sealed record ExceptionTrigger(string Entry, string TypeName) : Trigger(Entry)
    {
        public override bool Matches(Exception cause) => cause.GetType().Name.Equals(TypeName, StringComparison.Ordinal);
    }
}
