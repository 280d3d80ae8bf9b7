using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace DgBot.Web.Channels.Line;

public enum ReplyOutcome { Sent, InvalidReplyToken }

/// <summary>How one push ended, for a caller that keeps its own retry schedule (the alert outbox).</summary>
/// <param name="Status">The HTTP status; null when no answer came (a retry with the same key cannot deliver twice).</param>
public sealed record LinePushAttempt(HttpStatusCode? Status, string? Detail, TimeSpan? RetryAfter)
{
    /// <summary>Accepted now, or (409) accepted earlier under the same retry key although that answer never reached us.</summary>
    public bool Delivered => Status is { } s && ((int)s is >= 200 and < 300 || s == HttpStatusCode.Conflict);
}

/// <summary>LINE answered with an error that retrying does not fix (or retries ran out).</summary>
public sealed class LineApiException(string operation, HttpStatusCode? status, string? detail)
    : HttpRequestException($"LINE {operation} failed: {(status is { } s ? ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture) : "no response")} {detail}".TrimEnd(), null, status);

/// <summary>
/// The Messaging API, the part DgBot uses: reply, push and the loading animation. 429 and 5xx (and no answer at all) are
/// retried with back-off; any other 4xx is final. A push carries one X-Line-Retry-Key across its attempts, so a retry after an
/// accepted-but-unanswered request is refused by LINE (409) instead of delivered twice.
/// </summary>
public sealed class LineClient(IHttpClientFactory http, IOptions<LineOptions> options, TimeProvider clock, ILogger<LineClient> logger)
{
    public const int MaxMessages = 5;

    /// <summary>POST /v2/bot/message/reply. An expired or used token is an outcome, not an error: the caller pushes instead.</summary>
    public async Task<ReplyOutcome> ReplyAsync(string replyToken, IReadOnlyList<JsonObject> messages, CancellationToken cancellationToken)
    {
        // No X-Line-Retry-Key here: LINE accepts it only on push, multicast, narrowcast and broadcast and refuses any other
        // request that carries one with 400. A reply token is single-use, so a retried reply cannot be delivered twice anyway.
        var body = new JsonObject { ["replyToken"] = replyToken, ["messages"] = Messages(messages) };
        var (status, detail) = await SendAsync("reply", "/v2/bot/message/reply", body, retryKey: null, cancellationToken);
        if (IsSuccess(status)) return ReplyOutcome.Sent;
        if (status == HttpStatusCode.BadRequest && detail?.Contains("reply token", StringComparison.OrdinalIgnoreCase) == true)
            return ReplyOutcome.InvalidReplyToken;
        throw new LineApiException("reply", status, detail);
    }

    /// <summary>POST /v2/bot/message/push to a user, group or room, idempotent through X-Line-Retry-Key.</summary>
    public async Task PushAsync(string to, IReadOnlyList<JsonObject> messages, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["to"] = to, ["messages"] = Messages(messages) };
        var (status, detail) = await SendAsync("push", "/v2/bot/message/push", body, Guid.NewGuid().ToString(), cancellationToken);
        if (IsSuccess(status)) return;
        if (status == HttpStatusCode.Conflict)
        {
            // An earlier attempt with this key was accepted although its answer never reached us.
            logger.LogInformation("LINE push: an earlier attempt with the same retry key was already accepted");
            return;
        }
        throw new LineApiException("push", status, detail);
    }

    /// <summary>One push with a caller-kept X-Line-Retry-Key (a UUID), no retries: the alert outbox schedules its own.</summary>
    public async Task<LinePushAttempt> TryPushAsync(string to, IReadOnlyList<JsonObject> messages, string retryKey, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var body = new JsonObject { ["to"] = to, ["messages"] = Messages(messages) };
        using var request = new HttpRequestMessage(HttpMethod.Post, o.ResolvedApiBaseUrl + "/v2/bot/message/push")
        {
            Content = new StringContent(body.ToJsonString(LineJson.Options), Encoding.UTF8, "application/json"),
        };
        if (!string.IsNullOrEmpty(o.ChannelAccessToken)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", o.ChannelAccessToken);
        request.Headers.TryAddWithoutValidation("X-Line-Retry-Key", retryKey);
        try
        {
            using var response = await http.CreateClient(nameof(LineClient)).SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode) return new LinePushAttempt(response.StatusCode, null, null);
            var retryAfter = response.Headers.RetryAfter is { } ra ? ra.Delta ?? (ra.Date is { } date ? date - clock.GetUtcNow() : null) : null;
            return new LinePushAttempt(response.StatusCode, await ErrorDetailAsync(response, cancellationToken), retryAfter);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new LinePushAttempt(null, e is TaskCanceledException ? "no answer in time" : e.Message, null);
        }
    }

    /// <summary>POST /v2/bot/chat/loading/start; 1:1 chats only. The animation stops by itself when the answer arrives.</summary>
    public async Task StartLoadingAsync(string userId, int seconds, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["chatId"] = userId, ["loadingSeconds"] = seconds };
        var (status, detail) = await SendAsync("loading", "/v2/bot/chat/loading/start", body, retryKey: null, cancellationToken, attempts: 1);
        if (!IsSuccess(status)) throw new LineApiException("loading animation", status, detail);
    }

    private static JsonArray Messages(IReadOnlyList<JsonObject> messages)
    {
        if (messages.Count is 0 or > MaxMessages) throw new ArgumentOutOfRangeException(nameof(messages), messages.Count, $"LINE takes 1 to {MaxMessages} messages per request");
        // The same message objects may go out again as a push after a failed reply, and a JSON node has one parent.
        return new JsonArray(messages.Select(m => (JsonNode)m.DeepClone()).ToArray());
    }

    private async Task<(HttpStatusCode? Status, string? Detail)> SendAsync(string operation, string path, JsonObject body, string? retryKey,
        CancellationToken cancellationToken, int? attempts = null)
    {
        var o = options.Value;
        var url = o.ResolvedApiBaseUrl + path;
        var json = body.ToJsonString(LineJson.Options);
        var maxAttempts = attempts ?? o.MaxAttempts;
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            if (!string.IsNullOrEmpty(o.ChannelAccessToken)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", o.ChannelAccessToken);
            if (retryKey is not null) request.Headers.TryAddWithoutValidation("X-Line-Retry-Key", retryKey);

            HttpStatusCode? status;
            string? detail;
            TimeSpan? retryAfter = null;
            try
            {
                using var response = await http.CreateClient(nameof(LineClient)).SendAsync(request, cancellationToken);
                status = response.StatusCode;
                var requestId = response.Headers.TryGetValues("x-line-request-id", out var ids) ? ids.FirstOrDefault() : null;
                if (response.IsSuccessStatusCode)
                {
                    logger.LogDebug("LINE {Operation} accepted (request {RequestId})", operation, requestId);
                    return (status, null);
                }
                detail = await ErrorDetailAsync(response, cancellationToken);
                retryAfter = response.Headers.RetryAfter?.Delta;
                if (!Retryable(response.StatusCode))
                {
                    if (status != HttpStatusCode.Conflict)
                        logger.LogWarning("LINE {Operation} answered {Status} (request {RequestId}): {Detail}", operation, (int)response.StatusCode, requestId, detail);
                    return (status, detail);
                }
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // No answer: the request may or may not have been accepted. Push is covered by its retry key, reply by its single-use token.
                status = null;
                detail = e.Message;
            }
            if (attempt >= maxAttempts) return (status, detail);
            var delay = retryAfter ?? TimeSpan.FromMilliseconds(500 * Math.Pow(2, attempt - 1) + Random.Shared.Next(250));
            if (delay > TimeSpan.FromSeconds(10)) delay = TimeSpan.FromSeconds(10);
            logger.LogWarning("LINE {Operation} answered {Status}; retrying in {Delay} (attempt {Attempt} of {Attempts})",
                operation, status is { } s ? (int)s : 0, delay, attempt, maxAttempts);
            await Task.Delay(delay, clock, cancellationToken);
        }
    }

    private static bool IsSuccess(HttpStatusCode? status) => status is { } s && (int)s is >= 200 and < 300;

    private static bool Retryable(HttpStatusCode status) => status == HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>LINE errors are {"message": "...", "details": [{"message", "property"}]}; the message says which 400 it is.</summary>
    private static async Task<string?> ErrorDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException)
        {
            return null;
        }
        if (text.Length > 2000) text = text[..2000];
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
            {
                var details = document.RootElement.TryGetProperty("details", out var d) && d.ValueKind == JsonValueKind.Array
                    ? string.Join("; ", d.EnumerateArray().Select(x => x.ToString()))
                    : "";
                return details.Length == 0 ? m.GetString() : $"{m.GetString()} ({details})";
            }
        }
        catch (JsonException)
        {
        }
        return text;
    }
}
