using DgBot.Core;
using DgBot.Core.Queries;
using DgBot.Core.Risk;
using DgBot.Core.Storage;
using DgBot.Web.Data;
using DgBot.Web.Risk;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using DgBot.Web.Plugins;
using Microsoft.Data.Sqlite;
using Microsoft.SemanticKernel;

namespace DgBot.Web.Tests;

public sealed class DemoDatabase : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"dgbot-plugins-{Guid.NewGuid():N}.db");
    public Kernel Kernel { get; }
    public SurveyQueries Queries { get; }

    public DemoDatabase()
    {
        DatabaseBuilder.Build(SurveyDefinition.Load(DataPaths.FindDataDirectory()), Path);
        Queries = SurveyQueries.ForFile(Path);
        var resolver = new UnitResolver(() => Database.Open(Path, readOnly: true));
        Kernel = Kernel.CreateBuilder().Build();
        Kernel.Plugins.AddFromObject(new MaturityPlugin(Queries, resolver), "maturity");
        Kernel.Plugins.AddFromObject(new AnalyticsPlugin(Queries), "analytics");
        Kernel.Plugins.AddFromObject(new ReportPlugin(Queries), "report");
        // No model is trained for this database here (its model folder is empty): the risk functions must say so.
        var definition = SurveyDefinition.Load(DataPaths.FindDataDirectory());
        var location = new DatabaseLocation(Options.Create(new DataOptions { Path = Path }), definition);
        var risk = new RiskModelHost(Options.Create(new RiskOptions()), location, definition, NullLogger<RiskModelHost>.Instance);
        Kernel.Plugins.AddFromObject(new RiskPlugin(risk, resolver), "risk");
        Kernel.Plugins.AddFromObject(new FrameworkPlugin(Queries), "framework");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        DatabaseBuilder.DeleteDatabaseFiles(Path);
        DatabaseBuilder.DeleteDatabaseFiles(StateStore.DefaultPathFor(Path));
        var keys = System.IO.Path.ChangeExtension(StateStore.DefaultPathFor(Path), null) + "-keys";
        if (Directory.Exists(keys)) Directory.Delete(keys, recursive: true);
        // A host started on this database trains a risk model beside it at start-up.
        var models = DgBot.Ml.RiskModelFiles.DirectoryFor(Path, DataPaths.FindDataDirectory());
        if (Directory.Exists(models)) Directory.Delete(models, recursive: true);
    }
}

public class PluginTests(DemoDatabase db) : IClassFixture<DemoDatabase>
{
    // DESIGN §4: plugin -> function -> arguments. Names are the model's contract and tests outside this repository call them.
    public static TheoryData<string, string, string[]> Catalog => new()
    {
        { "maturity", "unit_profile", ["unit", "year", "pillar", "sub_indicator"] },
        { "maturity", "unit_rank", ["unit", "scope", "pillar", "sub_indicator", "year"] },
        { "maturity", "unit_gaps", ["unit", "pillar", "sub_indicator", "year"] },
        { "maturity", "unit_trend", ["unit", "pillar", "sub_indicator"] },
        { "maturity", "compare_units", ["units", "pillar", "sub_indicator", "year"] },
        { "maturity", "unit_vs_group", ["unit", "scope", "pillar", "sub_indicator", "year"] },
        { "analytics", "level_distribution", ["population", "pillar", "sub_indicator", "year", "group_by", "ministry", "agency_type", "region", "mission"] },
        { "analytics", "list_units", ["population", "pillar", "sub_indicator", "level", "levels", "min_level", "max_level", "ministry", "agency_type", "region", "mission", "year"] },
        { "analytics", "top_units", ["population", "order", "n", "pillar", "sub_indicator", "ministry", "agency_type", "region", "mission", "year"] },
        { "analytics", "movers", ["population", "direction", "pillar", "sub_indicator", "from_year", "to_year", "ministry", "region", "mission"] },
        { "analytics", "item_statistic", ["item", "population", "year", "ministry", "agency_type", "region", "mission"] },
        { "analytics", "group_summary", ["population", "statistic", "group_by", "pillar", "sub_indicator", "level", "levels", "min_level", "max_level", "ministry", "agency_type", "region", "mission", "year"] },
        { "report", "published_figure", ["topic", "population"] },
        { "report", "recommendations", ["area"] },
        { "risk", "risk_watchlist", ["population", "n", "ministry", "region", "min_probability"] },
        { "risk", "unit_risk", ["unit"] },
        { "framework", "describe", ["pillar", "sub_indicator", "level"] },
    };

    [Theory]
    [MemberData(nameof(Catalog))]
    public void Every_catalog_function_imports_with_its_name_and_described_parameters(string plugin, string function, string[] parameters)
    {
        var f = db.Kernel.Plugins[plugin][function];
        Assert.Contains("|", f.Description); // Thai | English
        Assert.Equal(parameters, f.Metadata.Parameters.Select(p => p.Name));
        Assert.All(f.Metadata.Parameters, p => Assert.False(string.IsNullOrWhiteSpace(p.Description), $"{function}.{p.Name} has no description"));
    }

    [Fact]
    public void The_kernel_holds_exactly_the_catalog()
    {
        var names = db.Kernel.Plugins.SelectMany(p => p.Select(f => $"{p.Name}.{f.Name}")).Order().ToList();
        Assert.Equal(Catalog.Select(r => $"{r[0]}.{r[1]}").Order(), names);
    }

    [Theory]
    [MemberData(nameof(Catalog))]
    public void The_one_function_catalog_agrees_with_the_design_table(string plugin, string function, string[] parameters)
    {
        var entry = DgBot.Core.Catalog.FunctionCatalog.Get(function);
        Assert.Equal(plugin, entry.Plugin);
        Assert.Equal(parameters.Order(), entry.Parameters.Order());
        Assert.Equal(Catalog.Count, DgBot.Core.Catalog.FunctionCatalog.All.Count);
    }

    [Fact]
    public async Task Unit_rank_through_the_kernel_resolves_a_Thai_name_and_returns_the_typed_record()
    {
        var result = await db.Kernel.InvokeAsync("maturity", "unit_rank", new KernelArguments { ["unit"] = "เชียงใหม่", ["scope"] = "region" });
        var rank = result.GetValue<UnitRank>()!;
        Assert.Equal("TH-50", rank.Unit!.Id);
        Assert.Equal(RankScope.Region, rank.Scope);
        Assert.Equal("ภาคเหนือ", rank.Group);
        Assert.Equal(db.Queries.UnitRank("TH-50", RankScope.Region).Rank, rank.Rank);
    }

    [Fact]
    public async Task Level_distribution_through_the_kernel_gives_the_published_cyber_figure()
    {
        var result = await db.Kernel.InvokeAsync("analytics", "level_distribution",
            new KernelArguments { ["population"] = "province", ["sub_indicator"] = "6.2" });
        var distribution = result.GetValue<LevelDistribution>()!;
        Assert.Equal(59.21, Assert.Single(distribution.Groups).Levels[0].Share); // l.258
    }

    [Fact]
    public async Task Without_a_trained_model_the_risk_functions_say_plainly_that_none_is_available()
    {
        var unit = await db.Kernel.InvokeAsync("risk", "unit_risk", new KernelArguments { ["unit"] = "TH-50" });
        Assert.Equal("not_available", unit.GetValue<UnitRisk>()!.Status);
        Assert.Equal("TH-50", unit.GetValue<UnitRisk>()!.Unit!.Id);
        var list = await db.Kernel.InvokeAsync("risk", "risk_watchlist", new KernelArguments { ["population"] = "province" });
        Assert.Equal("not_available", list.GetValue<RiskWatchlist>()!.Status);
        Assert.Empty(list.GetValue<RiskWatchlist>()!.Units);
    }

    [Fact]
    public void An_abbreviation_shared_by_a_province_and_an_agency_resolves_to_both_as_candidates()
    {
        var resolver = new UnitResolver(() => Database.Open(db.Path, readOnly: true));
        var trat = resolver.Resolve("ตร.");
        Assert.Null(trat.Unit);
        Assert.Contains(trat.Candidates, u => u.Kind == "province");
        Assert.Contains(trat.Candidates, u => u.Kind == "department");
        Assert.Equal("TH-50", resolver.Resolve("จ.เชียงใหม่").Unit?.Id);
        Assert.Equal("TH-30", resolver.Resolve("โคราช").Unit?.Id);
    }
}
