using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DgBot.Core.Formatting;
using DgBot.Web.Chat;
using DgBot.Web.Plugins;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace DgBot.Web.Tests.Model;

/// <summary>Every function that actually ran in the host, on either path: an observer on the real kernel, not a stand-in for it.</summary>
public sealed class InvocationRecorder : IFunctionInvocationFilter
{
    public ConcurrentQueue<(string Function, Dictionary<string, string?> Arguments)> Ran { get; } = new();

    public async Task OnFunctionInvocationAsync(FunctionInvocationContext context, Func<FunctionInvocationContext, Task> next)
    {
        Ran.Enqueue((context.Function.Name, context.Arguments.ToDictionary(a => a.Key, a => a.Value?.ToString())));
        await next(context);
    }
}

/// <summary>One demo database for every model-path test class, and one plain host over it for checks that need no model.</summary>
public sealed class ModelWorld : IDisposable
{
    public const string Name = "model path";
    private readonly Lazy<AskFactory> _host;

    public ModelWorld() => _host = new(() => new AskFactory(Db));

    public DemoDatabase Db { get; } = new();
    public AskFactory Host => _host.Value;

    public void Dispose()
    {
        if (_host.IsValueCreated) _host.Value.Dispose();
        Db.Dispose();
    }
}

[CollectionDefinition(ModelWorld.Name)]
public sealed class ModelCollection : ICollectionFixture<ModelWorld>;

public sealed class ModelFactory(DemoDatabase db, IReadOnlyDictionary<string, string?> settings, InvocationRecorder recorder) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Data:Path", db.Path);
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services => services.AddSingleton(sp =>
        {
            var kernel = PluginExtensions.CreateKernel(sp);
            kernel.FunctionInvocationFilters.Add(recorder);
            return kernel;
        }));
    }
}

/// <summary>
/// The language-model path end to end: /api/ask on the real host and the demo database, the model a fake OpenAI-compatible
/// server on 127.0.0.1. Whatever the model does, the user gets a correct Thai answer with the database's figures, and the
/// trace says who answered and why.
/// </summary>
[Collection(ModelWorld.Name)]
public class ModelPathTests(ModelWorld world) : IAsyncLifetime
{
    private readonly DemoDatabase db = world.Db;
    private const string Question = "กรมที่ดินอยู่ระดับไหน";
    private readonly FakeOpenAI _fake = new();
    private readonly InvocationRecorder _ran = new();
    private ModelFactory? _factory;
    private HttpClient? _client;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        await _fake.DisposeAsync();
    }

    private HttpClient Host(double timeoutSeconds = 8, bool withEndpoint = true)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Chat:Model"] = "fake-model",
            ["Chat:ApiKey"] = "test-key",
            ["Chat:TimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (withEndpoint) settings["Chat:Endpoint"] = _fake.Endpoint;
        _factory = new ModelFactory(db, settings, _ran);
        return _client = _factory.CreateClient();
    }

    private async Task<JsonElement> Ask(string text, string conversation)
    {
        var response = await _client!.PostAsJsonAsync("/api/ask", new { text, conversationId = conversation, userId = "u1" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>D116's overall score for the latest round as every Thai answer prints it, straight from the score table.</summary>
    private string LandsScore() => ThaiFormatter.Score(db.Queries.UnitProfile("D116").Overall!.Score);

    private static string? Fallback(JsonElement json) => json.TryGetProperty("fallback", out var f) ? f.GetString() : null;

    private static JsonElement Call(JsonElement json, int i) => json.GetProperty("calls")[i];

    private void AssertDeterministicLandsAnswer(JsonElement json, string fallback)
    {
        Assert.Equal("parser", json.GetProperty("answeredBy").GetString());
        Assert.Equal(fallback, Fallback(json));
        Assert.Equal("unit_profile", json.GetProperty("intent").GetString());
        var answer = json.GetProperty("answer").GetString()!;
        Assert.Contains("กรมที่ดิน", answer);
        Assert.Contains(LandsScore(), answer);
        var last = json.GetProperty("calls").EnumerateArray().Last();
        Assert.Equal("unit_profile", last.GetProperty("function").GetString());
        Assert.Equal("ok", last.GetProperty("outcome").GetString());
        Assert.Equal("D116", last.GetProperty("arguments").GetProperty("unit").GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_model_that_calls_unit_profile_and_quotes_its_result_answers_with_its_own_text_and_the_call_in_the_trace()
    {
        string? said = null;
        _fake.ThenCall("maturity-unit_profile", new { unit = "กรมที่ดิน" })
            .Then(request =>
            {
                var overall = FakeOpenAI.LastToolResult(request).GetProperty("overall");
                said = $"กรมที่ดิน ปี 2567 อยู่ระดับ {overall.GetProperty("level").GetInt32()} คะแนนภาพรวม {ThaiFormatter.Score(overall.GetProperty("score").GetDouble())} ครับ";
                return FakeOpenAI.Say(said);
            });
        Host();

        var json = await Ask(Question, "model-ok");

        Assert.Equal("model", json.GetProperty("answeredBy").GetString());
        Assert.Null(Fallback(json));
        Assert.Equal("unit_profile", json.GetProperty("intent").GetString());
        var answer = json.GetProperty("answer").GetString()!;
        Assert.StartsWith(said!, answer);
        Assert.Contains(LandsScore(), answer);
        Assert.Contains("สังเคราะห์", answer); // the synthetic-data line is added whoever phrased the answer
        var call = Assert.Single(json.GetProperty("calls").EnumerateArray());
        Assert.Equal("maturity", call.GetProperty("plugin").GetString());
        Assert.Equal("unit_profile", call.GetProperty("function").GetString());
        Assert.Equal("ok", call.GetProperty("outcome").GetString());
        var unit = call.GetProperty("arguments").GetProperty("unit");
        Assert.Equal("D116", unit.GetProperty("id").GetString());
        Assert.Equal("กรมที่ดิน", unit.GetProperty("name").GetString());
        Assert.Equal("department", unit.GetProperty("kind").GetString());
        Assert.Equal(2567, call.GetProperty("arguments").GetProperty("year").GetInt32());
        // The name the model gave was replaced by the id before the function ran.
        Assert.Contains(_ran.Ran, r => r.Function == "unit_profile" && r.Arguments["unit"] == "D116");

        var requests = _fake.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        var first = requests[0];
        var tools = first.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString()).ToList();
        Assert.Contains("maturity-unit_profile", tools);
        Assert.Contains("analytics-level_distribution", tools);
        Assert.Contains("framework-describe", tools);
        var messages = first.GetProperty("messages").EnumerateArray().ToList();
        var system = messages.Where(m => m.GetProperty("role").GetString() == "system").Select(FakeOpenAI.Text).ToList();
        Assert.Contains(system, s => s.Contains("ตอบเป็นภาษาไทย", StringComparison.Ordinal)); // prompts/system.th.md
        Assert.Contains(system, s => s.Contains("maturity-unit_profile", StringComparison.Ordinal) && s.Contains("D116 = กรมที่ดิน", StringComparison.Ordinal)); // the parser's hint
        Assert.Equal(Question, FakeOpenAI.Text(messages.Last(m => m.GetProperty("role").GetString() == "user")));
        // The result the model was shown keeps Thai readable.
        Assert.Contains("กรมที่ดิน", FakeOpenAI.Text(requests[1].GetProperty("messages").EnumerateArray().Last()));
    }

    [Fact]
    public async Task A_follow_up_after_a_model_answer_continues_from_the_models_call()
    {
        _fake.ThenCall("maturity-unit_profile", new { unit = "D116" })
            .Then(request => FakeOpenAI.Say($"คะแนนภาพรวม {ThaiFormatter.Score(FakeOpenAI.LastToolResult(request).GetProperty("overall").GetProperty("score").GetDouble())}"))
            .Then((_, _) => Task.FromResult(Results.StatusCode(503)));
        Host();

        var first = await Ask(Question, "model-follow");
        Assert.Equal("model", first.GetProperty("answeredBy").GetString());
        var json = await Ask("แล้วปีที่แล้วล่ะ", "model-follow");

        Assert.Equal("model_error", Fallback(json));
        var args = Call(json, 0).GetProperty("arguments");
        Assert.Equal("D116", args.GetProperty("unit").GetProperty("id").GetString());
        Assert.Equal(2566, args.GetProperty("year").GetInt32());
        Assert.Contains(ThaiFormatter.Score(db.Queries.UnitProfile("D116", 2566).Overall!.Score), json.GetProperty("answer").GetString());
    }

    [Theory]
    [InlineData("กรมเวทมนตร์")]
    [InlineData("D999")]
    public async Task A_unit_the_model_made_up_is_refused_before_anything_runs_and_the_deterministic_answer_is_given(string madeUp)
    {
        _fake.ThenCall("maturity-unit_profile", new { unit = madeUp }).ThenSay("กรมนี้อยู่ระดับ 5 คะแนน 99.99");
        Host();

        var json = await Ask(Question, "model-unit-" + madeUp);

        AssertDeterministicLandsAnswer(json, "invalid_argument");
        var rejected = Call(json, 0);
        Assert.Equal("unit_profile", rejected.GetProperty("function").GetString());
        Assert.Equal("rejected", rejected.GetProperty("outcome").GetString());
        Assert.Equal(madeUp, rejected.GetProperty("arguments").GetProperty("unit").GetString());
        Assert.Equal(2, json.GetProperty("calls").GetArrayLength());
        // The loop stopped at the refusal: no result went back to the model, and only the deterministic call ran.
        Assert.Single(_fake.Requests);
        var ran = Assert.Single(_ran.Ran);
        Assert.Equal("D116", ran.Arguments["unit"]);
    }

    [Fact]
    public async Task An_enum_value_outside_the_catalog_is_refused_and_the_deterministic_answer_is_given()
    {
        _fake.ThenCall("analytics-level_distribution", new { population = "city", sub_indicator = "6.2" }).ThenSay("มี 12 เมือง");
        Host();

        var json = await Ask("จังหวัดระดับ 1 ด้านไซเบอร์กี่จังหวัด", "model-enum");

        Assert.Equal("parser", json.GetProperty("answeredBy").GetString());
        Assert.Equal("invalid_argument", Fallback(json));
        var rejected = Call(json, 0);
        Assert.Equal("level_distribution", rejected.GetProperty("function").GetString());
        Assert.Equal("rejected", rejected.GetProperty("outcome").GetString());
        Assert.Equal("city", rejected.GetProperty("arguments").GetProperty("population").GetString());
        var deterministic = Call(json, 1);
        Assert.Equal("province", deterministic.GetProperty("arguments").GetProperty("population").GetString());
        var level1 = db.Queries.LevelDistribution("province", subIndicator: "6.2").Groups[0].Levels.Single(l => l.Level == 1);
        Assert.Contains($"{level1.Count} แห่ง ({ThaiFormatter.Percent(level1.Share)}%)", json.GetProperty("answer").GetString());
        Assert.Single(_fake.Requests);
        var ran = Assert.Single(_ran.Ran);
        Assert.Equal("province", ran.Arguments["population"]);
    }

    [Fact]
    public async Task A_number_the_functions_never_returned_replaces_the_models_answer_with_the_deterministic_one()
    {
        _fake.ThenCall("maturity-unit_profile", new { unit = "D116" })
            .Then(request =>
            {
                Assert.DoesNotContain("987.65", FakeOpenAI.LastToolResult(request).GetRawText());
                return FakeOpenAI.Say("กรมที่ดินได้คะแนนภาพรวม 987.65 ครับ");
            });
        Host();

        var json = await Ask(Question, "model-number");

        AssertDeterministicLandsAnswer(json, "number_guard");
        Assert.DoesNotContain("987.65", json.GetProperty("answer").GetString());
        var modelCall = Call(json, 0);
        Assert.Equal("ok", modelCall.GetProperty("outcome").GetString());
        Assert.Equal("D116", modelCall.GetProperty("arguments").GetProperty("unit").GetProperty("id").GetString());
        Assert.Equal(2, json.GetProperty("calls").GetArrayLength());
    }

    [Fact]
    public async Task A_model_slower_than_the_budget_is_abandoned_in_time_for_the_deterministic_answer()
    {
        _fake.Then(async (_, http) =>
        {
            try { await Task.Delay(TimeSpan.FromSeconds(10), http.RequestAborted); }
            catch (OperationCanceledException) { }
            return Results.Json(FakeOpenAI.Say("ช้าไป"));
        });
        Host(timeoutSeconds: 1);
        await _client!.GetStringAsync("/health"); // start-up is not part of the budget

        var clock = Stopwatch.StartNew();
        var json = await Ask(Question, "model-timeout");
        clock.Stop();

        AssertDeterministicLandsAnswer(json, "timeout");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed.TotalSeconds:0.0} s with a 1 s budget and a 10 s model");
        Assert.Single(_fake.Requests);
    }

    [Theory]
    [InlineData(500, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}")]
    [InlineData(200, "this is not JSON")]
    [InlineData(200, "{\"unexpected\": true}")]
    public async Task An_http_error_or_a_malformed_reply_falls_back_without_retrying(int status, string body)
    {
        _fake.Then((_, _) => Task.FromResult(Results.Text(body, "application/json", statusCode: status)));
        Host();

        var json = await Ask(Question, $"model-error-{status}-{body.Length}");

        AssertDeterministicLandsAnswer(json, "model_error");
        Assert.Single(_fake.Requests);
    }

    [Fact]
    public async Task A_polite_out_of_scope_reply_with_no_call_and_no_number_is_the_models_to_give()
    {
        const string polite = "ขออภัยครับ ผมตอบได้เฉพาะเรื่องผลสำรวจความพร้อมรัฐบาลดิจิทัล เช่น ระดับและอันดับของหน่วยงาน";
        _fake.ThenSay(polite);
        Host();

        var json = await Ask("พรุ่งนี้ฝนตกไหม", "model-polite");

        Assert.Equal("model", json.GetProperty("answeredBy").GetString());
        Assert.Equal(polite, json.GetProperty("answer").GetString());
        Assert.Equal("out_of_scope", json.GetProperty("intent").GetString());
        Assert.Empty(json.GetProperty("calls").EnumerateArray());
        var hint = FakeOpenAI.Text(_fake.Requests.Single().GetProperty("messages")[1]);
        Assert.Contains("out_of_scope", hint);
    }

    [Fact]
    public async Task An_out_of_scope_reply_with_an_invented_number_is_replaced()
    {
        _fake.ThenSay("พรุ่งนี้ฝนตก 70% ครับ");
        Host();

        var json = await Ask("พรุ่งนี้ฝนตกไหม", "model-weather");

        Assert.Equal("parser", json.GetProperty("answeredBy").GetString());
        Assert.Equal("number_guard", Fallback(json));
        Assert.DoesNotContain("70", json.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task A_function_that_does_not_exist_is_refused()
    {
        _fake.ThenCall("maturity-unit_score", new { unit = "D116" }).ThenSay("ระดับ 3");
        Host();

        var json = await Ask(Question, "model-unknown-function");

        AssertDeterministicLandsAnswer(json, "invalid_argument");
        Assert.Equal("unit_score", Call(json, 0).GetProperty("function").GetString());
        Assert.Equal("rejected", Call(json, 0).GetProperty("outcome").GetString());
        Assert.Single(_ran.Ran);
    }

    private static readonly string[] ThaiDigits = ["ศูนย์", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า"];

    [Theory]
    [InlineData("เก้าสิบเก้าจุดเก้าเก้า")]
    [InlineData("เก้า สิบ เก้า จุด เก้า เก้า")]
    [InlineData("๙๙.๙๙")]
    [InlineData("ร้อยละเก้าสิบเก้า")]
    public async Task A_score_spelt_in_Thai_words_that_no_function_returned_replaces_the_models_answer(string spelt)
    {
        _fake.ThenCall("maturity-unit_profile", new { unit = "D116" })
            .Then(request =>
            {
                // Nothing the function returned reads as 99 or rounds to 99.99.
                Assert.DoesNotContain("99", FakeOpenAI.LastToolResult(request).GetRawText());
                return FakeOpenAI.Say($"กรมที่ดินได้คะแนนภาพรวม{spelt}ครับ");
            });
        Host();

        var json = await Ask(Question, "model-words-" + spelt.Length);

        AssertDeterministicLandsAnswer(json, "number_guard");
        Assert.DoesNotContain(spelt, json.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task A_level_spelt_in_Thai_words_that_the_function_returned_is_the_models_to_give()
    {
        _fake.ThenCall("maturity-unit_profile", new { unit = "D116" })
            .Then(request => FakeOpenAI.Say($"กรมที่ดินอยู่ระดับ{ThaiDigits[FakeOpenAI.LastToolResult(request).GetProperty("overall").GetProperty("level").GetInt32()]}ครับ"));
        Host();

        var json = await Ask(Question, "model-words-honest");

        Assert.Equal("model", json.GetProperty("answeredBy").GetString());
        Assert.Null(Fallback(json));
        Assert.Contains($"ระดับ{ThaiDigits[db.Queries.UnitProfile("D116").Overall!.Level]}", json.GetProperty("answer").GetString());
    }

    /// <summary>compare_units over กรมที่ดิน (D116) and กรมการปกครอง (D114), then a reply written from the scores the model was shown.</summary>
    private async Task<JsonElement> CompareAndSay(Func<double, double, string> say, string conversation)
    {
        _fake.ThenCall("maturity-compare_units", new { units = new[] { "D116", "D114" } })
            .Then(request =>
            {
                var units = FakeOpenAI.LastToolResult(request).GetProperty("units").EnumerateArray().ToList();
                double Score(string id) => units.Single(u => u.GetProperty("unit").GetProperty("id").GetString() == id).GetProperty("score").GetDouble();
                Assert.NotEqual(ThaiFormatter.Score(Score("D116")), ThaiFormatter.Score(Score("D114")));
                return FakeOpenAI.Say(say(Score("D116"), Score("D114")));
            });
        Host();
        return await Ask("เทียบกรมที่ดินกับกรมการปกครอง", conversation);
    }

    [Theory]
    [InlineData("beside the other name")]
    [InlineData("in a line below, in an answer that names only this unit")]
    public async Task A_score_another_unit_was_returned_with_put_beside_this_units_name_replaces_the_models_answer(string how)
    {
        var json = await CompareAndSay((_, other) => how == "beside the other name"
            ? $"กรมที่ดินได้คะแนนภาพรวม {ThaiFormatter.Score(other)} ครับ"
            : $"สรุปผลปี 2567\nกรมที่ดินทำได้ดี\nคะแนนภาพรวม {ThaiFormatter.Score(other)}", "model-misplaced-" + how.Length);

        Assert.Equal("parser", json.GetProperty("answeredBy").GetString());
        Assert.Equal("number_guard", Fallback(json));
        Assert.Equal("compare_units", json.GetProperty("intent").GetString());
        Assert.Equal("ok", Call(json, 0).GetProperty("outcome").GetString());
        var answer = json.GetProperty("answer").GetString()!;
        Assert.Contains(ThaiFormatter.Score(db.Queries.UnitProfile("D116").Overall!.Score), answer);
        Assert.Contains(ThaiFormatter.Score(db.Queries.UnitProfile("D114").Overall!.Score), answer);
    }

    [Fact]
    public async Task Each_units_own_score_beside_its_own_name_is_the_models_to_give()
    {
        var json = await CompareAndSay((lands, other) =>
            $"กรมที่ดินได้คะแนนภาพรวม {ThaiFormatter.Score(lands)}\nกรมการปกครองได้ {ThaiFormatter.Score(other)} ครับ", "model-compare-honest");

        Assert.Equal("model", json.GetProperty("answeredBy").GetString());
        Assert.Null(Fallback(json));
    }

    [Theory]
    [InlineData("กรมที่ดินยังไม่ได้ตอบแบบสำรวจรอบนี้ครับ", "name_guard")]
    [InlineData("ปี 2567 ยังไม่มีข้อมูลครับ", "number_guard")]
    [InlineData("อยู่ระดับสามครับ", "number_guard")]
    public async Task A_reply_without_a_successful_call_may_hold_no_unit_and_no_number(string reply, string fallback)
    {
        _fake.ThenSay(reply);
        Host();

        var json = await Ask("กรมที่ดินปี 2567 อยู่ระดับไหน", "model-nocall-" + reply.Length);

        Assert.Equal("parser", json.GetProperty("answeredBy").GetString());
        Assert.Equal(fallback, Fallback(json));
        Assert.Equal("unit_profile", json.GetProperty("intent").GetString());
        Assert.DoesNotContain(reply, json.GetProperty("answer").GetString());
        Assert.Single(_fake.Requests);
    }

    [Fact]
    public async Task A_reply_after_a_call_by_a_bare_function_name_that_never_ran_is_refused()
    {
        // No number and no unit in the reply: only the call that did not run can give it away.
        _fake.ThenCall("unit_profile", new { unit = "D116" }).ThenSay("ยังไม่มีข้อมูลของหน่วยงานนี้ในรอบนี้ครับ");
        Host();

        var json = await Ask(Question, "model-bare-name");

        AssertDeterministicLandsAnswer(json, "invalid_argument");
        var rejected = Call(json, 0);
        Assert.Equal("", rejected.GetProperty("plugin").GetString());
        Assert.Equal("unit_profile", rejected.GetProperty("function").GetString());
        Assert.Equal("rejected", rejected.GetProperty("outcome").GetString());
        Assert.Equal(2, json.GetProperty("calls").GetArrayLength());
        var ran = Assert.Single(_ran.Ran); // the deterministic call only
        Assert.Equal("D116", ran.Arguments["unit"]);
    }

    [Fact]
    public async Task With_no_endpoint_configured_the_model_is_never_called()
    {
        _fake.ThenSay("ไม่ควรถูกเรียก");
        Host(withEndpoint: false);

        var json = await Ask(Question, "model-off");

        Assert.Equal("parser", json.GetProperty("answeredBy").GetString());
        Assert.Null(Fallback(json));
        Assert.Contains(LandsScore(), json.GetProperty("answer").GetString());
        Assert.Empty(_fake.Requests);
        Assert.False(_factory!.Services.GetRequiredService<IModelAnswerer>().Enabled);
    }

    [Fact]
    public void A_malformed_endpoint_stops_the_host_at_start_up_with_the_reason()
    {
        _factory = new ModelFactory(db, new Dictionary<string, string?> { ["Chat:Endpoint"] = "not an address" }, _ran);
        var e = Assert.ThrowsAny<Exception>(() => _factory.CreateClient());
        Assert.Contains("Chat:Endpoint", e.ToString());
    }
}
