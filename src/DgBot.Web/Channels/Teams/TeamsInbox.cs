using System.Threading.Channels;
using DgBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace DgBot.Web.Channels.Teams;

public enum Admission { Queued, Duplicate, Full }

/// <summary>
/// Between the HTTP acknowledgement and the background reply: a bounded queue, and the activity ids taken in, kept in the state
/// database (<see cref="IDedupeStore"/>) so a channel retry (Teams retries when an answer is slow) or a replayed request is
/// answered once, across restarts too. No in-memory copy of the keys: see <see cref="Line.LineInbox"/> for why.
/// </summary>
public sealed class TeamsInbox(IOptions<TeamsOptions> options, IDedupeStore dedupe, TimeProvider clock)
{
    public const string DedupeChannel = "teams";

    /// <summary>
    /// The least time an id is kept: Teams retries within seconds. A request with a Bot Framework token is kept until that token
    /// (plus clock skew) expires, since until then a copy of the request would authenticate; that is usually the longer.
    /// </summary>
    public static readonly TimeSpan RememberAtLeast = TimeSpan.FromMinutes(15);

    private readonly Channel<Activity> _queue = Channel.CreateBounded<Activity>(new BoundedChannelOptions(options.Value.QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleWriter = false,
        SingleReader = false,
    });

    public ChannelReader<Activity> Reader => _queue.Reader;

    /// <param name="replayableUntil">Until when a copy of this request would still authenticate; null when tokens are not checked.</param>
    public Admission Admit(Activity activity, DateTimeOffset? replayableUntil = null)
    {
        var key = activity.Id is { Length: > 0 } id ? $"{activity.ChannelId}\n{activity.Conversation?.Id}\n{id}" : null;
        var lifetime = replayableUntil is { } until && until - clock.GetUtcNow() is var left && left > RememberAtLeast ? left : RememberAtLeast;
        // Claim first, then queue: of two deliveries racing, only the one that claimed can be queued.
        if (key is not null && !dedupe.TryClaim(DedupeChannel, key, lifetime)) return Admission.Duplicate;
        if (_queue.Writer.TryWrite(activity)) return Admission.Queued;
        // Not taken in after all: forget it, so the retry the 503 asks for is answered.
        if (key is not null) dedupe.Release(DedupeChannel, key);
        return Admission.Full;
    }

    public void Complete() => _queue.Writer.TryComplete();
}
