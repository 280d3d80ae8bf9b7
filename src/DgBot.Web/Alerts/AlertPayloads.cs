using System.Text.Json;
using System.Text.Json.Nodes;
using DgBot.Core.Alerts;
using DgBot.Web.Channels.Line;
using DgBot.Web.Channels.Teams;
using DgBot.Web.Chat;

namespace DgBot.Web.Alerts;

/// <summary>
/// An alert as each channel sends it, built once when it is queued and stored in the outbox, so a retry or a restart sends the
/// very same message: in Teams an Adaptive Card (the text alone if the card cannot fit), in LINE a Flex bubble; both carry the
/// unsubscribe phrase as a one-tap suggestion.
/// </summary>
public static class AlertPayloads
{
    public static string For(string channel, AlertContent content) => channel switch
    {
        AlertChannels.Teams => Teams(content),
        AlertChannels.Line => Line(content),
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "no such alert channel"),
    };

    /// <summary>The message activity without its addressing (conversation, from, recipient), which the sender fills from the stored reference.</summary>
    public static string Teams(AlertContent content)
    {
        var message = new Activity
        {
            Type = ActivityTypes.Message,
            Locale = "th-TH",
            TextFormat = "markdown",
            // The card carries the detail; the text is what the notification and card-less clients show.
            Text = TeamsMessages.Markdown(content.Rich.Title + "\n" + content.Summary),
            SuggestedActions = new SuggestedActions(null, [new CardAction("imBack", ChatService.UnsubscribeText, ChatService.UnsubscribeText)]),
        };
        var card = TeamsCards.Fit(content.Rich, null, (TeamsMessages.MaxActivityBytes - TeamsJson.Utf16Size(message)) / 2);
        message = card is null ? message with { Text = TeamsMessages.Markdown(content.Text) } : message with { Attachments = [card] };
        return TeamsJson.Serialize(message);
    }

    public static string Line(AlertContent content)
    {
        var messages = LineFlex.Bubble(content.Rich, null) is { } bubble
            ? [new JsonObject { ["type"] = "flex", ["altText"] = LineMessages.AltText(content.Rich.Title + " · " + content.Summary, content.Rich.Title), ["contents"] = bubble }]
            : LineMessages.Texts(content.Text).ToList();
        messages = LineMessages.WithQuickReply(messages, [ChatService.UnsubscribeText]).ToList();
        return new JsonArray(messages.Select(m => (JsonNode)m).ToArray()).ToJsonString(LineJson.Options);
    }

    public static IReadOnlyList<JsonObject> LineMessagesOf(string payload) =>
        JsonNode.Parse(payload)!.AsArray().Select(n => n!.AsObject()).ToList();

    public static Activity TeamsActivityOf(string payload) =>
        JsonSerializer.Deserialize<Activity>(payload, TeamsJson.Options) ?? throw new JsonException("empty alert payload");
}
