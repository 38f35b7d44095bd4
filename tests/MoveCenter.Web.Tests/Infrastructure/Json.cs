using System.Text.Json;
using System.Text.Json.Serialization;

namespace MoveCenter.Web.Tests.Infrastructure;

public static class Json
{
    /// <summary>As the server writes: camelCase, enums as names.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
}
