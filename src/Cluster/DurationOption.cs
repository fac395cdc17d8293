using System.CommandLine;
using Cdr.Orleans.Domain.Text;

namespace Cdr.Orleans.Cluster;

/// <summary>A command-line option whose value is a duration as people write it (90s, 5m, 1h, 00:10:00).</summary>
public static class DurationOption
{
    public static Option<TimeSpan?> Create(string name, string description) => new(name)
    {
        Description = $"{description} (90s, 5m, 1h, 00:10:00)",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (DurationText.TryParse(text, out var value))
            {
                return value;
            }
            result.AddError($"{name} '{text}' is not accepted; give {DurationText.Accepted}");
            return null;
        },
    };
}
