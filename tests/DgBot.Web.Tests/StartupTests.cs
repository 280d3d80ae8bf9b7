using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace DgBot.Web.Tests;

public sealed class FreshDatabaseFactory : WebApplicationFactory<Program>
{
    public string DbPath { get; } = Path.Combine(Path.GetTempPath(), $"dgbot-web-{Guid.NewGuid():N}", "dgbot.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.UseSetting("Data:Path", DbPath);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        var dir = Path.GetDirectoryName(DbPath)!;
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }
}

public class StartupTests
{
    [Fact]
    public async Task On_a_fresh_clone_the_host_builds_the_database_reports_healthy_and_says_the_data_is_synthetic()
    {
        using var factory = new FreshDatabaseFactory();
        Assert.False(File.Exists(factory.DbPath), "the database must not exist before the host starts");
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        Assert.True(File.Exists(factory.DbPath));

        var html = await client.GetStringAsync("/");
        Assert.Contains("ปี 2567", html);
        Assert.Contains("สังเคราะห์", html);

        // DESIGN §10: with no risk model for the database, the host trains one before serving, beside the database.
        var models = Path.Combine(Path.GetDirectoryName(factory.DbPath)!, "dgbot-models");
        Assert.True(File.Exists(Path.Combine(models, "risk-model.zip")));
        Assert.True(File.Exists(Path.Combine(models, "risk-model-card.json")));
    }
}
