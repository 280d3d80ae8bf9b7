using System.Text.Json;

using DgBot.Web.Channels;

namespace DgBot.Web.Channels.Line;

/// <summary>Where an event came from: a 1:1 chat (user), a group or a multi-person chat (room).</summary>
public sealed record LineSource(string Type, string? UserId, string? GroupId, string? RoomId)
{
    /// <summary>The chat the event belongs to, which is also where a push goes: the group or room, else the user.</summary>
    public string? ChatId => GroupId ?? RoomId ?? UserId;

    public bool IsUser => Type == "user" && !string.IsNullOrEmpty(UserId);
}

/// <summary>The parts of a webhook event DgBot reads (line-openapi webhook.yml). Everything else is ignored.</summary>
public sealed record LineEvent(
    string Type,
    string? WebhookEventId,
    bool IsRedelivery,
    string? Mode,
    string? ReplyToken,
    LineSource Source,
    string? MessageType = null,
    string? Text = null,
    string? PostbackData = null)
{
    /// <summary>Spans of <see cref="Text"/> that @mention the bot itself, to be cut out of the question.</summary>
    public IReadOnlyList<(int Index, int Length)> SelfMentions { get; init; } = [];

    /// <summary>When the event happened by LINE's clock (its "timestamp", milliseconds since the epoch); null when absent or unreadable.</summary>
    public DateTimeOffset? Timestamp { get; init; }
}

public static class LineEventTypes
{
    public const string Message = "message";
    public const string Follow = "follow";
    /// <summary>The user blocked the bot: LINE will not deliver pushes to them any more.</summary>
    public const string Unfollow = "unfollow";
    public const string Join = "join";
    public const string Postback = "postback";
}

/// <summary>
/// Reads a webhook body that has already passed the signature check. Lenient by design: unknown fields and event types are
/// ignored and an event of the wrong shape is skipped; only a body that is not a UTF-8 JSON object with an events array is refused.
/// </summary>
public static class LineWebhook
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32 };

    public static bool TryParse(ReadOnlyMemory<byte> body, out IReadOnlyList<LineEvent> events)
    {
        events = [];
        // JSON is UTF-8 (RFC 8259); System.Text.Json checks that only when a string is read, and then throws
        // InvalidOperationException, not JsonException.
        if (!System.Text.Unicode.Utf8.IsValid(body.Span)) return false;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, Options);
        }
        catch (JsonException)
        {
            return false;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !JsonStrings.AllReadable(root)) return false;
            if (!root.TryGetProperty("events", out var list) || list.ValueKind == JsonValueKind.Null) return true;
            if (list.ValueKind != JsonValueKind.Array) return false;
            var found = new List<LineEvent>();
            foreach (var item in list.EnumerateArray())
                if (Event(item) is { } e) found.Add(e);
            events = found;
            return true;
        }
    }

    private static LineEvent? Event(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object || String(e, "type") is not { Length: > 0 } type) return null;
        var source = Object(e, "source") is { } s
            ? new LineSource(String(s, "type") ?? "", String(s, "userId"), String(s, "groupId"), String(s, "roomId"))
            : new LineSource("", null, null, null);
        var redelivery = Object(e, "deliveryContext") is { } d && d.TryGetProperty("isRedelivery", out var r) && r.ValueKind == JsonValueKind.True;
        var result = new LineEvent(type, String(e, "webhookEventId"), redelivery, String(e, "mode"), String(e, "replyToken"), source)
        {
            Timestamp = Milliseconds(e, "timestamp"),
        };
        if (type == LineEventTypes.Message && Object(e, "message") is { } m)
        {
            result = result with { MessageType = String(m, "type"), Text = String(m, "text") };
            if (Object(m, "mention") is { } mention && mention.TryGetProperty("mentionees", out var mentionees) && mentionees.ValueKind == JsonValueKind.Array)
                result = result with
                {
                    SelfMentions = mentionees.EnumerateArray()
                        .Where(x => x.ValueKind == JsonValueKind.Object && x.TryGetProperty("isSelf", out var self) && self.ValueKind == JsonValueKind.True)
                        .Select(x => (Int(x, "index"), Int(x, "length")))
                        .Where(x => x.Item1 >= 0 && x.Item2 > 0)
                        .ToList(),
                };
        }
        if (type == LineEventTypes.Postback && Object(e, "postback") is { } p) result = result with { PostbackData = String(p, "data") };
        return result;
    }

    private static string? String(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static JsonElement? Object(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    /// <summary>A whole number of milliseconds since the epoch that a DateTimeOffset can hold; anything else is no time at all.</summary>
    private static DateTimeOffset? Milliseconds(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var ms)
        && ms >= DateTimeOffset.MinValue.ToUnixTimeMilliseconds() && ms <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;

    private static int Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : -1;
}
