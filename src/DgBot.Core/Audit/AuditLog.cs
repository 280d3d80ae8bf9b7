using System.Globalization;
using Dapper;
using DgBot.Core.Storage;

namespace DgBot.Core.Audit;

/// <summary>One answered (or refused) question, as the audit log keeps it.</summary>
/// <param name="Channel">teams, line, web, api (an unauthenticated /api/ask caller) or local (the CLI).</param>
/// <param name="Functions">Each catalog call as plugin.function:outcome (ok, refused).</param>
/// <param name="Outcome">answered, refused, rate_limited, error, or registration:&lt;status&gt;.</param>
public sealed record AuditEntry(string Channel, string? UserId, string? Role, string? Conversation, string Question, string? Intent,
    IReadOnlyList<string> Functions, string Outcome, string? AnsweredBy, long DurationMs);

public sealed record AuditRecord(long Id, string At, string Channel, string? UserId, string? Role, string? Conversation, string Question,
    string? Intent, string Functions, string Outcome, string? AnsweredBy, long DurationMs);

/// <summary>
/// The audit log (table audit_log in the state database): each question, its caller, the functions called and the outcome.
/// It never holds what would let someone act as a user: no tokens, signatures, API keys or registration codes.
/// </summary>
public sealed class AuditLog(StateStore store, TimeProvider clock)
{
    public const int MaxQuestion = 500;
    private long _writes;

    public void Record(AuditEntry e)
    {
        using var c = store.Open();
        c.Execute("""
            INSERT INTO audit_log (at, channel, user_id, role, conversation, question, intent, functions, outcome, answered_by, duration_ms)
            VALUES (@at, @Channel, @UserId, @Role, @Conversation, @question, @Intent, @functions, @Outcome, @AnsweredBy, @DurationMs)
            """, new
        {
            at = Format(clock.GetUtcNow()), e.Channel, UserId = Cut(e.UserId, 200), e.Role, Conversation = Cut(e.Conversation, 200),
            question = Cut(e.Question, MaxQuestion)!, e.Intent, functions = string.Join(' ', e.Functions), e.Outcome, e.AnsweredBy, e.DurationMs,
        });
        // Pruning now and then keeps the table bounded without a job of its own.
        if (Interlocked.Increment(ref _writes) % 1000 == 1 && RetentionDays > 0) Prune(clock.GetUtcNow().AddDays(-RetentionDays));
    }

    /// <summary>Rows older than this many days are deleted (0 keeps everything).</summary>
    public int RetentionDays { get; init; } = 365;

    public int Prune(DateTimeOffset before)
    {
        using var c = store.Open();
        return c.Execute("DELETE FROM audit_log WHERE at < @before", new { before = Format(before) });
    }

    public IReadOnlyList<AuditRecord> List(int limit = 200, string? channel = null, string? userId = null, string? outcome = null)
    {
        using var c = store.Open();
        return c.Query<AuditRecord>("""
            SELECT id AS Id, at AS At, channel AS Channel, user_id AS UserId, role AS Role, conversation AS Conversation, question AS Question,
                   intent AS Intent, functions AS Functions, outcome AS Outcome, answered_by AS AnsweredBy, duration_ms AS DurationMs
            FROM audit_log
            WHERE (@channel IS NULL OR channel = @channel) AND (@userId IS NULL OR user_id = @userId)
              AND (@outcome IS NULL OR outcome = @outcome OR outcome LIKE @outcome || ':%')
            ORDER BY id DESC LIMIT @limit
            """, new { limit, channel, userId, outcome }).ToList();
    }

    private static string? Cut(string? text, int max) => text is null || text.Length <= max ? text : text[..max] + "…";

    private static string Format(DateTimeOffset at) => StateStore.Timestamp(at);
}
