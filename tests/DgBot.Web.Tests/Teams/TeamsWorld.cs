using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DgBot.Web.Tests.Teams;

[CollectionDefinition("teams")]
public sealed class TeamsCollection : ICollectionFixture<TeamsWorld>;

/// <summary>One demo database, one fake Bot Framework and one bot host (on a real Kestrel port), shared by the Teams tests.</summary>
public sealed class TeamsWorld : IAsyncLifetime
{
    public const string AppId = "8a3b1c5e-0d7f-4e21-9c6a-2f4b8d1e7a90";
    public const string TenantId = "5f1c2b7a-3e4d-4c8b-9a6f-1d2e3f4a5b6c";
    public const string AppPassword = "world-secret";
    /// <summary>Where Teams would fetch chart images from; the tests fetch the same paths from the host directly.</summary>
    public const string PublicBaseUrl = "https://dgbot.example.test";

    public DemoDatabase Db { get; } = new();
    public FakeBotFramework Fake { get; } = new();
    public TeamsFactory Bot { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    /// <summary>The name of the unreachable metadata both issuers of <see cref="MetadataDownClient"/> point at.</summary>
    public const string MetadataDown = "world";
    private readonly Lazy<(TeamsFactory Factory, HttpClient Client)> _metadataDown;

    public TeamsWorld() => _metadataDown = new(() =>
    {
        var factory = new TeamsFactory(this, "Production", new()
        {
            ["Teams:AppPassword"] = AppPassword,
            ["Teams:OpenIdMetadataUrl"] = Fake.DownMetadataUrl(MetadataDown),
            ["Teams:EmulatorOpenIdMetadataUrl"] = Fake.DownMetadataUrl(MetadataDown),
        });
        return (factory, factory.Start());
    });

    /// <summary>A second host, in Production, whose OpenID metadata (Bot Framework and Emulator alike) is down; started on first use.</summary>
    public HttpClient MetadataDownClient => _metadataDown.Value.Client;

    public Task InitializeAsync()
    {
        Bot = new TeamsFactory(this, "Development", new() { ["Teams:AppPassword"] = AppPassword });
        Client = Bot.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Bot.DisposeAsync();
        if (_metadataDown.IsValueCreated)
        {
            _metadataDown.Value.Client.Dispose();
            await _metadataDown.Value.Factory.DisposeAsync();
        }
        await Fake.DisposeAsync();
        Db.Dispose();
    }

    public static JsonObject Message(string conversationId, string id, string text, string serviceUrl, string channelId = "msteams") => new()
    {
        ["type"] = "message",
        ["id"] = id,
        ["timestamp"] = DateTime.UtcNow.ToString("O"),
        ["serviceUrl"] = serviceUrl,
        ["channelId"] = channelId,
        ["from"] = new JsonObject { ["id"] = "29:user-" + conversationId, ["name"] = "สมชาย ใจดี", ["aadObjectId"] = "aad-" + conversationId },
        ["conversation"] = new JsonObject { ["id"] = conversationId, ["conversationType"] = "personal", ["tenantId"] = TenantId },
        ["recipient"] = new JsonObject { ["id"] = "28:" + AppId, ["name"] = "DgBot" },
        ["text"] = text,
        ["textFormat"] = "plain",
        ["locale"] = "th-TH",
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = TenantId } },
    };

    public Task<HttpResponseMessage> PostAsync(string body, string? token) => PostAsync(Client, body, token);

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string body, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.SendAsync(request);
    }
}

/// <summary>The real host on Kestrel, pointed at the fake Bot Framework and the shared demo database.</summary>
public sealed class TeamsFactory : WebApplicationFactory<Program>
{
    private readonly TeamsWorld _world;
    private readonly string _environment;
    private readonly Dictionary<string, string?> _settings;

    public LogSink Logs { get; } = new();

    public TeamsFactory(TeamsWorld world, string environment, Dictionary<string, string?> settings)
    {
        _world = world;
        _environment = environment;
        _settings = settings;
        UseKestrel(0);
    }

    public HttpClient Start()
    {
        StartServer();
        return CreateClient();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        builder.UseSetting("Data:Path", _world.Db.Path);
        builder.UseSetting("Teams:AppId", TeamsWorld.AppId);
        builder.UseSetting("Teams:TenantId", TeamsWorld.TenantId);
        builder.UseSetting("Teams:OpenIdMetadataUrl", _world.Fake.MetadataUrl);
        builder.UseSetting("Teams:EmulatorOpenIdMetadataUrl", _world.Fake.EmulatorMetadataUrl);
        builder.UseSetting("Teams:TokenEndpoint", _world.Fake.TokenEndpoint);
        builder.UseSetting("Web:PublicBaseUrl", TeamsWorld.PublicBaseUrl);
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(Logs));
    }
}

/// <summary>Collects log lines, so a test can check the host warned about something.</summary>
public sealed class LogSink : ILoggerProvider
{
    public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(LogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Lines.Enqueue((category, logLevel, formatter(state, exception)));
    }
}
