using DgBot.Core.Alerts;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DgBot.Web.Alerts;

public static class AlertExtensions
{
    /// <summary>Alerts:* bound from whatever configuration the host has (the web host, `dgbot ask`, `dgbot alerts run`).</summary>
    public static IServiceCollection AddAlertOptions(this IServiceCollection services)
    {
        services.AddOptions<AlertOptions>()
            .Configure<IServiceProvider>((o, sp) => sp.GetService<IConfiguration>()?.GetSection(AlertOptions.Section).Bind(o))
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<AlertOptions>, AlertOptionsValidator>());
        return services;
    }

    /// <summary>The job and the outbox; shared by the web host and `dgbot alerts run` (after AddChat and the plugins).</summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        services.AddAlertOptions();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AlertOutbox>();
        services.TryAddSingleton<AlertComposer>();
        services.TryAddSingleton<AlertJob>();
        services.TryAddSingleton<AlertSender>();
        return services;
    }

    public static WebApplicationBuilder AddAlerts(this WebApplicationBuilder builder)
    {
        builder.Services.AddAlerts();
        builder.Services.AddHostedService<AlertScheduler>();
        return builder;
    }

    /// <summary>GET /api/admin/alerts[?status=pending|sending|sent|parked&amp;limit=n]: the outbox, newest first, with counts per status.</summary>
    public static RouteGroupBuilder MapAlertsAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/alerts", (AlertOutbox outbox, AlertSubscriptions subscriptions, string? status, int? limit) =>
        {
            if (status is not (null or OutboxStatus.Pending or OutboxStatus.Sending or OutboxStatus.Sent or OutboxStatus.Parked))
                return Results.Json(new { error = "status ต้องเป็น pending, sending, sent หรือ parked" }, statusCode: StatusCodes.Status400BadRequest);
            if (limit is < 1 or > 10_000)
                return Results.Json(new { error = "limit ต้องอยู่ระหว่าง 1 ถึง 10000" }, statusCode: StatusCodes.Status400BadRequest);
            var messages = outbox.List(status, limit ?? 200).Select(m => new
            {
                id = m.Id, idempotency_key = m.IdempotencyKey, subscription = m.SubscriptionId, channel = m.Channel, round = m.Round,
                model_version = m.ModelVersion, summary = m.Summary, status = m.Status, attempts = m.Attempts, next_attempt_at = m.NextAttemptAt,
                last_status = m.LastStatus, last_error = m.LastError, parked_reason = m.ParkedReason, channel_message_id = m.ChannelMessageId,
                created_at = m.CreatedAt, sent_at = m.SentAt,
            });
            return Results.Json(new { counts = outbox.Counts(), subscribers = subscriptions.Active().Count, messages });
        });
        return admin;
    }
}
