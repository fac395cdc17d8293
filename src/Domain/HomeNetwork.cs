using Cdr.Orleans.Contracts.Cdrs;

namespace Cdr.Orleans.Domain;

/// <summary>The network the engine runs for: its country, and the number ranges its subscribers' MSISDNs are in.</summary>
/// <param name="Country">ISO 3166 code of the operator's country; a callee elsewhere makes a CDR international.</param>
/// <param name="OnNetPrefixes">
/// E.164 prefixes of the operator's own numbers. A received call or SMS is counted on its callee only when the callee is
/// in one of these ranges: a call to another network's number would otherwise wake a grain just to find nobody there.
/// Empty: any number in <paramref name="Country"/> may be a subscriber.
/// </param>
public sealed record HomeNetwork(string Country, IReadOnlyList<string> OnNetPrefixes)
{
    /// <summary>The default home country (the generator's network is British): the one place it is written.</summary>
    public const string DefaultCountry = "GB";

    /// <summary>The default on-net prefixes (the generator's subscribers are +4477...): the one place they are written.</summary>
    public const string DefaultOnNetPrefixes = "+4477";

    /// <summary>The generator's network: the UK, subscribers on +4477.</summary>
    public static readonly HomeNetwork Default = Parse(DefaultCountry, DefaultOnNetPrefixes);

    /// <summary>A network from its country and comma-separated on-net prefixes, as configuration and flags give them.</summary>
    public static HomeNetwork Parse(string country, string onNetPrefixes) =>
        new(country, SplitPrefixes(onNetPrefixes));

    /// <summary>Comma-separated prefixes, trimmed, empty ones left out.</summary>
    public static string[] SplitPrefixes(string onNetPrefixes) =>
        onNetPrefixes.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Whether a call or SMS went to another country. Data sessions and operator events have no callee and are never international.</summary>
    public bool IsInternational(CallDetailRecord cdr) =>
        Cdrs.CdrNames.IsCall(cdr.Type) && !string.Equals(cdr.CalleeCountry, Country, StringComparison.Ordinal);

    /// <summary>Whether <paramref name="callee"/>, called from a CDR whose callee country is <paramref name="calleeCountry"/>, may be one of our subscribers.</summary>
    public bool MayBeSubscriber(string callee, string calleeCountry)
    {
        if (!string.Equals(calleeCountry, Country, StringComparison.Ordinal))
        {
            return false;
        }
        if (OnNetPrefixes.Count == 0)
        {
            return true;
        }
        foreach (var prefix in OnNetPrefixes)
        {
            if (callee.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
