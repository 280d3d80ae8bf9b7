using System.Text.Json;
using DgBot.Core.Access;
using DgBot.Web.Tests.Model;

namespace DgBot.Web.Tests.Access;

/// <summary>
/// The language-model path under Access:Mode=Roster: a scripted model (the fake OpenAI-compatible server) that tries to
/// fetch another unit's details for a dcio is stopped by the same kernel filter the parser goes through. The call is in the
/// trace as "refused", the function never runs, the model is never shown its data, and the answer holds none of it.
/// </summary>
[Collection(AccessWorld.Name)]
public class ModelAccessTests(AccessWorld world) : IAsyncLifetime
{
    private readonly FakeOpenAI _fake = new();
    private readonly InvocationRecorder _ran = new();
    private ModelFactory? _factory;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        await _fake.DisposeAsync();
    }

    private async Task<HttpClient> DcioAsync()
    {
        _ = world.Host; // the roster's web users exist once the shared host has started
        _factory = new ModelFactory(world.Db, AccessWorld.Settings(_fake.Endpoint), _ran);
        return await world.ClientAsync(Roles.Dcio, _factory);
    }

    private static List<JsonElement> Calls(JsonElement json) => json.GetProperty("calls").EnumerateArray().ToList();

    private static string Unit(JsonElement call) => call.GetProperty("arguments").GetProperty("unit").GetProperty("id").GetString()!;

    [Fact]
    public async Task A_model_that_fetches_another_units_gaps_for_a_dcio_is_refused_and_the_dcio_gets_its_own_answer()
    {
        // The dcio asks about their own unit; the model reaches for another unit's gaps instead, then would quote them.
        _fake.ThenCall("maturity-unit_gaps", new { unit = "กรมโยธาธิการและผังเมือง" })
            .ThenSay("กรมโยธาธิการและผังเมืองควรปรับตัวชี้วัดที่ 6 ก่อนครับ");
        using var client = await DcioAsync();

        var json = await AccessWorld.AskAsync(client, "กรมที่ดินควรปรับอะไรก่อน");

        Assert.Equal("parser", json.GetProperty("answeredBy").GetString());
        Assert.Equal("refused", json.GetProperty("fallback").GetString());
        var calls = Calls(json);
        Assert.Equal("unit_gaps", calls[0].GetProperty("function").GetString());
        Assert.Equal("refused", calls[0].GetProperty("outcome").GetString());
        Assert.Equal(AccessWorld.OtherUnit, Unit(calls[0]));
        // The deterministic answer for the caller's own unit, under the same filter.
        Assert.Equal("ok", calls[^1].GetProperty("outcome").GetString());
        Assert.Equal(AccessWorld.OwnUnit, Unit(calls[^1]));
        Assert.DoesNotContain(_ran.Ran, r => r.Arguments.GetValueOrDefault("unit") == AccessWorld.OtherUnit);
        Assert.DoesNotContain("กรมโยธาธิการ", json.GetProperty("answer").GetString());
        // The refusal ended the loop: the model was never asked to phrase anything after it.
        Assert.Single(_fake.Requests);
    }

    [Fact]
    public async Task A_model_that_fetches_another_units_profile_for_an_other_unit_question_is_refused_and_only_the_public_rank_is_given()
    {
        _fake.ThenCall("maturity-unit_profile", new { unit = AccessWorld.OtherUnit })
            .ThenSay("กรมโยธาธิการและผังเมืองอยู่ระดับ 3 ครับ");
        using var client = await DcioAsync();

        var json = await AccessWorld.AskAsync(client, "กรมโยธาธิการและผังเมืองอยู่ระดับไหนครับ");

        var calls = Calls(json);
        Assert.Equal(["unit_profile:refused", "unit_profile:refused", "unit_rank:ok"],
            calls.Select(c => c.GetProperty("function").GetString() + ":" + c.GetProperty("outcome").GetString()));
        Assert.Equal(["unit_rank"], _ran.Ran.Select(r => r.Function));
        var answer = json.GetProperty("answer").GetString()!;
        Assert.StartsWith("ขออภัยครับ", answer);
        Assert.Contains("อันดับ", answer);
    }

    [Fact]
    public async Task A_model_that_compares_the_dcios_unit_with_another_is_refused()
    {
        _fake.ThenCall("maturity-compare_units", new { units = new[] { AccessWorld.OwnUnit, AccessWorld.OtherUnit } });
        using var client = await DcioAsync();

        var json = await AccessWorld.AskAsync(client, "กรมที่ดินอยู่ระดับไหนครับ");

        var first = Calls(json)[0];
        Assert.Equal("compare_units", first.GetProperty("function").GetString());
        Assert.Equal("refused", first.GetProperty("outcome").GetString());
        Assert.DoesNotContain(_ran.Ran, r => r.Function == "compare_units");
        Assert.Equal("refused", json.GetProperty("fallback").GetString());
    }

    [Fact]
    public async Task An_unknown_user_on_the_model_path_cannot_fetch_any_unit()
    {
        _fake.ThenCall("maturity-unit_profile", new { unit = AccessWorld.OwnUnit });
        _factory = new ModelFactory(world.Db, AccessWorld.Settings(_fake.Endpoint), _ran);
        using var client = _factory.CreateClient();

        var json = await AccessWorld.AskAsync(client, "กรมที่ดินอยู่ระดับไหนครับ");

        Assert.All(Calls(json), c => Assert.Equal("refused", c.GetProperty("outcome").GetString()));
        Assert.Empty(_ran.Ran);
        Assert.StartsWith("ขออภัยครับ", json.GetProperty("answer").GetString());
    }
}
