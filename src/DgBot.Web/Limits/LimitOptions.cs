using System.ComponentModel.DataAnnotations;

namespace DgBot.Web.Limits;

/// <summary>RateLimits:* — how fast one address or one user may ask. Load tests raise them; production keeps them.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    public bool Enabled { get; set; } = true;

    /// <summary>Requests per minute from one IP address to /api/ask, /api/login and /api/admin (Teams and LINE are authenticated platforms, not limited by IP).
    /// Generous because a whole ministry office may share one NAT address; the per-user limit is the tight one.</summary>
    [Range(1, 1_000_000)]
    public int PerIpPerMinute { get; set; } = 300;

    /// <summary>Whether requests from this machine (127.0.0.1, ::1) count against the per-IP limit; off by default, so a local
    /// client or a test harness is not throttled. A host behind a reverse proxy on the same machine must turn it on.</summary>
    public bool LimitLoopback { get; set; }

    /// <summary>Questions per minute from one user, on any channel (a burst of this many, then one every 60/N seconds).</summary>
    [Range(1, 1_000_000)]
    public int PerUserPerMinute { get; set; } = 30;
}

/// <summary>Limits:* — sizes of what the host accepts.</summary>
public sealed class RequestLimitOptions
{
    public const string Section = "Limits";

    /// <summary>The largest request body on any endpoint (Kestrel's limit; LINE's webhook has its own, Line:MaxBodyBytes).</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The largest /api/ask body: a 2,000-character question in Thai is about 6 KB of UTF-8.</summary>
    [Range(1024, 10 * 1024 * 1024)]
    public int MaxAskBodyBytes { get; set; } = 32 * 1024;
}
