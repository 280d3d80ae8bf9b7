using System.Threading.Channels;
using DgBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace DgBot.Web.Channels.Line;

public enum LineAdmission { Queued, Duplicate, Full }

/// <summary>
/// Between the webhook's 200 and the background reply: one bounded queue per worker, a chat always landing on the same one so
/// its events are answered in order, and the webhookEventIds taken in, kept in the state database (<see cref="IDedupeStore"/>)
/// so a redelivered or replayed event is answered once, across restarts too.
/// </summary>
/// <remarks>
/// There is no in-memory copy of the keys in front of the store. Duplicates are rare, so a cache would save a write only for them,
/// and a second memory of what was seen is a second answer that can disagree with the first (after a release, or with another
/// instance on the same store). One atomic claim in the store decides.
/// </remarks>
public sealed class LineInbox
{
    public const string DedupeChannel = "line";

    private readonly Channel<LineEvent>[] _queues;
    private readonly IDedupeStore _dedupe;
    private readonly TimeSpan _keyLifetime;

    public LineInbox(IOptions<LineOptions> options, IDedupeStore dedupe)
    {
        var o = options.Value;
        _dedupe = dedupe;
        _keyLifetime = LineEventWindow.KeyLifetime(o.MaxEventAge);
        var capacity = Math.Max(1, o.QueueCapacity / o.Workers);
        _queues = Enumerable.Range(0, o.Workers).Select(_ => Channel.CreateBounded<LineEvent>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = false,
            SingleReader = true,
        })).ToArray();
    }

    public IReadOnlyList<ChannelReader<LineEvent>> Readers => _queues.Select(q => q.Reader).ToList();

    public LineAdmission Admit(LineEvent e)
    {
        var key = string.IsNullOrEmpty(e.WebhookEventId) ? null : e.WebhookEventId;
        var queue = _queues[(int)((uint)StringComparer.Ordinal.GetHashCode(e.Source.ChatId ?? "") % (uint)_queues.Length)];
        // Claim first, then queue: of two deliveries racing, only the one that claimed can be queued.
        if (key is not null && !_dedupe.TryClaim(DedupeChannel, key, _keyLifetime)) return LineAdmission.Duplicate;
        if (queue.Writer.TryWrite(e)) return LineAdmission.Queued;
        // Not taken in after all: forget it, so the redelivery the 503 asks for is answered.
        if (key is not null) _dedupe.Release(DedupeChannel, key);
        return LineAdmission.Full;
    }
}
