using DgBot.Core.Alerts;
using DgBot.Core.Storage;
using DgBot.Web.Alerts;
using DgBot.Web.Tests.Line;
using DgBot.Web.Tests.Teams;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DgBot.Web.Tests.Alerts;

[CollectionDefinition("alerts")]
public sealed class AlertsCollection : ICollectionFixture<AlertWorld>;

/// <summary>
/// One demo database (with the risk model the host trains at start-up), a fake Bot Framework and a fake LINE API on 127.0.0.1,
/// and the bot host pointed at both, with the schedule off: tests run the job and the sender themselves.
/// </summary>
public sealed class AlertWorld : IAsyncLifetime
{
    public const string AdminKey = "alerts-admin-key-for-tests";

    public DemoDatabase Db { get; } = new();
    public FakeBotFramework Teams { get; } = new();
    public FakeLine Line { get; } = new();
    public AlertFactory Bot { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    public StateStore State => Bot.Services.GetRequiredService<StateStore>();
    public AlertSubscriptions Subscriptions => Bot.Services.GetRequiredService<AlertSubscriptions>();
    public AlertOutbox Outbox => Bot.Services.GetRequiredService<AlertOutbox>();
    public AlertJob Job => Bot.Services.GetRequiredService<AlertJob>();

    public Task InitializeAsync()
    {
        Bot = new AlertFactory(this);
        Client = Bot.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Bot.DisposeAsync();
        await Teams.DisposeAsync();
        await Line.DisposeAsync();
        Db.Dispose();
    }

    /// <summary>Messages the outbox holds for one subscriber, oldest first.</summary>
    public IReadOnlyList<OutboxMessage> OutboxFor(string subscriptionId) =>
        Outbox.List(limit: 10_000).Where(m => m.SubscriptionId == subscriptionId).OrderBy(m => m.Id).ToList();

    /// <summary>Stops every subscription, so the next test's job run concerns only its own subscribers.</summary>
    public void StopAll()
    {
        foreach (var s in Subscriptions.Active()) Subscriptions.Stop(s.Id, "test over");
    }
}

public sealed class AlertFactory : WebApplicationFactory<Program>
{
    private readonly AlertWorld _world;

    public LogSink Logs { get; } = new();

    public AlertFactory(AlertWorld world)
    {
        _world = world;
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
        builder.UseSetting("Teams:AppId", TeamsWorld.AppId);
        builder.UseSetting("Teams:AppPassword", TeamsWorld.AppPassword);
        builder.UseSetting("Teams:TenantId", TeamsWorld.TenantId);
        builder.UseSetting("Teams:OpenIdMetadataUrl", _world.Teams.MetadataUrl);
        builder.UseSetting("Teams:TokenEndpoint", _world.Teams.TokenEndpoint);
        builder.UseSetting("Line:ChannelSecret", LineWorld.Secret);
        builder.UseSetting("Line:ChannelAccessToken", LineWorld.AccessToken);
        builder.UseSetting("Line:ApiBaseUrl", _world.Line.BaseUrl);
        // The tests run the job and the sender themselves (the schedule would race them).
        builder.UseSetting("Alerts:Cron", "");
        builder.UseSetting("Alerts:SendInBackground", "false");
        builder.UseSetting("Admin:ApiKey", AlertWorld.AdminKey);
        builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(Logs));
    }
}
