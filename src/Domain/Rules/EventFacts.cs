using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Domain.Accounts;
using Cdr.Orleans.Domain.Cdrs;

namespace Cdr.Orleans.Domain.Rules;

/// <summary>
/// The triggering operator event as a rule sees it (<c>Event.Kind == "top_up" &amp;&amp; Event.Amount >= 20</c>); every
/// member is empty or zero when the trigger is a CDR, so a rule can test the kind first and read the rest.
/// <paramref name="account"/> is the subscriber's account with the event already folded.
/// </summary>
public sealed class EventFacts(CallDetailRecord record, AccountState? account)
{
    private readonly OperatorEvent? e = CdrNames.IsEvent(record.Type) ? record.Event : null;

    /// <summary>"top_up", "balance", "bundle", "registration", "device_change"; empty for a CDR.</summary>
    public string Kind => e is null ? "" : CdrNames.TypeName(record.Type);

    /// <summary>A top-up's amount.</summary>
    public decimal Amount => record.Type == CdrType.TopUp ? e?.Amount ?? 0 : 0;

    /// <summary>A top-up's channel ("voucher", "app"...), as the feed names it.</summary>
    public string Channel => record.Type == CdrType.TopUp ? e?.Channel ?? "" : "";

    /// <summary>The balance the event reported (a balance event; a top-up that said it); 0 when it said none.</summary>
    public decimal Balance => e?.Balance ?? 0;

    /// <summary>A bundle event's share used (used / allowance).</summary>
    public double BundleShare => record.Type == CdrType.Bundle && e is { Allowance: > 0 } b ? (double)b.Used / b.Allowance : 0;

    /// <summary>A registration's country (ISO code; the home country's for a return).</summary>
    public string Country => record.Type == CdrType.Registration ? e?.Country ?? "" : "";

    /// <summary>Whether this registration brought the handset into a foreign country it was not in: a roaming entry.</summary>
    public bool Entered => IsLatest(record.Type == CdrType.Registration, account?.RegistrationUtc)
        && account!.VisitedCountry is { } visited && !string.Equals(visited, account.PreviousCountry, StringComparison.Ordinal);

    /// <summary>Whether this registration brought the handset home from abroad.</summary>
    public bool Returned => IsLatest(record.Type == CdrType.Registration, account?.RegistrationUtc)
        && account!.VisitedCountry is null && account.PreviousCountry is not null;

    /// <summary>A device change's new device.</summary>
    public string Device => record.Type == CdrType.DeviceChange ? e?.Device ?? "" : "";

    /// <summary>The device before this change; empty when none was known (or the event repeated the current one).</summary>
    public string PreviousDevice => IsLatest(record.Type == CdrType.DeviceChange, account?.DeviceSinceUtc) ? account!.PreviousDevice ?? "" : "";

    // A late event (older than what the account already holds) changed nothing: it entered nowhere and replaced no device.
    private bool IsLatest(bool kind, DateTime? latest) => kind && e is not null && latest == record.StartUtc;
}
