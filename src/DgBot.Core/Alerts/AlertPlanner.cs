using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DgBot.Core.Formatting;
using DgBot.Core.Risk;

namespace DgBot.Core.Alerts;

/// <summary>A scored unit with the groups a subscription scope filters on.</summary>
public sealed record ScoredUnit(UnitRiskEstimate Estimate, string? Ministry, string? Region);

/// <summary>One scoring of the latest round by one model: what every subscriber is compared against.</summary>
public sealed record AlertRound(int Year, int NextYear, string ModelVersion, RiskModelInfo Model, IReadOnlyList<ScoredUnit> Units);

/// <summary>What a subscriber was last told about a unit: that it was flagged, at this probability.</summary>
public sealed record ToldUnit(string UnitId, double Probability, int Year);

public static class AlertChangeKinds
{
    public const string Flagged = "flagged";
    public const string Risen = "risen";
    public const string Cleared = "cleared";
}

/// <summary>One line of an alert: a unit newly flagged, flagged and risen since the last alert, or no longer flagged.</summary>
public sealed record AlertChange(string Kind, UnitRiskEstimate Estimate, double? Previous);

/// <summary>The news for one subscriber, and what they will have been told once it is sent.</summary>
public sealed record AlertDigest(AlertSubscription Subscription, AlertRound Round, double Threshold, IReadOnlyList<AlertChange> Changes,
    IReadOnlyList<ToldUnit> Told, string ContentHash)
{
    public IEnumerable<AlertChange> Of(string kind) => Changes.Where(c => c.Kind == kind);

    /// <summary>(subscriber, round, model version, content hash): the same news for the same round is one message, however often the job runs.</summary>
    public string IdempotencyKey => Hash($"{Subscription.Id}|{Round.Year}|{Round.ModelVersion}|{ContentHash}")[..32];

    internal static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
}

/// <summary>
/// Compares a round with what a subscriber was last told (DESIGN §7): a unit in scope at or above the threshold that was not
/// flagged is newly flagged; one that was flagged and grew by the rise step is risen; one that was flagged and is now below
/// the threshold is cleared. Units with no estimate this round (they did not answer) are left as they were told.
/// </summary>
public static class AlertPlanner
{
    public static AlertDigest? Diff(AlertSubscription subscription, AlertRound round, IReadOnlyDictionary<string, ToldUnit> told,
        double defaultThreshold, double riseStep)
    {
        var threshold = subscription.MinProbability ?? defaultThreshold;
        var inScope = round.Units.Where(u => (subscription.Ministry is null || u.Ministry == subscription.Ministry)
                                             && (subscription.Region is null || u.Region == subscription.Region))
            .ToDictionary(u => u.Estimate.Unit.Id, u => u.Estimate, StringComparer.Ordinal);
        var changes = new List<AlertChange>();
        var next = new List<ToldUnit>();
        foreach (var e in inScope.Values.OrderByDescending(e => e.Probability).ThenBy(e => e.Unit.Id, StringComparer.Ordinal))
        {
            var before = told.GetValueOrDefault(e.Unit.Id);
            if (e.Probability >= threshold)
            {
                if (before is null) changes.Add(new AlertChange(AlertChangeKinds.Flagged, e, null));
                else if (e.Probability - before.Probability >= riseStep - 1e-9) changes.Add(new AlertChange(AlertChangeKinds.Risen, e, before.Probability));
                else { next.Add(before); continue; }
                next.Add(new ToldUnit(e.Unit.Id, e.Probability, round.Year));
            }
            else if (before is not null) changes.Add(new AlertChange(AlertChangeKinds.Cleared, e, before.Probability));
        }
        // Told units with no estimate this round keep what was told; units out of the scope are simply forgotten.
        var scored = round.Units.Select(u => u.Estimate.Unit.Id).ToHashSet(StringComparer.Ordinal);
        next.AddRange(told.Values.Where(t => !scored.Contains(t.UnitId)));
        if (changes.Count == 0) return null;
        var content = string.Join("\n", changes.Select(c => string.Create(CultureInfo.InvariantCulture,
            $"{c.Kind}|{c.Estimate.Unit.Id}|{c.Estimate.Probability:0.0000}|{c.Previous:0.0000}")));
        var hash = AlertDigest.Hash(string.Create(CultureInfo.InvariantCulture,
            $"{subscription.Ministry}|{subscription.Region}|{threshold:0.0000}\n{content}"))[..16];
        return new AlertDigest(subscription, round, threshold, changes, next.OrderBy(t => t.UnitId, StringComparer.Ordinal).ToList(), hash);
    }

    /// <summary>The model's identity for idempotency keys: its trainer, seed, the data it was fitted on and when.</summary>
    public static string ModelVersion(string trainer, int seed, string datasetFingerprint, string trainedAt) =>
        AlertDigest.Hash($"{trainer}|{seed}|{datasetFingerprint}|{trainedAt}")[..12];

    /// <summary>X-Line-Retry-Key must be a UUID; derived from the idempotency key, a message keeps its retry key across restarts.</summary>
    public static string RetryKey(string idempotencyKey)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)).AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);   // version 4 layout, as LINE's examples use
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);   // RFC 4122 variant
        return new Guid(bytes, bigEndian: true).ToString();
    }
}

/// <summary>An alert in words: the text (also the notification preview), the card form, and a one-line summary for the admin view.</summary>
public sealed record AlertContent(string Text, RichAnswer Rich, string Summary);

/// <summary>Puts a digest into Thai, from the templates in prompts/answers.th.json (alerts.*), with how to unsubscribe.</summary>
public sealed class AlertComposer(ThaiFormatter f)
{
    public const int MaxLinesPerSection = 10;

    public AlertContent Compose(AlertDigest d, string unsubscribeText)
    {
        var r = d.Round;
        var min = ThaiFormatter.Probability(d.Threshold);
        var scope = string.Join("", new[]
        {
            d.Subscription.Ministry is { } m ? f.T("alerts.scope.ministry", ("ministry", m)) : null,
            d.Subscription.Region is { } g ? f.T("alerts.scope.region", ("region", g)) : null,
        }.OfType<string>());
        var counts = (flagged: d.Of(AlertChangeKinds.Flagged).Count(), risen: d.Of(AlertChangeKinds.Risen).Count(), cleared: d.Of(AlertChangeKinds.Cleared).Count());
        var title = f.T("alerts.title", ("next", r.NextYear));
        var subtitle = f.T("alerts.subtitle", ("year", r.Year), ("scope", scope), ("min", min));
        var headline = f.T("alerts.headline", ("flagged", counts.flagged), ("risen", counts.risen), ("cleared", counts.cleared));

        var text = new StringBuilder().Append(title).Append('\n').Append(subtitle).Append('\n').Append(headline);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var kind in new[] { AlertChangeKinds.Flagged, AlertChangeKinds.Risen, AlertChangeKinds.Cleared })
        {
            var lines = d.Of(kind).ToList();
            if (lines.Count == 0) continue;
            text.Append("\n\n").Append(f.T("alerts.section." + kind));
            foreach (var c in lines.Take(MaxLinesPerSection))
            {
                var reason = AnswerRenderer.LeadReason(c.Estimate) is { } lead ? f.RiskReason(lead) : "-";
                var values = new (string, object?)[]
                {
                    ("unit", c.Estimate.Unit.NameTh), ("probability", ThaiFormatter.Probability(c.Estimate.Probability)),
                    ("previous", c.Previous is { } p ? ThaiFormatter.Probability(p) : ""), ("reason", reason),
                };
                text.Append('\n').Append(f.T("alerts.line." + kind, values));
                rows.Add([f.T("alerts.status." + kind), c.Estimate.Unit.NameTh,
                    c.Previous is { } prev ? $"{ThaiFormatter.Probability(prev)}→{ThaiFormatter.Probability(c.Estimate.Probability)}%" : ThaiFormatter.Probability(c.Estimate.Probability) + "%",
                    kind == AlertChangeKinds.Cleared ? "-" : reason]);
            }
            if (lines.Count > MaxLinesPerSection) text.Append('\n').Append(f.T("alerts.more", ("count", lines.Count - MaxLinesPerSection)));
        }
        var note = AnswerRenderer.RiskNoteOf(f, r.Model) + "\n" + f.T("alerts.footer", ("unsubscribe", unsubscribeText));
        text.Append("\n\n").Append(note);
        var rich = new RichAnswer(title, subtitle, headline, [], new RichTable(f.T("alerts.columns").Split('|'), rows), null, note);
        return new AlertContent(text.ToString(), rich, headline);
    }
}
