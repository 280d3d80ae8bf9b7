using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DgBot.Web.Channels.Line;

public static class LineExtensions
{
    public static WebApplicationBuilder AddLineChannel(this WebApplicationBuilder builder)
    {
        builder.Services.AddLineOutbound(builder.Configuration);
        builder.Services.AddChannelDedupe();
        builder.Services.AddSingleton<LineInbox>();
        builder.Services.AddHostedService<LineWorker>();
        return builder;
    }

    /// <summary>What sending to LINE needs (the web host, and `dgbot alerts run` pushing alerts).</summary>
    public static IServiceCollection AddLineOutbound(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LineOptions>().Bind(configuration.GetSection(LineOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LineOptions>, LineOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(nameof(LineClient), c => c.Timeout = TimeSpan.FromSeconds(20));
        services.TryAddSingleton<LineClient>();
        return services;
    }

    public static WebApplication MapLineChannel(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<LineOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DgBot.Line");
        if (string.IsNullOrWhiteSpace(options.ChannelSecret))
            logger.LogWarning("Line:ChannelSecret is not set: /api/line refuses every request until the channel secret is configured");
        else if (string.IsNullOrWhiteSpace(options.ChannelAccessToken))
            logger.LogWarning("Line:ChannelAccessToken is not set: /api/line accepts webhooks but LINE will refuse every answer");

        app.MapPost("/api/line", HandleAsync);
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpRequest http, LineInbox inbox, IOptions<LineOptions> options, TimeProvider clock,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var o = options.Value;
        // Refusals carry no detail; nothing is parsed before the signature over the raw bytes checks out.
        var signature = http.Headers["x-line-signature"].ToString();
        if (string.IsNullOrEmpty(o.ChannelSecret) || string.IsNullOrWhiteSpace(signature)) return Results.Unauthorized();
        if (http.ContentLength > o.MaxBodyBytes) return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        var body = await ReadAsync(http.Body, o.MaxBodyBytes, cancellationToken);
        if (body is null) return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        if (!LineSignature.IsValid(o.ChannelSecret, body.Value.Span, signature)) return Results.Unauthorized();

        if (!LineWebhook.TryParse(body.Value, out var events))
            return Results.BadRequest(new { error = "The body is not a LINE webhook (a JSON object with an events array)." });

        // An empty batch is the console's "Verify" button: the answer is just 200.
        var logger = loggers.CreateLogger("DgBot.Line");
        var full = false;
        foreach (var e in events)
        {
            // In standby mode another channel (a module) is answering this chat.
            if (e.Mode == "standby") continue;
            // Refused events are still acknowledged (200): LINE would only redeliver them, and they would be refused again.
            var now = clock.GetUtcNow();
            switch (LineEventWindow.Judge(e.Timestamp, now, o.MaxEventAge))
            {
                case LineEventAge.TooOld:
                    logger.LogWarning("LINE event {EventId} ({Type}) happened {Age} ago, more than Line:MaxEventAgeMinutes ({Max}) (redelivery: {Redelivery}); not answered",
                        e.WebhookEventId, e.Type, now - e.Timestamp!.Value, o.MaxEventAgeMinutes, e.IsRedelivery);
                    continue;
                case LineEventAge.FromTheFuture:
                    logger.LogWarning("LINE event {EventId} ({Type}) is dated {Ahead} ahead of this host's clock, beyond the allowed skew; not answered",
                        e.WebhookEventId, e.Type, e.Timestamp!.Value - now);
                    continue;
                case LineEventAge.NoTimestamp:
                    logger.LogWarning("LINE event {EventId} ({Type}) has no timestamp, so its age cannot be bounded; not answered", e.WebhookEventId, e.Type);
                    continue;
            }
            switch (inbox.Admit(e))
            {
                case LineAdmission.Duplicate:
                    logger.LogInformation("LINE event {EventId} was already received (redelivery: {Redelivery}); ignored", e.WebhookEventId, e.IsRedelivery);
                    break;
                case LineAdmission.Full:
                    full = true;
                    break;
            }
        }
        if (full)
        {
            // Events already queued are remembered, so a redelivery of this batch answers only the ones that did not fit.
            logger.LogWarning("The LINE queue is full; asking LINE to redeliver");
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        return Results.Ok();
    }

    /// <summary>The raw body, up to the limit; null when it is longer.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
