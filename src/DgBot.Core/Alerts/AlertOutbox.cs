using System.Diagnostics;
using System.Globalization;
using Dapper;
using DgBot.Core.Storage;
using Microsoft.Data.Sqlite;

namespace DgBot.Core.Alerts;

public static class OutboxStatus
{
    /// <summary>Waiting for its next attempt (next_attempt_at).</summary>
    public const string Pending = "pending";
    /// <summary>A sender holds its lease and is delivering it; if that sender died, the message is in doubt and is taken again.</summary>
    public const string Sending = "sending";
    /// <summary>The channel confirmed it.</summary>
    public const string Sent = "sent";
    /// <summary>Will not be sent (blocked, refused, retries exhausted); parked_reason says why.</summary>
    public const string Parked = "parked";
}

/// <summary>A message to enqueue: the channel-ready payload, stored as sent so a restart sends exactly the same thing.</summary>
public sealed record OutboxEntry(string IdempotencyKey, string SubscriptionId, string Channel, string Target, int Round, string ModelVersion,
    string ContentHash, string Summary, string Payload, string RetryKey);

/// <summary>One outbox row, as the sender and the admin view see it.</summary>
public sealed class OutboxMessage
{
    public long Id { get; init; }
    public string IdempotencyKey { get; init; } = "";
    public string SubscriptionId { get; init; } = "";
    public string Channel { get; init; } = "";
    public string Target { get; init; } = "";
    public int Round { get; init; }
    public string ModelVersion { get; init; } = "";
    public string ContentHash { get; init; } = "";
    public string Summary { get; init; } = "";
    public string Payload { get; init; } = "";
    public string RetryKey { get; init; } = "";
    public string Status { get; init; } = "";
    public int Attempts { get; init; }
    public string NextAttemptAt { get; init; } = "";
    public string? LeaseOwner { get; init; }
    public string? LeaseUntil { get; init; }
    public int? LastStatus { get; init; }
    public string? LastError { get; init; }
    public string? ParkedReason { get; init; }
    public string? ChannelMessageId { get; init; }
    public string CreatedAt { get; init; } = "";
    public string? SentAt { get; init; }

    /// <summary>
    /// Claimed from a sender that died (or lost its lease) after handing this message to the channel: it may have arrived.
    /// A channel with an idempotency key (LINE) sends it again safely; one without (Teams) must not.
    /// </summary>
    public bool InDoubt { get; init; }
}

/// <summary>
/// The durable outbox (tables alert_outbox, alert_state, alert_delivery). A message and the new "last told" state of its
/// subscriber are written in one transaction, so a crash leaves either both or neither: the next run neither loses the
/// news nor composes it twice. A sender takes a message under a lease (BEGIN IMMEDIATE, so two senders never take the same
/// one); only the holder of the lease can settle it, and a lease whose holder died is taken over.
/// </summary>
public sealed class AlertOutbox(StateStore store, TimeProvider clock)
{
    private const string Columns = """
        id AS Id, idempotency_key AS IdempotencyKey, subscription_id AS SubscriptionId, channel AS Channel, target AS Target, round AS Round,
        model_version AS ModelVersion, content_hash AS ContentHash, summary AS Summary, payload AS Payload, retry_key AS RetryKey, status AS Status,
        attempts AS Attempts, next_attempt_at AS NextAttemptAt, lease_owner AS LeaseOwner, lease_until AS LeaseUntil, last_status AS LastStatus,
        last_error AS LastError, parked_reason AS ParkedReason, channel_message_id AS ChannelMessageId, created_at AS CreatedAt, sent_at AS SentAt
        """;

    public IReadOnlyDictionary<string, ToldUnit> LastTold(string subscriptionId)
    {
        using var c = store.Open();
        return c.Query<(string UnitId, double Probability, long Year)>(
                "SELECT unit_id, probability, year FROM alert_state WHERE subscription_id = @subscriptionId", new { subscriptionId })
            .ToDictionary(t => t.UnitId, t => new ToldUnit(t.UnitId, t.Probability, (int)t.Year), StringComparer.Ordinal);
    }

    /// <summary>Adds the message (unless its idempotency key is already there) and records what the subscriber is now told; true when added.</summary>
    public bool Enqueue(OutboxEntry e, IReadOnlyList<ToldUnit> told)
    {
        var now = Now();
        using var c = store.Open();
        using var tx = c.BeginTransaction();
        var added = c.Execute("""
            INSERT OR IGNORE INTO alert_outbox (idempotency_key, subscription_id, channel, target, round, model_version, content_hash, summary,
                                                payload, retry_key, status, attempts, next_attempt_at, created_at)
            VALUES (@IdempotencyKey, @SubscriptionId, @Channel, @Target, @Round, @ModelVersion, @ContentHash, @Summary, @Payload, @RetryKey,
                    'pending', 0, @now, @now)
            """, new { e.IdempotencyKey, e.SubscriptionId, e.Channel, e.Target, e.Round, e.ModelVersion, e.ContentHash, e.Summary, e.Payload, e.RetryKey, now }, tx) > 0;
        // The same news already queued (the job ran again) was told all the same: the state moves on either way.
        c.Execute("DELETE FROM alert_state WHERE subscription_id = @SubscriptionId", new { e.SubscriptionId }, tx);
        c.Execute("INSERT INTO alert_state (subscription_id, unit_id, probability, year, told_at) VALUES (@s, @UnitId, @Probability, @Year, @now)",
            told.Select(t => new { s = e.SubscriptionId, t.UnitId, t.Probability, t.Year, now }), tx);
        tx.Commit();
        return added;
    }

    /// <summary>
    /// Takes the next message that is due (pending and its time has come, or in doubt: held under a lease that expired or
    /// whose holder is no longer running), marks it sending under <paramref name="owner"/>'s lease and counts the attempt.
    /// </summary>
    public OutboxMessage? Claim(string owner, TimeSpan lease, Func<string, bool>? ownerAlive = null)
    {
        ownerAlive ??= LeaseOwner.IsAlive;
        var now = Now();
        using var c = store.Open();
        using var tx = c.BeginTransaction(deferred: false);
        var candidates = c.Query<OutboxMessage>($"""
            SELECT {Columns} FROM alert_outbox
            WHERE (status = 'pending' AND next_attempt_at <= @now) OR status = 'sending'
            ORDER BY next_attempt_at, id LIMIT 50
            """, new { now }, tx);
        var next = candidates.FirstOrDefault(m => m.Status == OutboxStatus.Pending
            || string.CompareOrdinal(m.LeaseUntil, now) <= 0 || m.LeaseOwner is null || !ownerAlive(m.LeaseOwner));
        if (next is null) return null;
        // Taken over from a dead sender: in doubt only if that sender got as far as handing it to the channel.
        var inDoubt = next.Status == OutboxStatus.Sending && c.ExecuteScalar<long>(
            "SELECT COUNT(*) FROM alert_delivery WHERE outbox_id = @Id AND attempt = @Attempts AND outcome = 'dispatch'", new { next.Id, next.Attempts }, tx) > 0;
        var until = Format(clock.GetUtcNow() + lease);
        c.Execute("UPDATE alert_outbox SET status = 'sending', lease_owner = @owner, lease_until = @until, attempts = attempts + 1 WHERE id = @Id",
            new { owner, until, next.Id }, tx);
        tx.Commit();
        return new OutboxMessage
        {
            Id = next.Id, IdempotencyKey = next.IdempotencyKey, SubscriptionId = next.SubscriptionId, Channel = next.Channel, Target = next.Target,
            Round = next.Round, ModelVersion = next.ModelVersion, ContentHash = next.ContentHash, Summary = next.Summary, Payload = next.Payload,
            RetryKey = next.RetryKey, Status = OutboxStatus.Sending, Attempts = next.Attempts + 1, NextAttemptAt = next.NextAttemptAt,
            LeaseOwner = owner, LeaseUntil = until, LastStatus = next.LastStatus, LastError = next.LastError, CreatedAt = next.CreatedAt,
            InDoubt = inDoubt,
        };
    }

    /// <summary>
    /// Written just before the message goes to the channel, so a sender that takes it over after a crash knows whether it may
    /// already have arrived. A sender can hand it over more than once in one claim (quick retries); each is its own attempt.
    /// </summary>
    public OutboxMessage Dispatch(OutboxMessage m, bool firstOfClaim)
    {
        using var c = store.Open();
        using var tx = c.BeginTransaction();
        var attempts = m.Attempts;
        if (!firstOfClaim)
        {
            attempts++;
            c.Execute("UPDATE alert_outbox SET attempts = @attempts WHERE id = @Id AND lease_owner = @LeaseOwner", new { attempts, m.Id, m.LeaseOwner }, tx);
        }
        var counted = new OutboxMessage
        {
            Id = m.Id, IdempotencyKey = m.IdempotencyKey, SubscriptionId = m.SubscriptionId, Channel = m.Channel, Target = m.Target, Round = m.Round,
            ModelVersion = m.ModelVersion, ContentHash = m.ContentHash, Summary = m.Summary, Payload = m.Payload, RetryKey = m.RetryKey, Status = m.Status,
            Attempts = attempts, NextAttemptAt = m.NextAttemptAt, LeaseOwner = m.LeaseOwner, LeaseUntil = m.LeaseUntil, LastStatus = m.LastStatus,
            LastError = m.LastError, CreatedAt = m.CreatedAt, InDoubt = m.InDoubt,
        };
        Log(c, tx, counted, "dispatch", null, null);
        tx.Commit();
        return counted;
    }

    /// <summary>The channel confirmed the message. False when this sender no longer held the lease (another took it over).</summary>
    public bool MarkSent(OutboxMessage m, int? status, string? channelMessageId) => Settle(m, """
        UPDATE alert_outbox SET status = 'sent', sent_at = @now, last_status = @status, last_error = NULL, channel_message_id = @channelMessageId,
                                lease_owner = NULL, lease_until = NULL
        WHERE id = @Id AND status = 'sending' AND lease_owner = @LeaseOwner
        """, new { m.Id, m.LeaseOwner, status, channelMessageId, now = Now() }, "sent", status, channelMessageId);

    /// <summary>Delivery failed for now: try again at <paramref name="at"/>.</summary>
    public bool Reschedule(OutboxMessage m, DateTimeOffset at, int? status, string error) => Settle(m, """
        UPDATE alert_outbox SET status = 'pending', next_attempt_at = @at, last_status = @status, last_error = @error, lease_owner = NULL, lease_until = NULL
        WHERE id = @Id AND status = 'sending' AND lease_owner = @LeaseOwner
        """, new { m.Id, m.LeaseOwner, at = Format(at), status, error = Cut(error) }, "retry", status, error);

    /// <summary>The message will not be sent; the reason stays for the admin view.</summary>
    public bool Park(OutboxMessage m, int? status, string reason) => Settle(m, """
        UPDATE alert_outbox SET status = 'parked', parked_reason = @reason, last_status = @status, last_error = @reason, lease_owner = NULL, lease_until = NULL
        WHERE id = @Id AND status = 'sending' AND lease_owner = @LeaseOwner
        """, new { m.Id, m.LeaseOwner, status, reason = Cut(reason) }, "parked", status, reason);

    /// <summary>Parks every message still waiting for a subscriber who can no longer be reached (blocked the bot, unsubscribed).</summary>
    public int ParkWaiting(string subscriptionId, string reason)
    {
        using var c = store.Open();
        return c.Execute("UPDATE alert_outbox SET status = 'parked', parked_reason = @reason WHERE subscription_id = @subscriptionId AND status = 'pending'",
            new { subscriptionId, reason = Cut(reason) });
    }

    /// <summary>
    /// Puts a parked message back in the queue (an admin's decision, e.g. after checking that an "in doubt" Teams message never
    /// arrived, or once a refused channel is fixed), with fresh attempts. False unless it was parked.
    /// </summary>
    public bool Requeue(long id)
    {
        var now = Now();
        using var c = store.Open();
        using var tx = c.BeginTransaction();
        var m = c.QuerySingleOrDefault<OutboxMessage>($"SELECT {Columns} FROM alert_outbox WHERE id = @id AND status = 'parked'", new { id }, tx);
        if (m is null) return false;
        c.Execute("UPDATE alert_outbox SET status = 'pending', attempts = 0, next_attempt_at = @now, parked_reason = NULL WHERE id = @id", new { id, now }, tx);
        Log(c, tx, m, "requeued", null, "requeued by an admin (was: " + m.ParkedReason + ")");
        tx.Commit();
        return true;
    }

    /// <summary>Records one attempt that settled nothing (a transient failure inside the retry loop), for the delivery log.</summary>
    public void LogAttempt(OutboxMessage m, string outcome, int? status, string? detail)
    {
        using var c = store.Open();
        Log(c, null, m, outcome, status, detail);
    }

    public IReadOnlyList<OutboxMessage> List(string? status = null, int limit = 200)
    {
        using var c = store.Open();
        return c.Query<OutboxMessage>($"SELECT {Columns} FROM alert_outbox WHERE @status IS NULL OR status = @status ORDER BY id DESC LIMIT @limit",
            new { status, limit }).ToList();
    }

    public OutboxMessage? Find(long id)
    {
        using var c = store.Open();
        return c.QuerySingleOrDefault<OutboxMessage>($"SELECT {Columns} FROM alert_outbox WHERE id = @id", new { id });
    }

    public IReadOnlyDictionary<string, int> Counts()
    {
        using var c = store.Open();
        return c.Query<(string Status, long Count)>("SELECT status, COUNT(*) FROM alert_outbox GROUP BY status").ToDictionary(r => r.Status, r => (int)r.Count);
    }

    public IReadOnlyList<(string Outcome, int? Status, string? Detail, string At)> Deliveries(long outboxId)
    {
        using var c = store.Open();
        return c.Query<(string, long?, string?, string)>("SELECT outcome, status_code, detail, at FROM alert_delivery WHERE outbox_id = @outboxId ORDER BY id",
            new { outboxId }).Select(r => (r.Item1, r.Item2 is { } s ? (int?)s : null, r.Item3, r.Item4)).ToList();
    }

    /// <summary>Whether anything is left to do now or later (pending or in flight).</summary>
    public bool HasUnsettled()
    {
        using var c = store.Open();
        return c.ExecuteScalar<long>("SELECT COUNT(*) FROM alert_outbox WHERE status IN ('pending', 'sending')") > 0;
    }

    /// <summary>When the earliest pending message is due, or null when none waits.</summary>
    public DateTimeOffset? NextDue()
    {
        using var c = store.Open();
        var at = c.ExecuteScalar<string?>("SELECT MIN(next_attempt_at) FROM alert_outbox WHERE status = 'pending'");
        return at is null ? null : DateTimeOffset.Parse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }

    private bool Settle(OutboxMessage m, string sql, object args, string outcome, int? status, string? detail)
    {
        using var c = store.Open();
        using var tx = c.BeginTransaction();
        var done = c.Execute(sql, args, tx) > 0;
        Log(c, tx, m, done ? outcome : outcome + " (lease lost)", status, detail);
        tx.Commit();
        return done;
    }

    private void Log(SqliteConnection c, SqliteTransaction? tx, OutboxMessage m, string outcome, int? status, string? detail) =>
        c.Execute("INSERT INTO alert_delivery (outbox_id, attempt, at, outcome, status_code, detail) VALUES (@Id, @Attempts, @now, @outcome, @status, @detail)",
            new { m.Id, m.Attempts, now = Now(), outcome, status, detail = detail is null ? null : Cut(detail) }, tx);

    private static string Cut(string text) => text.Length <= 500 ? text : text[..500];

    private string Now() => Format(clock.GetUtcNow());

    private static string Format(DateTimeOffset at) => StateStore.Timestamp(at);
}

/// <summary>Who holds a lease: host, process id and process start, so a restarted host knows a dead holder's lease at once.</summary>
public static class LeaseOwner
{
    public static string Current { get; } = Describe(Environment.ProcessId, Process.GetCurrentProcess().StartTime.ToUniversalTime().Ticks);

    private static string Describe(int pid, long startTicks) =>
        string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}/{pid}/{startTicks}");

    /// <summary>True unless the owner is a process on this machine that has exited (or whose id now belongs to a newer process).</summary>
    public static bool IsAlive(string owner)
    {
        var parts = owner.Split('/');
        if (parts.Length != 3 || parts[0] != Environment.MachineName) return true; // another machine: only its lease's expiry tells
        if (!int.TryParse(parts[1], CultureInfo.InvariantCulture, out var pid) || !long.TryParse(parts[2], CultureInfo.InvariantCulture, out var ticks)) return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            // Two processes may compute a start time a few milliseconds apart; a reused process id starts much later.
            return !process.HasExited && Math.Abs(process.StartTime.ToUniversalTime().Ticks - ticks) < TimeSpan.TicksPerSecond;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
