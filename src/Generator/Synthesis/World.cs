using Cdr.Orleans.Domain;

namespace Cdr.Orleans.Generator.Synthesis;

/// <summary>The simulated network: the home country, its regions and brands, and where international calls go.</summary>
public static class World
{
    public const string HomeCountry = HomeNetwork.DefaultCountry;

    /// <summary>Subscribers' numbers: +44 77 then 8 digits.</summary>
    public const string SubscriberPrefix = HomeNetwork.DefaultOnNetPrefixes;

    public static readonly (string Name, double Weight)[] Regions =
    [
        ("London", 13.4), ("South East", 13.8), ("North West", 11.0), ("East of England", 9.4), ("West Midlands", 8.9),
        ("South West", 8.5), ("Yorkshire", 8.2), ("East Midlands", 7.3), ("Scotland", 8.1), ("Wales", 4.7),
        ("North East", 4.0), ("Northern Ireland", 2.8),
    ];

    /// <summary>Brands sold on the network (the operator a subscriber contracts with).</summary>
    public static readonly (string Name, double Weight)[] Operators =
    [
        ("Northwind Mobile", 45), ("Contoso Telecom", 30), ("Fabrikam Wireless", 15), ("Tailspin Mobile", 10),
    ];

    /// <summary>Destinations of international calls: ISO code, calling code, national number length, weight.</summary>
    public static readonly (string Country, string Code, int Digits, double Weight)[] Destinations =
    [
        ("IN", "91", 10, 14), ("PL", "48", 9, 11), ("US", "1", 10, 10), ("PK", "92", 10, 9), ("RO", "40", 9, 8),
        ("IE", "353", 9, 8), ("DE", "49", 11, 7), ("FR", "33", 9, 7), ("ES", "34", 9, 6), ("IT", "39", 10, 5),
        ("NG", "234", 10, 6), ("CN", "86", 11, 4), ("AE", "971", 9, 3), ("PT", "351", 9, 2),
    ];

    /// <summary>Numbers of other UK networks and landlines (off-net): prefix and how many digits follow it.</summary>
    public static readonly (string Prefix, int Digits)[] OffNet =
        [("+4478", 8), ("+4479", 8), ("+4475", 8), ("+4420", 8), ("+44161", 7), ("+44121", 7), ("+44131", 7)];

    /// <summary>Weights as Bogus's WeightedRandom wants them: summing to 1 (given percentages, it always picks the first).</summary>
    public static float[] Normalised(IEnumerable<double> weights)
    {
        var list = weights.ToList();
        var total = list.Sum();
        return [.. list.Select(w => (float)(w / total))];
    }
}
