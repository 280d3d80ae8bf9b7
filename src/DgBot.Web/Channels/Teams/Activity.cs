using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DgBot.Web.Channels.Teams;

/// <summary>
/// The parts of a Bot Framework Activity DgBot reads or writes. Deliberately lenient: unknown fields are ignored,
/// entities and channelData stay raw JSON so a new entity type can never break parsing (spec A2104).
/// </summary>
public sealed record Activity
{
    public string? Type { get; init; }
    public string? Id { get; init; }
    public string? ServiceUrl { get; init; }
    public string? ChannelId { get; init; }
    public ChannelAccount? From { get; init; }
    public ConversationAccount? Conversation { get; init; }
    public ChannelAccount? Recipient { get; init; }
    public string? Text { get; init; }
    public string? TextFormat { get; init; }
    public string? Locale { get; init; }
    public string? ReplyToId { get; init; }
    public string? InputHint { get; init; }
    public IReadOnlyList<ChannelAccount>? MembersAdded { get; init; }
    public IReadOnlyList<JsonElement>? Entities { get; init; }
    public JsonElement? ChannelData { get; init; }
    public SuggestedActions? SuggestedActions { get; init; }
    public IReadOnlyList<Attachment>? Attachments { get; init; }
}

/// <summary>A card or file on an activity; Content stays raw JSON (an Adaptive Card going out, anything coming in).</summary>
public sealed record Attachment
{
    public string? ContentType { get; init; }
    public System.Text.Json.Nodes.JsonNode? Content { get; init; }
    public string? ContentUrl { get; init; }
    public string? Name { get; init; }
}

public sealed record ChannelAccount
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? AadObjectId { get; init; }
    public string? Role { get; init; }
}

public sealed record ConversationAccount
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? ConversationType { get; init; }
    public string? TenantId { get; init; }
    public bool? IsGroup { get; init; }
}

public sealed record SuggestedActions(IReadOnlyList<string>? To, IReadOnlyList<CardAction> Actions);

public sealed record CardAction(string Type, string Title, string Value);

public static class ActivityTypes
{
    public const string Message = "message";
    public const string Typing = "typing";
    public const string ConversationUpdate = "conversationUpdate";
}

public static class TeamsJson
{
    /// <summary>Reading: case-insensitive, tolerant of comments and trailing commas, numbers as strings.
    /// Writing: camelCase, nulls left out, Thai kept as characters (the 40 KB limit counts what is sent).</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static string Serialize(Activity activity) => JsonSerializer.Serialize(activity, Options);

    /// <summary>
    /// Reads an activity from a request body; anything that is not one is a <see cref="JsonException"/>. The body must be UTF-8
    /// and every string in it readable: System.Text.Json keeps entities and channelData as raw JSON and would only fail (with
    /// an InvalidOperationException) when a string in them is read later, in the handler or the worker.
    /// </summary>
    public static Activity? Read(ReadOnlySpan<byte> body)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body)) throw new JsonException("The body is not valid UTF-8.");
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        using (var document = JsonDocument.ParseValue(ref reader))
            if (!Channels.JsonStrings.AllReadable(document.RootElement)) throw new JsonException("The body holds a string that is not valid UTF-16.");
        return JsonSerializer.Deserialize<Activity>(body, Options);
    }

    /// <summary>Teams measures its 40 KB message limit on the payload encoded as UTF-16: two bytes per UTF-16 code unit.</summary>
    public static int Utf16Size(Activity activity) => Serialize(activity).Length * 2;

    /// <summary>The tenant is on conversation.tenantId in Teams, and always on channelData.tenant.id.</summary>
    public static string? TenantId(Activity activity)
    {
        if (!string.IsNullOrEmpty(activity.Conversation?.TenantId)) return activity.Conversation.TenantId;
        if (activity.ChannelData is { ValueKind: JsonValueKind.Object } data
            && data.TryGetProperty("tenant", out var tenant) && tenant.ValueKind == JsonValueKind.Object
            && tenant.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
            return id.GetString();
        return null;
    }
}
