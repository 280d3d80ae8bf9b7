using System.Text.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DgBot.Web.Channels.Teams;

public static class TeamsExtensions
{
    public static WebApplicationBuilder AddTeamsChannel(this WebApplicationBuilder builder)
    {
        builder.Services.AddTeamsOutbound(builder.Configuration);
        builder.Services.AddHttpClient(nameof(BotAuthenticator), c => c.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton<BotAuthenticator>();
        builder.Services.AddChannelDedupe();
        builder.Services.AddSingleton<TeamsInbox>();
        builder.Services.AddHostedService<TeamsWorker>();
        return builder;
    }

    /// <summary>What sending to Teams needs (the web host, and `dgbot alerts run` delivering proactive alerts).</summary>
    public static IServiceCollection AddTeamsOutbound(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TeamsOptions>().Bind(configuration.GetSection(TeamsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TeamsOptions>, TeamsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(nameof(BotTokenProvider), c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddHttpClient(nameof(ConnectorClient), c => c.Timeout = TimeSpan.FromSeconds(30));
        services.TryAddSingleton<BotTokenProvider>();
        services.TryAddSingleton<ConnectorClient>();
        services.TryAddSingleton<ConversationReferenceStore>();
        return services;
    }

    public static WebApplication MapTeamsChannel(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<TeamsOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DgBot.Teams");
        if (!options.ValidatesTokens)
            logger.LogWarning("Teams:AuthEnabled=false (or Teams:DisableAuth=true): /api/messages accepts activities WITHOUT checking their Bot Framework token. " +
                              "This is allowed only in Development, for the Bot Framework Emulator");
        else if (string.IsNullOrWhiteSpace(options.AppId))
            logger.LogWarning("Teams:AppId is not set: /api/messages refuses every request until the bot's app id is configured");

        app.MapPost("/api/messages", HandleAsync);
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpRequest http, BotAuthenticator authenticator, TeamsInbox inbox,
        IOptions<TeamsOptions> options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        // Authenticate before reading the body; refusals carry no detail.
        InboundIdentity? identity = null;
        if (options.Value.ValidatesTokens)
        {
            var (outcome, found) = await authenticator.AuthenticateAsync(http.Headers.Authorization.ToString(), cancellationToken);
            if (outcome == AuthOutcome.Unavailable) return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            if (outcome != AuthOutcome.Ok) return Results.Unauthorized();
            identity = found;
        }

        Activity? activity;
        try
        {
            using var body = new MemoryStream();
            await http.Body.CopyToAsync(body, cancellationToken);
            activity = TeamsJson.Read(body.GetBuffer().AsSpan(0, (int)body.Length));
        }
        catch (JsonException)
        {
            return Results.BadRequest(new { error = "The body is not a valid Bot Framework activity (JSON)." });
        }
        if (activity is null || string.IsNullOrWhiteSpace(activity.Type))
            return Results.BadRequest(new { error = "The activity has no type." });

        if (identity is not null)
        {
            switch (authenticator.Authorize(identity, activity))
            {
                case AuthOutcome.Forbidden: return Results.StatusCode(StatusCodes.Status403Forbidden);
                case AuthOutcome.Ok: break;
                default: return Results.Unauthorized();
            }
        }

        // Types DgBot does not handle are acknowledged and ignored (spec A2014).
        if (activity.Type is not (ActivityTypes.Message or ActivityTypes.ConversationUpdate)) return Results.Ok();
        if (!Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var serviceUrl) || serviceUrl.Scheme is not ("https" or "http")
            || string.IsNullOrEmpty(activity.Conversation?.Id))
            return Results.BadRequest(new { error = "The activity needs a serviceUrl and a conversation.id to be answered." });

        // No refusal by the activity's timestamp: the Activity spec says bots SHOULD NOT reject by it. A replay is bounded by the token's
        // lifetime instead, and the activity id is remembered at least that long.
        switch (inbox.Admit(activity, identity?.ReplayableUntil))
        {
            case Admission.Duplicate:
                return Results.Ok();
            case Admission.Full:
                loggers.CreateLogger("DgBot.Teams").LogWarning("The Teams queue is full; asking the channel to retry");
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            default:
                return Results.Accepted();
        }
    }
}
