using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace DgBot.Web.Channels.Teams;

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
}
