namespace Cdr.Orleans.Contracts.Cdrs;

/// <summary>What a call detail record describes.</summary>
public enum CdrType : byte
{
    Voice = 0,
    Sms = 1,
    Data = 2,
}
