using System.Text;
using System.Text.Json.Nodes;
using DgBot.Web.Channels.Line;
using DgBot.Web.Tests.Teams;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DgBot.Web.Tests.Line;

[CollectionDefinition("line")]
public sealed class LineCollection : ICollectionFixture<LineWorld>;

/// <summary>One demo database, one fake LINE API and one bot host (on a real Kestrel port), shared by the LINE tests.</summary>
public sealed class LineWorld : IAsyncLifetime
{
    public const string Secret = "line-world-channel-secret";
    public const string AccessToken = "line-world-access-token";

    public DemoDatabase Db { get; } = new();
    public FakeLine Fake { get; } = new();
    public LineFactory Bot { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Bot = new LineFactory(this, new() { ["Line:ChannelSecret"] = Secret });
        Client = Bot.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Bot.DisposeAsync();
        await Fake.DisposeAsync();
        Db.Dispose();
    }

    public static string NewId(string prefix) => prefix + Guid.NewGuid().ToString("N");

    /// <summary>A user id of LINE's shape: U and 32 hex digits.</summary>
    public static string NewUser() => "U" + Guid.NewGuid().ToString("N");

    public static JsonObject Source(string userId, string? groupId = null) => groupId is null
        ? new JsonObject { ["type"] = "user", ["userId"] = userId }
        : new JsonObject { ["type"] = "group", ["groupId"] = groupId, ["userId"] = userId };

    /// <param name="at">When the event happened by LINE's clock; now unless a test says otherwise.</param>
    public static JsonObject Event(string type, JsonObject source, string? replyToken, string? eventId = null, bool redelivery = false, DateTimeOffset? at = null)
    {
        var e = new JsonObject
        {
            ["type"] = type,
            ["mode"] = "active",
            ["timestamp"] = (at ?? DateTimeOffset.UtcNow).ToUnixTimeMilliseconds(),
            ["source"] = source,
            ["webhookEventId"] = eventId ?? NewId("01HZ"),
            ["deliveryContext"] = new JsonObject { ["isRedelivery"] = redelivery },
        };
        if (replyToken is not null) e["replyToken"] = replyToken;
        return e;
    }

    public static JsonObject Text(string userId, string text, string replyToken, string? eventId = null, bool redelivery = false, string? groupId = null,
        DateTimeOffset? at = null)
    {
        var e = Event("message", Source(userId, groupId), replyToken, eventId, redelivery, at);
        e["message"] = new JsonObject { ["type"] = "text", ["id"] = NewId("m"), ["quoteToken"] = NewId("q"), ["text"] = text };
        return e;
    }

    public static string Batch(params JsonObject[] events) =>
        new JsonObject { ["destination"] = "U" + new string('0', 32), ["events"] = new JsonArray(events.Select(e => (JsonNode)e).ToArray()) }
            .ToJsonString(LineJson.Options); // Thai as UTF-8 characters, as LINE sends it

    public static string Sign(string body, string secret = Secret) => LineSignature.Compute(secret, Encoding.UTF8.GetBytes(body));

    /// <summary>POSTs the body as LINE does; signature "" means sign it properly, null means send no signature header.</summary>
    public Task<HttpResponseMessage> PostAsync(string body, string? signature = "") => PostAsync(Client, body, signature);

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string body, string? signature = "")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/line") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null) request.Headers.TryAddWithoutValidation("x-line-signature", signature == "" ? Sign(body) : signature);
        return client.SendAsync(request);
    }
}

/// <summary>The real host on Kestrel, pointed at the fake LINE API and the shared demo database.</summary>
public sealed class LineFactory : WebApplicationFactory<Program>
{
    private readonly LineWorld _world;
    private readonly Dictionary<string, string?> _settings;

    public LogSink Logs { get; } = new();

    public LineFactory(LineWorld world, Dictionary<string, string?> settings)
    {
        _world = world;
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
        builder.UseEnvironment("Production");
        builder.UseSetting("Data:Path", _world.Db.Path);
        builder.UseSetting("Line:ChannelAccessToken", LineWorld.AccessToken);
        builder.UseSetting("Line:ApiBaseUrl", _world.Fake.BaseUrl);
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(Logs));
    }
}
