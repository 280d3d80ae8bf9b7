using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace DgBot.Web.Channels.Line;

/// <summary>The LINE Messaging API channel (DESIGN §8). Secrets come from the environment (Line__ChannelSecret, Line__ChannelAccessToken) or user-secrets.</summary>
public sealed class LineOptions
{
    public const string Section = "Line";
    public const string DefaultApiBaseUrl = "https://api.line.me";

    /// <summary>Signs every webhook (X-Line-Signature). Without it /api/line refuses every request.</summary>
    public string? ChannelSecret { get; set; }

    /// <summary>The long-lived channel access token sent as "Authorization: Bearer" to the Messaging API.</summary>
    public string? ChannelAccessToken { get; set; }

    /// <summary>The Messaging API; empty means https://api.line.me. Tests point it at a fake on 127.0.0.1.</summary>
    public string? ApiBaseUrl { get; set; }

    /// <summary>The largest webhook body read; LINE batches are a few kilobytes, so anything near this is not LINE.</summary>
    [Range(1024, 4 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// Events waiting for the background workers; when full, /api/line answers 503 so a redelivery can bring them back. LINE's
    /// redelivery is opt-in (off by default), so a 503 usually loses the answer: the queue must absorb a burst. An event is
    /// well under a kilobyte, and one that waits past its reply token's life is pushed instead. The load test (tests/load)
    /// sends 5,000 webhooks at once; 1,000 here answered 503 to 78% of them.
    /// </summary>
    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 20_000;

    /// <summary>Workers, each owning a share of the chats, so one chat's events are answered in the order they came.</summary>
    [Range(1, 64)]
    public int Workers { get; set; } = 4;

    /// <summary>How long the loading animation may show in a 1:1 chat (5–60, a multiple of 5); the answer ends it sooner.</summary>
    [Range(5, 60)]
    public int LoadingSeconds { get; set; } = 20;

    /// <summary>Attempts per API call when LINE answers 429 or 5xx (or does not answer); other 4xx are never retried.</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>
    /// Events whose timestamp is older than this are not answered (logged and acknowledged), redelivered ones included; see
    /// <see cref="LineEventWindow"/> for why. Their webhookEventIds are kept this long plus a little, so within the window a copy is
    /// a duplicate and after it too old. An hour covers LINE's own retries and any answer still worth sending.
    /// </summary>
    [Range(1, 7 * 24 * 60)]
    public int MaxEventAgeMinutes { get; set; } = 60;

    public TimeSpan MaxEventAge => TimeSpan.FromMinutes(MaxEventAgeMinutes);

    public string ResolvedApiBaseUrl => string.IsNullOrWhiteSpace(ApiBaseUrl) ? DefaultApiBaseUrl : ApiBaseUrl.Trim().TrimEnd('/');
}

public sealed class LineOptionsValidator : IValidateOptions<LineOptions>
{
    public ValidateOptionsResult Validate(string? name, LineOptions options)
    {
        var errors = new List<string>();
        if (!Uri.TryCreate(options.ResolvedApiBaseUrl, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
            errors.Add($"Line:ApiBaseUrl must be an absolute https URL (plain http only on loopback), not '{options.ApiBaseUrl}'.");
        if (options.LoadingSeconds % 5 != 0)
            errors.Add($"Line:LoadingSeconds must be a multiple of 5 between 5 and 60 (the loading animation API refuses other values), not {options.LoadingSeconds}.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
