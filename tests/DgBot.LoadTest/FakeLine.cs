using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace DgBot.LoadTest;

/// <summary>
/// The LINE Messaging API's side of the wire on 127.0.0.1 (Kestrel): accepts every reply, push and loading animation and
/// counts them, replies by reply token and pushes by recipient, so lost and duplicate answers can be told after the run.
/// </summary>
public sealed class FakeLine : IAsyncDisposable
{
    private const string ApologyMarker = "รหัสอ้างอิง"; // LineMessages.Apology: the worker's error boundary answered
    private readonly WebApplication _app;
    private readonly string _expectedAuthorization;

    public ConcurrentDictionary<string, int> Replies { get; } = new(StringComparer.Ordinal);
    public ConcurrentDictionary<string, int> Pushes { get; } = new(StringComparer.Ordinal);
    private long _loading, _badAuth, _apologies, _malformed, _other;
    public long Loading => Interlocked.Read(ref _loading);
    public long BadAuthorization => Interlocked.Read(ref _badAuth);
    public long Apologies => Interlocked.Read(ref _apologies);
    public long Malformed => Interlocked.Read(ref _malformed);
    public long Other => Interlocked.Read(ref _other);
    public string BaseUrl { get; }

    public FakeLine(int port, string accessToken)
    {
        _expectedAuthorization = "Bearer " + accessToken;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        _app = builder.Build();
        _app.MapPost("/v2/bot/message/reply", async (HttpRequest request) =>
        {
            var body = await ReadAsync(request);
            if (body is null || Str(body.Value, "replyToken") is not { } token) return Malformed();
            Count(body.Value);
            Replies.AddOrUpdate(token, 1, (_, n) => n + 1);
            return Results.Content("{\"sentMessages\":[]}", "application/json");
        });
        _app.MapPost("/v2/bot/message/push", async (HttpRequest request) =>
        {
            var body = await ReadAsync(request);
            if (body is null || Str(body.Value, "to") is not { } to) return Malformed();
            Count(body.Value);
            Pushes.AddOrUpdate(to, 1, (_, n) => n + 1);
            return Results.Content("{\"sentMessages\":[]}", "application/json");
        });
        _app.MapPost("/v2/bot/chat/loading/start", async (HttpRequest request) =>
        {
            if (await ReadAsync(request) is null) return Malformed();
            Interlocked.Increment(ref _loading);
            return Results.Content("{}", "application/json", statusCode: 202);
        });
        _app.MapFallback((HttpContext _) => { Interlocked.Increment(ref _other); return Results.NotFound(); });
        _app.StartAsync().GetAwaiter().GetResult();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');

        IResult Malformed()
        {
            Interlocked.Increment(ref _malformed);
            return Results.Json(new { message = "The request body has 1 error(s)" }, statusCode: 400);
        }
    }

    private async Task<JsonElement?> ReadAsync(HttpRequest request)
    {
        if (request.Headers.Authorization.ToString() != _expectedAuthorization) Interlocked.Increment(ref _badAuth);
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Counts an answer that is the worker's apology (the chat service threw) rather than an answer.</summary>
    private void Count(JsonElement body)
    {
        if (!body.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            Interlocked.Increment(ref _malformed);
            return;
        }
        foreach (var m in messages.EnumerateArray())
            if (Str(m, "text") is { } text && text.Contains(ApologyMarker, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _apologies);
                return;
            }
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
