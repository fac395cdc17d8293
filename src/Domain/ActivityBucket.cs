namespace Cdr.Orleans.Domain;

/// <summary>
/// Activity that a subscriber originated within one time slot (a minute, an hour or a day, counted from 0001-01-01
/// UTC). A mutable struct kept in a list and updated in place: no allocation per CDR. 56 bytes.
/// </summary>
[GenerateSerializer, Alias("activity-bucket.v1")]
public struct ActivityBucket
{
    [Id(0)] public int Slot;
    [Id(1)] public int Calls;
    [Id(2)] public int VoiceSeconds;
    [Id(3)] public int Sms;
    [Id(4)] public long DataBytes;
    [Id(5)] public decimal Spend;
    [Id(6)] public int DataSessions;

    /// <summary>Calls and SMS to another country.</summary>
    [Id(7)] public int International;

    /// <summary>Voice calls that dropped.</summary>
    [Id(8)] public int Dropped;

    /// <summary>CDRs that started at night (22:00-05:00 UTC), for the window's night share.</summary>
    [Id(9)] public int Night;
}
