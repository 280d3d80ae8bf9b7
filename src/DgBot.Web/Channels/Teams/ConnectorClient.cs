using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DgBot.Web.Channels.Teams;

/// <summary>How one Connector call ended, for a caller that keeps its own retry schedule (the alert outbox).</summary>
/// <param name="Status">The HTTP status; null when no answer came.</param>
/// <param name="Reached">False only when the request certainly never reached the Connector (no connection): safe to send again.</param>
/// <param name="Code">The error's code or subCode (e.g. MessageWritesBlocked, ConversationNotFound) when the Connector gave one.</param>
public sealed record ConnectorAttempt(HttpStatusCode? Status, bool Reached, string? Id, string? Code, string? Detail, TimeSpan? RetryAfter)
{
    public bool Succeeded => Status is { } s && (int)s is >= 200 and < 300;
}

/// <summary>The Bot Framework Connector REST API, the part DgBot uses: reply to an activity, or send into a conversation.</summary>
public sealed class ConnectorClient(IHttpClientFactory http, BotTokenProvider tokens, TimeProvider clock, ILogger<ConnectorClient> logger)
{
    private const int MaxAttempts = 4;

    /// <summary>POST {serviceUrl}/v3/conversations/{conversationId}/activities[/{replyToId}].</summary>
    public async Task SendAsync(string serviceUrl, string conversationId, string? replyToId, Activity activity, CancellationToken cancellationToken)
    {
        var url = $"{serviceUrl.TrimEnd('/')}/v3/conversations/{Uri.EscapeDataString(conversationId)}/activities"
                  + (string.IsNullOrEmpty(replyToId) ? "" : "/" + Uri.EscapeDataString(replyToId));
        var json = TeamsJson.Serialize(activity);
        var refreshedToken = false;
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            var token = await tokens.GetTokenAsync(cancellationToken);
            if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.CreateClient(nameof(ConnectorClient)).SendAsync(request, cancellationToken);
            var operation = response.Headers.TryGetValues("X-Correlating-OperationId", out var ids) ? ids.FirstOrDefault() : null;
            if (response.IsSuccessStatusCode)
            {
                logger.LogDebug("Sent {Type} to the Connector (operation {Operation})", activity.Type, operation);
                return;
            }
            if (response.StatusCode == HttpStatusCode.Unauthorized && token is not null && !refreshedToken)
            {
                tokens.Invalidate();
                refreshedToken = true;
                continue;
            }
            if (!Retryable(response.StatusCode) || attempt >= MaxAttempts)
                throw new HttpRequestException($"Connector answered {(int)response.StatusCode} (operation {operation})", null, response.StatusCode);
            var delay = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMilliseconds(500 * Math.Pow(2, attempt - 1) + Random.Shared.Next(250));
            logger.LogWarning("Connector answered {Status}; retrying in {Delay} (attempt {Attempt})", (int)response.StatusCode, delay, attempt);
            await Task.Delay(delay < TimeSpan.FromSeconds(30) ? delay : TimeSpan.FromSeconds(30), clock, cancellationToken);
        }
    }

    /// <summary>Teams rate limits answer 429; 412, 502, 503 and 504 are transient too (Teams rate-limit guidance).</summary>
    private static bool Retryable(HttpStatusCode status) => status is HttpStatusCode.TooManyRequests or HttpStatusCode.PreconditionFailed
        or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>One POST {serviceUrl}/v3/conversations/{id}/activities, no retries (a 401 is retried once with a fresh token).</summary>
    public Task<ConnectorAttempt> TrySendAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken) =>
        TryPostAsync($"{serviceUrl.TrimEnd('/')}/v3/conversations/{Uri.EscapeDataString(conversationId)}/activities", TeamsJson.Serialize(activity), cancellationToken);

    /// <summary>
    /// One POST {serviceUrl}/v3/conversations creating (or finding) the bot's 1:1 chat with a user: Teams needs the user's
    /// per-bot id and the tenant; the new conversation's id comes back as <see cref="ConnectorAttempt.Id"/>.
    /// </summary>
    public Task<ConnectorAttempt> TryCreateConversationAsync(string serviceUrl, string botId, string userId, string tenantId, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["bot"] = new JsonObject { ["id"] = botId },
            ["members"] = new JsonArray(new JsonObject { ["id"] = userId }),
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenantId } },
            ["tenantId"] = tenantId,
            ["isGroup"] = false,
        };
        return TryPostAsync($"{serviceUrl.TrimEnd('/')}/v3/conversations", body.ToJsonString(), cancellationToken);
    }

    private async Task<ConnectorAttempt> TryPostAsync(string url, string json, CancellationToken cancellationToken)
    {
        for (var refreshed = false; ; refreshed = true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            string? token;
            try
            {
                token = await tokens.GetTokenAsync(cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Nothing went to the Connector yet: a failed token request is always safe to retry.
                return new ConnectorAttempt(null, false, null, null, "no outbound token: " + e.Message, null);
            }
            if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            HttpResponseMessage response;
            try
            {
                response = await http.CreateClient(nameof(ConnectorClient)).SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConnectionError)
            {
                return new ConnectorAttempt(null, false, null, null, e.Message, null);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // The request may have arrived: only the caller knows whether sending it again is acceptable.
                return new ConnectorAttempt(null, true, null, null, e is TaskCanceledException ? "no answer in time" : e.Message, null);
            }
            using (response)
            {
                if (response.StatusCode == HttpStatusCode.Unauthorized && token is not null && !refreshed)
                {
                    tokens.Invalidate();
                    continue;
                }
                var text = await ReadAsync(response, cancellationToken);
                var (id, code, message) = Describe(text);
                if (text.Contains("MessageWritesBlocked", StringComparison.Ordinal)) code = "MessageWritesBlocked";
                var retryAfter = response.Headers.RetryAfter is { } ra
                    ? ra.Delta ?? (ra.Date is { } date ? date - clock.GetUtcNow() : null)
                    : null;
                return new ConnectorAttempt(response.StatusCode, true, id, code, message ?? (text.Length > 300 ? text[..300] : text), retryAfter);
            }
        }
    }

    private static async Task<string> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return text.Length > 4000 ? text[..4000] : text;
        }
        catch (HttpRequestException)
        {
            return "";
        }
    }

    /// <summary>A resource response {"id"} or an error {"error": {"code", "message", "innerHttpError"?}}; Teams puts MessageWritesBlocked in a subCode.</summary>
    private static (string? Id, string? Code, string? Message) Describe(string text)
    {
        if (text.Length == 0) return (null, null, null);
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, null, null);
            var id = root.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
            var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object ? e : root;
            string? Str(JsonElement o, string name) => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var code = Str(error, "subCode") ?? Str(root, "subCode") ?? Str(error, "code");
            return (id, code, Str(error, "message"));
        }
        catch (JsonException)
        {
            return (null, null, null);
        }
    }
}
