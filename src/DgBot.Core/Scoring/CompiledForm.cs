using System.Globalization;
using DgBot.Core.Reference;

namespace DgBot.Core.Scoring;

/// <summary>
/// One population's questionnaire joined with its rules, as arrays. The scoring engine and the demo generator's
/// calibrator both score through this class, so the generator's targets are met by exactly the arithmetic
/// that `dgbot score` uses.
/// </summary>
public sealed class CompiledForm
{
    public string Population { get; }
    public ScoringRules Rules { get; }
    public IReadOnlyList<QuestionItem> Items { get; }
    public IReadOnlyList<string> SubCodes { get; }
    public IReadOnlyList<int> SubPillar { get; }
    public IReadOnlyList<int> Pillars { get; }
    /// <summary>Per item: index of the sub-indicator it feeds, or -1 when it is not scored.</summary>
    public int[] ItemSub { get; }
    /// <summary>Per item: points per option index (choice) or per band index (numeric scored).</summary>
    public int[][] ItemPoints { get; }
    /// <summary>Per numeric scored item: band lower bounds.</summary>
    public double[]?[] ItemBandMins { get; }
    public int[] ItemMax { get; }
    public int[] SubMax { get; }
    /// <summary>Per item: the parent item index or -1; and which parent options (or band indexes) make it asked.</summary>
    public int[] Parent { get; }
    public bool[][] ParentAllows { get; }
    private readonly Dictionary<string, int> _itemIndex;

    public CompiledForm(ReferenceData reference, ScoringRules rules, string population)
    {
        Population = population;
        Rules = rules;
        if (!rules.Populations.TryGetValue(population, out var popRules))
            throw new InvalidDataException($"rules.json has no rules for population '{population}'");
        Items = reference.ItemsFor(population).ToList();
        _itemIndex = Items.Select((it, i) => (it.Code, i)).ToDictionary(x => x.Code, x => x.i);
        foreach (var code in popRules.Items.Keys.Where(c => !_itemIndex.ContainsKey(c)))
            throw new InvalidDataException($"rules.json scores {population} item {code}, which items.csv does not have");

        var subs = Items.Where(i => i.SubIndicator is not null && popRules.Items.ContainsKey(i.Code))
            .Select(i => i.SubIndicator!).Distinct()
            .OrderBy(c => c, Comparer<string>.Create(CompareCodes)).ToList();
        SubCodes = subs;
        var subByCode = reference.SubIndicators.ToDictionary(s => s.Code);
        SubPillar = subs.Select(c => subByCode[c].Pillar).ToList();
        Pillars = SubPillar.Distinct().Order().ToList();

        int n = Items.Count;
        ItemSub = new int[n]; ItemPoints = new int[n][]; ItemBandMins = new double[]?[n]; ItemMax = new int[n];
        Parent = new int[n]; ParentAllows = new bool[n][];
        SubMax = new int[subs.Count];
        for (int i = 0; i < n; i++)
        {
            var item = Items[i];
            if (popRules.Items.TryGetValue(item.Code, out var rule))
            {
                if (item.SubIndicator is null) throw new InvalidDataException($"{population} item {item.Code} is scored but feeds no sub-indicator");
                ItemSub[i] = subs.IndexOf(item.SubIndicator);
                if (item.IsNumeric)
                {
                    if (rule.Bands is null) throw new InvalidDataException($"{population} item {item.Code} is numeric and needs bands");
                    ItemPoints[i] = rule.Bands.Select(b => b.Points).ToArray();
                    ItemBandMins[i] = rule.Bands.Select(b => b.Min).ToArray();
                }
                else
                {
                    if (rule.Points is null) throw new InvalidDataException($"{population} item {item.Code} is a choice item and needs points");
                    foreach (var k in rule.Points.Keys.Where(k => item.Option(k) is null))
                        throw new InvalidDataException($"rules.json gives points to option '{k}' of {population} item {item.Code}, which it does not have");
                    ItemPoints[i] = item.Options.Select(o => rule.Points.GetValueOrDefault(o.Code)).ToArray();
                }
                ItemMax[i] = ItemPoints[i].Max();
                SubMax[ItemSub[i]] += ItemMax[i];
            }
            else
            {
                ItemSub[i] = -1;
                ItemPoints[i] = item.IsNumeric ? [] : new int[item.Options.Count];
            }
            Parent[i] = -1;
            if (item.Condition is { } c)
            {
                var p = _itemIndex[c.Item];
                Parent[i] = p;
                var parent = Items[p];
                ParentAllows[i] = parent.IsNumeric
                    ? (ItemBandMins[p] ?? throw new InvalidDataException($"{population} item {item.Code} depends on an unscored numeric item"))
                        .Select(min => min > (c.GreaterThan ?? double.NegativeInfinity)).ToArray()
                    : parent.Options.Select(o => c.Values.Contains(o.Code)).ToArray();
            }
        }
        for (int s = 0; s < subs.Count; s++)
            if (popRules.SubIndicatorMaxPoints.TryGetValue(subs[s], out var cap)) SubMax[s] = cap;
    }

    public int IndexOf(string itemCode) => _itemIndex.TryGetValue(itemCode, out var i) ? i : -1;

    /// <summary>Option index (or band index for a numeric scored item) of a stored answer; -1 when unanswered or unusable.</summary>
    public int AnswerIndex(int item, string? value)
    {
        if (string.IsNullOrEmpty(value)) return -1;
        var it = Items[item];
        if (!it.IsNumeric)
        {
            for (int o = 0; o < it.Options.Count; o++) if (it.Options[o].Code == value) return o;
            return -1;
        }
        if (ItemBandMins[item] is not { } mins) return -1;
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) return -1;
        int band = -1;
        for (int b = 0; b < mins.Length; b++) if (v >= mins[b]) band = b;
        return band;
    }

    public double SubScore(int sub, int earned) =>
        SubMax[sub] == 0 ? 0 : Rules.Round(Math.Min(100.0, 100.0 * earned / SubMax[sub]));

    /// <summary>Sub-indicator, pillar and overall scores from earned points per sub-indicator.</summary>
    public void ScoreFromEarned(ReadOnlySpan<int> earned, Span<double> subScores, Span<double> pillarScores, out double overall)
    {
        var subsOfPillar = _subsOfPillar ??= Pillars.Select(p => Enumerable.Range(0, SubCodes.Count).Where(s => SubPillar[s] == p).ToArray()).ToArray();
        for (int s = 0; s < subScores.Length; s++) subScores[s] = SubScore(s, earned[s]);
        double total = 0;
        for (int p = 0; p < subsOfPillar.Length; p++)
        {
            double sum = 0;
            var subs = subsOfPillar[p];
            for (int k = 0; k < subs.Length; k++) sum += subScores[subs[k]];
            pillarScores[p] = Rules.Round(sum / subs.Length);
            total += pillarScores[p];
        }
        overall = Rules.Round(total / subsOfPillar.Length);
    }

    private int[][]? _subsOfPillar;

    /// <summary>Orders codes such as 1.2 &lt; 1.10 &lt; 2.1 numerically, segment by segment.</summary>
    public static int CompareCodes(string a, string b)
    {
        var x = a.Split('.'); var y = b.Split('.');
        for (int i = 0; i < Math.Min(x.Length, y.Length); i++)
        {
            int c = int.TryParse(x[i], out var xi) && int.TryParse(y[i], out var yi) ? xi.CompareTo(yi) : string.CompareOrdinal(x[i], y[i]);
            if (c != 0) return c;
        }
        return x.Length.CompareTo(y.Length);
    }
}
