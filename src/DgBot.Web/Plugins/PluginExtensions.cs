using DgBot.Core.Queries;
using DgBot.Web.Access;
using DgBot.Web.Data;
using DgBot.Web.Risk;
using Microsoft.SemanticKernel;

namespace DgBot.Web.Plugins;

public static class PluginExtensions
{
    public static readonly IReadOnlyList<string> PluginNames = ["maturity", "analytics", "report", "risk", "framework"];

    public static WebApplicationBuilder AddDgBotPlugins(this WebApplicationBuilder builder)
    {
        builder.Services.AddDgBotPlugins();
        return builder;
    }

    public static IServiceCollection AddDgBotPlugins(this IServiceCollection services)
    {
        services.AddSingleton(sp => SurveyQueries.ForFile(sp.GetRequiredService<DatabaseLocation>().Path));
        services.AddSingleton(sp =>
        {
            var path = sp.GetRequiredService<DatabaseLocation>().Path;
            return new UnitResolver(() => DgBot.Core.Storage.Database.Open(path, readOnly: true));
        });
        services.AddSingleton<MaturityPlugin>();
        services.AddSingleton<AnalyticsPlugin>();
        services.AddSingleton<ReportPlugin>();
        services.AddDgBotRisk();
        services.AddSingleton<RiskPlugin>();
        services.AddSingleton<FrameworkPlugin>();
        services.AddAccessCore();
        services.AddSingleton(sp => CreateKernel(sp));
        return services;
    }

    /// <summary>The kernel every path (deterministic parser or language model) calls the same functions through.</summary>
    public static Kernel CreateKernel(IServiceProvider sp)
    {
        var kernel = Kernel.CreateBuilder().Build();
        kernel.Plugins.AddFromObject(sp.GetRequiredService<MaturityPlugin>(), "maturity");
        kernel.Plugins.AddFromObject(sp.GetRequiredService<AnalyticsPlugin>(), "analytics");
        kernel.Plugins.AddFromObject(sp.GetRequiredService<ReportPlugin>(), "report");
        kernel.Plugins.AddFromObject(sp.GetRequiredService<RiskPlugin>(), "risk");
        kernel.Plugins.AddFromObject(sp.GetRequiredService<FrameworkPlugin>(), "framework");
        // On the kernel itself, so every invocation (the parser's and the model's automatic calls, clones included) is checked.
        kernel.FunctionInvocationFilters.Add(sp.GetRequiredService<AccessFilter>());
        return kernel;
    }
}
