using System.Collections.Concurrent;
using PhoneNumbers;

namespace Cdr.Orleans.Domain;

/// <summary>
/// A subscriber's time zone: the profile's (an IANA id such as "Europe/Madrid") when it has one, else the one the
/// number gives, else UTC. From the number: libphonenumber's time-zone map for its prefix (an area code of the US, say),
/// the first of those zones in its country's list in tzdata's zone.tab (built in), which puts a country's main zone first (a UK
/// mobile maps to London, Guernsey, Jersey and the Isle of Man: London; a Spanish one to Madrid and the Canaries:
/// Madrid); where the map knows nothing of the number, its country's first zone. A country that spans several zones and numbers that do not say where (mobiles in Russia, say) get the
/// first: a profile's zone settles it. The zones' rules are the system's (TimeZoneInfo); what is found is remembered.
/// </summary>
public static class SubscriberZones
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo?> Zones = new(StringComparer.Ordinal);
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    public static TimeZoneInfo Of(string msisdn, string? profileZone) =>
        (profileZone is { Length: > 0 } ? Find(profileZone) : null) ?? OfNumber(msisdn) ?? TimeZoneInfo.Utc;

    /// <summary>The zone of IANA id <paramref name="id"/>; null when the system does not know it.</summary>
    public static TimeZoneInfo? Find(string id) => Zones.GetOrAdd(id, static name =>
    {
        if (name.Length > 64)
        {
            return null;
        }
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    });

    /// <summary>Whether <paramref name="id"/> names a time zone, for the checks of profiles and settings.</summary>
    public static bool IsKnown(string id) => Find(id) is not null;

    private static TimeZoneInfo? OfNumber(string msisdn)
    {
        PhoneNumbers.PhoneNumber parsed;
        try
        {
            parsed = Phones.Parse(msisdn, "ZZ");
        }
        catch (NumberParseException)
        {
            return null;
        }
        var mapper = PhoneNumberToTimeZonesMapper.GetInstance();
        var zones = mapper.GetTimeZonesForNumber(parsed).Where(z => z != mapper.GetUnknownTimeZone()).ToList();
        var country = Phones.GetRegionCodeForNumber(parsed) ?? Phones.GetRegionCodeForCountryCode(parsed.CountryCode);
        var byCountry = Table.Value;
        var ofCountry = byCountry.GetValueOrDefault(country ?? "") ?? [];
        var chosen = ofCountry.FirstOrDefault(zones.Contains) ?? zones.FirstOrDefault() ?? ofCountry.FirstOrDefault();
        return chosen is null ? null : Find(chosen);
    }

    /// <summary>tzdata's zone.tab, built into this assembly: each country's zones in its order (its main one first).</summary>
    private static readonly Lazy<Dictionary<string, List<string>>> Table = new(() =>
    {
        var byCountry = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        using var reader = new StreamReader(typeof(SubscriberZones).Assembly.GetManifestResourceStream("zone.tab")!);
        while (reader.ReadLine() is { } line)
        {
            var fields = line.Split('\t');
            if (line.StartsWith('#') || fields.Length < 3)
            {
                continue;
            }
            (byCountry.TryGetValue(fields[0], out var list) ? list : byCountry[fields[0]] = []).Add(fields[2]);
        }
        return byCountry;
    });
}
