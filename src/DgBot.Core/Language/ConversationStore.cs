using System.Globalization;
using System.Text.Json;
using Dapper;
using DgBot.Core.Queries;
using DgBot.Core.Storage;

namespace DgBot.Core.Language;

/// <summary>
/// Conversation state per conversationId, persisted in the state database so a restart keeps follow-ups working, and
/// forgotten after a period of silence (a conversation resumed next week starts fresh).
/// </summary>
public sealed class ConversationStore(StateStore store, TimeSpan expiry, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public ConversationState Load(string conversationId)
    {
        using var c = store.Open();
        var row = c.QueryFirstOrDefault<(string State, string UpdatedAt)?>(
            "SELECT state, updated_at FROM conversation WHERE id = @conversationId", new { conversationId });
        if (row is not { } r) return ConversationState.Empty;
        var updated = DateTimeOffset.Parse(r.UpdatedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        if (_clock.GetUtcNow() - updated > expiry) return ConversationState.Empty;
        try { return Deserialize(r.State); }
        catch (JsonException) { return ConversationState.Empty; }
    }

    public void Save(string conversationId, ConversationState state)
    {
        using var c = store.Open();
        c.Execute("""
            INSERT INTO conversation (id, state, updated_at) VALUES (@conversationId, @state, @now)
            ON CONFLICT(id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at
            """, new { conversationId, state = Serialize(state), now = _clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) });
    }

    /// <summary>Removes conversations silent for longer than the expiry; returns how many.</summary>
    public int Purge()
    {
        using var c = store.Open();
        var cutoff = (_clock.GetUtcNow() - expiry).ToString("O", CultureInfo.InvariantCulture);
        return c.Execute("DELETE FROM conversation WHERE updated_at < @cutoff", new { cutoff });
    }

    private sealed record Stored(string? Function, string? LastIntent, Dictionary<string, JsonElement>? Arguments, UnitRef? Focus, UnitRef? MyUnit, List<UnitRef>? Recent,
        string? PendingQuestion, string? PendingSubject, List<UnitRef>? PendingCandidates, Dictionary<string, JsonElement>? Subscription = null);

    private static string Serialize(ConversationState s) => JsonSerializer.Serialize(new
    {
        s.Function, s.LastIntent, s.Arguments, s.Focus, s.MyUnit, s.Recent, s.PendingQuestion, s.PendingSubject, s.PendingCandidates, s.Subscription,
    });

    private static ConversationState Deserialize(string json)
    {
        var stored = JsonSerializer.Deserialize<Stored>(json) ?? throw new JsonException("empty state");
        return new ConversationState
        {
            Function = stored.Function,
            LastIntent = stored.LastIntent,
            Arguments = (stored.Arguments ?? []).ToDictionary(kv => kv.Key, kv => FromJson(kv.Value)),
            Focus = stored.Focus,
            MyUnit = stored.MyUnit,
            Recent = stored.Recent ?? [],
            PendingQuestion = stored.PendingQuestion,
            PendingSubject = stored.PendingSubject,
            PendingCandidates = stored.PendingCandidates ?? [],
            Subscription = stored.Subscription?.ToDictionary(kv => kv.Key, kv => FromJson(kv.Value)),
        };
    }

    /// <summary>Arguments are ints, decimals, strings or lists of unit ids; JSON gives them back as elements.</summary>
    private static object? FromJson(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number when e.TryGetInt32(out var i) => i,
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Array => e.EnumerateArray().Select(x => x.GetString() ?? "").ToArray(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
