using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DgBot.Web.Tests.Browser;

/// <summary>
/// The app on a real 127.0.0.1 socket over the demo database, and Debian's chromium driven by Playwright, shared by the
/// browser tests. Nothing is downloaded: the Playwright driver comes with the NuGet package and the browser is the system's.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private sealed class Factory(string db) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseSetting("Data:Path", db);
    }

    private Factory? _factory;
    private IPlaywright? _playwright;

    public DemoDatabase Database { get; } = new();
    public IBrowser Browser { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Where screenshots go: the test output folder (bin/), never the repository.</summary>
    public static string OutputDirectory { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "browser-screenshots")).FullName;

    public async Task InitializeAsync()
    {
        // A missing browser is a failure, not a skip: tests/run.sh installs chromium and fonts-thai-tlwg.
        if (!File.Exists(Chromium))
            throw new InvalidOperationException($"{Chromium} is missing, so the web chat cannot be tested in a browser. " +
                "Run tests/run.sh as root (it installs it), or: apt-get install -y chromium fonts-thai-tlwg");

        _factory = new Factory(Database.Path);
        _factory.UseKestrel(0);
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new UriBuilder(address) { Host = "127.0.0.1" }.Uri;

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        Database.Dispose();
    }
}
