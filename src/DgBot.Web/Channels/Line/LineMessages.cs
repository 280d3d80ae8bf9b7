using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using DgBot.Web.Chat;

namespace DgBot.Web.Channels.Line;

public static class LineJson
{
    /// <summary>Thai travels as characters, not \u escapes: LINE's limits count characters and bytes of what is sent.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}

/// <summary>
/// Turns a chat answer into LINE message objects (text, Flex, quick replies) within LINE's limits. No wording lives here: what
/// the channel says on its own comes from <see cref="ChannelTexts"/>, so it reads the same on every channel.
/// </summary>
public static class LineMessages
{
    public const int MaxTextLength = 5000;
    public const int MaxQuickReplyItems = 13;
    public const int MaxQuickReplyLabel = 20;
    public const int MaxMessageActionText = 300;
    public const int MaxAltText = 400;
    private const string Ellipsis = "…";

    /// <summary>The question in a text message: the bot's own @mentions cut out, spaces tidied.</summary>
    public static string QuestionText(LineEvent e)
    {
        var text = e.Text ?? "";
        foreach (var (index, length) in e.SelfMentions.OrderByDescending(m => m.Index))
            if (index >= 0 && length >= 0 && (long)index + length <= text.Length) text = text.Remove(index, length).Insert(index, " ");
        return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The question carried by a postback: data "q=&lt;URL-encoded question&gt;" (other keys are ignored); null when there is none.</summary>
    public static string? PostbackQuestion(string? data)
    {
        if (string.IsNullOrEmpty(data)) return null;
        foreach (var pair in data.Split('&'))
        {
            var eq = pair.IndexOf('=');
            if (eq < 0 || pair[..eq] != "q") continue;
            // Bytes that are not UTF-8 come back as U+FFFD: that is not a question anybody sent.
            var question = System.Net.WebUtility.UrlDecode(pair[(eq + 1)..]).Trim();
            return question.Contains('\uFFFD') ? null : question;
        }
        return null;
    }

    /// <summary>The answer as at most five messages: a Flex bubble when it has structure, else text; suggestions ride on the last one.</summary>
    public static IReadOnlyList<JsonObject> Answer(AskResponse answer)
    {
        var messages = new List<JsonObject>();
        if (answer.Rich is { } rich && LineFlex.Bubble(rich, HeroUrl(answer.ChartUrl)) is { } bubble)
            messages.Add(new JsonObject { ["type"] = "flex", ["altText"] = AltText(answer.Answer, rich.Title), ["contents"] = bubble });
        else
            messages.AddRange(Texts(answer.Answer));
        return WithQuickReply(messages, answer.Suggestions);
    }

    /// <summary>Text messages of at most 5,000 characters each, split between lines (then words, then letters), at most five.</summary>
    public static IReadOnlyList<JsonObject> Texts(string text)
    {
        var chunks = Split(text.Replace("\r\n", "\n").Trim(), MaxTextLength);
        if (chunks.Count == 0) chunks = ["-"];
        if (chunks.Count > LineClient.MaxMessages)
        {
            chunks = chunks.Take(LineClient.MaxMessages).ToList();
            var last = chunks[^1];
            chunks[^1] = last.Length < MaxTextLength ? last + Ellipsis : Shorten(last + Ellipsis, MaxTextLength);
        }
        return chunks.Select(c => new JsonObject { ["type"] = "text", ["text"] = c }).ToList();
    }

    public static IReadOnlyList<JsonObject> WithQuickReply(IReadOnlyList<JsonObject> messages, IReadOnlyList<string> suggestions)
    {
        if (messages.Count == 0 || QuickReply(suggestions) is not { } quickReply) return messages;
        // LINE shows a quick reply only under the last message of the batch.
        messages[^1]["quickReply"] = quickReply;
        return messages;
    }

    /// <summary>Up to 13 message actions: the label cut to 20 characters on a letter boundary, the text in full (at most 300).</summary>
    public static JsonObject? QuickReply(IEnumerable<string> suggestions)
    {
        var items = new JsonArray();
        foreach (var suggestion in suggestions.Select(s => s.Trim()).Where(s => s.Length is > 0 and <= MaxMessageActionText).Distinct(StringComparer.Ordinal).Take(MaxQuickReplyItems))
            items.Add(new JsonObject
            {
                ["type"] = "action",
                ["action"] = new JsonObject { ["type"] = "message", ["label"] = Shorten(suggestion, MaxQuickReplyLabel), ["text"] = suggestion },
            });
        return items.Count == 0 ? null : new JsonObject { ["items"] = items };
    }

    /// <summary>The first line of the answer, for notifications and chat lists.</summary>
    public static string AltText(string answer, string fallback)
    {
        var first = answer.Replace("\r\n", "\n").Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? fallback.Trim();
        return Shorten(first.Length > 0 ? first : "DgBot", MaxAltText);
    }

    /// <summary>Only an absolute https URL can be a Flex image; anything else (a relative link, http) is left out.</summary>
    public static string? HeroUrl(string? chartUrl) =>
        Uri.TryCreate(chartUrl, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && chartUrl!.Length <= 2000 ? chartUrl : null;

    /// <summary>
    /// At most <paramref name="max"/> UTF-16 characters, an ellipsis included when cut. Cuts only between grapheme clusters, so a Thai
    /// vowel or tone mark (ั ิ ี ึ ื ุ ู ็ ่ ้ ๊ ๋ ์ ำ) never loses its consonant, and never right after a leading vowel (เ แ โ ใ ไ), which
    /// belongs to the consonant that follows it.
    /// </summary>
    public static string Shorten(string text, int max)
    {
        text = text.Trim();
        if (text.Length <= max) return text;
        var budget = max - Ellipsis.Length;
        var kept = new StringBuilder();
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            if (kept.Length + element.Length > budget) break;
            kept.Append(element);
        }
        while (kept.Length > 0 && (IsThaiLeadingVowel(kept[^1]) || char.IsWhiteSpace(kept[^1]))) kept.Length--;
        return kept.Append(Ellipsis).ToString();
    }

    private static bool IsThaiLeadingVowel(char c) => c is >= '\u0E40' and <= '\u0E44';

    private static List<string> Split(string text, int max)
    {
        var chunks = new List<string>();
        var current = new StringBuilder();
        foreach (var piece in text.Split('\n').SelectMany(line => Pieces(line, max)))
        {
            if (current.Length > 0 && current.Length + 1 + piece.Length > max)
            {
                chunks.Add(current.ToString());
                current.Clear();
            }
            if (current.Length > 0) current.Append('\n');
            current.Append(piece);
        }
        if (current.ToString().Trim().Length > 0) chunks.Add(current.ToString());
        return chunks.Select(c => c.Trim('\n')).Where(c => c.Length > 0).ToList();
    }

    /// <summary>A line that fits, or its words, or (for one enormous word) its grapheme clusters.</summary>
    private static IEnumerable<string> Pieces(string line, int max)
    {
        if (line.Length <= max) { yield return line; yield break; }
        var current = new StringBuilder();
        var elements = StringInfo.GetTextElementEnumerator(line);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            if (current.Length + element.Length > max)
            {
                var text = current.ToString();
                var cut = text.LastIndexOf(' ');
                var atSpace = cut > 0 && text.Length - cut - 1 + element.Length <= max;
                while (!atSpace && text.Length > 1 && IsThaiLeadingVowel(text[^1]))
                {
                    // Carry a dangling leading vowel over to the consonant it belongs to.
                    element = text[^1] + element;
                    text = text[..^1];
                }
                yield return atSpace ? text[..cut] : text;
                current.Clear().Append(atSpace ? text[(cut + 1)..] : "");
            }
            current.Append(element);
        }
        if (current.Length > 0) yield return current.ToString();
    }
}
