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
        return services;
    }

    public static WebApplicationBuilder AddAlerts(this WebApplicationBuilder builder)
    {
        builder.Services.AddAlerts();
        return builder;
    }
}
