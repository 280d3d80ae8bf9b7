using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace DgBot.Web.Limits;

/// <summary>
/// Per-user question rate, on every channel: one user (a Teams or LINE account, a web login, an /api/ask userId) gets a burst
/// of RateLimits:PerUserPerMinute questions, then one every 60/N seconds. Kept in the chat service, not the endpoints, because
/// LINE and Teams traffic arrives from the platforms' addresses: only the service knows whose question it is.
/// </summary>
public sealed class QuestionLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string>? _limiter;

    public QuestionLimiter(IOptions<RateLimitOptions> options)
    {
        var o = options.Value;
        if (!o.Enabled) return;
        _limiter = PartitionedRateLimiter.Create<string, string>(user => RateLimitPartition.GetTokenBucketLimiter(user, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = o.PerUserPerMinute,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / o.PerUserPerMinute,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Null when the question may go ahead, else how long the user should wait.</summary>
    public TimeSpan? TryAcquire(string? user)
    {
        if (_limiter is null || string.IsNullOrEmpty(user)) return null;
        using var lease = _limiter.AttemptAcquire(user);
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var after) && after > TimeSpan.Zero ? after : TimeSpan.FromSeconds(2);
    }

    public void Dispose() => _limiter?.Dispose();
}
