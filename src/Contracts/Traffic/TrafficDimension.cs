namespace Cdr.Orleans.Contracts.Traffic;

/// <summary>What live call volume is broken down by.</summary>
public enum TrafficDimension
{
    /// <summary>Where the call was made (the CDR's region).</summary>
    Region,

    /// <summary>The caller's operator brand (from its profile; "unknown" without one).</summary>
    Operator,

    /// <summary>voice, sms or data.</summary>
    Type,

    /// <summary>The callee's country (ISO code; data sessions have none and are left out).</summary>
    CalleeCountry,

    /// <summary>The callee's category from the number directory (voice and SMS; unlisted numbers are Private).</summary>
    Category,
}
