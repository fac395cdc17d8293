using System.Globalization;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Domain.Campaigns;
using Cdr.Orleans.Domain.Cdrs;
using Cdr.Orleans.Domain.Files;
using Cdr.Orleans.Domain.Rules;
using Cdr.Orleans.Domain.Text;
using CsCheck;

namespace Cdr.Orleans.Tests.Hardening;

/// <summary>
/// Thousands of generated inputs, malformed on purpose: no exception escapes a reader, the duration parser, the campaign
/// JSON or the rule compiler, and every refusal has a reason. Valid CDRs fold to the totals of a naive reference fold.
/// </summary>
public sealed class PropertyTests
{
    private const int Iterations = 2_000;
    private static readonly DateTime Now = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>Pieces that are half right: numbers, times, names, separators, control characters, huge values.</summary>
    private static readonly Gen<string> Piece = Gen.OneOf<string>(
        Gen.OneOf<string>("", " ", ",", "|", "\"", "\"\"", "+", "-", "0", "-1", "1e9", "NaN", "Infinity", "9223372036854775807", "79228162514264337593543950335",
            "+447700900123", "07700 900123", "+999 12", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-11-23T10:00:00Z", "Mon Nov 23 10:00:00 2026",
            "Nov 23 2026 10:00:00", "voice", "VOICE", "sms", "data", "AWNSERED", "Busy", "NO ANSWER", "dropped", "London", "GB", "\u001b[31m", "\r", "\t", "\0"),
        Gen.String[0, 30],
        Gen.Long.Select(n => n.ToString(CultureInfo.InvariantCulture)),
        Gen.Double.Select(d => d.ToString(CultureInfo.InvariantCulture)));

    private static Gen<string> Line(char separator, int fieldsMin, int fieldsMax) =>
        Piece.Array[fieldsMin, fieldsMax].Select(fields => string.Join(separator, fields));

    [Fact]
    public void Given_malformed_engine_csv_lines_When_read_and_taken_in_Then_nothing_throws_and_every_refusal_has_a_reason()
    {
        var layout = CdrCsv.ReadHeader(CdrCsv.Header, "p.csv");
        Line(',', 0, 16).Sample(line => ReadAndTakeIn(line, (text, n) => (CdrCsv.Parse(layout, text, n, out var e), e)), iter: Iterations);
    }

    [Fact]
    public void Given_malformed_pipe_lines_When_read_and_taken_in_Then_nothing_throws_and_every_refusal_has_a_reason()
    {
        var (reader, _) = CdrFileFormats.Open(CdrFileFormat.Pipe, null, "p.txt", "GB");
        Gen.OneOf<string>(Line('|', 0, 11), Line('|', 9, 9)).Sample(line => ReadAndTakeIn(line, (text, n) => (reader.Parse(text, n, out var e), e)), iter: Iterations);
    }

    [Fact]
    public void Given_malformed_calls_lines_When_read_and_taken_in_Then_nothing_throws_and_every_refusal_has_a_reason()
    {
        var (reader, _) = CdrFileFormats.Open(CdrFileFormat.Calls, CdrFileFormats.CallsHeader, "c.csv", "GB");
        Gen.OneOf<string>(Line(',', 0, 9), Line(',', 7, 7)).Sample(line => ReadAndTakeIn(line, (text, n) => (reader.Parse(text, n, out var e), e)), iter: Iterations);
    }

    [Fact]
    public void Given_any_text_When_parsed_as_a_duration_Then_nothing_throws_and_what_is_accepted_is_within_the_bounds() =>
        Gen.OneOf<string>(Gen.String[0, 20], Gen.Select(Piece, Gen.OneOf<string>("s", "m", "h", "d", ""), (n, unit) => n + unit))
            .Sample(text => !DurationText.TryParse(text, out var value) || value > TimeSpan.Zero && value <= DurationText.Max, iter: Iterations);

    [Fact]
    public void Given_mangled_campaign_json_When_read_and_validated_Then_nothing_throws_and_each_refusal_says_what()
    {
        var valid = File.ReadAllText(Path.Combine(Campaigns.ShippedCampaigns.Folder, "upgrade-heavy-talkers.json"));
        var mangled = Gen.Select(Gen.Int[0, valid.Length], Gen.Int[0, 20], Piece, (at, cut, insert) =>
            valid[..at] + insert + valid[Math.Min(valid.Length, at + cut)..]);
        mangled.Sample(json =>
        {
            var definition = CampaignJson.Read(json, "mangled.json", out var error);
            if (definition is null)
            {
                Assert.False(string.IsNullOrWhiteSpace(error));
                return;
            }
            var errors = CampaignValidator.Validate(definition);
            Assert.All(errors, e => Assert.Contains(": ", e));
            if (errors.Count == 0)
            {
                var record = new Contracts.Campaigns.CampaignRecord(definition, Contracts.Campaigns.CampaignStatus.Active, 1, Now, Now);
                Assert.NotNull(Campaign.TryCompile(record, new CampaignTallies().NewTally(), out _));
            }
        }, iter: Iterations);
    }

    [Fact]
    public void Given_rules_made_of_rule_tokens_When_compiled_and_evaluated_Then_nothing_escapes()
    {
        var token = Gen.OneOf<string>("H24.VoiceMinutes", "D7.Calls", "Age", "Tier", "\"Free\"", "TagCalls(\"99\")", "CategoryCalls(\"-1\")",
            "CallsToSameNumberWithin(30)", "Cdr.DurationSeconds", "1", "0", "-1", "2147483647", "1e308", "/", "%", "*", "+", "-", "==", ">", "<=",
            "&&", "||", "!", "(", ")", "in", ",", "?", ":", "Math.Max(", "\"x\".Length", "Cdr.GetType()", "new", "x => x");
        var state = new SubscriberState();
        SubscriberFold.ApplyOutgoing(state, Cdrs.Voice(Cdrs.Alice, Cdrs.Bob, Now, 0), HomeNetwork.Default);
        token.Array[1, 12].Select(t => string.Join(' ', t)).Sample(rule =>
        {
            if (!RuleCompiler.TryCompile(rule, out var compiled, out var error))
            {
                Assert.False(string.IsNullOrWhiteSpace(error!.Message));
                return;
            }
            var view = new RuleView(state, Cdrs.Voice(Cdrs.Alice, Cdrs.Bob, Now, 0), HomeNetwork.Default);
            try
            {
                compiled!.Evaluate(view);
            }
            catch (Exception ex) when (ex is ArithmeticException or IndexOutOfRangeException or InvalidCastException or NullReferenceException or ArgumentException)
            {
                // What the evaluator contains: a rule error for this CDR, counted towards quarantine.
            }
        }, iter: Iterations);
    }

    [Fact]
    public void Given_generated_valid_cdrs_When_folded_Then_the_totals_equal_a_naive_reference_fold()
    {
        var cdr = Gen.Select(Gen.Int[0, 2], Gen.Int[0, 86_400], Gen.Long[0, CdrValidator.MaxDataBytes], Gen.Int[0, 3], Gen.Int[0, 1_000_000], Gen.Int[0, 60 * 24 * 30],
            Gen.OneOf<string>("GB", "FR", "US", "ZZ"), Gen.Int[0, CalleeSummary.Capacity - 1], // distinct callees exact up to the capacity
            (type, seconds, bytes, result, cents, minute, country, callee) => new CallDetailRecord(
                $"g-{minute}-{callee}", Cdrs.Alice, $"+4477009{callee:00000}", Now.AddMinutes(-minute), (CdrType)type == CdrType.Sms ? 0 : seconds,
                (CdrType)type, (CdrType)type == CdrType.Data ? bytes : 0, (CallResult)result, cents / 100m, "London", false,
                (CdrType)type == CdrType.Data ? "" : country));
        cdr.Array[1, 200].Sample(cdrs =>
        {
            var state = new SubscriberState();
            foreach (var c in cdrs)
            {
                Assert.Null(CdrValidator.ValidateShape(c));
                SubscriberFold.ApplyOutgoing(state, c, HomeNetwork.Default);
            }
            var voice = cdrs.Where(c => c.Type == CdrType.Voice).ToList();
            Assert.Equal(
                (voice.Count, voice.Sum(c => (long)c.DurationSeconds), cdrs.Count(c => c.Type == CdrType.Sms), cdrs.Count(c => c.Type == CdrType.Data),
                 cdrs.Sum(c => c.DataBytes), cdrs.Sum(c => c.Charge), cdrs.Count(c => c.Result == CallResult.Answered), cdrs.Count(c => c.Result == CallResult.Busy),
                 cdrs.Count(c => c.Type != CdrType.Data && c.CalleeCountry != "GB"), (long)cdrs.Length,
                 cdrs.Where(c => c.Type != CdrType.Data).Select(c => c.Callee).Distinct().Count()),
                (state.VoiceCalls, state.VoiceSeconds, state.SmsCount, state.DataSessions, state.DataBytes, state.Spend, state.Answered, state.Busy,
                 state.International, state.CdrsApplied, state.TopCallees?.Distinct ?? 0));
        }, iter: 500);
    }

    /// <summary>A line read by a reader, then, when it made a CDR, taken in as the engine takes it: never a throw, and a refusal always has a code and a detail.</summary>
    private static void ReadAndTakeIn(string line, Func<string, long, (CallDetailRecord? Cdr, CdrRejection? Error)> read)
    {
        var (cdr, error) = read(line, 7);
        if (cdr is null)
        {
            Assert.NotNull(error);
            Assert.False(string.IsNullOrWhiteSpace(error.Code));
            Assert.False(string.IsNullOrWhiteSpace(error.Detail));
            return;
        }
        if (CdrIntake.Accept(cdr, Now, CdrValidator.DefaultFutureTolerance, out var reason, out _) is { } accepted)
        {
            SubscriberFold.ApplyOutgoing(new SubscriberState(), accepted, HomeNetwork.Default);
        }
        else
        {
            Assert.False(string.IsNullOrWhiteSpace(reason!.Detail));
        }
    }
}
