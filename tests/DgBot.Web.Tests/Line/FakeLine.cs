using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DgBot.Web.Tests.Line;

/// <summary>What the fake Messaging API received, in arrival order, with the status it answered.</summary>
public sealed record LineCall(long Sequence, string Path, string? Authorization, string? RetryKey, JsonElement Body, int Status)
{
    public bool IsReply => Path == "/v2/bot/message/reply";
    public bool IsPush => Path == "/v2/bot/message/push";
    public bool IsLoading => Path == "/v2/bot/chat/loading/start";
    public bool Accepted => Status is >= 200 and < 300;
    public string? ReplyToken => Str("replyToken");
    public string? To => Str("to");
    public string? ChatId => Str("chatId");
    public IReadOnlyList<JsonElement> Messages => Body.TryGetProperty("messages", out var m) ? m.EnumerateArray().ToList() : [];

    /// <summary>The reply token, the push recipient or the loading chat: what a test's own events are recognised by.</summary>
    public string? Key => ReplyToken ?? To ?? ChatId;

    private string? Str(string name) => Body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

/// <summary>
/// The LINE Messaging API's side of the wire, as a real Kestrel server on 127.0.0.1: reply, push and the loading animation.
/// It records every request; a test can script the answers for its own reply token or recipient (400, 429, 5xx...).
/// </summary>
public sealed class FakeLine : IAsyncDisposable
{
    public ConcurrentQueue<LineCall> Calls { get; } = new();
    public string BaseUrl { get; }

    private readonly ConcurrentDictionary<string, ConcurrentQueue<(int Status, string Body)>> _scripts = new();
    private readonly WebApplication _app;
    private long _sequence;

    public FakeLine()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/{**path}", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement.Clone();
            var path = request.Path.Value ?? "";
            var call = new LineCall(0, path, Header(request, "Authorization"), Header(request, "X-Line-Retry-Key"), body, 0);
            var (status, answer) = call.Key is { } key && _scripts.TryGetValue(path + "|" + key, out var script) && script.TryDequeue(out var next)
                ? next
                : path == "/v2/bot/chat/loading/start" ? (202, "{}") : (200, path == "/v2/bot/message/reply" ? "{\"sentMessages\":[]}" : "{}");
            Calls.Enqueue(call with { Sequence = Interlocked.Increment(ref _sequence), Status = status });
            return Results.Content(answer, "application/json", statusCode: status);
        });
        _app.StartAsync().GetAwaiter().GetResult();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
    }

    /// <summary>The next answers to requests on <paramref name="path"/> for this reply token, push recipient or loading chat.</summary>
    public void Script(string path, string key, params (int Status, string Body)[] answers)
    {
        var queue = _scripts.GetOrAdd(path + "|" + key, _ => new ConcurrentQueue<(int, string)>());
        foreach (var answer in answers) queue.Enqueue(answer);
    }

    public IReadOnlyList<LineCall> For(string key) => Calls.Where(c => c.Key == key).OrderBy(c => c.Sequence).ToList();

    /// <summary>Polls until at least <paramref name="count"/> calls for the key match, or fails after the timeout.</summary>
    public async Task<IReadOnlyList<LineCall>> WaitForAsync(string key, int count, Func<LineCall, bool>? match = null, int timeoutSeconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var found = For(key).Where(match ?? (_ => true)).ToList();
            if (found.Count >= count) return found;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"the fake LINE API got {found.Count} of {count} expected calls for {key} within {timeoutSeconds} s");
            await Task.Delay(20);
        }
    }

    private static string? Header(HttpRequest request, string name) => request.Headers.TryGetValue(name, out var v) && v.Count > 0 ? v.ToString() : null;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
