using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace DgBot.Web.Channels.Teams;

/// <summary>
/// The outbound (bot → Connector) token: OAuth 2.0 client credentials against Entra ID, scope
/// https://api.botframework.com/.default, cached until five minutes before it expires.
/// </summary>
public sealed class BotTokenProvider(IHttpClientFactory http, IOptions<TeamsOptions> options, TimeProvider clock, ILogger<BotTokenProvider> logger)
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Token, DateTimeOffset RefreshAfter)? _cached;

    /// <summary>Whether outbound calls carry a token. The Emulator, with auth off and no credentials, accepts calls without one.</summary>
    public bool HasCredentials => !string.IsNullOrWhiteSpace(options.Value.AppId) && !string.IsNullOrWhiteSpace(options.Value.AppPassword);

    public async Task<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (!HasCredentials) return null;
        if (_cached is { } hit && clock.GetUtcNow() < hit.RefreshAfter) return hit.Token;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } again && clock.GetUtcNow() < again.RefreshAfter) return again.Token;
            var o = options.Value;
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = o.AppId!,
                ["client_secret"] = o.AppPassword!,
                ["scope"] = o.Scope,
            });
            using var response = await http.CreateClient(nameof(BotTokenProvider)).PostAsync(o.ResolvedTokenEndpoint, form, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                // The body may echo the client id or hints about the secret: log the status only.
                logger.LogError("The token endpoint refused the bot's client credentials: HTTP {Status}", (int)response.StatusCode);
                throw new HttpRequestException($"token endpoint returned {(int)response.StatusCode}", null, response.StatusCode);
            }
            var body = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken)
                ?? throw new HttpRequestException("token endpoint returned an empty body");
            if (string.IsNullOrEmpty(body.AccessToken)) throw new HttpRequestException("token endpoint returned no access_token");
            var lifetime = TimeSpan.FromSeconds(Math.Max(0, body.ExpiresIn));
            _cached = (body.AccessToken, clock.GetUtcNow() + (lifetime > RefreshMargin * 2 ? lifetime - RefreshMargin : lifetime / 2));
            return body.AccessToken;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forget the cached token, after the Connector refused it.</summary>
    public void Invalidate() => _cached = null;

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] long ExpiresIn);
}
