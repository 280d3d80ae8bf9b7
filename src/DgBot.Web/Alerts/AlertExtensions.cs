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
}
