using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace DgBot.Web.Channels.Teams;

public enum AuthOutcome { Ok, Unauthorized, Forbidden, Unavailable }

/// <summary>A validated inbound token: who issued it, which channels its signing key is endorsed for, and its serviceurl claim.</summary>
/// <param name="ReplayableUntil">Until when a copy of this request would still pass: the token's expiry plus the clock skew allowed.</param>
public sealed record InboundIdentity(string Issuer, bool FromBotFramework, IReadOnlyList<string> Endorsements, string? ServiceUrl,
    DateTimeOffset? ReplayableUntil = null);

/// <summary>
/// Validates the Bot Framework JWT on POST /api/messages (Connector → bot), as the Bot Framework REST authentication
/// document describes: RS256 signature by a key from the OpenID metadata's JWKS (cached, refreshed at least twice a day and
/// on an unknown key id), issuer, audience = the bot's app id, lifetime with 5 minutes of clock skew; then, once the body is
/// read, the key's channel endorsement and the serviceurl claim against the activity. Everything that does not need the keys
/// is checked first, so that only a token that could be valid ever waits on the metadata (and gets 503 when it is unreachable).
/// </summary>
public sealed class BotAuthenticator
{
    public const string BotFrameworkIssuer = "https://api.botframework.com";
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    // The Emulator signs in through Entra ID as the bot's own app: v1 and v2 issuers of the Bot Framework tenants.
    private static readonly string[] EmulatorIssuers =
    [
        "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/",
        "https://login.microsoftonline.com/d6d49420-f39b-4df7-a1dc-d59a935871db/v2.0",
        "https://sts.windows.net/f8cdef31-a31e-4b4a-93e4-5f571e91255a/",
        "https://login.microsoftonline.com/f8cdef31-a31e-4b4a-93e4-5f571e91255a/v2.0",
    ];

    private readonly TeamsOptions _options;
    private readonly bool _development;
    private readonly IHttpClientFactory _http;
    private readonly ILogger<BotAuthenticator> _logger;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly ConcurrentDictionary<string, ConfigurationManager<OpenIdConnectConfiguration>> _metadata = new();

    public BotAuthenticator(IOptions<TeamsOptions> options, IHostEnvironment environment, IHttpClientFactory http, ILogger<BotAuthenticator> logger)
    {
        _options = options.Value;
        _development = environment.IsDevelopment();
        _http = http;
        _logger = logger;
    }

    public async Task<(AuthOutcome Outcome, InboundIdentity? Identity)> AuthenticateAsync(string? authorization, CancellationToken cancellationToken)
    {
        const string scheme = "Bearer ";
        if (string.IsNullOrWhiteSpace(_options.AppId)) return (AuthOutcome.Unauthorized, null);
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return (AuthOutcome.Unauthorized, null);
        var token = authorization[scheme.Length..].Trim();

        JsonWebToken jwt;
        try { jwt = new JsonWebToken(token); }
        catch (Exception e) when (e is ArgumentException or SecurityTokenException) { return (AuthOutcome.Unauthorized, null); }
        if (CannotBeValid(jwt) is { } flaw)
        {
            // Decided before the metadata is fetched: when it cannot be fetched, a token no key could make valid must still be
            // refused (401), not answered "retry later" (503), which would tell a forger nothing was checked.
            _logger.LogInformation("Refused a /api/messages token that cannot be valid: {Flaw}", flaw);
            return (AuthOutcome.Unauthorized, null);
        }
        var issuer = jwt.Issuer;

        var fromBotFramework = string.Equals(issuer, BotFrameworkIssuer, StringComparison.Ordinal);
        string[] issuers;
        string metadataUrl;
        if (fromBotFramework)
        {
            issuers = [BotFrameworkIssuer];
            metadataUrl = _options.OpenIdMetadataUrl;
        }
        else if (_development && EmulatorIssuers.Contains(issuer, StringComparer.Ordinal))
        {
            issuers = EmulatorIssuers;
            metadataUrl = _options.EmulatorOpenIdMetadataUrl;
        }
        else
        {
            _logger.LogInformation("Refused a /api/messages token from an issuer that is not accepted here");
            return (AuthOutcome.Unauthorized, null);
        }

        var manager = _metadata.GetOrAdd(metadataUrl, CreateManager);
        try
        {
            var (result, config) = await ValidateAsync(token, issuers, manager, cancellationToken);
            if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException)
            {
                // The channel may have rolled its keys since we cached them.
                manager.RequestRefresh();
                (result, config) = await ValidateAsync(token, issuers, manager, cancellationToken);
            }
            if (!result.IsValid)
            {
                _logger.LogInformation("Refused a /api/messages token: {Reason}", result.Exception?.GetType().Name);
                return (AuthOutcome.Unauthorized, null);
            }
            var kid = result.SecurityToken.SigningKey?.KeyId;
            var endorsements = Endorsements(config, kid);
            var serviceUrl = result.ClaimsIdentity.FindFirst("serviceurl")?.Value;
            var validTo = result.SecurityToken.ValidTo;
            DateTimeOffset? replayableUntil = validTo == DateTime.MinValue ? null : new DateTimeOffset(DateTime.SpecifyKind(validTo, DateTimeKind.Utc)) + ClockSkew;
            return (AuthOutcome.Ok, new InboundIdentity(issuer, fromBotFramework, endorsements, serviceUrl, replayableUntil));
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or IOException)
        {
            _logger.LogError(e, "Could not read the OpenID metadata or signing keys from {Url}", metadataUrl);
            return (AuthOutcome.Unavailable, null);
        }
    }

    /// <summary>
    /// Why the token cannot be valid whatever the signing keys are, or null when only its signature is left to check: it must
    /// be a signed (not encrypted) JWT, RS256, with a key id and a signature, for this bot, within its lifetime. The issuer is
    /// checked by the caller, also before any fetch. All but one repeat checks the full validation makes anyway, so they only
    /// refuse earlier, never accept; the key id is the exception (the validation would try every key), and the Bot Framework
    /// and Entra always name the key that signed, whose endorsements <see cref="Authorize"/> reads.
    /// </summary>
    private string? CannotBeValid(JsonWebToken jwt)
    {
        try
        {
            if (jwt.IsEncrypted) return "encrypted";
            if (!string.Equals(jwt.Alg, SecurityAlgorithms.RsaSha256, StringComparison.Ordinal)) return "algorithm";
            if (string.IsNullOrWhiteSpace(jwt.Kid)) return "no key id";
            if (string.IsNullOrEmpty(jwt.EncodedSignature)) return "no signature";
            if (!jwt.Audiences.Any(a => string.Equals(a.TrimEnd('/'), _options.AppId!.TrimEnd('/'), StringComparison.Ordinal))) return "audience";
            // A missing exp or nbf reads as DateTime.MinValue.
            var now = DateTime.UtcNow;
            if (jwt.ValidTo == DateTime.MinValue) return "no expiry";
            if (jwt.ValidTo.Add(ClockSkew) < now) return "expired";
            if (jwt.ValidFrom != DateTime.MinValue && jwt.ValidFrom.Subtract(ClockSkew) > now) return "not yet valid";
            return null;
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenException or FormatException or InvalidOperationException)
        {
            // A claim of the wrong type (a string exp, an object aud) is a token no validation would accept.
            return "malformed claims";
        }
    }

    /// <summary>Checks that need the activity: the signing key must be endorsed for its channel, the token bound to its serviceUrl.</summary>
    public AuthOutcome Authorize(InboundIdentity identity, Activity activity)
    {
        // Entra-issued Emulator tokens (Development only) carry neither endorsements nor a serviceurl claim.
        if (!identity.FromBotFramework) return AuthOutcome.Ok;
        if (string.IsNullOrEmpty(activity.ChannelId) || !identity.Endorsements.Contains(activity.ChannelId, StringComparer.OrdinalIgnoreCase))
        {
            _logger.LogWarning("Refused an activity for channel {Channel}: the signing key is not endorsed for it", activity.ChannelId);
            return AuthOutcome.Forbidden;
        }
        if (string.IsNullOrEmpty(identity.ServiceUrl) || !string.Equals(identity.ServiceUrl, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase))
        {
            _logger.LogWarning("Refused an activity whose serviceUrl does not match the token's serviceurl claim");
            return AuthOutcome.Unauthorized;
        }
        return AuthOutcome.Ok;
    }

    private async Task<(TokenValidationResult, OpenIdConnectConfiguration)> ValidateAsync(string token, string[] issuers,
        ConfigurationManager<OpenIdConnectConfiguration> manager, CancellationToken cancellationToken)
    {
        var config = await manager.GetConfigurationAsync(cancellationToken);
        var parameters = new TokenValidationParameters
        {
            ValidIssuers = issuers,
            ValidAudience = _options.AppId,
            IssuerSigningKeys = config.SigningKeys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = ClockSkew,
        };
        return (await _handler.ValidateTokenAsync(token, parameters), config);
    }

    private ConfigurationManager<OpenIdConnectConfiguration> CreateManager(string url)
    {
        var client = _http.CreateClient(nameof(BotAuthenticator));
        var retriever = new HttpDocumentRetriever(client) { RequireHttps = !new Uri(url).IsLoopback };
        return new ConfigurationManager<OpenIdConnectConfiguration>(url, new OpenIdConnectConfigurationRetriever(), retriever)
        {
            // The Bot Framework asks for a refresh at least once every 24 hours.
            AutomaticRefreshInterval = TimeSpan.FromHours(12),
        };
    }

    /// <summary>The Bot Framework adds an "endorsements" array (channel ids) to each JWK; IdentityModel keeps it in AdditionalData.</summary>
    private static IReadOnlyList<string> Endorsements(OpenIdConnectConfiguration config, string? kid)
    {
        if (kid is null || config.JsonWebKeySet is null) return [];
        var found = new List<string>();
        foreach (var key in config.JsonWebKeySet.Keys.Where(k => k.Kid == kid))
        {
            if (!key.AdditionalData.TryGetValue("endorsements", out var value)) continue;
            switch (value)
            {
                case JsonElement { ValueKind: JsonValueKind.Array } array:
                    found.AddRange(array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!));
                    break;
                case string single:
                    found.Add(single);
                    break;
                case System.Collections.IEnumerable items:
                    found.AddRange(items.Cast<object?>().Select(o => o?.ToString()).OfType<string>());
                    break;
            }
        }
        return found;
    }
}
