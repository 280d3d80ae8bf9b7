using DgBot.Core.Alerts;
using DgBot.Web.Chat;
using Microsoft.Extensions.Options;

namespace DgBot.Web.Channels.Teams;

/// <summary>
/// Answers queued activities in the background, so /api/messages acknowledges within Teams' 15-second limit: typing first,
/// then the answer from the chat service, through the Connector. One error boundary: the user sees a Thai apology with a
/// reference code, the log gets the exception.
/// </summary>
public sealed class TeamsWorker(TeamsInbox inbox, ChatService chat, ChannelTexts texts, ConnectorClient connector, ConversationReferenceStore references,
    IOptions<TeamsOptions> options, ILogger<TeamsWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.Workers).Select(_ => Task.Run(() => DrainAsync(stoppingToken), CancellationToken.None)));

    private async Task DrainAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var activity in inbox.Reader.ReadAllAsync(stoppingToken))
                await HandleAsync(activity, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task HandleAsync(Activity activity, CancellationToken cancellationToken)
    {
        try
        {
            Remember(activity);
            switch (activity.Type)
            {
                case ActivityTypes.Message:
                    await AnswerAsync(activity, cancellationToken);
                    break;
                case ActivityTypes.ConversationUpdate when activity.MembersAdded?.Any(m => m.Id is not null && m.Id == activity.Recipient?.Id) == true:
                    await SendAsync(activity, TeamsMessages.Reply(activity, texts.TeamsWelcome, texts.Examples), cancellationToken);
                    break;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            var reference = Guid.NewGuid().ToString("N")[..8];
            logger.LogError(e, "Teams activity {Type} could not be answered, reference {Reference}", activity.Type, reference);
            if (activity.Type != ActivityTypes.Message) return;
            try
            {
                await SendAsync(activity, TeamsMessages.Reply(activity, texts.Apology(reference), []), cancellationToken);
            }
            catch (Exception again) when (again is not OperationCanceledException)
            {
                logger.LogError(again, "The apology for reference {Reference} could not be sent either", reference);
            }
        }
    }

    private async Task AnswerAsync(Activity activity, CancellationToken cancellationToken)
    {
        try
        {
            await connector.SendAsync(activity.ServiceUrl!, activity.Conversation!.Id!, activity.Id, TeamsMessages.Typing(activity), cancellationToken);
        }
        catch (HttpRequestException e)
        {
            // Typing is a courtesy; the answer still goes out.
            logger.LogWarning(e, "The typing indicator could not be sent");
        }

        var question = TeamsMessages.QuestionText(activity);
        IReadOnlyList<Activity> replies;
        if (question.Length == 0) replies = TeamsMessages.Reply(activity, texts.EmptyQuestion, texts.Examples);
        else if (question.Length > ChatService.MaxLength) replies = TeamsMessages.Reply(activity, texts.TooLong, []);
        else
        {
            var user = activity.From?.AadObjectId ?? activity.From?.Id;
            var from = activity.From?.Id is { Length: > 0 } fromId
                ? new ChannelAddress(AlertChannels.Teams, fromId, activity.Conversation!.Id!, TeamsJson.TenantId(activity), activity.From.AadObjectId, activity.From.Name)
                : null;
            var answer = await chat.AskAsync(new AskRequest(question, "teams:" + activity.Conversation!.Id, user) { From = from }, cancellationToken);
            replies = TeamsMessages.Reply(activity, answer.Answer, answer.Suggestions, answer.Rich, answer.ChartUrl);
        }
        await SendAsync(activity, replies, cancellationToken);
    }

    private async Task SendAsync(Activity incoming, IReadOnlyList<Activity> replies, CancellationToken cancellationToken)
    {
        foreach (var reply in replies)
            await connector.SendAsync(incoming.ServiceUrl!, incoming.Conversation!.Id!, incoming.Id, reply, cancellationToken);
    }

    private void Remember(Activity activity)
    {
        try
        {
            references.Save(activity);
        }
        catch (Exception e)
        {
            // Losing a reference only delays alerts until the user writes again; never lose the answer over it.
            logger.LogError(e, "The conversation reference could not be stored");
        }
    }
}
