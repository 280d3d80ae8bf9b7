using DgBot.Core.Alerts;
using DgBot.Web.Alerts;
using DgBot.Web.Channels.Line;
using DgBot.Web.Channels.Teams;
using DgBot.Web.Tests.Teams;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using System.Text.Json;

namespace DgBot.Web.Tests.Alerts;

/// <summary>
/// A sender over the alert world's state database, wired as `dgbot alerts run` wires it (real ConnectorClient, LineClient,
/// outbox) but pointed at <see cref="FaultyChannels"/>, with back-off in milliseconds so a test sees many attempts.
/// </summary>
public sealed class Courier : IAsyncDisposable
{
    public static readonly IReadOnlyDictionary<string, string?> FastSettings = new Dictionary<string, string?>
    {
        // Generous: a loaded 2-core CI box once took over a second to answer a plain 403, which read as "no answer".
        // Slow answers in the fake last until the sender hangs up, so this costs the tests nothing when all is well.
        ["Alerts:AttemptTimeout"] = "00:00:05",
        ["Alerts:RetryDelay"] = "00:00:00.050",
        ["Alerts:MaxRetryDelay"] = "00:00:00.200",
        ["Alerts:QuickRetries"] = "2",
        ["Alerts:MaxAttempts"] = "6",
        ["Alerts:Lease"] = "00:00:45",
        ["Alerts:TeamsConversationGap"] = "00:00:00",
        ["Alerts:Parallelism"] = "4",
    };

    private readonly ServiceProvider _provider;

    public Courier(AlertWorld world, FaultyChannels channels)
    {
        var settings = new Dictionary<string, string?>(FastSettings)
        {
            ["Teams:AppId"] = TeamsWorld.AppId,
            ["Teams:AppPassword"] = TeamsWorld.AppPassword,
            ["Teams:TenantId"] = TeamsWorld.TenantId,
            ["Teams:TokenEndpoint"] = channels.TokenEndpoint,
            ["Line:ChannelSecret"] = "courier-secret",
            ["Line:ChannelAccessToken"] = "courier-token",
            ["Line:ApiBaseUrl"] = channels.LineApiBaseUrl,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        _provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Production, ApplicationName = "courier" })
            .AddLogging(b => b.AddProvider(Logs))
            .AddSingleton(world.State)
            .AddSingleton(TimeProvider.System)
            .AddAlertOptions()
            .AddSingleton<AlertOutbox>()
            .AddSingleton<AlertSubscriptions>()
            .AddSingleton<AlertSender>()
            .AddTeamsOutbound(configuration)
            .AddLineOutbound(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public LogSink Logs { get; } = new();
    public AlertSender Sender => _provider.GetRequiredService<AlertSender>();
    public AlertOutbox Outbox => _provider.GetRequiredService<AlertOutbox>();
    public ConversationReferenceStore References => _provider.GetRequiredService<ConversationReferenceStore>();

    /// <summary>Delivers until none of these messages waits any more (or the deadline passes), waiting out back-off between passes.</summary>
    public async Task<IReadOnlyList<OutboxMessage>> DeliverAsync(IReadOnlyCollection<string> subscriptionIds, int timeoutSeconds = 60)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            await Sender.DeliverDueAsync();
            var mine = Mine(subscriptionIds);
            if (mine.All(m => m.Status is OutboxStatus.Sent or OutboxStatus.Parked) || DateTimeOffset.UtcNow > deadline) return mine;
            await Task.Delay(50);
        }
    }

    public IReadOnlyList<OutboxMessage> Mine(IReadOnlyCollection<string> subscriptionIds) =>
        Outbox.List(limit: 100_000).Where(m => subscriptionIds.Contains(m.SubscriptionId)).OrderBy(m => m.Id).ToList();

    /// <summary>Records the conversation reference a Teams message from this user would leave, pointing at the fake Connector.</summary>
    public void RememberTeamsConversation(ChannelAddress user, string serviceUrl) =>
        References.Save(new Activity
        {
            Type = ActivityTypes.Message, ChannelId = "msteams", ServiceUrl = serviceUrl,
            From = new ChannelAccount { Id = user.UserId, AadObjectId = user.AadObjectId, Name = "ผู้บริหารทดสอบ" },
            Recipient = new ChannelAccount { Id = "28:" + TeamsWorld.AppId, Name = "DgBot" },
            Conversation = new ConversationAccount { Id = user.ConversationId, ConversationType = "personal", TenantId = user.TenantId },
            ChannelData = JsonDocument.Parse($$$"""{"tenant":{"id":"{{{user.TenantId}}}"}}""").RootElement,
        });

    public async ValueTask DisposeAsync() => await _provider.DisposeAsync();
}
