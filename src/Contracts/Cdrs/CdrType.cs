namespace Cdr.Orleans.Contracts.Cdrs;

/// <summary>
/// What a record of the stream describes: a CDR (voice, SMS, data) or one of the operator's events about the
/// subscriber's account and network (top-up, balance, bundle, network registration, device change), which carry their
/// figures in <see cref="CallDetailRecord.Event"/>. Persisted and sent: never renumber.
/// </summary>
public enum CdrType : byte
{
    Voice = 0,
    Sms = 1,
    Data = 2,

    /// <summary>Credit added to a prepaid account: <see cref="OperatorEvent.Amount"/>, <see cref="OperatorEvent.Channel"/>, and the balance after it when known.</summary>
    TopUp = 3,

    /// <summary>The account's balance after a charge: <see cref="OperatorEvent.Balance"/>.</summary>
    Balance = 4,

    /// <summary>A data bundle's state: <see cref="OperatorEvent.Allowance"/>, <see cref="OperatorEvent.Used"/>, <see cref="OperatorEvent.RenewalUtc"/>.</summary>
    Bundle = 5,

    /// <summary>The handset registered on a network: <see cref="OperatorEvent.Country"/> (abroad: roaming entry; home: return).</summary>
    Registration = 6,

    /// <summary>The subscriber's SIM appeared in another handset: <see cref="OperatorEvent.Device"/>.</summary>
    DeviceChange = 7,
}
