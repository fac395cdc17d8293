namespace Cdr.Orleans.Domain.Files;

/// <summary>The CDR file layouts <c>replay</c> reads.</summary>
public enum CdrFileFormat
{
    /// <summary>The engine's own CSV (<see cref="CdrCsv"/>): header row, E.164 numbers, ISO times.</summary>
    Engine,

    /// <summary>
    /// Pipe-separated, no header: <c>personId|callingNumber|callId|calledNumber|start|durationSec|type|charge|result</c>,
    /// start in C asctime form (<c>Mon Nov 23 10:00:00 2026</c>, UTC), type SMS or VOICE, result such as ANSWERED or Busy.
    /// </summary>
    Pipe,

    /// <summary>CSV with header <c>SourcePN,DestPN,Location,StartT,EndT,Type,Company</c>, times like <c>Nov 23 2026 10:00:00</c> (UTC).</summary>
    Calls,
}
