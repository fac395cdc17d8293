using System.Globalization;

namespace Cdr.Orleans.Domain.Text;

/// <summary>
/// Durations as people type them: "90s", "5m", "2h", "1d" or "00:10:00". The one parser of every duration the
/// engine takes (flags, campaign caps, HTTP queries): positive and at most <see cref="Max"/>, so that no duration
/// can overflow the date arithmetic it feeds.
/// </summary>
public static class DurationText
{
    /// <summary>The longest duration accepted anywhere: ten years.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(3650);

    /// <summary>What is accepted, for error messages.</summary>
    public const string Accepted = "a positive duration up to 3650d, e.g. 90s, 5m, 2h, 7d or 00:10:00";

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        text = text?.Trim() ?? "";
        if (text.Length == 0 || text.Length > 40)
        {
            return false;
        }
        if (text.Length >= 2 && UnitSeconds(text[^1]) is { } unit)
        {
            if (!double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
                || !double.IsFinite(n) || n <= 0 || n * unit > Max.TotalSeconds)
            {
                return false;
            }
            value = TimeSpan.FromSeconds(n * unit);
            return value > TimeSpan.Zero;
        }
        if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var parsed) || parsed <= TimeSpan.Zero || parsed > Max)
        {
            return false;
        }
        value = parsed;
        return true;
    }

    private static double? UnitSeconds(char unit) => char.ToLowerInvariant(unit) switch
    {
        's' => 1,
        'm' => 60,
        'h' => 3600,
        'd' => 86_400,
        _ => null,
    };
}
