using System.Globalization;

namespace Cdr.Orleans.Domain.Text;

/// <summary>Durations as people type them: "90s", "5m", "2h", "1d" or "00:10:00".</summary>
public static class DurationText
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        text = text.Trim();
        if (text.Length >= 2 && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            switch (char.ToLowerInvariant(text[^1]))
            {
                case 's': value = TimeSpan.FromSeconds(n); return true;
                case 'm': value = TimeSpan.FromMinutes(n); return true;
                case 'h': value = TimeSpan.FromHours(n); return true;
                case 'd': value = TimeSpan.FromDays(n); return true;
            }
        }
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
    }
}
