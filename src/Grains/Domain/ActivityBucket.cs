namespace Cdr.Orleans.Grains.Domain;

/// <summary>
/// Activity that a subscriber originated within one time slot (a minute, an hour or a day, counted from 0001-01-01
/// UTC). A mutable struct kept in a list and updated in place: no allocation per CDR.
/// </summary>
[GenerateSerializer, Alias("activity-bucket.v1")]
public struct ActivityBucket
{
    [Id(0)] public int Slot;
    [Id(1)] public int Calls;
    [Id(2)] public long VoiceSeconds;
    [Id(3)] public int Sms;
    [Id(4)] public long DataBytes;
    [Id(5)] public decimal Spend;
}
