using DgBot.Core.Alerts;
using DgBot.Web.Chat;
using DgBot.Web.Risk;
using Microsoft.Extensions.Options;

namespace DgBot.Web.Alerts;

/// <summary>What one run of the job did: queued news, news already queued by an earlier run, subscribers with nothing new.</summary>
public sealed record AlertRunResult(string Status, int Year, string? ModelVersion, int Subscribers, int Queued, int AlreadyQueued, int Unchanged)
{
    public const string Ok = "ok";
    public const string NoModel = "no_model";
}

/// <summary>
/// The alert job (DESIGN §7): scores the latest round with the served model, compares it with what each subscriber was last
/// told, and queues one message per subscriber with news. Running it again for the same round queues nothing.
/// </summary>
public sealed class AlertJob(RiskModelHost risk, AlertSubscriptions subscriptions, AlertOutbox outbox, AlertComposer composer,
    IOptions<AlertOptions> options, ILogger<AlertJob> logger)
{
    public AlertRunResult Run()
    {
        if (CurrentRound() is not { } round)
        {
            logger.LogWarning("Alert job: no risk model can score the latest round; nothing queued (train one with `dgbot train`)");
            return new AlertRunResult(AlertRunResult.NoModel, 0, null, 0, 0, 0, 0);
        }
        return Run(round);
    }

    /// <summary>The latest round as the served model scores it, or null when there is no usable model.</summary>
    public AlertRound? CurrentRound()
    {
        if (risk.Predictor?.Scores() is not { } scores || scores.History.Years.Count == 0) return null;
        var card = risk.Predictor.Model.Card;
        var units = scores.Ranked.Select(e => scores.History.Unit(e.Unit.Id) is { } u ? new ScoredUnit(e, u.Ministry, u.Region) : new ScoredUnit(e, null, null)).ToList();
        var year = scores.History.LatestYear;
        return new AlertRound(year, year + 1, AlertPlanner.ModelVersion(card.Trainer, card.Seed, card.DatasetFingerprint, card.TrainedAt),
            risk.Predictor.Info, units);
    }

    public AlertRunResult Run(AlertRound round)
    {
        var o = options.Value;
        int subscribers = 0, queued = 0, already = 0, unchanged = 0;
        foreach (var s in subscriptions.Active())
        {
            subscribers++;
            var digest = AlertPlanner.Diff(s, round, outbox.LastTold(s.Id), o.MinProbability, o.RiseStep);
            if (digest is null) { unchanged++; continue; }
            var content = composer.Compose(digest, ChatService.UnsubscribeText);
            var key = digest.IdempotencyKey;
            var entry = new OutboxEntry(key, s.Id, s.Channel, s.ConversationId, round.Year, round.ModelVersion, digest.ContentHash, content.Summary,
                AlertPayloads.For(s.Channel, content), AlertPlanner.RetryKey(key));
            if (outbox.Enqueue(entry, digest.Told)) queued++; else already++;
        }
        logger.LogInformation("Alert job for round {Year} (model {Model}): {Subscribers} subscribers, {Queued} messages queued, {Already} already queued, {Unchanged} with nothing new",
            round.Year, round.ModelVersion, subscribers, queued, already, unchanged);
        return new AlertRunResult(AlertRunResult.Ok, round.Year, round.ModelVersion, subscribers, queued, already, unchanged);
    }
}
