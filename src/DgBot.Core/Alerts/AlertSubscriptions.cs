using System.Globalization;
using Dapper;
using DgBot.Core.Storage;

namespace DgBot.Core.Alerts;

/// <summary>The channels an alert can go out through (DESIGN §7: Teams proactive message, LINE push).</summary>
public static class AlertChannels
{
    public const string Teams = "teams";
    public const string Line = "line";
}

/// <summary>
/// Who is asking and where an answer (or a later alert) can reach them, as the channel adapter saw it. Set only by a channel
/// (Teams, LINE), never from a request body, so nobody can subscribe someone else's chat.
/// </summary>
/// <param name="UserId">The channel's user id: Teams' from.id (29:…), LINE's userId.</param>
/// <param name="ConversationId">Where alerts go: the Teams conversation id, or the LINE chat (user, group or room) to push to.</param>
public sealed record ChannelAddress(string Channel, string UserId, string ConversationId, string? TenantId = null, string? AadObjectId = null,
    string? UserName = null);

/// <summary>What a subscriber wants to hear about: units of one ministry and/or one region, at or above a probability.</summary>
public sealed record AlertScope(string? Ministry = null, string? Region = null, double? MinProbability = null);

public sealed record AlertSubscription(string Id, string Channel, string UserId, string ConversationId, string? TenantId, string? AadObjectId,
    string? UserName, string? Ministry, string? Region, double? MinProbability, bool Active, string? StoppedReason, string CreatedAt, string UpdatedAt)
{
    public AlertScope Scope => new(Ministry, Region, MinProbability);
}

public enum SubscribeOutcome { Created, Updated, Unchanged }

/// <summary>
/// Alert subscriptions in the state database (table alert_subscription), one per (channel, user). Subscribing again changes
/// the scope; a changed scope forgets what the subscriber was told, so the next run sends the whole picture for the new scope.
/// </summary>
public sealed class AlertSubscriptions(StateStore store, TimeProvider clock)
{
    private const string Columns = """
        id AS Id, channel AS Channel, user_id AS UserId, conversation_id AS ConversationId, tenant_id AS TenantId,
        aad_object_id AS AadObjectId, user_name AS UserName, ministry AS Ministry, region AS Region, min_probability AS MinProbability,
        active AS Active, stopped_reason AS StoppedReason, created_at AS CreatedAt, updated_at AS UpdatedAt
        """;

    public static string IdOf(string channel, string userId) => channel + ":" + userId;

    public SubscribeOutcome Subscribe(ChannelAddress address, AlertScope scope)
    {
        var id = IdOf(address.Channel, address.UserId);
        var now = Now();
        using var c = store.Open();
        using var tx = c.BeginTransaction();
        var before = c.QuerySingleOrDefault<Row>($"SELECT {Columns} FROM alert_subscription WHERE id = @id", new { id }, tx)?.ToRecord();
        c.Execute("""
            INSERT INTO alert_subscription (id, channel, user_id, conversation_id, tenant_id, aad_object_id, user_name, ministry, region,
                                            min_probability, active, stopped_reason, created_at, updated_at)
            VALUES (@id, @Channel, @UserId, @ConversationId, @TenantId, @AadObjectId, @UserName, @ministry, @region, @min, 1, NULL, @now, @now)
            ON CONFLICT (id) DO UPDATE SET
                conversation_id = excluded.conversation_id,
                tenant_id = COALESCE(excluded.tenant_id, tenant_id),
                aad_object_id = COALESCE(excluded.aad_object_id, aad_object_id),
                user_name = COALESCE(excluded.user_name, user_name),
                ministry = excluded.ministry, region = excluded.region, min_probability = excluded.min_probability,
                active = 1, stopped_reason = NULL, updated_at = excluded.updated_at
            """, new
        {
            id, address.Channel, address.UserId, address.ConversationId, address.TenantId, address.AadObjectId, address.UserName,
            ministry = scope.Ministry, region = scope.Region, min = scope.MinProbability, now,
        }, tx);
        var outcome = before is null ? SubscribeOutcome.Created
            : before.Active && before.Scope == scope ? SubscribeOutcome.Unchanged
            : SubscribeOutcome.Updated;
        // A new scope (or a return after stopping) starts from a clean slate: the next alert lists everything flagged in it.
        if (outcome == SubscribeOutcome.Updated) c.Execute("DELETE FROM alert_state WHERE subscription_id = @id", new { id }, tx);
        tx.Commit();
        return outcome;
    }

    /// <summary>Stops alerts to this user on this channel; false when there was no active subscription.</summary>
    public bool Unsubscribe(string channel, string userId) => Stop(IdOf(channel, userId), "unsubscribed");

    /// <summary>Stops a subscription for good: the user asked, or the channel said the bot is blocked.</summary>
    public bool Stop(string id, string reason)
    {
        using var c = store.Open();
        return c.Execute("UPDATE alert_subscription SET active = 0, stopped_reason = @reason, updated_at = @now WHERE id = @id AND active = 1",
            new { id, reason, now = Now() }) > 0;
    }

    public AlertSubscription? Find(string channel, string userId)
    {
        using var c = store.Open();
        return c.QuerySingleOrDefault<Row>($"SELECT {Columns} FROM alert_subscription WHERE id = @id", new { id = IdOf(channel, userId) })?.ToRecord();
    }

    public AlertSubscription? Get(string id)
    {
        using var c = store.Open();
        return c.QuerySingleOrDefault<Row>($"SELECT {Columns} FROM alert_subscription WHERE id = @id", new { id })?.ToRecord();
    }

    public IReadOnlyList<AlertSubscription> Active()
    {
        using var c = store.Open();
        return c.Query<Row>($"SELECT {Columns} FROM alert_subscription WHERE active = 1 ORDER BY id").Select(r => r.ToRecord()).ToList();
    }

    /// <summary>Dapper fills properties (converting SQLite's integers and reals); the record is what callers get.</summary>
    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string Channel { get; set; } = "";
        public string UserId { get; set; } = "";
        public string ConversationId { get; set; } = "";
        public string? TenantId { get; set; }
        public string? AadObjectId { get; set; }
        public string? UserName { get; set; }
        public string? Ministry { get; set; }
        public string? Region { get; set; }
        public double? MinProbability { get; set; }
        public bool Active { get; set; }
        public string? StoppedReason { get; set; }
        public string CreatedAt { get; set; } = "";
        public string UpdatedAt { get; set; } = "";

        public AlertSubscription ToRecord() => new(Id, Channel, UserId, ConversationId, TenantId, AadObjectId, UserName, Ministry, Region,
            MinProbability, Active, StoppedReason, CreatedAt, UpdatedAt);
    }

    private string Now() => StateStore.Timestamp(clock.GetUtcNow());
}
