using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using DgBot.Core.Formatting;
using DgBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace DgBot.Web.Charts;

/// <summary>The key that signs chart links: Charts:SigningKey, else one generated at first start and kept in the state database.</summary>
public sealed class ChartSigningKey
{
    public const string SecretName = "charts.signing_key";

    public ReadOnlyMemory<byte> Key { get; }

    /// <summary>"configuration" or "state database", for the start-up log.</summary>
    public string Source { get; }

    public ChartSigningKey(IOptions<ChartOptions> options, StateStore state)
    {
        var configured = options.Value.SigningKey?.Trim();
        if (!string.IsNullOrEmpty(configured))
        {
            Key = Encoding.UTF8.GetBytes(configured);
            Source = "configuration";
        }
        else
        {
            // Kept, not regenerated, so links already sent in Teams and LINE keep working after a restart.
            Key = state.GetOrCreateSecret(SecretName, () => RandomNumberGenerator.GetBytes(32));
            Source = "state database";
        }
    }
}

/// <summary>
/// A chart link's token: base64url(JSON {k, f, a, e}) "." base64url(HMAC-SHA256 of the first part). It names the query to run
/// (kind, function, arguments) and when the link expires, so a link carries no numbers and cannot be widened to another query
/// without the key. Anything that is not exactly such a token, signed with this key and unexpired, reads as nothing.
/// </summary>
public sealed class ChartTokens(ChartSigningKey key, IOptions<ChartOptions> options, TimeProvider clock)
{
    /// <summary>Far above any real token (about 200–400 characters); longer input is refused before any decoding.</summary>
    public const int MaxLength = 1024;

    private sealed record Payload(
        [property: JsonPropertyName("k")] string Kind,
        [property: JsonPropertyName("f")] string Function,
        [property: JsonPropertyName("a")] Dictionary<string, string> Arguments,
        [property: JsonPropertyName("e")] long Expires);

    public TimeSpan Lifetime => TimeSpan.FromMinutes(options.Value.LifetimeMinutes);

    public string Create(ChartSpec spec) => Create(spec, clock.GetUtcNow() + Lifetime);

    public string Create(ChartSpec spec, DateTimeOffset expires)
    {
        // Sorted arguments: the same chart always gets the same token within a second, whatever order the answer built them in.
        var args = spec.Arguments.OrderBy(a => a.Key, StringComparer.Ordinal).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        var json = JsonSerializer.SerializeToUtf8Bytes(new Payload(spec.Kind, spec.Function, args, expires.ToUnixTimeSeconds()));
        var body = Base64Url.EncodeToString(json);
        return body + "." + Base64Url.EncodeToString(Mac(body));
    }

    /// <summary>The chart a token names and when it expires, or false for anything malformed, tampered with, signed otherwise or expired.</summary>
    public bool TryRead(string? token, out ChartSpec spec, out DateTimeOffset expires)
    {
        spec = null!;
        expires = default;
        if (string.IsNullOrEmpty(token) || token.Length > MaxLength) return false;
        var dot = token.IndexOf('.');
        if (dot <= 0 || dot != token.LastIndexOf('.') || !IsBase64Url(token.AsSpan(0, dot)) || !IsBase64Url(token.AsSpan(dot + 1))) return false;
        var body = token[..dot];
        // Compared as text, so a signature spelt another way (base64's spare low bits) is refused too; constant-time.
        var expected = Encoding.ASCII.GetBytes(Base64Url.EncodeToString(Mac(body)));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(token[(dot + 1)..]), expected)) return false;

        // Signed by us: the payload is ours, but read it defensively all the same.
        Payload? payload;
        try { payload = JsonSerializer.Deserialize<Payload>(Base64Url.DecodeFromChars(body)); }
        catch (Exception e) when (e is JsonException or FormatException) { return false; }
        if (payload is null || string.IsNullOrEmpty(payload.Kind) || string.IsNullOrEmpty(payload.Function) || payload.Arguments is null) return false;
        expires = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(payload.Expires, 0, DateTimeOffset.MaxValue.ToUnixTimeSeconds()));
        if (clock.GetUtcNow() >= expires) return false;
        spec = new ChartSpec(payload.Kind, payload.Function, payload.Arguments);
        return true;
    }

    private byte[] Mac(string body) => HMACSHA256.HashData(key.Key.Span, Encoding.ASCII.GetBytes(body));

    private static bool IsBase64Url(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return false;
        foreach (var c in text)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return false;
        return true;
    }
}
