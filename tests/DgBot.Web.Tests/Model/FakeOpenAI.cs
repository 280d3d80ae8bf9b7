using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DgBot.Web.Tests.Model;

/// <summary>
/// An OpenAI-compatible chat completions API as a real Kestrel server on 127.0.0.1: POST /v1/chat/completions answers from a
/// script, one step per request (non-streaming, OpenAI's wire format with tool_calls), and records every request body.
/// A request past the end of the script gets a 500, so an unexpected extra round trip shows up as a model error.
/// </summary>
public sealed class FakeOpenAI : IAsyncDisposable
{
    public delegate Task<IResult> Step(JsonElement request, HttpContext http);

    public ConcurrentQueue<JsonElement> Requests { get; } = new();
    public string BaseUrl { get; }
    /// <summary>What Chat:Endpoint is set to: the base address with the API version, as for api.openai.com/v1.</summary>
    public string Endpoint => BaseUrl + "/v1";

    private readonly ConcurrentQueue<Step> _script = new();
    private readonly WebApplication _app;
    private int _calls;

    public FakeOpenAI()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/v1/chat/completions", async (HttpContext http) =>
        {
            var body = (await JsonDocument.ParseAsync(http.Request.Body)).RootElement.Clone();
            Requests.Enqueue(body);
            return _script.TryDequeue(out var step)
                ? await step(body, http)
                : Results.Json(new { error = new { message = "the fake has no scripted reply left", type = "server_error" } }, statusCode: 500);
        });
        _app.StartAsync().GetAwaiter().GetResult();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
    }

    public FakeOpenAI Then(Step step)
    {
        _script.Enqueue(step);
        return this;
    }

    public FakeOpenAI Then(Func<JsonElement, object> reply) => Then((request, _) => Task.FromResult(Results.Json(reply(request))));

    public FakeOpenAI ThenCall(string function, object arguments) => Then(_ => ToolCall(function, arguments));

    public FakeOpenAI ThenSay(string text) => Then(_ => Say(text));

    /// <summary>An assistant message asking for one function ("plugin-function", as SK advertises it).</summary>
    public object ToolCall(string function, object arguments) => Completion(new
    {
        role = "assistant",
        content = (string?)null,
        tool_calls = new[]
        {
            new { id = $"call_{Interlocked.Increment(ref _calls)}", type = "function", function = new { name = function, arguments = JsonSerializer.Serialize(arguments) } },
        },
    }, "tool_calls");

    public static object Say(string text) => Completion(new { role = "assistant", content = text }, "stop");

    private static object Completion(object message, string finish) => new
    {
        id = "chatcmpl-" + Guid.NewGuid().ToString("N")[..12],
        @object = "chat.completion",
        created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        model = "fake-model",
        choices = new[] { new { index = 0, message, finish_reason = finish, logprobs = (object?)null } },
        usage = new { prompt_tokens = 100, completion_tokens = 20, total_tokens = 120 },
    };

    /// <summary>The latest function result in a request's messages (what the model was shown), as JSON.</summary>
    public static JsonElement LastToolResult(JsonElement request) =>
        JsonDocument.Parse(Text(request.GetProperty("messages").EnumerateArray().Last(m => m.GetProperty("role").GetString() == "tool"))).RootElement.Clone();

    /// <summary>A message's text, whether sent as a string or as content parts.</summary>
    public static string Text(JsonElement message) => message.GetProperty("content") switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString()!,
        { ValueKind: JsonValueKind.Array } parts => string.Concat(parts.EnumerateArray().Select(p => p.TryGetProperty("text", out var t) ? t.GetString() : "")),
        _ => "",
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
