using DgBot.Core.Catalog;
using DgBot.Core.Queries;
using DgBot.Web.Access;
using DgBot.Web.Data;
using DgBot.Web.Risk;
using Microsoft.SemanticKernel;

namespace DgBot.Web.Plugins;

public static class PluginExtensions
{
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
        foreach (var plugin in FunctionCatalog.Plugins)
            kernel.Plugins.AddFromObject(plugin switch
            {
                FunctionCatalog.Maturity => sp.GetRequiredService<MaturityPlugin>(),
                FunctionCatalog.Analytics => sp.GetRequiredService<AnalyticsPlugin>(),
                FunctionCatalog.Report => sp.GetRequiredService<ReportPlugin>(),
                FunctionCatalog.Risk => sp.GetRequiredService<RiskPlugin>(),
                FunctionCatalog.Framework => (object)sp.GetRequiredService<FrameworkPlugin>(),
                _ => throw new InvalidOperationException($"the catalog names a plugin '{plugin}' that no class implements"),
            }, plugin);
        // The catalog and the plugin classes must agree exactly: a function on one side only would be unreachable or unchecked.
        var registered = kernel.Plugins.SelectMany(p => p.Select(f => $"{p.Name}.{f.Name}")).ToHashSet();
        var catalog = FunctionCatalog.All.Select(f => $"{f.Plugin}.{f.Name}").ToHashSet();
        if (!registered.SetEquals(catalog))
            throw new InvalidOperationException("kernel and catalog differ: " + string.Join(", ", registered.Except(catalog).Concat(catalog.Except(registered))));
        // On the kernel itself, so every invocation (the parser's and the model's automatic calls, clones included) is checked.
        kernel.FunctionInvocationFilters.Add(sp.GetRequiredService<AccessFilter>());
        return kernel;
    }
}
