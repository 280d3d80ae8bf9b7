using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using DgBot.Core.Queries;
using DgBot.Core.Storage;
using Microsoft.Data.Sqlite;

namespace DgBot.Core.Risk;

/// <summary>A unit with the group columns the risk model reads (codes for features, canonical Thai names for filters and answers).</summary>
public sealed record HistoryUnit(string Id, string Kind, string NameTh, string? Ministry, string? MinistryCode, string? AgencyType,
    string? AgencyTypeCode, string? Mission, string? Region, string? RegionCode)
{
    public UnitRef Ref { get; } = new(Id, NameTh, Kind);
}

/// <summary>One unit's scores and the answers the risk model reads, in one round it responded to.</summary>
public sealed class UnitRound
{
    public required int Year { get; init; }
    public required double Overall { get; init; }
    public required int Level { get; init; }
    /// <summary>Pillar scores and levels by pillar number 1–7 (index pillar − 1); NaN / 0 when missing.</summary>
    public required double[] Pillars { get; init; }
    public required int[] PillarLevels { get; init; }
    public required IReadOnlyDictionary<string, double> SubIndicators { get; init; }
    /// <summary>Answers to the items in <see cref="SurveyHistory.Items"/> (item code → value as stored).</summary>
    public required IReadOnlyDictionary<string, string> Answers { get; init; }

    public string? Answer(string item) => Answers.TryGetValue(item, out var v) ? v : null;

    public double? Number(string item) =>
        Answers.TryGetValue(item, out var v) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : null;
}

/// <summary>
/// Every round of the survey database as the risk model sees it: units, their overall, pillar and sub-indicator scores per
/// round, and the answers to the few items that drive drops (DCIO, IT staff, obstacles, PCIO meetings). Loaded in one read.
/// The model reads it only through <see cref="AsOf"/>, which hides every round after the one being described.
/// </summary>
public sealed class SurveyHistory
{
    /// <summary>The questionnaire items the risk features read (both forms; a code means what its unit's form says).</summary>
    public static readonly IReadOnlyList<string> Items =
    [
        "3.1", "3.1A", "3.2.1", "3.2.3", "3.2.4", "3.2.5", "3.1.1", "3.1.1.1",
        "OBS", "OBS.1", "OBS.2", "OBS.3", "OBS.4", "OBS.5", "OBS.6", "OBS.7", "OBS.8", "OBS.9", "OBS.10",
    ];

    private readonly Dictionary<string, HistoryUnit> _byId;
    private readonly Dictionary<string, UnitRound[]> _rounds;

    private SurveyHistory(IReadOnlyList<HistoryUnit> units, Dictionary<string, UnitRound[]> rounds)
    {
        Units = units;
        _byId = units.ToDictionary(u => u.Id, StringComparer.Ordinal);
        _rounds = rounds;
    }

    public IReadOnlyList<HistoryUnit> Units { get; }
    /// <summary>The survey rounds with scores, in order.</summary>
    public IReadOnlyList<int> Years { get; private init; } = [];
    public bool Synthetic { get; private init; }
    public int LatestYear => Years.Count > 0 ? Years[^1] : 0;
    /// <summary>Each level's lower bound (level 1 → 0).</summary>
    public IReadOnlyDictionary<int, double> BandMin { get; private init; } = new Dictionary<int, double>();
    public IReadOnlyList<string> SubIndicatorCodes { get; private init; } = [];
    public IReadOnlyList<string> MinistryCodes { get; private init; } = [];
    public IReadOnlyList<string> AgencyTypeCodes { get; private init; } = [];
    public IReadOnlyList<string> RegionCodes { get; private init; } = [];
    /// <summary>(population, item code) → Thai question text, for the items in <see cref="Items"/>.</summary>
    public IReadOnlyDictionary<(string Population, string Item), string> ItemText { get; private init; } = new Dictionary<(string, string), string>();
    /// <summary>(population, item, option code) → Thai option label.</summary>
    public IReadOnlyDictionary<(string Population, string Item, string Option), string> OptionLabel { get; private init; } =
        new Dictionary<(string, string, string), string>();
    /// <summary>Changes whenever any score or driving answer changes; a model card records the one it was trained on.</summary>
    public string Fingerprint { get; private init; } = "";

    public HistoryUnit? Unit(string id) => _byId.GetValueOrDefault(id);

    /// <summary>The rounds up to and including <paramref name="year"/>: the only view features may be built from.</summary>
    public HistoryAsOf AsOf(int year) => new(this, year);

    internal IReadOnlyList<UnitRound> AllRounds(string unitId) => _rounds.TryGetValue(unitId, out var r) ? r : [];

    /// <summary>A unit's round in <paramref name="year"/> when it responded; for labels and tests, never for features.</summary>
    public UnitRound? RoundOf(string unitId, int year) => AllRounds(unitId).FirstOrDefault(r => r.Year == year);

    public double BandFloor(int level) => BandMin.TryGetValue(level, out var m) ? m : 0;

    public static SurveyHistory Load(string dbPath)
    {
        using var connection = Database.Open(dbPath, readOnly: true);
        return Load(connection);
    }

    public static SurveyHistory Load(SqliteConnection c)
    {
        using var tx = c.BeginTransaction();
        var units = c.Query<HistoryUnit>(
            "SELECT id AS Id, kind AS Kind, name_th AS NameTh, ministry AS Ministry, ministry_code AS MinistryCode, agency_type AS AgencyType, " +
            "agency_type_code AS AgencyTypeCode, mission AS Mission, region AS Region, region_code AS RegionCode FROM unit ORDER BY id", transaction: tx).ToList();
        var bands = c.Query<(long Level, double Min)>("SELECT level, min_score FROM level ORDER BY level", transaction: tx)
            .ToDictionary(b => (int)b.Level, b => b.Min);
        var subs = c.Query<string>("SELECT code FROM sub_indicator ORDER BY pillar, code", transaction: tx).ToList();
        var meta = c.Query<(string Key, string Value)>("SELECT key, value FROM dataset_meta", transaction: tx).ToDictionary(m => m.Key, m => m.Value);
        var items = string.Join(",", Items.Select(i => $"'{i}'"));
        var text = c.Query<(string Population, string Code, string Text)>($"SELECT population, code, text_th FROM item WHERE code IN ({items})", transaction: tx)
            .ToDictionary(t => (t.Population, t.Code), t => t.Text);
        var labels = c.Query<(string Population, string Item, string Code, string Label)>(
                $"SELECT population, item, code, label_th FROM item_option WHERE item IN ({items})", transaction: tx)
            .ToDictionary(o => (o.Population, o.Item, o.Code), o => o.Label);

        // Plain readers rather than Dapper here: these are the two big reads (every score row, the driving answers).
        var answers = new Dictionary<(string Unit, int Year), Dictionary<string, string>>();
        using (var cmd = c.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = $"SELECT unit_id, year, item, value FROM response WHERE item IN ({items}) ORDER BY unit_id, year, item";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var key = (r.GetString(0), r.GetInt32(1));
                if (!answers.TryGetValue(key, out var map)) answers[key] = map = new Dictionary<string, string>(StringComparer.Ordinal);
                map[r.GetString(2)] = r.GetString(3);
            }
        }
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Hash(string text) => hash.AppendData(Encoding.UTF8.GetBytes(text));
        var rounds = new Dictionary<string, UnitRound[]>(StringComparer.Ordinal);
        var years = new SortedSet<int>();
        var pending = new List<UnitRound>();
        string? unitId = null;
        int year = 0;
        double overall = double.NaN;
        int level = 0;
        double[] pillars = [];
        int[] pillarLevels = [];
        Dictionary<string, double> subScores = [];
        void StartRound(string u, int y)
        {
            unitId = u; year = y; overall = double.NaN; level = 0;
            pillars = Enumerable.Repeat(double.NaN, 7).ToArray(); pillarLevels = new int[7]; subScores = new Dictionary<string, double>(StringComparer.Ordinal);
        }
        void EndRound()
        {
            if (unitId is null || double.IsNaN(overall)) return;
            var unitAnswers = answers.GetValueOrDefault((unitId, year)) ?? [];
            foreach (var (item, value) in unitAnswers.OrderBy(a => a.Key, StringComparer.Ordinal)) Hash($"{unitId}|{year}|{item}={value}\n");
            pending.Add(new UnitRound
            {
                Year = year, Overall = overall, Level = level, Pillars = pillars, PillarLevels = pillarLevels,
                SubIndicators = subScores, Answers = unitAnswers,
            });
            years.Add(year);
        }
        void EndUnit()
        {
            if (unitId is not null && pending.Count > 0) rounds[unitId] = pending.OrderBy(r => r.Year).ToArray();
            pending = [];
        }
        using (var cmd = c.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "SELECT unit_id, year, scope, key, score, level FROM score ORDER BY unit_id, year, scope, key";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var u = r.GetString(0);
                var y = r.GetInt32(1);
                if (u != unitId || y != year)
                {
                    EndRound();
                    if (u != unitId) EndUnit();
                    StartRound(u, y);
                }
                var scope = r.GetString(2);
                var key = r.GetString(3);
                var score = r.GetDouble(4);
                var lv = r.GetInt32(5);
                if (scope == "overall") { overall = score; level = lv; }
                else if (scope == "pillar" && int.TryParse(key, out var p) && p is >= 1 and <= 7) { pillars[p - 1] = score; pillarLevels[p - 1] = lv; }
                else if (scope == "sub_indicator") subScores[key] = score;
                Hash($"{u}|{y}|{scope}|{key}|{score.ToString("R", CultureInfo.InvariantCulture)}|{lv}\n");
            }
            EndRound();
            EndUnit();
        }
        tx.Commit();
        var synthetic = meta.GetValueOrDefault("synthetic") == "1";
        Hash($"synthetic={synthetic}");
        return new SurveyHistory(units, rounds)
        {
            Years = years.ToList(),
            Synthetic = synthetic,
            BandMin = bands,
            SubIndicatorCodes = subs,
            MinistryCodes = units.Select(u => u.MinistryCode).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList(),
            AgencyTypeCodes = units.Select(u => u.AgencyTypeCode).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList(),
            RegionCodes = units.Select(u => u.RegionCode).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList(),
            ItemText = text,
            OptionLabel = labels,
            Fingerprint = Convert.ToHexString(hash.GetHashAndReset())[..16].ToLowerInvariant(),
        };
    }
}

/// <summary>The survey as it stood after round <see cref="Year"/>: later rounds do not exist here.</summary>
public sealed class HistoryAsOf(SurveyHistory history, int year)
{
    public int Year { get; } = year;

    // What does not depend on any round: the units and the framework.
    public IReadOnlyList<HistoryUnit> Units => history.Units;
    public HistoryUnit? Unit(string id) => history.Unit(id);
    public double BandFloor(int level) => history.BandFloor(level);
    public IReadOnlyList<string> SubIndicatorCodes => history.SubIndicatorCodes;
    public IReadOnlyList<string> MinistryCodes => history.MinistryCodes;
    public IReadOnlyList<string> AgencyTypeCodes => history.AgencyTypeCodes;
    public IReadOnlyList<string> RegionCodes => history.RegionCodes;
    public IReadOnlyDictionary<(string Population, string Item), string> ItemText => history.ItemText;
    public IReadOnlyDictionary<(string Population, string Item, string Option), string> OptionLabel => history.OptionLabel;

    /// <summary>The unit's rounds up to <see cref="Year"/>, oldest first.</summary>
    public IReadOnlyList<UnitRound> Rounds(string unitId)
    {
        var all = history.AllRounds(unitId);
        int n = 0;
        while (n < all.Count && all[n].Year <= Year) n++;
        return n == all.Count ? all : all.Take(n).ToArray();
    }

    /// <summary>The round before <see cref="Year"/> in the survey's calendar (whether or not the unit answered it).</summary>
    public int? PreviousYear
    {
        get
        {
            int? previous = null;
            foreach (var y in history.Years) if (y < Year) previous = y;
            return previous;
        }
    }
}
