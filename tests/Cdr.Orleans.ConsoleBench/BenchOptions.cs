using System.Globalization;
using Cdr.Orleans.Domain.Text;

namespace Cdr.Orleans.ConsoleBench;

/// <summary>What <c>console-bench</c> measures, from its switches.</summary>
public sealed record BenchOptions
{
    public const string Usage =
        "usage: console-bench --url URL [--loads N (5; 0: none)] [--subscriber NUMBER] [--campaign ID] [--key KEY] [--chromium PATH (/usr/bin/chromium)] " +
        "[--tabs N --silo-pid PID [--phase 30s] [--rounds 3] [--paused-load true]]";

    public Uri Url { get; init; } = new("http://localhost:8080/");

    /// <summary>Loads of each page, cold and warm; the figures are their medians. 0: the tabs' CPU only.</summary>
    public int Loads { get; init; } = 5;

    /// <summary>The number the subscriber page looks up; without it, the first of a segment of callers.</summary>
    public string? Subscriber { get; init; }

    /// <summary>The campaign the campaign and models pages show; without it, the first in the list.</summary>
    public string? Campaign { get; init; }

    /// <summary>The console's key, for the segment download that finds a subscriber when none is given.</summary>
    public string? Key { get; init; }

    public string Chromium { get; init; } = "/usr/bin/chromium";

    /// <summary>Browser tabs to hold open in the CPU phases; 0 measures the page loads only.</summary>
    public int Tabs { get; init; }

    /// <summary>The silo process whose CPU the tabs' phases read (on this machine).</summary>
    public int? SiloPid { get; init; }

    public TimeSpan Phase { get; init; } = TimeSpan.FromSeconds(30);

    public int Rounds { get; init; } = 3;

    /// <summary>
    /// Pause the demo's load (from the load page's API) for the tabs' phases: a quiet silo, whose own CPU is low and
    /// steady, shows the tabs' cost to a finer grain than one under load. The rate is set back after.
    /// </summary>
    public bool PausedLoad { get; init; }

    public static bool TryParse(string[] args, out BenchOptions options, out string error)
    {
        options = new BenchOptions();
        error = "";
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Length)
            {
                error = $"{name} needs a value";
                return false;
            }
            var value = args[++i];
            var ok = true;
            switch (name)
            {
                case "--url":
                    ok = Uri.TryCreate(value.EndsWith('/') ? value : value + "/", UriKind.Absolute, out var url) && url.Scheme is "http" or "https";
                    options = ok ? options with { Url = url! } : options;
                    error = $"--url: '{value}' is not an http(s) address (e.g. http://localhost:8080/)";
                    break;
                case "--loads":
                    ok = int.TryParse(value, CultureInfo.InvariantCulture, out var loads) && loads is >= 0 and <= 100;
                    options = options with { Loads = loads };
                    error = $"--loads: '{value}' is not a whole number from 0 (no page loads) to 100";
                    break;
                case "--subscriber":
                    options = options with { Subscriber = value };
                    break;
                case "--campaign":
                    options = options with { Campaign = value };
                    break;
                case "--key":
                    options = options with { Key = value };
                    break;
                case "--chromium":
                    ok = File.Exists(value);
                    options = options with { Chromium = value };
                    error = $"--chromium: no file at '{value}'";
                    break;
                case "--tabs":
                    ok = int.TryParse(value, CultureInfo.InvariantCulture, out var tabs) && tabs is >= 1 and <= 50;
                    options = options with { Tabs = tabs };
                    error = $"--tabs: '{value}' is not a whole number from 1 to 50";
                    break;
                case "--silo-pid":
                    ok = int.TryParse(value, CultureInfo.InvariantCulture, out var pid) && File.Exists($"/proc/{pid}/stat");
                    options = options with { SiloPid = pid };
                    error = $"--silo-pid: '{value}' is not a running process on this machine";
                    break;
                case "--phase":
                    ok = DurationText.TryParse(value, out var phase) && phase >= TimeSpan.FromSeconds(5);
                    options = options with { Phase = phase };
                    error = $"--phase: '{value}' is not {DurationText.Accepted}, of 5 s or more";
                    break;
                case "--paused-load":
                    ok = bool.TryParse(value, out var paused);
                    options = options with { PausedLoad = paused };
                    error = $"--paused-load: '{value}' is not true or false";
                    break;
                case "--rounds":
                    ok = int.TryParse(value, CultureInfo.InvariantCulture, out var rounds) && rounds is >= 1 and <= 20;
                    options = options with { Rounds = rounds };
                    error = $"--rounds: '{value}' is not a whole number from 1 to 20";
                    break;
                default:
                    ok = false;
                    error = $"unknown option '{name}'";
                    break;
            }
            if (!ok)
            {
                return false;
            }
        }
        if (options.Tabs > 0 && options.SiloPid is null)
        {
            error = "--tabs needs --silo-pid: the silo process whose CPU the tabs cost";
            return false;
        }
        if (!File.Exists(options.Chromium))
        {
            error = $"no browser at {options.Chromium}: install Debian's chromium (apt-get install -y chromium) or give --chromium";
            return false;
        }
        error = "";
        return true;
    }
}
