using System.Security.Cryptography;
using System.Text;

namespace DgBot.Web.Channels.Line;

/// <summary>X-Line-Signature: Base64(HMAC-SHA256(key = channel secret as UTF-8, message = the raw request body)).</summary>
public static class LineSignature
{
    private const int HashBytes = 32;

    public static string Compute(string channelSecret, ReadOnlySpan<byte> body) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(channelSecret), body));

    /// <summary>True only when the header is the signature of exactly these bytes; compared in constant time.</summary>
    public static bool IsValid(string? channelSecret, ReadOnlySpan<byte> body, string? signature)
    {
        if (string.IsNullOrEmpty(channelSecret) || string.IsNullOrWhiteSpace(signature)) return false;
        Span<byte> expected = stackalloc byte[HashBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(channelSecret), body, expected);
        // Decoding the header and comparing bytes keeps the comparison independent of Base64 spelling and of where the bytes differ.
        Span<byte> given = stackalloc byte[HashBytes + 3];
        if (!Convert.TryFromBase64String(signature.Trim(), given, out var written) || written != HashBytes) return false;
        return CryptographicOperations.FixedTimeEquals(expected, given[..HashBytes]);
    }
}
