using System.Text.Json;
using Cdr.Orleans.Domain;
using static Cdr.Orleans.Tests.Cdrs;

namespace Cdr.Orleans.Tests.Client;

public sealed class JsonOutputTests
{
    [Fact]
    public void Given_a_subscriber_snapshot_When_printed_as_json_Then_numbers_read_as_written_and_totals_carry_the_documented_names()
    {
        var state = new SubscriberState();
        SubscriberFold.ApplyOutgoing(state, Voice(Alice, Bob, T0, 75), HomeNetwork.Default);
        SubscriberFold.ApplyOutgoing(state, Sms(Alice, Bob, T0.AddMinutes(1)), HomeNetwork.Default);

        var json = Orleans.Client.Json.Write(SubscriberFold.Snapshot(Alice, state));

        Assert.Contains($"\"msisdn\": \"{Alice}\"", json);
        var totals = JsonDocument.Parse(json).RootElement.GetProperty("totals");
        Assert.Equal((1, 75, 1), (totals.GetProperty("voiceCalls").GetInt64(), totals.GetProperty("voiceSeconds").GetInt64(), totals.GetProperty("smsCount").GetInt64()));
    }
}
