using DgBot.Core.Reference;

namespace DgBot.Core.Scoring;

/// <summary>Pure scoring: the same answers always give the same scorecard.</summary>
public sealed class ScoringEngine
{
    private readonly Dictionary<string, CompiledForm> _forms;

    public ScoringEngine(ReferenceData reference, ScoringRules rules)
    {
        Rules = rules;
        _forms = Population.All.ToDictionary(p => p, p => new CompiledForm(reference, rules, p));
    }

    public ScoringRules Rules { get; }

    public CompiledForm Form(string population) => _forms.TryGetValue(population, out var f)
        ? f : throw new ArgumentException($"unknown population '{population}'", nameof(population));

    public Scorecard Score(string population, IReadOnlyDictionary<string, string> answers)
    {
        var form = Form(population);
        var n = form.Items.Count;
        var answerIdx = new int[n];
        for (int i = 0; i < n; i++) answerIdx[i] = form.AnswerIndex(i, answers.GetValueOrDefault(form.Items[i].Code));

        var earned = new int[form.SubCodes.Count];
        var itemScores = new List<ItemScore>[form.SubCodes.Count];
        for (int s = 0; s < itemScores.Length; s++) itemScores[s] = [];
        for (int i = 0; i < n; i++)
        {
            var s = form.ItemSub[i];
            if (s < 0) continue;
            var asked = IsAsked(form, answerIdx, i);
            var a = asked ? answerIdx[i] : -1;
            var points = a >= 0 ? form.ItemPoints[i][a] : 0;
            earned[s] += points;
            var outcome = !asked ? ItemOutcome.NotAsked
                : a < 0 ? ItemOutcome.Unanswered
                : points == form.ItemMax[i] && points > 0 ? ItemOutcome.Earned
                : points > 0 ? ItemOutcome.Partial
                : ItemOutcome.Missed;
            itemScores[s].Add(new ItemScore(form.Items[i].Code, answers.GetValueOrDefault(form.Items[i].Code), points, form.ItemMax[i], outcome));
        }

        Span<double> subScores = stackalloc double[form.SubCodes.Count];
        Span<double> pillarScores = stackalloc double[form.Pillars.Count];
        form.ScoreFromEarned(earned, subScores, pillarScores, out var overall);
        var subs = new List<SubIndicatorScore>(form.SubCodes.Count);
        for (int s = 0; s < form.SubCodes.Count; s++)
            subs.Add(new SubIndicatorScore(form.SubCodes[s], form.SubPillar[s], subScores[s], Rules.LevelFor(subScores[s]),
                Math.Min(earned[s], form.SubMax[s]), form.SubMax[s], itemScores[s]));
        var pillars = new List<PillarScore>(form.Pillars.Count);
        for (int p = 0; p < form.Pillars.Count; p++)
            pillars.Add(new PillarScore(form.Pillars[p], pillarScores[p], Rules.LevelFor(pillarScores[p])));
        return new Scorecard(population, overall, Rules.LevelFor(overall), pillars, subs);
    }

    /// <summary>An item is asked when it has no condition, or its parent is asked and answered with an allowed option.</summary>
    private static bool IsAsked(CompiledForm form, int[] answerIdx, int item)
    {
        var p = form.Parent[item];
        if (p < 0) return true;
        var a = answerIdx[p];
        return a >= 0 && form.ParentAllows[item][a] && IsAsked(form, answerIdx, p);
    }
}
