using DgBot.Core.Queries;
using DgBot.Web.Data;
using Microsoft.SemanticKernel;

namespace DgBot.Web.Plugins;

public static class PluginExtensions
{
    public static readonly IReadOnlyList<string> PluginNames = ["maturity", "analytics", "report", "risk", "framework"];

    public static WebApplicationBuilder AddDgBotPlugins(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp => SurveyQueries.ForFile(sp.GetRequiredService<DatabaseLocation>().Path));
        builder.Services.AddSingleton(sp =>
        {
            var path = sp.GetRequiredService<DatabaseLocation>().Path;
            return new UnitResolver(() => DgBot.Core.Storage.Database.Open(path, readOnly: true));
        });
        builder.Services.AddSingleton<MaturityPlugin>();
        builder.Services.AddSingleton<AnalyticsPlugin>();
        builder.Services.AddSingleton<ReportPlugin>();
        builder.Services.AddSingleton<RiskPlugin>();
        builder.Services.AddSingleton<FrameworkPlugin>();
        builder.Services.AddSingleton(sp => CreateKernel(sp));
        return builder;
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
        return kernel;
    }
}
