using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DgBot.Web.Tests.Teams;

/// <summary>What the fake Connector received: one POST to /v3/conversations/{conversation}/activities[/{replyTo}].</summary>
public sealed record ReceivedActivity(string ConversationId, string? ReplyToPath, string? Authorization, JsonElement Body, int Utf16Size)
{
    public string? Type => Body.TryGetProperty("type", out var t) ? t.GetString() : null;
    public string? Text => Body.TryGetProperty("text", out var t) ? t.GetString() : null;
}

/// <summary>
/// The Bot Framework's side of the wire, as a real Kestrel server on 127.0.0.1: OpenID metadata and JWKS (with channel
/// endorsements), an Entra-style metadata document for Emulator tokens, the client-credentials token endpoint, and the
/// Connector's activities endpoint. It records what it receives; tokens are minted here with local RSA keys.
/// </summary>
public sealed class FakeBotFramework : IAsyncDisposable
{
    public const string Issuer = "https://api.botframework.com";
    public const string EmulatorIssuer = "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/";
    public const string AccessToken = "fake-connector-access-token";

    public RsaSecurityKey TeamsKey { get; } = NewKey("teams-key");        // endorsed for msteams and emulator
    public RsaSecurityKey WebChatKey { get; } = NewKey("webchat-key");    // endorsed for webchat only
    public ConcurrentQueue<ReceivedActivity> Activities { get; } = new();
    public ConcurrentQueue<Dictionary<string, string>> TokenRequests { get; } = new();
    public string BaseUrl { get; }
    public string ServiceUrl => BaseUrl + "/teams/";
    public string MetadataUrl => BaseUrl + "/v1/.well-known/openidconfiguration";
    public string EmulatorMetadataUrl => BaseUrl + "/emulator/v2.0/.well-known/openid-configuration";
    public string TokenEndpoint => BaseUrl + "/tenant/oauth2/v2.0/token";

    /// <summary>An OpenID metadata address that answers nothing but 503; <see cref="DownHits"/> counts the requests it got.</summary>
    public string DownMetadataUrl(string name) => $"{BaseUrl}/down/{name}/.well-known/openidconfiguration";

    public int DownHits(string name) => _downHits.TryGetValue(name, out var n) ? n : 0;

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _downHits = new();

    public FakeBotFramework()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapGet("/v1/.well-known/openidconfiguration", () => Results.Json(new
        {
            issuer = Issuer,
            jwks_uri = BaseUrl + "/v1/.well-known/keys",
            id_token_signing_alg_values_supported = new[] { "RS256" },
            token_endpoint_auth_methods_supported = new[] { "private_key_jwt" },
        }));
        _app.MapGet("/emulator/v2.0/.well-known/openid-configuration", () => Results.Json(new
        {
            issuer = "https://login.microsoftonline.com/{tenantid}/v2.0",
            jwks_uri = BaseUrl + "/emulator/keys",
            id_token_signing_alg_values_supported = new[] { "RS256" },
        }));
        // A metadata service that is down: every request answers 503, and is counted, so a test can tell whether the bot tried.
        _app.MapGet("/down/{name}/.well-known/openidconfiguration", (string name) =>
        {
            _downHits.AddOrUpdate(name, 1, (_, n) => n + 1);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        });
        _app.MapGet("/v1/.well-known/keys", () => Results.Json(new { keys = new[] { Jwk(TeamsKey, "msteams", "emulator"), Jwk(WebChatKey, "webchat") } }));
        _app.MapGet("/emulator/keys", () => Results.Json(new { keys = new[] { Jwk(TeamsKey) } }));
        _app.MapPost("/tenant/oauth2/v2.0/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            TokenRequests.Enqueue(form.ToDictionary(f => f.Key, f => f.Value.ToString()));
            return Results.Json(new { token_type = "Bearer", expires_in = 3600, ext_expires_in = 3600, access_token = AccessToken });
        });
        _app.MapPost("/teams/v3/conversations/{conversationId}/activities/{replyTo?}", async (HttpRequest request, string conversationId, string? replyTo) =>
        {
            using var reader = new StreamReader(request.Body);
            var json = await reader.ReadToEndAsync();
            var body = JsonDocument.Parse(json).RootElement.Clone();
            Activities.Enqueue(new ReceivedActivity(conversationId, replyTo, request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null, body, json.Length * 2));
            return Results.Json(new { id = Guid.NewGuid().ToString("N") });
        });
        _app.StartAsync().GetAwaiter().GetResult();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
    }

    public string Token(string? serviceUrl = null, string audience = TeamsWorld.AppId, string issuer = Issuer, SecurityKey? key = null,
        DateTime? expires = null, bool withServiceUrl = true)
    {
        var now = DateTime.UtcNow;
        var exp = expires ?? now.AddHours(1);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = exp.AddHours(-2),
            NotBefore = exp.AddHours(-2),
            Expires = exp,
            SigningCredentials = new SigningCredentials(key ?? TeamsKey, SecurityAlgorithms.RsaSha256),
            Claims = withServiceUrl ? new Dictionary<string, object> { ["serviceurl"] = serviceUrl ?? ServiceUrl } : null,
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    public IReadOnlyList<ReceivedActivity> For(string conversationId) => Activities.Where(a => a.ConversationId == conversationId).ToList();

    /// <summary>Polls until the conversation has at least <paramref name="count"/> activities matching, or fails after the timeout.</summary>
    public async Task<IReadOnlyList<ReceivedActivity>> WaitForAsync(string conversationId, int count, Func<ReceivedActivity, bool>? match = null, int timeoutSeconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var found = For(conversationId).Where(match ?? (_ => true)).ToList();
            if (found.Count >= count) return found;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"the fake Connector got {found.Count} of {count} expected activities for {conversationId} within {timeoutSeconds} s");
            await Task.Delay(20);
        }
    }

    public static RsaSecurityKey NewKey(string kid) => new(RSA.Create(2048)) { KeyId = kid };

    private static Dictionary<string, object> Jwk(RsaSecurityKey key, params string[] endorsements)
    {
        var p = key.Rsa.ExportParameters(false);
        var jwk = new Dictionary<string, object>
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = key.KeyId,
            ["n"] = Base64UrlEncoder.Encode(p.Modulus),
            ["e"] = Base64UrlEncoder.Encode(p.Exponent),
        };
        if (endorsements.Length > 0) jwk["endorsements"] = endorsements;
        return jwk;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
