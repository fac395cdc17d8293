using Cdr.Orleans.Contracts.Cdrs;

namespace Cdr.Orleans.Tests;

/// <summary>Hand-made CDRs for tests: only the values a test cares about are given.</summary>
internal static class Cdrs
{
    public const string Alice = "+447700000001";
    public const string Bob = "+447700000002";
    public const string Carol = "+447700000003";
    public static readonly DateTime T0 = new(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc);
    private static int next;

    public static CallDetailRecord Voice(string caller, string callee, DateTime at, int seconds, CallResult result = CallResult.Answered,
        decimal charge = 0.10m, string country = "GB", bool roaming = false) =>
        new($"t-{Interlocked.Increment(ref next)}", caller, callee, at, seconds, CdrType.Voice, 0, result, charge, "London", roaming, country);

    public static CallDetailRecord Sms(string caller, string callee, DateTime at, decimal charge = 0.05m) =>
        new($"t-{Interlocked.Increment(ref next)}", caller, callee, at, 0, CdrType.Sms, 0, CallResult.Answered, charge, "London", false, "GB");

    public static CallDetailRecord Data(string caller, DateTime at, long bytes, decimal charge = 0.02m) =>
        new($"t-{Interlocked.Increment(ref next)}", caller, "", at, 600, CdrType.Data, bytes, CallResult.Answered, charge, "London", false, "");

    /// <summary>An operator event of <paramref name="kind"/> about <paramref name="msisdn"/>.</summary>
    public static CallDetailRecord Event(string msisdn, DateTime at, CdrType kind, OperatorEvent e) =>
        new($"t-{Interlocked.Increment(ref next)}", msisdn, "", at, 0, kind, 0, CallResult.Answered, 0, "", false, "", Event: e);

    public static CallDetailRecord TopUp(string msisdn, DateTime at, decimal amount, decimal? balanceAfter = null, string? channel = "voucher") =>
        Event(msisdn, at, CdrType.TopUp, new OperatorEvent(Amount: amount, Balance: balanceAfter, Channel: channel));

    public static CallDetailRecord Balance(string msisdn, DateTime at, decimal balance) =>
        Event(msisdn, at, CdrType.Balance, new OperatorEvent(Balance: balance));

    public static CallDetailRecord Bundle(string msisdn, DateTime at, long allowance, long used, DateTime? renewal = null) =>
        Event(msisdn, at, CdrType.Bundle, new OperatorEvent(Allowance: allowance, Used: used, RenewalUtc: renewal));

    public static CallDetailRecord Registration(string msisdn, DateTime at, string country) =>
        Event(msisdn, at, CdrType.Registration, new OperatorEvent(Country: country));

    public static CallDetailRecord DeviceChange(string msisdn, DateTime at, string device) =>
        Event(msisdn, at, CdrType.DeviceChange, new OperatorEvent(Device: device));
}
