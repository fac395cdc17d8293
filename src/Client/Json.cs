using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cdr.Orleans.Client;

/// <summary>How the console prints JSON: camelCase, indented, enums as names.</summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);
}
