using System.Net;
using System.Net.Http.Json;
using DgBot.Core.Access;
using DgBot.Core.Storage;
using DgBot.Web.Tests.Charts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace DgBot.Web.Tests.Access;

/// <summary>
/// One demo database for the lockout tests; each test gets its own state database (so its counts start from nothing and a
/// restart is a new host on the same file) and a clock it moves.
/// </summary>
public sealed class LockoutWorld : IDisposable
{
    public const string Name = "lockout";

    public DemoDatabase Db { get; } = new();

    public void Dispose() => Db.Dispose();
}

[CollectionDefinition(LockoutWorld.Name)]
public sealed class LockoutCollection : ICollectionFixture<LockoutWorld>;

/// <summary>A test's state database, kept in its own folder with the cookie keys the host puts beside it.</summary>
public sealed class ScratchState : IDisposable
{
    private readonly string _directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dgbot-lockout-" + Guid.NewGuid().ToString("N"));

    public ScratchState() => Directory.CreateDirectory(_directory);

    public string Path => System.IO.Path.Combine(_directory, "state.db");

    public StateStore Store => new(Path);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}

/// <summary>
/// The real host in Access:Mode=Roster over the shared demo database and a test's own state database, on a clock the test
/// moves. A request may say which client address it comes from (X-Test-Client): the in-process server has no network, and
/// the per-address counts need more than one address, which a real loopback connection cannot give.
/// </summary>
public sealed class LockoutHost(DemoDatabase db, string statePath, TimeProvider clock) : WebApplicationFactory<Program>
{
    public const string AdminKey = "lockout-admin-key-0123456789";
    public const string ClientHeader = "X-Test-Client";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Data:Path", db.Path);
        builder.UseSetting("Data:StatePath", statePath);
        builder.UseSetting("Access:Mode", "Roster");
        builder.UseSetting("Admin:ApiKey", AdminKey);
        builder.UseSetting("Alerts:Cron", "");
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(clock);
            services.AddSingleton<IStartupFilter, ClientAddressFromHeader>();
        });
    }

    public Roster Roster => Services.GetRequiredService<Roster>();

    /// <summary>POST /api/login as this client address (none: the in-process server's, which is not counted as a source).</summary>
    public async Task<HttpResponseMessage> LoginAsync(string name, string password, string? from = null)
    {
        using var client = CreateClient();
        if (from is not null) client.DefaultRequestHeaders.Add(ClientHeader, from);
        return await client.PostAsJsonAsync("/api/login", new { name, password });
    }

    public HttpClient Admin()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        return client;
    }

    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, following) =>
            {
                if (http.Request.Headers[ClientHeader] is [{ } address]) http.Connection.RemoteIpAddress = IPAddress.Parse(address);
                return following(http);
            });
            next(app);
        };
    }
}
