using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace DgBot.Web.Channels.Teams;

/// <summary>The Teams / Bot Framework channel (DESIGN §8). Secrets come from the environment (Teams__AppPassword) or user-secrets.</summary>
public sealed class TeamsOptions
{
    public const string Section = "Teams";
    public const string BotFrameworkMetadata = "https://login.botframework.com/v1/.well-known/openidconfiguration";
    public const string EmulatorMetadata = "https://login.microsoftonline.com/botframework.com/v2.0/.well-known/openid-configuration";

    /// <summary>The bot's Microsoft App ID: the audience of inbound tokens and the client id of outbound ones.</summary>
    public string? AppId { get; set; }

    /// <summary>The client secret used to obtain the outbound (bot → Connector) token.</summary>
    public string? AppPassword { get; set; }

    /// <summary>The bot registration's tenant (single-tenant bots, the default for new registrations); empty means multi-tenant (botframework.com).</summary>
    public string? TenantId { get; set; }

    /// <summary>OpenID metadata of the Bot Framework token issuer; its jwks_uri gives the signing keys and their channel endorsements.</summary>
    public string OpenIdMetadataUrl { get; set; } = BotFrameworkMetadata;

    /// <summary>OpenID metadata for tokens the Bot Framework Emulator obtains from Entra ID; used in Development only.</summary>
    public string EmulatorOpenIdMetadataUrl { get; set; } = EmulatorMetadata;

    /// <summary>The client-credentials token endpoint; empty means https://login.microsoftonline.com/{TenantId or botframework.com}/oauth2/v2.0/token.</summary>
    public string? TokenEndpoint { get; set; }

    public string Scope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>Inbound token validation (DESIGN §8). May be false only in Development (for the Emulator); anywhere else start-up fails.</summary>
    public bool AuthEnabled { get; set; } = true;

    /// <summary>The same switch spelt the other way (Teams:DisableAuth=true), honoured so that neither spelling is silently ignored.</summary>
    public bool DisableAuth { get; set; }

    public bool ValidatesTokens => AuthEnabled && !DisableAuth;

    /// <summary>Activities waiting for the background workers; when full, /api/messages answers 503 so the channel retries.</summary>
    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 1000;

    [Range(1, 64)]
    public int Workers { get; set; } = 4;

    public string ResolvedTokenEndpoint => string.IsNullOrWhiteSpace(TokenEndpoint)
        ? $"https://login.microsoftonline.com/{(string.IsNullOrWhiteSpace(TenantId) ? "botframework.com" : TenantId.Trim())}/oauth2/v2.0/token"
        : TokenEndpoint.Trim();
}

/// <summary>Refuses, at start-up, a configuration that would switch inbound authentication off outside Development.</summary>
public sealed class TeamsOptionsValidator(IHostEnvironment environment) : IValidateOptions<TeamsOptions>
{
    public ValidateOptionsResult Validate(string? name, TeamsOptions options)
    {
        var errors = new List<string>();
        if (!options.ValidatesTokens && !environment.IsDevelopment())
            errors.Add($"Teams:AuthEnabled=false (or Teams:DisableAuth=true) is refused in the '{environment.EnvironmentName}' environment: inbound Bot Framework tokens " +
                       "may be left unchecked only when ASPNETCORE_ENVIRONMENT=Development (for the Bot Framework Emulator). Remove the setting.");
        foreach (var (key, value) in new[] { ("OpenIdMetadataUrl", options.OpenIdMetadataUrl), ("EmulatorOpenIdMetadataUrl", options.EmulatorOpenIdMetadataUrl), ("TokenEndpoint", options.ResolvedTokenEndpoint) })
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
                errors.Add($"Teams:{key} must be an absolute https URL (plain http only on loopback), not '{value}'.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
