using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace DgBot.Core.Queries;

/// <summary>
/// One version of the survey database held in memory, so that a query reads arrays and dictionaries instead of opening a
/// connection and running SQL (a fresh connection starts with a cold page cache, and that, not the SQL, was most of the
/// time). Everything the queries read is loaded at once in one read transaction: units, the framework tables, every score
/// row, the report's figures and recommendations. The two per-item tables are the exception: a database of many rounds
/// holds millions of answers and per-item scores that nobody asks about, so one item's answers in one round, and one
/// unit's missed items in one round, are read on the first question that needs them (one indexed query, about what the
/// per-call SQL used to cost) and kept from then on. Immutable otherwise; SurveyQueries drops it when the file changes.
/// </summary>
internal sealed class SurveySnapshot
{
    internal sealed record Unit(UnitRef Ref, string? Ministry, string? AgencyType, string? Mission, string? Region)
    {
        public string Id => Ref.Id;
        public string Kind => Ref.Kind;
    }

    /// <summary>One score row of a unit in a round.</summary>
    internal readonly record struct ScoreRow(string Scope, string Key, double Score, int Level);

    /// <summary>One unit's score in a pool (the units scored for one key in one round).</summary>
    internal readonly record struct Entry(Unit Unit, double Score, int Level);

    /// <summary>An item_score row that missed points (and was asked), with the unit's answer to it.</summary>
    internal readonly record struct GapRow(string Item, string Sub, int Points, int Max, string? Answer);

    internal sealed record Figure(string Id, string Population, int Year, string Metric, double Value, string Unit,
        int SourceLine, string ThaiText, int? Pillar, string? SubIndicator, string? CaveatTh)
    {
        // The columns the figure search matches with LIKE, folded once (SqliteLike.Fold).
        public string LikeId { get; } = SqliteLike.Fold(Id);
        public string LikeMetric { get; } = SqliteLike.Fold(Metric);
        public string LikeThaiText { get; } = SqliteLike.Fold(ThaiText);
        public string? LikeSubIndicator { get; } = SqliteLike.Fold(SubIndicator);
    }

    private readonly Func<SqliteConnection> _connect;
    private readonly Dictionary<string, Unit> _units = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Year, string Scope, string Key), Entry[]> _pools = [];
    private readonly Dictionary<(string Unit, int Year), ScoreRow[]> _unitRounds = [];
    private readonly HashSet<int> _roundsWithScores = [];
    private int[] _scoreYears = [];
    private readonly ConcurrentDictionary<(int Year, string Item), Once<(Unit Unit, string Value)[]>> _answers = new();
    private readonly ConcurrentDictionary<(string Unit, int Year), Once<GapRow[]>> _gaps = new();

    private SurveySnapshot(Func<SqliteConnection> connect) => _connect = connect;

    public string? LatestYearMeta { get; private set; }
    /// <summary>Years of survey_source that have overall scores, in order: the rounds a trend lists.</summary>
    public IReadOnlyList<int> TrendYears { get; private set; } = [];
    public IReadOnlyDictionary<string, int> PillarOfSub { get; private set; } = null!;
    public IReadOnlySet<int> PillarIds { get; private set; } = null!;
    public IReadOnlyList<(int Level, double Min)> Bands { get; private set; } = [];
    public IReadOnlyList<(int Level, string NameTh, string NameEn, string StageEn, double Min)> Levels { get; private set; } = [];
    public IReadOnlyDictionary<int, Dictionary<int, string>> PillarLevelLabels { get; private set; } = null!;
    public IReadOnlyDictionary<int, (string NameTh, string NameEn, string Description, int Line)> Pillars { get; private set; } = null!;
    /// <summary>(CAST(id AS TEXT), name_th, name_en) of every pillar, by id.</summary>
    public IReadOnlyList<(string, string, string)> PillarList { get; private set; } = [];
    public IReadOnlyDictionary<string, (string NameTh, string NameEn, string Description, int Line, int Pillar)> SubIndicators { get; private set; } = null!;
    /// <summary>(code, name_th, name_en, pillar) of every sub-indicator, by code.</summary>
    public IReadOnlyList<(string Code, string NameTh, string NameEn, int Pillar)> SubIndicatorList { get; private set; } = [];
    private Dictionary<string, Dictionary<string, int>> _subMax = [];
    private Dictionary<(string Population, string Code), (string Text, string Type)> _items = [];
    private Dictionary<(string Population, string Item), (string Code, string Label)[]> _options = [];
    public IReadOnlyList<(string Topic, string Terms, string Patterns)> FigureTopics { get; private set; } = [];
    /// <summary>For each of FigureTopics, the figures whose id is LIKE one of its patterns, in figure order.</summary>
    public IReadOnlyList<Figure[]> TopicFigures { get; private set; } = [];
    /// <summary>Every published figure with its caveat, by source line then id.</summary>
    public IReadOnlyList<Figure> Figures { get; private set; } = [];
    public IReadOnlyList<(string Code, string Area, string AreaTh, string Terms, string Title, string Body, int Line)> Recommendations { get; private set; } = [];

    public Unit? FindUnit(string id) => _units.GetValueOrDefault(id);

    /// <summary>Whether score has any row for the year.</summary>
    public bool RoundExists(int year) => _roundsWithScores.Contains(year);

    /// <summary>The latest year before the given one that has scores (SELECT MAX(year) FROM score WHERE year &lt; @y).</summary>
    public int? PreviousYear(int year)
    {
        var i = Array.BinarySearch(_scoreYears, year);
        if (i < 0) i = ~i;
        return i > 0 ? _scoreYears[i - 1] : null;
    }

    /// <summary>The scores of every unit (that the unit table knows) for one key in one round.</summary>
    public Entry[] Pool(int year, ScoreKey key) => _pools.GetValueOrDefault((year, key.ScopeName, key.Key)) ?? [];

    /// <summary>Every score row of one unit in one round; empty when it did not respond.</summary>
    public ScoreRow[] UnitRound(string unitId, int year) => _unitRounds.GetValueOrDefault((unitId, year)) ?? [];

    /// <summary>Overall score rows of a round (scope 'overall', whatever their key): one per responding unit.</summary>
    public IEnumerable<Entry> OverallEntries(int year) => _overallKeys.SelectMany(k => _pools.GetValueOrDefault((year, "overall", k)) ?? []);
    private List<string> _overallKeys = [];

    public IReadOnlyDictionary<string, int> SubMax(string population) => _subMax.GetValueOrDefault(population) ?? [];

    public (string Text, string Type)? Item(string population, string code) =>
        _items.TryGetValue((population, code), out var item) ? item : null;

    public IReadOnlyList<(string Code, string Label)> Options(string population, string item) =>
        _options.GetValueOrDefault((population, item)) ?? [];

    /// <summary>
    /// A round's answers to one item from units the unit table knows, in the order SQLite's (year, item) index returns them
    /// (rowid order), as the per-call query read them: a numeric item's sum is added up in this order.
    /// </summary>
    public IReadOnlyList<(Unit Unit, string Value)> Answers(int year, string item) =>
        _answers.GetOrAdd((year, item), k => new(() => LoadAnswers(k.Year, k.Item))).Value;

    /// <summary>The items a unit missed points on in a round (and was asked), in item order, each with the unit's answer.</summary>
    public IReadOnlyList<GapRow> Gaps(string unitId, int year) =>
        _gaps.GetOrAdd((unitId, year), k => new(() => LoadGaps(k.Unit, k.Year))).Value;

    public static SurveySnapshot Load(Func<SqliteConnection> connect)
    {
        var s = new SurveySnapshot(connect);
        using var c = connect();
        // One read transaction: every table comes from the same version of the file.
        using var tx = c.BeginTransaction(deferred: true);
        s.LatestYearMeta = Scalar<string?>(c, tx, "SELECT value FROM dataset_meta WHERE key = 'latest_year'");

        Read(c, tx, "SELECT id, name_th, kind, ministry, agency_type, mission, region FROM unit", r =>
        {
            var id = r.GetString(0);
            s._units[id] = new Unit(new UnitRef(id, r.GetString(1), r.GetString(2)), Str(r, 3), Str(r, 4), Str(r, 5), Str(r, 6));
        });

        var pools = new Dictionary<(int, string, string), List<Entry>>();
        var rounds = new Dictionary<(string, int), List<ScoreRow>>();
        var scopes = new Dictionary<string, string>(StringComparer.Ordinal);
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        string Intern(Dictionary<string, string> pool, string value) => pool.TryGetValue(value, out var v) ? v : pool[value] = value;
        Unit? last = null;
        Read(c, tx, "SELECT unit_id, year, scope, key, score, level FROM score", r =>
        {
            var id = r.GetString(0);
            var year = r.GetInt32(1);
            var row = new ScoreRow(Intern(scopes, r.GetString(2)), Intern(keys, r.GetString(3)), r.GetDouble(4), r.GetInt32(5));
            s._roundsWithScores.Add(year);
            if (last is null || last.Id != id) last = s._units.GetValueOrDefault(id);
            var roundKey = (last?.Id ?? id, year);
            if (!rounds.TryGetValue(roundKey, out var list)) rounds[roundKey] = list = new List<ScoreRow>(26);
            list.Add(row);
            // The queries that pool units join score to unit, so a score row of a unit the unit table lacks is in no pool.
            if (last is null) return;
            if (!pools.TryGetValue((year, row.Scope, row.Key), out var pool)) pools[(year, row.Scope, row.Key)] = pool = [];
            pool.Add(new Entry(last, row.Score, row.Level));
        });
        foreach (var (k, v) in pools) s._pools[k] = v.ToArray();
        foreach (var (k, v) in rounds) s._unitRounds[k] = v.ToArray();
        s._scoreYears = s._roundsWithScores.Order().ToArray();
        s._overallKeys = pools.Keys.Where(k => k.Item2 == "overall").Select(k => k.Item3).Distinct().ToList();
        s.TrendYears = Rows(c, tx, "SELECT year FROM survey_source WHERE year IN (SELECT year FROM score WHERE scope = 'overall' AND key = '' AND year = survey_source.year LIMIT 1) ORDER BY year",
            r => r.GetInt32(0));

        var pillars = new Dictionary<int, (string, string, string, int)>();
        Read(c, tx, "SELECT id, name_th, name_en, description_th, source_line FROM pillar", r => pillars[r.GetInt32(0)] = (r.GetString(1), r.GetString(2), r.GetString(3), Int(r, 4)));
        s.Pillars = pillars;
        s.PillarIds = pillars.Keys.ToHashSet();
        s.PillarList = Rows(c, tx, "SELECT CAST(id AS TEXT), name_th, name_en FROM pillar ORDER BY id", r => (r.GetString(0), r.GetString(1), r.GetString(2)));
        s.SubIndicatorList = Rows(c, tx, "SELECT code, name_th, name_en, pillar FROM sub_indicator ORDER BY code", r => (r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3)));
        var subs = new Dictionary<string, (string, string, string, int, int)>(StringComparer.Ordinal);
        Read(c, tx, "SELECT code, name_th, name_en, description_th, source_line, pillar FROM sub_indicator",
            r => subs[r.GetString(0)] = (r.GetString(1), r.GetString(2), r.GetString(3), Int(r, 4), r.GetInt32(5)));
        s.SubIndicators = subs;
        s.PillarOfSub = subs.ToDictionary(x => x.Key, x => x.Value.Item5, StringComparer.Ordinal);
        s.Bands = Rows(c, tx, "SELECT level, min_score FROM level ORDER BY level", r => (r.GetInt32(0), r.GetDouble(1)));
        s.Levels = Rows(c, tx, "SELECT level, name_th, name_en, stage_en, min_score FROM level ORDER BY level",
            r => (r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetDouble(4)));
        var labels = new Dictionary<int, Dictionary<int, string>>();
        Read(c, tx, "SELECT pillar, level, label_en FROM pillar_level_label", r =>
        {
            var p = r.GetInt32(0);
            if (!labels.TryGetValue(p, out var byLevel)) labels[p] = byLevel = [];
            byLevel[r.GetInt32(1)] = r.GetString(2);
        });
        s.PillarLevelLabels = labels;
        Read(c, tx, "SELECT population, sub_indicator, max_points FROM sub_indicator_max", r =>
        {
            var p = r.GetString(0);
            if (!s._subMax.TryGetValue(p, out var byPop)) s._subMax[p] = byPop = new Dictionary<string, int>(StringComparer.Ordinal);
            byPop[r.GetString(1)] = r.GetInt32(2);
        });
        Read(c, tx, "SELECT population, code, text_th, answer_type FROM item", r => s._items[(r.GetString(0), r.GetString(1))] = (r.GetString(2), r.GetString(3)));
        s._options = Rows(c, tx, "SELECT population, item, code, label_th FROM item_option ORDER BY population, item, ordinal, code",
                r => (Pop: r.GetString(0), Item: r.GetString(1), Code: r.GetString(2), Label: r.GetString(3)))
            .GroupBy(o => (o.Pop, o.Item)).ToDictionary(g => g.Key, g => g.Select(o => (o.Code, o.Label)).ToArray());

        // Same statement as the old per-call query, so ties in the topic search are broken in the same (rowid) order.
        s.FigureTopics = Rows(c, tx, "SELECT topic_th, terms, figure_patterns FROM figure_topic", r => (r.GetString(0), r.GetString(1), r.GetString(2)));
        s.Figures = Rows(c, tx, """
            SELECT f.id, f.population, f.year, f.topic, f.value, f.unit, f.source_line, f.thai_text, f.pillar, f.sub_indicator, v.caveat_th
            FROM published_figure f LEFT JOIN figure_caveat v ON v.figure = f.id ORDER BY f.source_line, f.id
            """,
            r => new Figure(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetString(3), r.GetDouble(4), r.GetString(5), r.GetInt32(6),
                r.GetString(7), r.IsDBNull(8) ? null : r.GetInt32(8), Str(r, 9), Str(r, 10)));
        // The topics and their id patterns are data, so which figures each topic finds is worked out once here.
        s.TopicFigures = s.FigureTopics.Select(t =>
        {
            var patterns = t.Patterns.Split('|').Select(p => SqliteLike.Fold(p)).ToList();
            return s.Figures.Where(f => patterns.Any(p => SqliteLike.Matches(f.LikeId, p))).ToArray();
        }).ToList();
        s.Recommendations = Rows(c, tx, "SELECT code, area, area_th, area_terms, title_th, body_th, source_line FROM recommendation ORDER BY code",
            r => (r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetInt32(6)));
        return s;
    }

    private (Unit, string)[] LoadAnswers(int year, string item)
    {
        using var c = _connect();
        using var tx = c.BeginTransaction(deferred: true);
        var answers = new List<(Unit, string)>();
        Read(c, tx, "SELECT unit_id, value FROM response WHERE year = $y AND item = $item ORDER BY rowid", r =>
        {
            if (_units.GetValueOrDefault(r.GetString(0)) is { } unit) answers.Add((unit, r.GetString(1)));
        }, ("$y", year), ("$item", item));
        return [.. answers];
    }

    private GapRow[] LoadGaps(string unitId, int year)
    {
        using var c = _connect();
        using var tx = c.BeginTransaction(deferred: true);
        return [.. Rows(c, tx, """
            SELECT s.item, s.sub_indicator, s.points, s.max_points, r.value
            FROM item_score s LEFT JOIN response r ON r.unit_id = s.unit_id AND r.year = s.year AND r.item = s.item
            WHERE s.unit_id = $u AND s.year = $y AND s.points < s.max_points AND s.outcome <> 'notasked'
            ORDER BY s.item
            """, r => new GapRow(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3), r.IsDBNull(4) ? null : r.GetString(4)),
            ("$u", unitId), ("$y", year))];
    }

    private static string? Str(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
    private static int Int(SqliteDataReader r, int i) => r.IsDBNull(i) ? 0 : r.GetInt32(i);

    private static T Scalar<T>(SqliteConnection c, SqliteTransaction tx, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        var value = cmd.ExecuteScalar();
        return value is null or DBNull ? default! : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), CultureInfo.InvariantCulture);
    }

    private static void Read(SqliteConnection c, SqliteTransaction tx, string sql, Action<SqliteDataReader> row, params (string Name, object Value)[] args)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value);
        using var r = cmd.ExecuteReader();
        while (r.Read()) row(r);
    }

    private static List<T> Rows<T>(SqliteConnection c, SqliteTransaction tx, string sql, Func<SqliteDataReader, T> map, params (string Name, object Value)[] args)
    {
        var list = new List<T>();
        Read(c, tx, sql, r => list.Add(map(r)), args);
        return list;
    }
}

/// <summary>A value computed at most once at a time; unlike Lazy, a failure is not kept, so the next caller tries again.</summary>
internal sealed class Once<T>(Func<T> compute) where T : class
{
    private readonly Lock _lock = new();
    private volatile T? _value;

    public T Value
    {
        get
        {
            if (_value is { } v) return v;
            lock (_lock) return _value ??= compute();
        }
    }
}
