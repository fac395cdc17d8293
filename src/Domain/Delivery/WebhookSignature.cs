using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Cdr.Orleans.Domain.Delivery;

/// <summary>
/// The signature a webhook request carries, so that its receiver knows the engine sent it and that the body was not
/// changed: header <see cref="Header"/> = <c>sha256=</c> and the lowercase hex HMAC-SHA256, keyed with the channel's
/// shared secret, of the timestamp header's value, a dot, and the body's bytes. The timestamp (Unix seconds, header
/// <see cref="TimestampHeader"/>) is signed too, so a receiver can refuse a request replayed later.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-Cdr-Signature";
    public const string TimestampHeader = "X-Cdr-Timestamp";
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>Secrets shorter than this are refused: HMAC-SHA256 with a guessable key proves nothing.</summary>
    public const int MinSecretLength = 32;

    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var stamp = Encoding.ASCII.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[stamp.Length + body.Length];
        stamp.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(stamp.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>
    /// Whether <paramref name="signature"/> is the one <see cref="Sign"/> gives for this body and timestamp, and the
    /// timestamp is within <paramref name="tolerance"/> of <paramref name="now"/>. Compared in constant time.
    /// </summary>
    public static bool Verify(string secret, string? timestamp, ReadOnlySpan<byte> body, string? signature, DateTimeOffset now, TimeSpan tolerance)
    {
        if (signature is null || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(now.ToUnixTimeSeconds() - seconds) > tolerance.TotalSeconds)
        {
            return false;
        }
        var expected = Encoding.ASCII.GetBytes(Sign(secret, seconds, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }
}
