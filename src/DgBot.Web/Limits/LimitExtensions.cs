using System.Globalization;
using System.Threading.RateLimiting;
using DgBot.Core.Audit;
using DgBot.Core.Storage;
using DgBot.Web.Chat;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DgBot.Web.Limits;

public static class LimitExtensions
{
    /// <summary>The policy for endpoints people call directly (not the Teams and LINE webhooks).</summary>
    public const string PerIp = "per-ip";

    /// <summary>Options, the per-user limiter and the audit log: what the chat service needs on every host (web, CLI).</summary>
    public static IServiceCollection AddQuestionLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().Configure<IServiceProvider>((o, sp) => sp.GetService<IConfiguration>()?.GetSection(RateLimitOptions.Section).Bind(o))
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<QuestionLimiter>();
        services.TryAddSingleton(sp => new AuditLog(sp.GetRequiredService<StateStore>(), sp.GetService<TimeProvider>() ?? TimeProvider.System)
        {
            RetentionDays = sp.GetService<IConfiguration>()?.GetValue<int?>("Audit:RetentionDays") ?? 365,
        });
        return services;
    }

    public static WebApplicationBuilder AddLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddQuestionLimits();
        builder.Services.AddOptions<RequestLimitOptions>().Bind(builder.Configuration.GetSection(RequestLimitOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        var sizes = builder.Configuration.GetSection(RequestLimitOptions.Section).Get<RequestLimitOptions>() ?? new RequestLimitOptions();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = sizes.MaxRequestBodyBytes;
            // A slow client cannot hold a connection open forever with a trickle of headers.
            k.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(15);
        });
        var rates = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // The machine itself (the local web page, a health probe, an in-process test host) is not limited by address; behind
            // a reverse proxy, set RateLimits:LimitLoopback=true and forward the client address (ForwardedHeaders).
            o.AddPolicy(PerIp, http => !rates.Enabled || !rates.LimitLoopback && (http.Connection.RemoteIpAddress is null || System.Net.IPAddress.IsLoopback(http.Connection.RemoteIpAddress))
                ? RateLimitPartition.GetNoLimiter("exempt")
                : RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = rates.PerIpPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true,
                }));
            o.OnRejected = async (context, ct) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 60;
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var texts = context.HttpContext.RequestServices.GetRequiredService<ChannelTexts>();
                await context.HttpContext.Response.WriteAsJsonAsync(new { error = texts.TooMany(seconds) }, ct);
            };
        });
        return builder;
    }

    public static WebApplication UseLimits(this WebApplication app)
    {
        var rates = app.Services.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        if (!rates.Enabled) app.Logger.LogWarning("RateLimits:Enabled=false: /api/ask and the other endpoints accept requests at any rate");
        app.UseRateLimiter();
        return app;
    }
}
