namespace Cdr.Orleans.Contracts.Cdrs;

/// <summary>How a voice call, SMS or data session ended.</summary>
public enum CallResult : byte
{
    Answered = 0,
    Busy = 1,
    NoAnswer = 2,
    Dropped = 3,
}
