using DgBot.Core.Reference;
using DgBot.Core.Risk;

namespace DgBot.Ml;

/// <summary>One model input: its name (in the model card) and the reason it explains (features of one reason add up).</summary>
public sealed record FeatureInfo(string Name, string Reason);

/// <summary>What a unit's features were made of, kept for the reasons an answer gives (every fact is from rounds ≤ Year).</summary>
public sealed class UnitFacts
{
    public required HistoryUnit Unit { get; init; }
    public required int Year { get; init; }
    public required int? PreviousYear { get; init; }
    public required UnitRound Current { get; init; }
    /// <summary>The unit's round in <see cref="PreviousYear"/>, null when it did not respond then.</summary>
    public required UnitRound? Previous { get; init; }
    public required double BandFloor { get; init; }
    public double Margin => Current.Overall - BandFloor;
    public required int RoundsAnswered { get; init; }
    /// <summary>Departments: the 3.1 answer code ("has", "delegated", "appointing", ...) or null; provinces: null.</summary>
    public string? DcioAnswer { get; init; }
    public string? DcioAnswerLabel { get; init; }
    public bool? DcioPresent { get; init; }
    public double? DcioTenureMonths { get; init; }
    public int DcioChanges { get; init; }
    public int DcioRoundsObserved { get; init; }
    public double? ItShare { get; init; }
    public int? ItShareYear { get; init; }
    public bool? ItSufficient { get; init; }
    public IReadOnlyList<string> Obstacles { get; init; } = [];
    /// <summary>The questionnaire's text of each reported obstacle item (e.g. OBS.8 → ปัญหาอุปสรรคด้านงบประมาณ).</summary>
    public IReadOnlyDictionary<string, string> ObstacleText { get; init; } = new Dictionary<string, string>();
    /// <summary>Provinces: whether the PCIO committee met (3.1.1.1); null when not asked or not a province.</summary>
    public bool? PcioMeeting { get; init; }
}

/// <summary>A unit's features for round t, built from rounds ≤ t only.</summary>
public sealed record UnitFeatures(string UnitId, int Year, float[] Values, UnitFacts Facts);

/// <summary>
/// The one feature builder, shared by training and prediction. It reads a <see cref="HistoryAsOf"/>, which holds no round
/// after t, so a feature cannot see the round it predicts. The feature list depends only on the framework and the unit
/// tables (sub-indicator codes, ministries, agency types, regions), never on survey answers.
/// </summary>
public sealed class RiskFeatureBuilder
{
    public const double NearBandPoints = 5;
    private static readonly string[] Obstacles = Enumerable.Range(1, 10).Select(i => $"OBS.{i}").ToArray();

    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<string> _subs, _ministries, _types, _regions;
    // Feature names built once, so building a unit's features formats no strings (scoring one unit is on the answer path).
    private readonly string[] _pillarScore, _pillarChange, _subScore, _subChange, _obstacle, _type, _ministry, _region;

    public IReadOnlyList<FeatureInfo> Features { get; }

    /// <summary>The distinct reasons, and for each feature the index of its reason in that list.</summary>
    public IReadOnlyList<string> Reasons { get; }
    public IReadOnlyList<int> ReasonOf { get; }

    public RiskFeatureBuilder(SurveyHistory history)
        : this(history.SubIndicatorCodes, history.MinistryCodes, history.AgencyTypeCodes, history.RegionCodes) { }

    public RiskFeatureBuilder(IReadOnlyList<string> subIndicators, IReadOnlyList<string> ministries, IReadOnlyList<string> agencyTypes, IReadOnlyList<string> regions)
    {
        _subs = subIndicators; _ministries = ministries; _types = agencyTypes; _regions = regions;
        var f = new List<FeatureInfo>
        {
            new("is_province", "group"),
            new("overall_score", "margin"), new("overall_level", "margin"), new("margin_above_band", "margin"), new("near_lower_band", "margin"),
            new("overall_change", "overall_change"), new("responded_previous", "overall_change"),
            new("level_change", "fell_last_round"), new("fell_last_round", "fell_last_round"),
        };
        for (int p = 1; p <= 7; p++) f.Add(new($"pillar_{p}_score", $"pillar_score:{p}"));
        for (int p = 1; p <= 7; p++) f.Add(new($"pillar_{p}_change", $"pillar_change:{p}"));
        foreach (var s in subIndicators) f.Add(new($"sub_{s}_score", $"sub_score:{s}"));
        foreach (var s in subIndicators) f.Add(new($"sub_{s}_change", $"sub_change:{s}"));
        f.AddRange([
            new("pillar_sd", "lopsided"), new("pillar_range", "lopsided"), new("pillar_min", "lopsided"),
            new("dcio_present", "dcio"), new("dcio_tenure_months", "dcio"), new("dcio_new", "dcio"), new("dcio_changes", "dcio_turnover"),
            new("it_share", "it_staff"), new("it_share_with_assigned", "it_staff"), new("it_sufficient", "it_staff"),
            new("obstacle_any", "obstacles"), new("obstacle_count", "obstacles"),
        ]);
        foreach (var o in Obstacles) f.Add(new($"obstacle_{o[4..]}", $"obstacle:{o}"));
        f.Add(new("pcio_meeting", "pcio"));
        f.Add(new("rounds_answered", "rounds"));
        f.Add(new("mission_policy", "group"));
        foreach (var t in agencyTypes) f.Add(new($"type_{t}", "group"));
        foreach (var m in ministries) f.Add(new($"ministry_{m}", "group"));
        foreach (var r in regions) f.Add(new($"region_{r}", "group"));
        Features = f;
        for (int i = 0; i < f.Count; i++) _index.Add(f[i].Name, i);
        Reasons = f.Select(x => x.Reason).Distinct().ToList();
        var reasonIndex = Reasons.Select((r, i) => (r, i)).ToDictionary(x => x.r, x => x.i, StringComparer.Ordinal);
        ReasonOf = f.Select(x => reasonIndex[x.Reason]).ToArray();
        _pillarScore = Enumerable.Range(1, 7).Select(p => $"pillar_{p}_score").ToArray();
        _pillarChange = Enumerable.Range(1, 7).Select(p => $"pillar_{p}_change").ToArray();
        _subScore = subIndicators.Select(x => $"sub_{x}_score").ToArray();
        _subChange = subIndicators.Select(x => $"sub_{x}_change").ToArray();
        _obstacle = Obstacles.Select(o => $"obstacle_{o[4..]}").ToArray();
        _type = agencyTypes.Select(x => $"type_{x}").ToArray();
        _ministry = ministries.Select(x => $"ministry_{x}").ToArray();
        _region = regions.Select(x => $"region_{x}").ToArray();
    }

    public int Count => Features.Count;

    /// <summary>Features of every unit that responded in round <paramref name="h"/>.Year, in unit id order.</summary>
    public IReadOnlyList<UnitFeatures> BuildAll(HistoryAsOf h) =>
        h.Units.Select(u => Build(h, u.Id)).OfType<UnitFeatures>().ToList();

    /// <summary>The unit's features for round h.Year, or null when it did not respond in that round.</summary>
    public UnitFeatures? Build(HistoryAsOf h, string unitId)
    {
        var unit = h.Unit(unitId);
        if (unit is null) return null;
        var rounds = h.Rounds(unitId);
        if (rounds.Count == 0 || rounds[^1].Year != h.Year) return null;
        var cur = rounds[^1];
        var previousYear = h.PreviousYear;
        var prev = rounds.Count > 1 && rounds[^2].Year == previousYear ? rounds[^2] : null;
        var v = new float[Count];
        void Set(string name, double value) => v[_index[name]] = (float)value;
        var department = unit.Kind == Population.Department;

        var floor = h.BandFloor(cur.Level);
        Set("is_province", department ? 0 : 1);
        Set("overall_score", cur.Overall);
        Set("overall_level", cur.Level);
        Set("margin_above_band", cur.Overall - floor);
        Set("near_lower_band", IsNearLowerBand(cur.Level, cur.Overall - floor) ? 1 : 0);
        Set("responded_previous", prev is null ? 0 : 1);
        Set("overall_change", prev is null ? 0 : cur.Overall - prev.Overall);
        Set("level_change", prev is null ? 0 : cur.Level - prev.Level);
        Set("fell_last_round", prev is not null && cur.Level < prev.Level ? 1 : 0);
        for (int p = 1; p <= 7; p++)
        {
            var score = cur.Pillars[p - 1];
            Set(_pillarScore[p - 1], double.IsNaN(score) ? -1 : score);
            var before = prev?.Pillars[p - 1] ?? double.NaN;
            Set(_pillarChange[p - 1], double.IsNaN(score) || double.IsNaN(before) ? 0 : score - before);
        }
        for (int k = 0; k < _subs.Count; k++)
        {
            var has = cur.SubIndicators.TryGetValue(_subs[k], out var x);
            Set(_subScore[k], has ? x : -1);
            Set(_subChange[k], has && prev is not null && prev.SubIndicators.TryGetValue(_subs[k], out var before) ? x - before : 0);
        }
        var pillars = cur.Pillars.Where(x => !double.IsNaN(x)).ToArray();
        if (pillars.Length > 0)
        {
            var mean = pillars.Average();
            Set("pillar_sd", Math.Sqrt(pillars.Select(x => (x - mean) * (x - mean)).Average()));
            Set("pillar_range", pillars.Max() - pillars.Min());
            Set("pillar_min", pillars.Min());
        }

        // DCIO (departments): presence and tenure now, and how often the post changed hands in the rounds answered so far.
        string? dcio = null; bool? present = null; double? tenure = null; int changes = 0, observed = 0;
        if (department)
        {
            dcio = cur.Answer("3.1");
            present = IsDcio(dcio);
            tenure = present == true ? cur.Number("3.1A") : 0;
            for (int k = 0; k < rounds.Count; k++)
            {
                var here = IsDcio(rounds[k].Answer("3.1"));
                if (rounds[k].Answer("3.1") is null) continue;
                observed++;
                if (k == 0) continue;
                var before = IsDcio(rounds[k - 1].Answer("3.1"));
                var newcomer = here && rounds[k].Number("3.1A") is { } months && months < 12;
                if (here != before || here && newcomer) changes++;
            }
            Set("dcio_present", present == true ? 1 : 0);
            Set("dcio_tenure_months", tenure ?? -1);
            Set("dcio_new", present == true && tenure is < 12 ? 1 : 0);
            Set("dcio_changes", changes);
        }
        else
        {
            Set("dcio_present", -1); Set("dcio_tenure_months", -1); Set("dcio_new", -1); Set("dcio_changes", -1);
        }

        // IT staff (departments): the latest answered share up to t.
        double? itShare = null; int? itShareYear = null; double? itAll = null; bool? sufficient = null;
        if (department)
        {
            for (int k = rounds.Count - 1; k >= 0 && itShare is null; k--)
                if (rounds[k].Number("3.2.1") is { } staff && staff > 0 && rounds[k].Number("3.2.3") is { } it)
                {
                    itShare = it / staff;
                    itAll = (it + (rounds[k].Number("3.2.4") ?? 0)) / staff;
                    itShareYear = rounds[k].Year;
                }
            sufficient = YesNo(cur.Answer("3.2.5"));
        }
        Set("it_share", itShare ?? -1);
        Set("it_share_with_assigned", itAll ?? -1);
        Set("it_sufficient", sufficient is { } suff ? suff ? 1 : 0 : -1);

        var obstacles = Obstacles.Where(o => cur.Answer(o) == "yes").ToList();
        Set("obstacle_any", cur.Answer("OBS") == "yes" ? 1 : 0);
        Set("obstacle_count", obstacles.Count);
        for (int k = 0; k < Obstacles.Length; k++) Set(_obstacle[k], cur.Answer(Obstacles[k]) == "yes" ? 1 : 0);

        bool? pcio = department ? null : YesNo(cur.Answer("3.1.1.1"));
        Set("pcio_meeting", pcio is { } met ? met ? 1 : 0 : -1);
        Set("rounds_answered", rounds.Count);
        Set("mission_policy", unit.Mission switch { "policy" => 1, "service" => 0, _ => -1 });
        for (int k = 0; k < _types.Count; k++) Set(_type[k], unit.AgencyTypeCode == _types[k] ? 1 : 0);
        for (int k = 0; k < _ministries.Count; k++) Set(_ministry[k], unit.MinistryCode == _ministries[k] ? 1 : 0);
        for (int k = 0; k < _regions.Count; k++) Set(_region[k], unit.RegionCode == _regions[k] ? 1 : 0);

        var facts = new UnitFacts
        {
            Unit = unit, Year = h.Year, PreviousYear = previousYear, Current = cur, Previous = prev, BandFloor = floor,
            RoundsAnswered = rounds.Count, DcioAnswer = dcio,
            DcioAnswerLabel = dcio is null ? null : h.OptionLabel.GetValueOrDefault((unit.Kind, "3.1", dcio)),
            DcioPresent = present, DcioTenureMonths = tenure, DcioChanges = changes, DcioRoundsObserved = observed,
            ItShare = itShare, ItShareYear = itShareYear, ItSufficient = sufficient, Obstacles = obstacles, PcioMeeting = pcio,
            ObstacleText = obstacles.ToDictionary(o => o, o => h.ItemText.GetValueOrDefault((unit.Kind, o)) ?? o, StringComparer.Ordinal),
        };
        return new UnitFeatures(unitId, h.Year, v, facts);
    }

    /// <summary>The second baseline's rule (DESIGN §7): within 5 points of the band below (a level-1 unit cannot drop).</summary>
    public static bool IsNearLowerBand(int level, double margin) => level > 1 && margin < NearBandPoints;

    private static bool IsDcio(string? answer) => answer is "has" or "delegated";

    private static bool? YesNo(string? answer) => answer switch { "yes" => true, "no" => false, _ => null };
}
