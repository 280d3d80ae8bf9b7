using DgBot.Core;
using DgBot.Core.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace DgBot.Web.Data;

public static class DataExtensions
{
    public static WebApplicationBuilder AddDgBotData(this WebApplicationBuilder builder)
    {
        builder.Services.AddDgBotData(builder.Configuration);
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return builder;
    }

    /// <summary>The survey definition and database location, shared by the web host and `dgbot ask`.</summary>
    public static IServiceCollection AddDgBotData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DataOptions>().Bind(configuration.GetSection(DataOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DataOptions>>().Value;
            var dir = string.IsNullOrWhiteSpace(options.Directory) ? DataPaths.FindDataDirectory() : Path.GetFullPath(options.Directory);
            return SurveyDefinition.Load(dir);
        });
        services.AddSingleton<DatabaseLocation>();
        return services;
    }

    /// <summary>On a fresh clone the database does not exist yet: build it (reference data, rules, seeded demo rounds) before serving.</summary>
    public static WebApplication EnsureDatabase(this WebApplication app)
    {
        var location = app.Services.GetRequiredService<DatabaseLocation>();
        var definition = app.Services.GetRequiredService<SurveyDefinition>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DgBot.Data");
        if (!File.Exists(location.Path))
        {
            logger.LogInformation("Building {Path} (first run): reference data, scoring rules and the seeded demo rounds", location.Path);
            var last = -1;
            var progress = new Progress<(string Stage, double Fraction)>(p =>
            {
                var pct = (int)(p.Fraction * 100);
                if (pct / 10 != last / 10) { last = pct; logger.LogInformation("build {Percent}% {Stage}", pct, p.Stage); }
            });
            var result = DatabaseBuilder.Build(definition, location.Path, app.Services.GetRequiredService<IOptions<DataOptions>>().Value.DemoSeed, progress);
            logger.LogInformation("Built {Path}: {Units} units, {UnitRounds} scored unit-rounds in {Seconds:F1} s", result.Path, result.Units, result.UnitRounds, result.Elapsed.TotalSeconds);
        }
        else
        {
            using var connection = Database.Open(location.Path);
            Migrations.Apply(connection, definition.DataDirectory);
        }
        return app;
    }
}

/// <summary>Where the database lives: Data:Path, else data/dgbot.db.</summary>
public sealed class DatabaseLocation(IOptions<DataOptions> options, SurveyDefinition definition)
{
    public string Path { get; } = string.IsNullOrWhiteSpace(options.Value.Path)
        ? DataPaths.DefaultDatabasePath(definition.DataDirectory)
        : System.IO.Path.GetFullPath(options.Value.Path);
}

public sealed class DatabaseHealthCheck(DatabaseLocation location) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var c = Database.Open(location.Path, readOnly: true);
            var latest = SurveyStore.GetMeta(c, "latest_year");
            return Task.FromResult(latest is null ? HealthCheckResult.Degraded("no survey round loaded") : HealthCheckResult.Healthy($"latest round {latest}"));
        }
        catch (Exception e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("database unavailable", e));
        }
    }
}
