using DgBot.Core.Alerts;
using DgBot.Web.Tests.Line;
using DgBot.Web.Tests.Teams;

namespace DgBot.Web.Tests.Alerts;

/// <summary>
/// What the delivery tests share: their own <see cref="FaultyChannels"/> and a <see cref="Courier"/> over the alert world,
/// subscribers made on either channel, and every subscription stopped afterwards so the next test's job run is its own.
/// </summary>
public abstract class FaultyChannelsTest(AlertWorld world) : IAsyncLifetime
{
    protected AlertWorld World { get; } = world;
    protected FaultyChannels Channels { get; } = new();
    protected Courier Courier { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Channels.StartAsync();
        Courier = new Courier(World, Channels);
    }

    public async Task DisposeAsync()
    {
        World.StopAll();
        await Courier.DisposeAsync();
        await Channels.DisposeAsync();
    }

    /// <summary>A Teams user subscribed to everything at 20% or more, whose conversation reference points at the fake Connector.</summary>
    protected ChannelAddress TeamsUser(string? serviceUrl = null)
    {
        var user = new ChannelAddress(AlertChannels.Teams, "29:" + Guid.NewGuid().ToString("N"), "a:" + Guid.NewGuid().ToString("N"), TeamsWorld.TenantId,
            Guid.NewGuid().ToString());
        World.Subscriptions.Subscribe(user, new AlertScope(MinProbability: 0.2));
        Courier.RememberTeamsConversation(user, serviceUrl ?? Channels.TeamsServiceUrl);
        return user;
    }

    /// <summary>A LINE user subscribed to everything at 20% or more.</summary>
    protected ChannelAddress LineUser()
    {
        var id = LineWorld.NewUser();
        var user = new ChannelAddress(AlertChannels.Line, id, id);
        World.Subscriptions.Subscribe(user, new AlertScope(MinProbability: 0.2));
        return user;
    }

    protected static string Id(ChannelAddress a) => AlertSubscriptions.IdOf(a.Channel, a.UserId);
}
