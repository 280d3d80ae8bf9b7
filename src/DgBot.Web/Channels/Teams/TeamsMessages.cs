using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DgBot.Core.Formatting;

namespace DgBot.Web.Channels.Teams;

/// <summary>
/// Turns an incoming activity into a question and a chat answer into Teams activities. No wording lives here: what the channel
/// says on its own comes from <see cref="Chat.ChannelTexts"/>, so it reads the same on every channel.
/// </summary>
public static partial class TeamsMessages
{
    /// <summary>Teams refuses a bot message over 40 KB, measured on the whole payload as UTF-16 (413 MessageSizeTooBig).</summary>
    public const int MaxActivityBytes = 40 * 1024;

    /// <summary>The question the user typed: the bot's own @mention removed, HTML entities decoded, spaces tidied.</summary>
    public static string QuestionText(Activity activity)
    {
        var text = activity.Text ?? "";
        var botId = activity.Recipient?.Id;
        foreach (var entity in activity.Entities ?? [])
        {
            if (entity.ValueKind != JsonValueKind.Object || !Is(entity, "type", "mention")) continue;
            var mentionedBot = entity.TryGetProperty("mentioned", out var m) && m.ValueKind == JsonValueKind.Object && botId is not null && Is(m, "id", botId);
            if (mentionedBot && entity.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(t.GetString()))
                text = text.Replace(t.GetString()!, " ", StringComparison.Ordinal);
        }
        // Without entities (some clients), a leading <at>…</at> is the bot being addressed.
        text = LeadingMention().Replace(text, " ");
        text = WebUtility.HtmlDecode(text);
        return Spaces().Replace(text, " ").Trim();
    }

    /// <summary>
    /// The answer as one or more Teams messages, each under the 40 KB limit; suggestions ride on the last one, and so does the
    /// answer's Adaptive Card when it has a rich form (the text stays as the fallback for clients that show no cards).
    /// </summary>
    public static IReadOnlyList<Activity> Reply(Activity incoming, string answer, IReadOnlyList<string> suggestions, RichAnswer? rich = null, string? chartUrl = null)
    {
        var template = new Activity
        {
            Type = ActivityTypes.Message,
            From = incoming.Recipient,
            Recipient = incoming.From,
            Conversation = incoming.Conversation,
            ReplyToId = incoming.Id,
            Locale = "th-TH",
            TextFormat = "markdown",
            InputHint = "acceptingInput",
        };
        var last = template with { SuggestedActions = Suggested(incoming, suggestions) };
        // The card may take half of what the envelope leaves; the text gets the rest, split over earlier messages if need be.
        if (rich is not null && TeamsCards.Fit(rich, chartUrl, (MaxActivityBytes - TeamsJson.Utf16Size(last)) / 2) is { } card)
            last = last with { Attachments = [card] };
        var text = Markdown(answer);
        if (TeamsJson.Utf16Size(last with { Text = text }) <= MaxActivityBytes) return [last with { Text = text }];

        // Split on paragraph, then word, then character boundaries; the budget is what is left of 40 KB after the envelope.
        var budget = (MaxActivityBytes - TeamsJson.Utf16Size(last with { Text = "" })) / 2;
        var chunks = Chunks(text, budget);
        return chunks.Select((chunk, i) => (i == chunks.Count - 1 ? last : template) with { Text = chunk }).ToList();
    }

    public static Activity Typing(Activity incoming) => new()
    {
        Type = ActivityTypes.Typing,
        From = incoming.Recipient,
        Recipient = incoming.From,
        Conversation = incoming.Conversation,
        ReplyToId = incoming.Id,
    };

    /// <summary>Teams markdown joins single newlines into one line; a blank line between lines keeps the answer's layout.</summary>
    public static string Markdown(string text) =>
        string.Join("\n\n", text.Replace("\r\n", "\n").Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0));

    private static SuggestedActions? Suggested(Activity incoming, IReadOnlyList<string> suggestions)
    {
        // Teams shows suggested actions in personal and group chats, not in channel posts.
        if (suggestions.Count == 0 || incoming.Conversation?.ConversationType == "channel") return null;
        return new SuggestedActions(incoming.From?.Id is { } to ? [to] : null,
            suggestions.Take(6).Select(s => new CardAction("imBack", s, s)).ToList());
    }

    private static List<string> Chunks(string text, int budget)
    {
        var chunks = new List<string>();
        var current = new StringBuilder();
        var currentSize = 0;
        const string separator = "\n\n";
        var separatorSize = JsonLength(separator);
        foreach (var piece in text.Split(separator).SelectMany(p => Pieces(p, budget)))
        {
            var size = JsonLength(piece);
            if (current.Length > 0 && currentSize + separatorSize + size > budget)
            {
                chunks.Add(current.ToString());
                current.Clear();
                currentSize = 0;
            }
            if (current.Length > 0) { current.Append(separator); currentSize += separatorSize; }
            current.Append(piece);
            currentSize += size;
        }
        if (current.Length > 0) chunks.Add(current.ToString());
        return chunks;
    }

    /// <summary>A paragraph that fits, or its words, or (for one enormous word) its text elements: Thai vowels and tone marks stay on their consonant.</summary>
    private static IEnumerable<string> Pieces(string paragraph, int budget)
    {
        if (JsonLength(paragraph) <= budget) { yield return paragraph; yield break; }
        var current = new StringBuilder();
        var size = 0;
        var elements = StringInfo.GetTextElementEnumerator(paragraph);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            var elementSize = JsonLength(element);
            if (size + elementSize > budget)
            {
                // Prefer to break after the last space in this piece, when what follows it still leaves room.
                var text = current.ToString();
                var cut = text.LastIndexOf(' ');
                var breakAtSpace = cut > 0 && JsonLength(text[(cut + 1)..]) + elementSize <= budget;
                yield return breakAtSpace ? text[..cut] : text;
                var rest = breakAtSpace ? text[(cut + 1)..] : "";
                current.Clear().Append(rest);
                size = JsonLength(rest);
            }
            current.Append(element);
            size += elementSize;
        }
        if (current.Length > 0) yield return current.ToString();
    }

    /// <summary>UTF-16 code units the text takes inside the serialized activity (escapes included, quotes not).</summary>
    private static int JsonLength(string text) => JsonSerializer.Serialize(text, TeamsJson.Options).Length - 2;

    private static bool Is(JsonElement e, string property, string value) =>
        e.TryGetProperty(property, out var p) && p.ValueKind == JsonValueKind.String && string.Equals(p.GetString(), value, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^\s*<at[^>]*>[^<]*</at>")]
    private static partial Regex LeadingMention();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
