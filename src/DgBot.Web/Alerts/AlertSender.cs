using System.Collections.Concurrent;
using System.Net;
using System.Threading.RateLimiting;
using DgBot.Core.Alerts;
using DgBot.Web.Channels.Line;
using DgBot.Web.Channels.Teams;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace DgBot.Web.Alerts;

/// <summary>What one delivery pass settled.</summary>
public sealed record DeliveryReport(int Sent, int Parked, int Rescheduled, int LeaseLost)
{
    public int Settled => Sent + Parked + Rescheduled;
}

/// <summary>
/// Delivers the outbox (DESIGN §7). A message is claimed under a lease, logged as dispatched just before it goes out, and marked
/// sent only when the channel confirms. Transient failures are retried a few times at once (Polly: exponential back-off with
/// jitter, Retry-After honoured), then handed back to the outbox to wait longer, and parked after
/// <see cref="AlertOptions.MaxAttempts"/>. A message that may have arrived (no answer in time, or a sender that died mid-send)
/// is sent again only on LINE, whose X-Line-Retry-Key makes the repeat harmless; on Teams, which has no such key, it is
/// parked as "in doubt" rather than risk telling an executive twice.
/// </summary>
public sealed class AlertSender : IDisposable
{
    private readonly AlertOutbox _outbox;
    private readonly AlertSubscriptions _subscriptions;
    private readonly IServiceProvider _services;
    private readonly AlertOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<AlertSender> _logger;
    private readonly ResiliencePipeline<Outcome> _quickRetries;
    private readonly TokenBucketRateLimiter _teamsPace;
    private readonly ConcurrentDictionary<string, ConversationGate> _gates = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public AlertSender(AlertOutbox outbox, AlertSubscriptions subscriptions, IServiceProvider services, IOptions<AlertOptions> options,
        TimeProvider clock, ILogger<AlertSender> logger)
    {
        _outbox = outbox;
        _subscriptions = subscriptions;
        _services = services;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        _quickRetries = _options.QuickRetries == 0 ? ResiliencePipeline<Outcome>.Empty : new ResiliencePipelineBuilder<Outcome>
        {
            TimeProvider = clock,
        }.AddRetry(new RetryStrategyOptions<Outcome>
        {
            MaxRetryAttempts = _options.QuickRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = _options.RetryDelay,
            MaxDelay = _options.MaxRetryDelay,
            // A long Retry-After is waited out in the outbox (the lease would expire), a short one here.
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { Verdict: Verdict.Retry, Final: false } r
                && (r.RetryAfter is null || r.RetryAfter <= QuickWaitLimit)),
            DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.RetryAfter is { } after && after > TimeSpan.Zero ? (TimeSpan?)after : null),
        }).Build();
        _teamsPace = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = _options.TeamsPerSecond, TokensPerPeriod = _options.TeamsPerSecond, ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = int.MaxValue, QueueProcessingOrder = QueueProcessingOrder.OldestFirst, AutoReplenishment = true,
        });
    }

    /// <summary>A Teams call that got no answer in time: it may have arrived (reached, no status).</summary>
    private static ConnectorAttempt TeamsTimedOut() => new(null, true, null, null, "no answer in time", null);

    /// <summary>The longest wait a sender spends inside one claim; anything longer goes back to the outbox.</summary>
    private TimeSpan QuickWaitLimit => _options.Lease / 4;

    /// <summary>
    /// Delivers every message that is due now (including ones in doubt from a sender that died), <see cref="AlertOptions.Parallelism"/>
    /// at a time, and returns when none is left due. Messages rescheduled for later stay in the outbox for the next pass.
    /// </summary>
    public async Task<DeliveryReport> DeliverDueAsync(IProgress<DeliveryReport>? progress = null, CancellationToken cancellationToken = default)
    {
        // One pass per process at a time: the schedule and a manual run must not race each other for the same lease owner.
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            int sent = 0, parked = 0, rescheduled = 0, lost = 0;
            var workers = Enumerable.Range(0, _options.Parallelism).Select(_ => Task.Run(async () =>
            {
                while (!cancellationToken.IsCancellationRequested && _outbox.Claim(LeaseOwner.Current, _options.Lease) is { } message)
                {
                    var settled = await DeliverAsync(message, cancellationToken);
                    switch (settled)
                    {
                        case Settlement.Sent: Interlocked.Increment(ref sent); break;
                        case Settlement.Parked: Interlocked.Increment(ref parked); break;
                        case Settlement.Rescheduled: Interlocked.Increment(ref rescheduled); break;
                        default: Interlocked.Increment(ref lost); break;
                    }
                    progress?.Report(new DeliveryReport(Volatile.Read(ref sent), Volatile.Read(ref parked), Volatile.Read(ref rescheduled), Volatile.Read(ref lost)));
                }
            }, cancellationToken)).ToList();
            await Task.WhenAll(workers);
            return new DeliveryReport(sent, parked, rescheduled, lost);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private enum Settlement { Sent, Parked, Rescheduled, LeaseLost }

    private async Task<Settlement> DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var m = message;
        try
        {
            var subscription = _subscriptions.Get(m.SubscriptionId);
            if (subscription is not { Active: true })
                return Park(m, null, $"ผู้รับหยุดรับการแจ้งเตือนแล้ว ({subscription?.StoppedReason ?? "no subscription"})");
            if (m.InDoubt && m.Channel == AlertChannels.Teams)
                return Park(m, null, "in doubt: the sender stopped while Teams had the message; not sent again, Teams has no idempotency key");

            var first = true;
            void Dispatch()
            {
                m = _outbox.Dispatch(m, first);
                first = false;
            }
            var outcome = await _quickRetries.ExecuteAsync(async token =>
            {
                var result = m.Channel switch
                {
                    AlertChannels.Teams => await TeamsAsync(m, subscription, Dispatch, token),
                    AlertChannels.Line => await LineAsync(m, Dispatch, token),
                    _ => Outcome.Park(null, $"unknown channel '{m.Channel}'"),
                };
                if (result.Verdict != Verdict.Retry) return result;
                _outbox.LogAttempt(m, "transient", result.Status, result.Detail);
                return m.Attempts >= _options.MaxAttempts ? result with { Final = true } : result;
            }, cancellationToken);

            switch (outcome.Verdict)
            {
                case Verdict.Sent:
                    return _outbox.MarkSent(m, outcome.Status, outcome.MessageId) ? Settlement.Sent : Settlement.LeaseLost;
                case Verdict.Park:
                    return Park(m, outcome.Status, outcome.Detail);
                case Verdict.Blocked:
                    // The user blocked or removed the bot: stop for good, and do not try their other waiting messages either.
                    var result = Park(m, outcome.Status, outcome.Detail);
                    _subscriptions.Stop(m.SubscriptionId, "blocked");
                    var more = _outbox.ParkWaiting(m.SubscriptionId, outcome.Detail);
                    _logger.LogWarning("Alerts to {Subscription} stopped: {Detail} ({More} waiting messages parked)", m.SubscriptionId, outcome.Detail, more);
                    return result;
                case Verdict.InDoubt:
                    return Park(m, outcome.Status, "in doubt: " + outcome.Detail + "; Teams may have shown it, so it is not sent again");
                default:
                    if (m.Attempts >= _options.MaxAttempts) return Park(m, outcome.Status, $"retries exhausted after {m.Attempts} attempts: {outcome.Detail}");
                    var at = _clock.GetUtcNow() + Backoff(m.Attempts, outcome.RetryAfter);
                    return _outbox.Reschedule(m, at, outcome.Status, outcome.Detail) ? Settlement.Rescheduled : Settlement.LeaseLost;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the lease runs out and the message is taken again (in doubt if it was dispatched).
            throw;
        }
        catch (Exception e)
        {
            // A payload that cannot be read or a bug must not stop the other messages; the outbox keeps it for a later look.
            _logger.LogError(e, "Alert {Id} could not be delivered", m.Id);
            return m.Attempts >= _options.MaxAttempts
                ? Park(m, null, "error: " + e.Message)
                : _outbox.Reschedule(m, _clock.GetUtcNow() + Backoff(m.Attempts, null), null, "error: " + e.Message) ? Settlement.Rescheduled : Settlement.LeaseLost;
        }
    }

    private Settlement Park(OutboxMessage m, int? status, string reason)
    {
        _logger.LogWarning("Alert {Id} to {Subscription} parked: {Reason}", m.Id, m.SubscriptionId, reason);
        return _outbox.Park(m, status, reason) ? Settlement.Parked : Settlement.LeaseLost;
    }

    /// <summary>Exponential back-off with full jitter for the wait in the outbox, never shorter than the channel's Retry-After.</summary>
    private TimeSpan Backoff(int attempts, TimeSpan? retryAfter)
    {
        var exponential = _options.RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempts, 20));
        var capped = Math.Min(exponential, _options.MaxRetryDelay.TotalMilliseconds);
        var jittered = TimeSpan.FromMilliseconds(capped / 2 + Random.Shared.NextDouble() * capped / 2);
        return retryAfter is { } after && after > jittered ? after : jittered;
    }

    private async Task<Outcome> TeamsAsync(OutboxMessage m, AlertSubscription subscription, Action dispatch, CancellationToken cancellationToken)
    {
        var connector = _services.GetService<ConnectorClient>();
        var references = _services.GetService<ConversationReferenceStore>();
        if (connector is null || references is null) return Outcome.Park(null, "the Teams channel is not configured in this host");
        if (references.Latest(m.Target, subscription.UserId) is not { } reference)
            return Outcome.Park(null, "no conversation reference: the user has not written to the bot from this conversation");

        var conversationId = m.Target;
        for (var created = false; ; created = true)
        {
            await PaceTeamsAsync(conversationId, cancellationToken);
            var activity = AlertPayloads.TeamsActivityOf(m.Payload) with
            {
                Conversation = new ConversationAccount { Id = conversationId, TenantId = reference.TenantId ?? subscription.TenantId },
                From = new ChannelAccount { Id = reference.BotId, Name = reference.BotName },
                Recipient = new ChannelAccount { Id = subscription.UserId, Name = subscription.UserName, AadObjectId = subscription.AadObjectId },
            };
            // The token first, so the in-doubt window (dispatch logged, request not yet out) is as short as it can be: a sender
            // that dies while fetching a token has sent nothing and must not leave the message parked as "in doubt".
            if (_services.GetService<BotTokenProvider>() is { } tokens)
            {
                try
                {
                    await TimedAsync<string?>(tokens.GetTokenAsync, () => null, cancellationToken);
                }
                catch (HttpRequestException e)
                {
                    return Outcome.Retry(null, "no outbound token: " + e.Message);
                }
            }
            dispatch();
            var attempt = await TimedAsync(t => connector.TrySendAsync(reference.ServiceUrl, conversationId, activity, t),
                TeamsTimedOut, cancellationToken);
            var status = (int?)attempt.Status;
            if (attempt.Succeeded) return Outcome.Sent(status, attempt.Id);
            if (!attempt.Reached) return Outcome.Retry(null, "Teams unreachable: " + attempt.Detail);
            if (attempt.Status is null) return new Outcome(Verdict.InDoubt, null, attempt.Detail ?? "no answer");
            var detail = $"Teams {status} {attempt.Code} {attempt.Detail}".TrimEnd();
            switch (attempt.Status.Value)
            {
                case HttpStatusCode.Forbidden when attempt.Code == "MessageWritesBlocked":
                    return new Outcome(Verdict.Blocked, status, "blocked: the user blocked or uninstalled the bot (403 MessageWritesBlocked)");
                case HttpStatusCode.NotFound when !created:
                    // The chat is gone (or was never a 1:1): create the 1:1 chat with the user's ids and send there instead.
                    var tenant = reference.TenantId ?? subscription.TenantId;
                    if (tenant is null || reference.BotId is null) return Outcome.Park(status, detail + "; cannot create a 1:1 chat without tenant and bot ids");
                    var made = await TimedAsync(t => connector.TryCreateConversationAsync(reference.ServiceUrl, reference.BotId, subscription.UserId, tenant, t),
                        TeamsTimedOut, cancellationToken);
                    if (!made.Succeeded || made.Id is null)
                        return made.Status is null || (int)made.Status >= 500 || made.Status == HttpStatusCode.TooManyRequests
                            ? Outcome.Retry((int?)made.Status, "creating the 1:1 chat failed: " + made.Detail, made.RetryAfter)
                            : Outcome.Park((int?)made.Status, "creating the 1:1 chat was refused: " + made.Detail);
                    conversationId = made.Id;
                    continue;
                case HttpStatusCode.TooManyRequests or HttpStatusCode.PreconditionFailed or HttpStatusCode.Unauthorized or HttpStatusCode.RequestTimeout:
                    return Outcome.Retry(status, detail, attempt.RetryAfter);
                case var s when (int)s >= 500:
                    return Outcome.Retry(status, detail, attempt.RetryAfter);
                default:
                    return Outcome.Park(status, "refused by Teams: " + detail);
            }
        }
    }

    private async Task<Outcome> LineAsync(OutboxMessage m, Action dispatch, CancellationToken cancellationToken)
    {
        var line = _services.GetService<LineClient>();
        if (line is null) return Outcome.Park(null, "the LINE channel is not configured in this host");
        var messages = AlertPayloads.LineMessagesOf(m.Payload);
        dispatch();
        var attempt = await TimedAsync(t => line.TryPushAsync(m.Target, messages, m.RetryKey, t),
            () => new LinePushAttempt(null, "no answer in time", null), cancellationToken);
        var status = (int?)attempt.Status;
        // 409 is LINE saying this retry key was already accepted: the message went out on an earlier attempt.
        if (attempt.Delivered) return Outcome.Sent(status, attempt.Status == HttpStatusCode.Conflict ? "accepted earlier (409)" : null);
        var detail = $"LINE {status?.ToString() ?? "-"} {attempt.Detail}".TrimEnd();
        return attempt.Status switch
        {
            null => Outcome.Retry(null, detail),
            HttpStatusCode.TooManyRequests => Outcome.Retry(status, detail, attempt.RetryAfter),
            var s when (int)s.Value >= 500 => Outcome.Retry(status, detail, attempt.RetryAfter),
            _ => Outcome.Park(status, "refused by LINE: " + detail),
        };
    }

    /// <summary>Every attempt has its own deadline, so a channel that never answers cannot hold a lease past its expiry.</summary>
    private async Task<T> TimedAsync<T>(Func<CancellationToken, Task<T>> call, Func<T> timedOut, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.AttemptTimeout);
        try
        {
            return await call(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return timedOut();
        }
    }

    /// <summary>Teams' limits: a few messages per second into one conversation, and a ceiling per bot overall.</summary>
    private async Task PaceTeamsAsync(string conversationId, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(conversationId, _ => new ConversationGate());
        await gate.Lock.WaitAsync(cancellationToken);
        try
        {
            var wait = gate.Last + _options.TeamsConversationGap - _clock.GetUtcNow();
            if (wait > TimeSpan.Zero) await Task.Delay(wait, _clock, cancellationToken);
            gate.Last = _clock.GetUtcNow();
        }
        finally
        {
            gate.Lock.Release();
        }
        using var lease = await _teamsPace.AcquireAsync(1, cancellationToken);
    }

    public void Dispose()
    {
        _teamsPace.Dispose();
        _oneAtATime.Dispose();
    }

    private sealed class ConversationGate
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);
        public DateTimeOffset Last { get; set; } = DateTimeOffset.MinValue;
    }

    private enum Verdict { Sent, Retry, InDoubt, Park, Blocked }

    private sealed record Outcome(Verdict Verdict, int? Status, string Detail, TimeSpan? RetryAfter = null, string? MessageId = null, bool Final = false)
    {
        public static Outcome Sent(int? status, string? id) => new(Verdict.Sent, status, "sent", MessageId: id);
        public static Outcome Retry(int? status, string detail, TimeSpan? retryAfter = null) => new(Verdict.Retry, status, detail, retryAfter);
        public static Outcome Park(int? status, string detail) => new(Verdict.Park, status, detail);
    }
}
