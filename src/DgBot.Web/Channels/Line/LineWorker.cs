using DgBot.Core.Alerts;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using DgBot.Web.Chat;
using Microsoft.Extensions.Options;

namespace DgBot.Web.Channels.Line;

/// <summary>
/// Answers queued LINE events in the background, after /api/line has answered 200: the loading animation in 1:1 chats, the
/// answer from the chat service, a reply with the reply token, and a push when the token has expired. One error boundary: the
/// user sees a Thai apology with a reference code, the log gets the exception.
/// </summary>
public sealed class LineWorker(LineInbox inbox, ChatService chat, ChannelTexts texts, DatasetInfoProvider datasets, LineClient line,
    AlertSubscriptions subscriptions, AlertOutbox outbox, IOptions<LineOptions> options, ILogger<LineWorker> logger) : BackgroundService
{
    private static readonly string[] NonTextMessages = ["sticker", "image", "video", "audio", "file", "location"];

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(inbox.Readers.Select(reader => Task.Run(() => DrainAsync(reader, stoppingToken), CancellationToken.None)));

    private async Task DrainAsync(ChannelReader<LineEvent> reader, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var e in reader.ReadAllAsync(stoppingToken))
                await HandleAsync(e, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task HandleAsync(LineEvent e, CancellationToken cancellationToken)
    {
        var answering = false;
        try
        {
            if (e.IsRedelivery) logger.LogInformation("LINE redelivered event {EventId} ({Type}); answering it now", e.WebhookEventId, e.Type);
            switch (e.Type)
            {
                case LineEventTypes.Follow or LineEventTypes.Join:
                    var welcome = new JsonObject { ["type"] = "text", ["text"] = texts.LineWelcome(datasets.Current.Synthetic) };
                    await DeliverAsync(e, LineMessages.WithQuickReply([welcome], texts.Examples), cancellationToken);
                    break;
                case LineEventTypes.Unfollow when e.Source.UserId is { Length: > 0 } blocker:
                    // A blocked bot's pushes are not delivered; stop alerts for good rather than spend the push quota on them.
                    var id = AlertSubscriptions.IdOf(AlertChannels.Line, blocker);
                    if (subscriptions.Stop(id, "blocked"))
                        logger.LogInformation("LINE user blocked the bot: alerts stopped, {Parked} waiting alerts parked",
                            outbox.ParkWaiting(id, "blocked: the user blocked the bot on LINE (unfollow)"));
                    break;
                case LineEventTypes.Message when e.MessageType == "text":
                    answering = true;
                    await AnswerAsync(e, LineMessages.QuestionText(e), cancellationToken);
                    break;
                case LineEventTypes.Message when e.Source.IsUser && NonTextMessages.Contains(e.MessageType):
                    // Only in 1:1 chats: in a group, every sticker would get the same lecture.
                    await DeliverAsync(e, LineMessages.WithQuickReply(LineMessages.Texts(texts.TextOnly), texts.Examples), cancellationToken);
                    break;
                case LineEventTypes.Postback when LineMessages.PostbackQuestion(e.PostbackData) is { } question:
                    answering = true;
                    await AnswerAsync(e, question, cancellationToken);
                    break;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            var reference = Guid.NewGuid().ToString("N")[..8];
            logger.LogError(error, "LINE event {Type} ({EventId}) could not be answered, reference {Reference}", e.Type, e.WebhookEventId, reference);
            if (!answering) return;
            try
            {
                await DeliverAsync(e, LineMessages.Texts(texts.Apology(reference)), cancellationToken);
            }
            catch (Exception again) when (again is not OperationCanceledException)
            {
                logger.LogError(again, "The apology for reference {Reference} could not be sent either", reference);
            }
        }
    }

    private async Task AnswerAsync(LineEvent e, string question, CancellationToken cancellationToken)
    {
        IReadOnlyList<JsonObject> messages;
        if (question.Length == 0) messages = LineMessages.WithQuickReply(LineMessages.Texts(texts.EmptyQuestion), texts.Examples);
        else if (question.Length > ChatService.MaxLength) messages = LineMessages.Texts(texts.TooLong);
        else
        {
            if (e.Source.IsUser) await StartLoadingAsync(e.Source.UserId!, cancellationToken);
            var from = e.Source.UserId is { Length: > 0 } userId && e.Source.ChatId is { Length: > 0 } chatId
                ? new ChannelAddress(AlertChannels.Line, userId, chatId)
                : null;
            var answer = await chat.AskAsync(new AskRequest(question, "line:" + e.Source.ChatId, e.Source.UserId) { From = from }, cancellationToken);
            messages = LineMessages.Answer(answer);
        }
        await DeliverAsync(e, messages, cancellationToken);
    }

    private async Task StartLoadingAsync(string userId, CancellationToken cancellationToken)
    {
        try
        {
            await line.StartLoadingAsync(userId, options.Value.LoadingSeconds, cancellationToken);
        }
        catch (HttpRequestException error)
        {
            // The animation is a courtesy; the answer still goes out.
            logger.LogWarning(error, "The LINE loading animation could not be started");
        }
    }

    /// <summary>Reply while the token is good (replies are free), else push to the chat (pushes count against the monthly quota).</summary>
    private async Task DeliverAsync(LineEvent e, IReadOnlyList<JsonObject> messages, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(e.ReplyToken))
        {
            if (await line.ReplyAsync(e.ReplyToken, messages, cancellationToken) == ReplyOutcome.Sent) return;
            logger.LogInformation("The reply token of LINE event {EventId} was no longer valid; pushing the answer instead", e.WebhookEventId);
        }
        if (e.Source.ChatId is not { Length: > 0 } to)
        {
            logger.LogWarning("LINE event {EventId} has neither a usable reply token nor a source to push to; the answer is dropped", e.WebhookEventId);
            return;
        }
        await line.PushAsync(to, messages, cancellationToken);
    }
}
