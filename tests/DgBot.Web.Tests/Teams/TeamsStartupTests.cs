using System.Net;
using Microsoft.Extensions.Logging;

namespace DgBot.Web.Tests.Teams;

[Collection("teams")]
public class TeamsStartupTests(TeamsWorld world)
{
    [Theory]
    [InlineData("Production", "Teams:AuthEnabled", "false")]
    [InlineData("Staging", "Teams:AuthEnabled", "false")]
    [InlineData("Production", "Teams:DisableAuth", "true")]
    public void Switching_inbound_auth_off_outside_Development_stops_the_host_with_a_clear_message(string environment, string key, string value)
    {
        using var factory = new TeamsFactory(world, environment, new() { [key] = value });

        var error = Record.Exception(() => factory.Start());

        Assert.NotNull(error);
        var messages = string.Join(" | ", Flatten(error).Select(e => e.Message));
        Assert.Contains("Teams:AuthEnabled=false", messages);
        Assert.Contains("Development", messages);
    }

    [Fact]
    public async Task In_Development_auth_can_be_switched_off_for_the_Emulator_and_the_host_warns_about_it()
    {
        await using var factory = new TeamsFactory(world, "Development", new() { ["Teams:AuthEnabled"] = "false" });
        using var client = factory.Start();
        var conversation = "emu-" + Guid.NewGuid().ToString("N");

        var response = await TeamsWorld.PostAsync(client, TeamsWorld.Message(conversation, "e1", "สวัสดี", world.Fake.ServiceUrl, "emulator").ToJsonString(), token: null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Contains(factory.Logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("Teams:AuthEnabled=false"));
        var reply = (await world.Fake.WaitForAsync(conversation, 1, r => r.Type == "message")).Single();
        Assert.Null(reply.Authorization); // no app password configured: the Emulator takes unauthenticated replies
    }

    [Fact]
    public async Task An_Emulator_token_from_Entra_is_accepted_in_Development_and_refused_in_Production()
    {
        var token = world.Fake.Token(issuer: FakeBotFramework.EmulatorIssuer, withServiceUrl: false);
        var activity = TeamsWorld.Message("emu-" + Guid.NewGuid().ToString("N"), "e2", "สวัสดี", world.Fake.ServiceUrl, "emulator").ToJsonString();

        var development = await world.PostAsync(activity, token);
        Assert.Equal(HttpStatusCode.Accepted, development.StatusCode);

        await using var production = new TeamsFactory(world, "Production", new() { ["Teams:AppPassword"] = "production-secret" });
        using var client = production.Start();
        var refused = await TeamsWorld.PostAsync(client, activity, token);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var accepted = await TeamsWorld.PostAsync(client, TeamsWorld.Message("prod-" + Guid.NewGuid().ToString("N"), "p1", "สวัสดี", world.Fake.ServiceUrl).ToJsonString(), world.Fake.Token());
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    [Fact]
    public async Task When_the_signing_keys_cannot_be_fetched_the_channel_gets_503_so_it_retries()
    {
        await using var factory = new TeamsFactory(world, "Development", new() { ["Teams:OpenIdMetadataUrl"] = world.Fake.BaseUrl + "/no-metadata-here" });
        using var client = factory.Start();
        var response = await TeamsWorld.PostAsync(client, TeamsWorld.Message("m-" + Guid.NewGuid().ToString("N"), "m1", "สวัสดี", world.Fake.ServiceUrl).ToJsonString(), world.Fake.Token());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        yield return e;
        if (e is AggregateException aggregate)
            foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten)) yield return inner;
        else if (e.InnerException is not null)
            foreach (var inner in Flatten(e.InnerException)) yield return inner;
    }
}
