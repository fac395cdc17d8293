using Cdr.Orleans.Domain.Text;

namespace Cdr.Orleans.Domain.Traffic;

/// <summary>How far back a traffic query counts, as the client's <c>--since</c> and the HTTP <c>since=</c> take it.</summary>
public static class TrafficWindow
{
    public const string Default = "1h";

    /// <summary>The window in whole minutes (rounded up) of a duration of at least a minute; null text means <see cref="Default"/>.</summary>
    public static bool TryMinutes(string? text, out int minutes)
    {
        minutes = 0;
        if (!DurationText.TryParse(text ?? Default, out var window) || window < TimeSpan.FromMinutes(1))
        {
            return false;
        }
        minutes = (int)Math.Ceiling(window.TotalMinutes);
        return true;
    }

    /// <summary>Why <paramref name="text"/> was refused, with what is accepted.</summary>
    public static string Refused(string? text) => $"'{text}' is not a duration of at least a minute; accepted: e.g. 15m, 1h, 1d, up to {DurationText.Max.TotalDays:0}d";
}
