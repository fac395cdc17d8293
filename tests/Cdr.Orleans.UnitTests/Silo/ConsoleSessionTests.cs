using Cdr.Orleans.Silo.Web;

namespace Cdr.Orleans.Tests.Silo;

public sealed class ConsoleSessionTests
{
    private const string Key = "0123456789abcdef-session";
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Given_a_session_issued_with_the_key_When_checked_within_its_lifetime_Then_it_holds_and_does_not_contain_the_key()
    {
        var token = ConsoleSession.Issue(Key, Now);

        Assert.True(ConsoleSession.IsValid(token, Key, Now.AddHours(11)));
        Assert.DoesNotContain(Key, token, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_session_When_it_expired_was_altered_or_the_key_changed_Then_it_is_refused()
    {
        var token = ConsoleSession.Issue(Key, Now);
        var expires = token[..token.IndexOf('.', StringComparison.Ordinal)];
        var longer = $"{long.Parse(expires, System.Globalization.CultureInfo.InvariantCulture) + 3600}{token[expires.Length..]}";

        Assert.False(ConsoleSession.IsValid(token, Key, Now + ConsoleSession.Lifetime + TimeSpan.FromSeconds(1)));
        Assert.False(ConsoleSession.IsValid(longer, Key, Now));
        Assert.False(ConsoleSession.IsValid(token, Key + "-new", Now));
        Assert.False(ConsoleSession.IsValid("", Key, Now));
        Assert.False(ConsoleSession.IsValid("not-a-session", Key, Now));
        Assert.False(ConsoleSession.IsValid($"{(Now + TimeSpan.FromDays(365)).ToUnixTimeSeconds()}.{token[(expires.Length + 1)..]}", Key, Now));
    }
}
