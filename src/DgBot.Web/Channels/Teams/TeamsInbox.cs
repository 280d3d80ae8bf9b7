using System.Threading.Channels;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace DgBot.Web.Channels.Teams;

public enum Admission { Queued, Duplicate, Full }

/// <summary>
/// Between the HTTP acknowledgement and the background reply: a bounded queue, and a bounded, expiring memory of activity ids
/// so a channel retry (Teams retries when an answer is slow) is answered once.
/// </summary>
public sealed class TeamsInbox : IDisposable
{
    private static readonly TimeSpan RememberFor = TimeSpan.FromMinutes(15);
    private readonly Channel<Activity> _queue;
    private readonly MemoryCache _seen = new(new MemoryCacheOptions { SizeLimit = 20_000 });
    private readonly Lock _gate = new();

    public TeamsInbox(IOptions<TeamsOptions> options) =>
        _queue = Channel.CreateBounded<Activity>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = false,
            SingleReader = false,
        });

    public ChannelReader<Activity> Reader => _queue.Reader;

    public Admission Admit(Activity activity)
    {
        var key = activity.Id is { Length: > 0 } id ? $"{activity.ChannelId}\n{activity.Conversation?.Id}\n{id}" : null;
        lock (_gate)
        {
            if (key is not null && _seen.TryGetValue(key, out _)) return Admission.Duplicate;
            if (!_queue.Writer.TryWrite(activity)) return Admission.Full;
            if (key is not null) _seen.Set(key, true, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = RememberFor });
            return Admission.Queued;
        }
    }

    public void Complete() => _queue.Writer.TryComplete();

    public void Dispose() => _seen.Dispose();
}
