using System.Threading.Channels;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace DgBot.Web.Channels.Line;

public enum LineAdmission { Queued, Duplicate, Full }

/// <summary>
/// Between the webhook's 200 and the background reply: one bounded queue per worker, a chat always landing on the same one so
/// its events are answered in order, and a bounded, expiring memory of webhookEventIds so a redelivered event is answered once.
/// </summary>
public sealed class LineInbox : IDisposable
{
    private static readonly TimeSpan RememberFor = TimeSpan.FromHours(1);
    private readonly Channel<LineEvent>[] _queues;
    private readonly MemoryCache _seen = new(new MemoryCacheOptions { SizeLimit = 50_000 });
    private readonly Lock _gate = new();

    public LineInbox(IOptions<LineOptions> options)
    {
        var o = options.Value;
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
        lock (_gate)
        {
            if (key is not null && _seen.TryGetValue(key, out _)) return LineAdmission.Duplicate;
            if (!queue.Writer.TryWrite(e)) return LineAdmission.Full;
            if (key is not null) _seen.Set(key, true, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = RememberFor });
            return LineAdmission.Queued;
        }
    }

    public void Dispose() => _seen.Dispose();
}
