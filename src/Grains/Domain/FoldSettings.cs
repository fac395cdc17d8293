namespace Cdr.Orleans.Grains.Domain;

/// <summary>What the fold needs to know about the network it runs for.</summary>
/// <param name="HomeCountry">ISO 3166 code of the operator's country; a callee elsewhere makes a CDR international.</param>
public sealed record FoldSettings(string HomeCountry)
{
    public static readonly FoldSettings Default = new("GB");
}
