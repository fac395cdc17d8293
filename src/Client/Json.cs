using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cdr.Orleans.Client;

/// <summary>
/// How the console prints JSON: camelCase, indented, enums as names, and numbers such as "+447700900123" as written
/// (the default encoder escapes '+' as \u002B, which is valid JSON but unreadable and ungreppable).
/// </summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>One object per line (JSON Lines), for streams such as <c>offers tail --json --follow</c>.</summary>
    public static readonly JsonSerializerOptions Compact = new(Options) { WriteIndented = false };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);
}
