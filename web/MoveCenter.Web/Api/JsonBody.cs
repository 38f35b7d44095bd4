using System.Reflection;
using System.Text.Json;
using MoveCenter.Application.Common;

namespace MoveCenter.Web.Api;

/// <summary>
/// Reads a JSON request body in the endpoint rather than through parameter binding, which answers a body it cannot
/// read (malformed JSON, "port": "abc") with an empty 400 before any filter runs. Here such a body is a rejection
/// naming the field, as JSON spells it, and what the field must hold. The endpoint declares <c>Accepts</c>, so a body
/// that is not JSON never gets here: routing refuses it (415, see <see cref="ApiProblems"/>).
/// </summary>
public static class JsonBody
{
    public static async Task<T> ReadJsonBodyAsync<T>(this HttpRequest request, JsonSerializerOptions options, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await request.ReadFromJsonAsync<T>(options, cancellationToken)
                ?? throw RequestRejectedException.InvalidField("body", "The body is null; send a JSON object with the fields the API describes.");
        }
        catch (JsonException error)
        {
            // A reader error (the inner exception) means the text is not JSON at all; otherwise a value has the wrong type.
            var field = error.InnerException is not JsonException && error.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal)
                ? path[2..]
                : null;
            if (field is not null && ExpectedType(typeof(T), field) is { } expected)
                throw RequestRejectedException.InvalidField(field, $"{field} must be {Describe(expected)}; the value sent cannot be read as that.");
            throw RequestRejectedException.InvalidField("body",
                $"The body is not valid JSON (line {(error.LineNumber ?? 0) + 1}, position {(error.BytePositionInLine ?? 0) + 1}). Send one JSON object with the fields the API describes.");
        }
    }

    /// <summary>The type of the member a JSON path such as "options.badItemLimit" or "moves[2].priority" reaches, if any.</summary>
    private static Type? ExpectedType(Type type, string path)
    {
        Type? current = type;
        foreach (var segment in path.Split('.'))
        {
            var name = segment.Split('[')[0];
            current = current?.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.PropertyType;
            if (current is not null && segment.Contains('[')) current = ElementType(current);
        }
        return current;
    }

    private static Type? ElementType(Type collection) =>
        collection.IsArray ? collection.GetElementType() : collection.GetInterface("IEnumerable`1")?.GetGenericArguments()[0];

    private static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum) return $"one of: {string.Join(", ", Enum.GetNames(type))}";
        if (type == typeof(TimeSpan)) return "a duration written hours:minutes:seconds or days.hours:minutes:seconds, e.g. \"24:00:00\"";
        return Type.GetTypeCode(type) switch
        {
            TypeCode.Int16 or TypeCode.Int32 or TypeCode.Int64 => "a whole number",
            TypeCode.Double or TypeCode.Decimal or TypeCode.Single => "a number",
            TypeCode.Boolean => "true or false",
            TypeCode.DateTime => "a date and time, e.g. 2026-12-01T22:00:00Z",
            TypeCode.String => "a string (in quotes)",
            _ => "a JSON object",
        };
    }
}
