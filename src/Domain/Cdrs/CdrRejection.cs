namespace Cdr.Orleans.Domain.Cdrs;

/// <summary>
/// Why a CDR or a CDR file line was not accepted: a stable <see cref="Code"/> ("bad-msisdn", "future-time"...: the
/// rejection counter's key) and the <see cref="Detail"/> for people, with the value and what is accepted.
/// </summary>
/// <param name="Number">The phone number the detail quotes, if any: <see cref="ForLog"/> masks it.</param>
public sealed record CdrRejection(string Code, string Detail, string? Number = null)
{
    /// <summary>"code: detail", as consoles print it.</summary>
    public override string ToString() => $"{Code}: {Detail}";

    /// <summary>The rejection as a log line may carry it: a quoted number masked (<see cref="Msisdn.Mask"/>).</summary>
    public string ForLog() => string.IsNullOrEmpty(Number) ? ToString() : ToString().Replace(Number, Msisdn.Mask(Number), StringComparison.Ordinal);

    /// <summary>The same rejection, its detail prefixed (e.g. "line 7: ").</summary>
    public CdrRejection At(string where) => this with { Detail = where + Detail };
}
