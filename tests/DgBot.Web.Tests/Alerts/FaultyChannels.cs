using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DgBot.Web.Tests.Alerts;

/// <summary>What the fake does with one request.</summary>
public enum Fault
{
    None,
    /// <summary>500, nothing delivered.</summary>
    ServerError,
    /// <summary>Delivered, but the answer comes only after the sender has stopped waiting.</summary>
    SlowAnswer,
    /// <summary>429 with Retry-After, nothing delivered.</summary>
    TooManyRequests,
    /// <summary>Teams: 403 MessageWritesBlocked (the user blocked the bot).</summary>
    Blocked,
    /// <summary>Teams: 404 ConversationNotFound.</summary>
    ConversationNotFound,
    /// <summary>400, nothing delivered (a request the channel will never take).</summary>
    BadRequest,
}

/// <summary>A message as the user would see it: what reached the channel and was taken.</summary>
public sealed record Delivery(string Channel, string Target, string? RetryKey, JsonElement Body);

/// <summary>
/// A Bot Framework Connector (with its token endpoint) and a LINE Messaging API on 127.0.0.1 that fail on purpose, per
/// conversation or LINE user, as scripted. It can be stopped (connection refused) and started again on the same port, and
/// it can hold every answer (to kill a sender mid-delivery). LINE's retry key works as LINE documents: a key already
/// accepted answers 409 and delivers nothing again.
/// </summary>
public sealed class FaultyChannels : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Fault>> _script = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _acceptedRetryKeys = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private volatile TaskCompletionSource? _hold;

    public int Port { get; private set; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public string TeamsServiceUrl => BaseUrl + "/teams/";
    public string TokenEndpoint => BaseUrl + "/token";
    public string LineApiBaseUrl => BaseUrl + "/line";

    /// <summary>The longest a <see cref="Fault.SlowAnswer"/> keeps the sender waiting; it ends sooner when the sender hangs up.</summary>
    public TimeSpan SlowAnswer { get; set; } = TimeSpan.FromSeconds(60);

    public int RetryAfterSeconds { get; set; } = 1;

    public ConcurrentQueue<Delivery> Delivered { get; } = new();

    /// <summary>Every request with the status it got (or would have got, for answers the sender stopped waiting for).</summary>
    public ConcurrentQueue<(string Channel, string Target, int Status, DateTimeOffset At)> Calls { get; } = new();

    /// <summary>Conversations created with POST /v3/conversations (Teams 1:1 chats), by member id.</summary>
    public ConcurrentQueue<string> Created { get; } = new();

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        _app = builder.Build();
        _app.MapPost("/token", () => Results.Json(new { token_type = "Bearer", expires_in = 3600, ext_expires_in = 3600, access_token = "faulty-token" }));
        _app.MapPost("/teams/v3/conversations", async (HttpRequest request) =>
        {
            var body = await JsonDocument.ParseAsync(request.Body);
            var member = body.RootElement.GetProperty("members")[0].GetProperty("id").GetString()!;
            Created.Enqueue(member);
            return Results.Json(new { id = "a:created-" + member }, statusCode: 201);
        });
        _app.MapPost("/teams/v3/conversations/{conversationId}/activities", (HttpRequest request, string conversationId) =>
            AnswerAsync("teams", conversationId, null, request));
        _app.MapPost("/line/v2/bot/message/push", async (HttpRequest request) =>
        {
            request.EnableBuffering();
            var to = (await JsonDocument.ParseAsync(request.Body)).RootElement.GetProperty("to").GetString()!;
            request.Body.Position = 0;
            return await AnswerAsync("line", to, request.Headers["X-Line-Retry-Key"].ToString(), request);
        });
        await _app.StartAsync();
        Port = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;
    }

    /// <summary>Stops listening: the next call is refused at the TCP level.</summary>
    public async Task StopAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    /// <summary>The next requests to this conversation (Teams) or user (LINE) meet these faults, in order; then all goes well.</summary>
    public void Script(string target, params Fault[] faults)
    {
        var queue = _script.GetOrAdd(target, _ => new ConcurrentQueue<Fault>());
        foreach (var f in faults) queue.Enqueue(f);
    }

    /// <summary>From now on every answer waits (after the message is delivered) until <see cref="Release"/>.</summary>
    public void HoldAnswers() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => Interlocked.Exchange(ref _hold, null)?.TrySetResult();

    public IReadOnlyList<Delivery> DeliveredTo(string target) => Delivered.Where(d => d.Target == target).ToList();

    private async Task<IResult> AnswerAsync(string channel, string target, string? retryKey, HttpRequest request)
    {
        var body = (await JsonDocument.ParseAsync(request.Body)).RootElement.Clone();
        var fault = _script.TryGetValue(target, out var queue) && queue.TryDequeue(out var f) ? f : Fault.None;
        if (channel == "line" && !string.IsNullOrEmpty(retryKey) && _acceptedRetryKeys.ContainsKey(retryKey))
            return Record(channel, target, 409, Results.Json(new { message = "The retry key is already accepted" }, statusCode: 409));

        switch (fault)
        {
            case Fault.ServerError:
                return Record(channel, target, 500, Results.Json(new { error = new { code = "ServiceError", message = "boom" } }, statusCode: 500));
            case Fault.TooManyRequests:
                request.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Record(channel, target, 429, Results.Json(new { message = "Too many requests" }, statusCode: 429));
            case Fault.Blocked:
                return Record(channel, target, 403, Results.Json(new { error = new { code = "Forbidden", subCode = "MessageWritesBlocked", message = "Thread is blocked" } }, statusCode: 403));
            case Fault.ConversationNotFound:
                return Record(channel, target, 404, Results.Json(new { error = new { code = "ConversationNotFound", message = "Conversation not found." } }, statusCode: 404));
            case Fault.BadRequest:
                return Record(channel, target, 400, Results.Json(new { message = "Failed to send messages" }, statusCode: 400));
        }

        // Taken: the user sees it now, whatever happens to the answer.
        Delivered.Enqueue(new Delivery(channel, target, retryKey, body));
        if (!string.IsNullOrEmpty(retryKey)) _acceptedRetryKeys[retryKey] = true;
        var status = channel == "teams" ? 201 : 200;
        Record(channel, target, status, Results.Ok());
        if (fault == Fault.SlowAnswer)
        {
            // Wait out the sender's attempt timeout, whatever it is: the answer is "slow" only if the sender gives up first.
            try { await Task.Delay(SlowAnswer, request.HttpContext.RequestAborted); }
            catch (OperationCanceledException) { return Results.Empty; }
        }
        if (_hold is { } hold) await hold.Task;
        return channel == "teams" ? Results.Json(new { id = "m-" + Guid.NewGuid().ToString("N") }, statusCode: 201) : Results.Json(new { sentMessages = Array.Empty<object>() });
    }

    private IResult Record(string channel, string target, int status, IResult result)
    {
        Calls.Enqueue((channel, target, status, DateTimeOffset.UtcNow));
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await StopAsync();
    }
}
