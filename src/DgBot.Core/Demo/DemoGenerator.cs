using System.Globalization;
using DgBot.Core.Reference;
using DgBot.Core.Scoring;

namespace DgBot.Core.Demo;

public sealed record ResponseRow(string UnitId, int Year, string Item, string Value);

public sealed record DemoDataset(int Seed, IReadOnlyList<int> Years, IReadOnlyList<(string UnitId, int Year)> Surveyed,
    IReadOnlyList<ResponseRow> Responses, IReadOnlyList<string> Notes);

public sealed class CalibrationException(string message) : Exception(message);

/// <summary>
/// Seeded, deterministic synthetic survey rounds 2563–2567. Each unit has a latent capability that drifts upward by agency
/// type and mission and takes shocks whose odds rise with observable drivers of the round before (no or new DCIO, IT staff
/// shortage, budget obstacles, lopsided pillars), so drops of a level happen for reasons a model can learn. Answers follow
/// the capability; the 2567 round is then calibrated so that every figure in data/demo/calibration.json comes out exactly.
/// </summary>
public sealed class DemoGenerator(ReferenceData reference, ScoringEngine engine, CalibrationSpec spec)
{
    private ScoringEngine Engine { get; } = engine;
    private ReferenceData Reference { get; } = reference;
    private CalibrationSpec Spec { get; } = spec;

    public static readonly IReadOnlyList<int> Years = [2563, 2564, 2565, 2566, 2567];
    private const double Loading = 0.65; // correlation between latent capability and each item's answer

    public DemoDataset Generate(int seed, IProgress<(string Stage, double Fraction)>? progress = null)
    {
        var rng = new Random(seed);
        var responses = new List<ResponseRow>();
        var surveyed = new List<(string, int)>();
        var notes = new List<string>();
        var units = Reference.Units();
        int step = 0;
        foreach (var population in Population.All)
        {
            var popUnits = units.Where(u => u.Kind == population).ToList();
            var sim = new PopulationSimulation(this, population, popUnits, rng, progress, step);
            sim.Run(responses, surveyed, notes);
            step++;
        }
        progress?.Report(("done", 1));
        return new DemoDataset(seed, Years, surveyed, responses, notes);
    }

    private sealed class PopulationSimulation
    {
        private readonly DemoGenerator _g;
        private readonly string _pop;
        private readonly IReadOnlyList<SurveyUnit> _units;
        private readonly Random _rng;
        private readonly CompiledForm _form;
        private readonly IProgress<(string, double)>? _progress;
        private readonly int _step;
        private readonly int _n;
        private readonly double[] _theta;
        private readonly double[][] _delta;
        private readonly double[] _drift;
        private readonly double[] _size, _itShare;
        private readonly int[] _tenure;
        private readonly double[][] _shares; // per item: reference share per option (by option index)
        private readonly int[][] _rankOrder; // per item: option indexes best-first
        private readonly Dictionary<int, int[]> _calCounts = new();
        private readonly Dictionary<int, int[][]> _answers = new(); // year -> [unit][item]
        private readonly Dictionary<int, bool[]> _responded = new();
        private readonly Dictionary<int, Dictionary<(int Unit, int Item), string>> _numbers = new();
        private double _refMean, _refSd;

        public PopulationSimulation(DemoGenerator g, string pop, IReadOnlyList<SurveyUnit> units, Random rng,
            IProgress<(string, double)>? progress, int step)
        {
            _g = g; _pop = pop; _units = units; _rng = rng; _progress = progress; _step = step;
            _form = g.Engine.Form(pop);
            _n = units.Count;
            _theta = new double[_n]; _drift = new double[_n]; _size = new double[_n]; _itShare = new double[_n]; _tenure = new int[_n];
            _delta = new double[_n][];
            int items = _form.Items.Count;
            _shares = new double[items][]; _rankOrder = new int[items][];
            foreach (var t in g.Spec.ItemTargets.Where(t => t.Population == pop))
            {
                var i = _form.IndexOf(t.Item);
                if (i < 0) throw new CalibrationException($"calibration.json: {pop} item {t.Item} is not in items.csv");
                var opt = _form.Items[i].Options.Select((o, k) => (o.Code, k)).FirstOrDefault(x => x.Code == t.Option);
                if (opt.Code is null) throw new CalibrationException($"calibration.json: {pop} item {t.Item} has no option {t.Option}");
                if (!_calCounts.TryGetValue(i, out var counts)) _calCounts[i] = counts = new int[_form.Items[i].Options.Count];
                counts[opt.k] = t.Count;
            }
            for (int i = 0; i < items; i++) InitItemModel(i);
        }

        private void Report(string stage, double fraction) => _progress?.Report((stage, (_step + fraction) / 2.0));

        private static int IndexIn<T>(IReadOnlyList<T> list, T value)
        {
            for (int k = 0; k < list.Count; k++) if (EqualityComparer<T>.Default.Equals(list[k], value)) return k;
            throw new CalibrationException($"unknown key {value}");
        }

        private bool IsDepartment => _pop == Population.Department;

        // ---------------- answer model ----------------

        private void InitItemModel(int i)
        {
            var item = _form.Items[i];
            int k = item.IsNumeric ? _form.ItemPoints[i].Length : item.Options.Count;
            if (k == 0) { _shares[i] = []; _rankOrder[i] = []; return; }
            var points = _form.ItemPoints[i];
            // Best first: more points first; for unscored items the listed order is best first, except obstacle items.
            var order = Enumerable.Range(0, k).ToArray();
            if (_form.ItemSub[i] >= 0) order = order.OrderByDescending(o => points[o]).ThenBy(o => o).ToArray();
            else if (item.Code.StartsWith("OBS", StringComparison.Ordinal)) order = order.Reverse().ToArray();
            _rankOrder[i] = order;
            double[] shares;
            if (_calCounts.TryGetValue(i, out var counts) && counts.Sum() > 0)
                shares = counts.Select(c => (double)c / counts.Sum()).ToArray();
            else shares = DefaultShares(item, k);
            _shares[i] = shares;
        }

        private double[] DefaultShares(QuestionItem item, int k)
        {
            if (item.IsNumeric)
                return item.Code == "3.5.1" ? [0.095, 0.25, 0.25, 0.2, 0.205] : [0.15, 0.25, 0.3, 0.2, 0.1];
            var codes = item.Options.Select(o => o.Code).ToArray();
            if (item.Type == AnswerType.YesNo)
            {
                var yes = item.Code switch
                {
                    "OBS.8" => 0.74, "OBS.2" => 0.66, "OBS.4" => 0.46,
                    _ when item.Code.StartsWith("OBS.", StringComparison.Ordinal) => 0.15 + 0.2 * _rng.NextDouble(),
                    _ when item.Code.StartsWith("4.6.", StringComparison.Ordinal) => 0.68 + 0.25 * _rng.NextDouble(),
                    "4.7.5" => 0.55, "4.7.6" => 0.92, "4.7.7" => 0.3, "4.7.8" => 0.25,
                    _ => 0.35 + 0.5 * _rng.NextDouble(),
                };
                return codes.Select(c => c == "yes" ? yes : 1 - yes).ToArray();
            }
            var table = new Dictionary<string, double>
            {
                ["done"] = 0.55, ["in_progress"] = 0.22, ["none"] = 0.15, ["exempt"] = 0.08, ["na"] = 0.02,
                ["online_full"] = 0.2, ["online_partial"] = 0.25, ["aligned_done"] = 0.2, ["aligned_not_done"] = 0.1, ["not_applicable"] = 0.25,
                ["most"] = 0.3, ["some"] = 0.45, ["own_full"] = 0.1, ["own_partial"] = 0.2, ["parent"] = 0.6,
            };
            var raw = codes.Select(c => table.GetValueOrDefault(c, 1.0 / k)).ToArray();
            var sum = raw.Sum();
            return raw.Select(x => x / sum).ToArray();
        }

        private static double Normal(Random rng)
        {
            var u1 = 1.0 - rng.NextDouble(); var u2 = rng.NextDouble();
            return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }

        private static double InvNormal(double p)
        {
            // Acklam's rational approximation; plenty for choosing answer cut points.
            p = Math.Clamp(p, 1e-9, 1 - 1e-9);
            double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
            double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
            double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
            double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
            double q, r;
            if (p < 0.02425) { q = Math.Sqrt(-2 * Math.Log(p)); return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1); }
            if (p > 1 - 0.02425) { q = Math.Sqrt(-2 * Math.Log(1 - p)); return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1); }
            q = p - 0.5; r = q * q;
            return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
        }

        private int PillarIndexOf(int item)
        {
            var s = _form.ItemSub[item];
            if (s >= 0) return IndexIn(_form.Pillars, _form.SubPillar[s]);
            var code = _form.Items[item].Code;
            return int.TryParse(code.AsSpan(0, 1), out var p) && p is >= 1 and <= 7 ? p - 1 : 2;
        }

        /// <summary>Standardised propensity of a unit toward the better answers of an item this round.</summary>
        private double Propensity(int u, int item) =>
            Loading * ((_theta[u] + _delta[u][PillarIndexOf(item)] - _refMean) / _refSd) + Math.Sqrt(1 - Loading * Loading) * Normal(_rng);

        private int AnswerFromPropensity(int item, double x)
        {
            var order = _rankOrder[item];
            double cumulative = 0;
            for (int r = 0; r < order.Length; r++)
            {
                cumulative += _shares[item][order[r]];
                if (r == order.Length - 1 || x > InvNormal(1 - cumulative)) return order[r];
            }
            return order[^1];
        }

        private bool Asked(int[] ans, int i)
        {
            var p = _form.Parent[i];
            if (p < 0) return true;
            return ans[p] >= 0 && _form.ParentAllows[i][ans[p]] && Asked(ans, p);
        }

        // ---------------- simulation ----------------

        public void Run(List<ResponseRow> responses, List<(string, int)> surveyed, List<string> notes)
        {
            InitLatent();
            var years = Years;
            for (int y = 0; y < years.Count; y++)
            {
                var year = years[y];
                Report($"{_pop} {year}", y / 6.0);
                _responded[year] = ChooseRespondents(year);
                var ans = year == _g.Spec.Year ? CalibratedRound(year) : FreeRound(year);
                _answers[year] = ans;
                GenerateNumbers(year, ans);
                if (y + 1 < years.Count) Evolve(year, ans);
            }
            Report($"{_pop} 2566 direction", 5 / 6.0);
            FixPreviousRoundDirection(notes);
            foreach (var year in years)
            {
                var ans = _answers[year];
                for (int u = 0; u < _n; u++)
                {
                    surveyed.Add((_units[u].Id, year));
                    if (!_responded[year][u]) continue;
                    for (int i = 0; i < _form.Items.Count; i++)
                    {
                        var value = Materialize(year, u, i, ans[u][i]);
                        if (value is not null) responses.Add(new ResponseRow(_units[u].Id, year, _form.Items[i].Code, value));
                    }
                }
            }
        }

        private void InitLatent()
        {
            int pillars = 7;
            for (int u = 0; u < _n; u++)
            {
                var unit = _units[u];
                double mu = unit.AgencyTypeCode switch
                {
                    "gov" => 0.35, "public_org" => 0.2, "independent" => 0.1, "other" => -0.05, "soe" => -0.3, _ => -0.1,
                } + (unit.Mission == "policy" ? 0.12 : 0);
                _theta[u] = mu - 0.9 + 0.85 * Normal(_rng);
                _drift[u] = unit.AgencyTypeCode switch
                {
                    "gov" => 0.24, "public_org" => 0.22, "independent" => 0.2, "other" => 0.18, "soe" => 0.14, _ => 0.2,
                } + (unit.Mission == "policy" ? 0.03 : 0);
                _delta[u] = Enumerable.Range(0, pillars).Select(_ => 0.45 * Normal(_rng)).ToArray();
                var median = unit.AgencyTypeCode switch { "gov" => 1800, "soe" => 3500, "public_org" => 250, "independent" => 900, "other" => 200, _ => 600 };
                _size[u] = median * Math.Exp(0.9 * Normal(_rng));
                _itShare[u] = 0.025 * Math.Exp(0.5 * Normal(_rng));
                // DCIOs already in post when the series starts have served 1-60 months; only later turnover makes a "new" DCIO.
                _tenure[u] = 1 + _rng.Next(60);
            }
            // Answers are standardised against the expected 2567 capability, so calibrated shares fit that round
            // and earlier rounds, with lower capability, come out lower.
            var expected = Enumerable.Range(0, _n).Select(u => _theta[u] + 4 * _drift[u]).ToArray();
            _refMean = expected.Average();
            _refSd = Math.Sqrt(expected.Select(x => (x - _refMean) * (x - _refMean)).Average() + 0.45 * 0.45);
        }

        private bool[] ChooseRespondents(int year)
        {
            var responded = new bool[_n];
            if (!IsDepartment) { Array.Fill(responded, true); return responded; }
            if (year != _g.Spec.Year)
            {
                for (int u = 0; u < _n; u++) responded[u] = _rng.NextDouble() < 0.93 + 0.015 * (year - 2563);
                return responded;
            }
            // 2567: the report implies group sizes by type and mission among the 286 respondents.
            Array.Fill(responded, true);
            var types = _g.Spec.Groups["agency_type"];
            var missions = _g.Spec.Groups["mission"];
            var need = types.ToDictionary(t => t.Key, t => _units.Count(x => x.AgencyTypeCode == t.Key) - t.Value);
            var policyDrops = _units.Count(x => x.Mission == "policy") - missions["policy"];
            // Agencies the report names in its 2567 tables did respond.
            var reported = _g.Reference.ReportedRespondents2567.ToHashSet();
            for (int attempt = 0; attempt < 10000; attempt++)
            {
                var drop = new List<int>();
                foreach (var (type, count) in need.Select(kv => (kv.Key, kv.Value)))
                    drop.AddRange(Enumerable.Range(0, _n).Where(u => _units[u].AgencyTypeCode == type && !reported.Contains(_units[u].Id))
                        .OrderBy(_ => _rng.Next()).Take(count));
                if (drop.Count(u => _units[u].Mission == "policy") != policyDrops) continue;
                foreach (var u in drop) responded[u] = false;
                return responded;
            }
            throw new CalibrationException("cannot choose 2567 non-respondents that fit the type and mission group sizes");
        }

        private int[][] FreeRound(int year)
        {
            var ans = new int[_n][];
            for (int u = 0; u < _n; u++)
            {
                var a = ans[u] = new int[_form.Items.Count];
                for (int i = 0; i < a.Length; i++)
                {
                    a[i] = -1;
                    if (_rankOrder[i].Length == 0 || !Asked(a, i)) continue;
                    a[i] = AnswerFromPropensity(i, Propensity(u, i));
                }
            }
            return ans;
        }

        private int[][] CalibratedRound(int year)
        {
            var ans = FreeRound(year);
            var resp = Enumerable.Range(0, _n).Where(u => _responded[year][u]).ToArray();
            // Items in questionnaire order, so a parent's calibrated answers exist before its children are ranked.
            for (int i = 0; i < _form.Items.Count; i++)
            {
                if (!_calCounts.TryGetValue(i, out var counts)) continue;
                var eligible = resp.Where(u => Asked(ans[u], i)).ToArray();
                if (eligible.Length != counts.Sum())
                    throw new CalibrationException($"{_pop} item {_form.Items[i].Code}: {eligible.Length} units are asked but calibration.json counts {counts.Sum()}");
                var ranked = eligible.Select(u => (u, x: Propensity(u, i))).OrderByDescending(t => t.x).Select(t => t.u).ToArray();
                int pos = 0;
                foreach (var o in _rankOrder[i])
                    for (int c = 0; c < counts[o]; c++) ans[ranked[pos++]][i] = o;
                foreach (var u in eligible) Regenerate(ans[u], u, i);
            }
            var start = resp.Select(u => (int[])ans[u].Clone()).ToArray();
            // The search is seeded from the same stream, so a given seed always ends in the same dataset; a search that
            // stalls restarts from the latent-model answers with the next derived seed.
            Annealer? annealer = null;
            int left = int.MaxValue;
            var sub = Array.Empty<int[]>();
            for (int attempt = 0; attempt < 8 && left > 0; attempt++)
            {
                sub = start.Select(a => (int[])a.Clone()).ToArray();
                annealer = new Annealer(_form, sub, new Random(_rng.Next()), _calCounts.Keys.ToHashSet(), new HashSet<int>());
                foreach (var t in _g.Spec.LevelTargets.Where(t => t.Population == _pop))
                {
                    var group = resp.Select(u => t.Group is null || t.Group.All(kv => GroupValue(_units[u], kv.Key) == kv.Value)).ToArray();
                    var (scope, index) = ScopeIndex(t.Scope, t.Key);
                    annealer.AddTarget(scope, index, t.Levels, group, t.Count);
                    if (t.Modal && t.Levels.Count == 1) annealer.AddModal(index, t.Levels[0]);
                }
                foreach (var e in _g.Spec.Extremes.Where(e => e.Population == _pop))
                    annealer.AddExtreme(ScopeIndex(e.Scope, e.Key).Index, e.Levels, e.Among.Select(k => ScopeIndex("pillar", k).Index).ToArray());
                Report($"{_pop} {year} calibration (search {attempt + 1})", 4.5 / 6.0);
                left = annealer.Run(IsDepartment ? 2_500_000 : 1_000_000, cycles: 2);
                if (left > 0) Report($"{_pop} {year} calibration (search {attempt + 1} stalled {left} short: {annealer.Describe()})", 4.5 / 6.0);
            }
            if (left > 0)
                throw new CalibrationException($"{_pop} {year}: calibration stopped {left} count(s) short of the report's figures: {annealer!.Describe()}");
            for (int k = 0; k < resp.Length; k++) ans[resp[k]] = sub[k];
            _calibratedHistogram = annealer!.OverallHistogram();
            return ans;
        }

        private int[]? _calibratedHistogram;

        /// <summary>Re-draws the answers of an item's descendants after the item's answer was set by quota.</summary>
        private void Regenerate(int[] a, int u, int item)
        {
            for (int c = item + 1; c < a.Length; c++)
            {
                if (!IsDescendant(c, item)) continue;
                if (!Asked(a, c)) a[c] = -1;
                else if (a[c] < 0 && _rankOrder[c].Length > 0) a[c] = AnswerFromPropensity(c, Propensity(u, c));
            }
        }

        private bool IsDescendant(int c, int ancestor)
        {
            for (var p = _form.Parent[c]; p >= 0; p = _form.Parent[p]) if (p == ancestor) return true;
            return false;
        }

        private static string? GroupValue(SurveyUnit u, string key) => key switch
        {
            "agency_type" => u.AgencyTypeCode, "mission" => u.Mission, "region" => u.RegionCode, "ministry" => u.MinistryCode, _ => null,
        };

        private (int Scope, int Index) ScopeIndex(string scope, string key) => scope switch
        {
            "overall" => (0, 0),
            "pillar" => (1, IndexIn(_form.Pillars, int.Parse(key, CultureInfo.InvariantCulture))),
            "sub_indicator" => (2, IndexIn(_form.SubCodes, key)),
            _ => throw new CalibrationException($"calibration.json: unknown scope '{scope}'"),
        };

        private Annealer BuildAnnealer(int[][] answers, ISet<int> swappable, ISet<int> locked) =>
            new(_form, answers, _rng, swappable, locked);

        /// <summary>Moves capability one round forward; shocks are likelier where this round shows warning signs.</summary>
        private void Evolve(int year, int[][] ans)
        {
            for (int u = 0; u < _n; u++)
            {
                var risk = -3.3 + 1.1 * Lopsided(ans[u]);
                if (_responded[year][u])
                {
                    var a = ans[u];
                    if (IsDepartment)
                    {
                        var dcio = Code(a, "3.1");
                        var tenure = _tenure[u];
                        if (dcio is not ("has" or "delegated") || tenure < 12) risk += 1.9;
                        if (Code(a, "3.2.5") == "no" && _itShare[u] < 0.02) risk += 0.9;
                    }
                    else if (Code(a, "3.1.1.1") == "no") risk += 0.7;
                    if (Code(a, "OBS.8") == "yes") risk += 0.7;
                }
                var shock = _rng.NextDouble() < 1 / (1 + Math.Exp(-risk)) ? 0.55 + 0.45 * _rng.NextDouble() : 0;
                _theta[u] += _drift[u] + 0.12 * Normal(_rng) - shock;
                for (int p = 0; p < _delta[u].Length; p++) _delta[u][p] = 0.9 * _delta[u][p] + 0.2 * Normal(_rng);
            }
        }

        private string? Code(int[] a, string itemCode)
        {
            var i = _form.IndexOf(itemCode);
            if (i < 0 || a[i] < 0 || _form.Items[i].IsNumeric) return null;
            return _form.Items[i].Options[a[i]].Code;
        }

        private double Lopsided(int[] a)
        {
            var answers = new Dictionary<string, string>();
            for (int i = 0; i < a.Length; i++)
                if (a[i] >= 0 && !_form.Items[i].IsNumeric) answers[_form.Items[i].Code] = _form.Items[i].Options[a[i]].Code;
                else if (a[i] >= 0 && _form.ItemBandMins[i] is { } mins) answers[_form.Items[i].Code] = mins[a[i]].ToString(CultureInfo.InvariantCulture);
            var card = _g.Engine.Score(_pop, answers);
            var scores = card.Pillars.Select(p => p.Score).ToArray();
            var mean = scores.Average();
            var sd = Math.Sqrt(scores.Select(s => (s - mean) * (s - mean)).Average());
            return sd >= 18 ? 1 : 0;
        }

        /// <summary>The report says how 2566 compares with 2567 (directions only); nudge 2566's uncalibrated answers until it holds.</summary>
        private void FixPreviousRoundDirection(List<string> notes)
        {
            var prevYear = _g.Spec.Year - 1;
            if (!_answers.TryGetValue(prevYear, out var prev) || _calibratedHistogram is null) return;
            var rule = _g.Spec.Directions.FirstOrDefault(d => d.Population == _pop);
            if (rule is null) return;
            var resp = Enumerable.Range(0, _n).Where(u => _responded[prevYear][u]).ToArray();
            var sub = resp.Select(u => prev[u]).ToArray();
            var drivers = new[] { "3.1", "3.1A", "3.2.5", "3.1.1", "3.1.1.1", "OBS" }.Select(_form.IndexOf).Where(i => i >= 0).ToHashSet();
            var annealer = BuildAnnealer(sub, swappable: new HashSet<int>(), locked: drivers);
            var target = _calibratedHistogram;
            // Compare shares, not counts: 2566 may have a different number of respondents.
            double n67 = target.Sum(), n66 = resp.Length;
            annealer.AddOverallRule(h =>
            {
                int v = 0;
                foreach (var l in rule.Up) v += Math.Max(0, (int)Math.Ceiling(h[l] - (target[l] / n67) * n66 + 1));
                foreach (var l in rule.Down) v += Math.Max(0, (int)Math.Ceiling((target[l] / n67) * n66 + 1 - h[l]));
                foreach (var l in rule.Same) v += Math.Abs(h[l] - (int)Math.Round(target[l] / n67 * n66));
                foreach (var l in rule.Zero) v += h[l];
                return v;
            });
            var left = annealer.Run(1_000_000, cycles: 6);
            if (left > 0) throw new CalibrationException($"{_pop} {prevYear}: could not make the round-on-round direction hold ({left} short)");
            for (int k = 0; k < resp.Length; k++) prev[resp[k]] = sub[k];
            notes.Add($"{_pop} {prevYear}->{_g.Spec.Year}: {rule.Note}");
        }

        // ---------------- numeric items ----------------

        private void GenerateNumbers(int year, int[][] ans)
        {
            var numbers = _numbers[year] = new Dictionary<(int, int), string>();
            var growth = Math.Pow(1.035, year - 2563);
            var resp = Enumerable.Range(0, _n).Where(u => _responded[year][u]).ToArray();
            string I(double v) => ((long)Math.Round(v)).ToString(CultureInfo.InvariantCulture);
            var raw = new Dictionary<string, double[]>();
            double[] Raw(string code, Func<int, double> f) => raw[code] = Enumerable.Range(0, _n).Select(f).ToArray();
            if (IsDepartment)
            {
                // DCIO tenure follows the 3.1 answer: kept with +12 months, or a new DCIO of 1-11 months.
                var dcio = _form.IndexOf("3.1"); var tenureItem = _form.IndexOf("3.1A");
                foreach (var u in resp)
                {
                    var has = ans[u][dcio] >= 0 && _form.Items[dcio].Options[ans[u][dcio]].Code is "has" or "delegated";
                    if (!has) { _tenure[u] = 0; continue; }
                    var firstRound = year == Years[0];
                    var turnover = !firstRound && (_tenure[u] == 0 || _rng.NextDouble() < 0.22);
                    _tenure[u] = turnover ? 1 + _rng.Next(11) : firstRound ? _tenure[u] : _tenure[u] + 12;
                    numbers[(u, tenureItem)] = _tenure[u].ToString(CultureInfo.InvariantCulture);
                }
                Raw("3.2.1", u => _size[u] * growth);
                Raw("3.2.2", u => Math.Max(1, _size[u] * growth * (0.002 + 0.004 * Hash(u, 1))));
                Raw("3.2.3", u => Math.Max(1, _size[u] * growth * _itShare[u]));
                Raw("3.2.4", u => _size[u] * growth * _itShare[u] * (0.1 + 0.5 * Hash(u, 2)));
                Raw("3.3.1", u => (raw["3.2.3"][u] + raw["3.2.4"][u]) * (0.3 + 0.65 * _rng.NextDouble()));
                Raw("3.3.2", u => raw["3.2.2"][u] * (0.5 + 0.5 * _rng.NextDouble()));
                Raw("3.3.3", u => raw["3.2.1"][u] * (0.1 + 0.45 * _rng.NextDouble()));
                Raw("4.1.1", u => Math.Max(1, 14 * Math.Exp(0.9 * (Hash(u, 3) - 0.5) * 2)));
                Raw("4.1.2", u => raw["4.1.1"][u] * (0.35 + 0.6 * _rng.NextDouble()));
            }
            else
            {
                Raw("4.1.1", u => Math.Max(1, 50 * Math.Exp(0.8 * (Hash(u, 4) - 0.5) * 2)));
                Raw("4.1.2", u => raw["4.1.1"][u] * (0.3 + 0.5 * _rng.NextDouble()));
                Raw("4.2.1", u => Math.Max(1, 10 * Math.Exp(0.8 * (Hash(u, 5) - 0.5) * 2)));
            }
            var totals = year == _g.Spec.Year
                ? _g.Spec.NumericTotals.Where(t => t.Population == _pop).ToDictionary(t => t.Item)
                : new Dictionary<string, NumericTotal>();
            var answered = new Dictionary<string, int[]>();
            foreach (var (code, values) in raw)
            {
                var i = _form.IndexOf(code);
                if (i < 0) continue;
                int[] who = resp;
                if (totals.TryGetValue(code, out var total))
                {
                    who = PickRespondents(code, resp, total.Respondents, answered, numbers);
                    var caps = who.Select(u => Cap(code, u, numbers)).ToArray();
                    var fitted = FitTotal(who.Select(u => values[u]).ToArray(), caps, total.Total);
                    for (int k = 0; k < who.Length; k++) numbers[(who[k], i)] = fitted[k].ToString(CultureInfo.InvariantCulture);
                }
                else
                {
                    who = resp.Where(u => _rng.NextDouble() < 0.92).ToArray();
                    foreach (var u in who)
                    {
                        var cap = Cap(code, u, numbers);
                        numbers[(u, i)] = I(Math.Min(Math.Max(0, values[u]), cap));
                    }
                }
                answered[code] = who;
            }
        }

        /// <summary>Units that report a count: children of a count report only where the parent count was reported.</summary>
        private int[] PickRespondents(string code, int[] resp, int count, Dictionary<string, int[]> answered,
            Dictionary<(int, int), string> numbers)
        {
            var parentCode = code switch { "3.3.1" => "3.2.3", "3.3.2" => "3.2.2", "4.1.2" => "4.1.1", _ => null };
            if (parentCode is null || !answered.TryGetValue(parentCode, out var pool) || pool.Length < count)
                return resp.OrderBy(_ => _rng.Next()).Take(count).OrderBy(u => u).ToArray();
            // Larger units are likelier to report the breakdown, and their counts leave room for the published total.
            var parent = _form.IndexOf(parentCode);
            return pool.Select(u => (u, w: double.Parse(numbers[(u, parent)], CultureInfo.InvariantCulture) * (0.6 + 0.8 * _rng.NextDouble())))
                .OrderByDescending(x => x.w).Take(count).Select(x => x.u).OrderBy(u => u).ToArray();
        }

        private long Cap(string code, int u, Dictionary<(int, int), string> numbers)
        {
            long Get(string c) => numbers.TryGetValue((u, _form.IndexOf(c)), out var v) ? long.Parse(v, CultureInfo.InvariantCulture) : long.MaxValue / 4;
            return code switch
            {
                "3.3.1" => Math.Min(Get("3.2.3") + (numbers.ContainsKey((u, _form.IndexOf("3.2.4"))) ? Get("3.2.4") : 0), long.MaxValue / 4),
                "3.3.2" => Get("3.2.2"),
                "3.3.3" => Get("3.2.1"),
                "4.1.2" => Get("4.1.1"),
                _ => long.MaxValue / 4,
            };
        }

        /// <summary>Scales values to an exact integer total, keeping each under its cap (largest remainder).</summary>
        private static long[] FitTotal(double[] values, long[] caps, long total)
        {
            var sum = values.Sum();
            var scaled = values.Select(v => sum > 0 ? v * total / sum : (double)total / values.Length).ToArray();
            var result = scaled.Select((v, k) => Math.Min(caps[k], Math.Max(1, (long)Math.Floor(v)))).ToArray();
            var remainder = total - result.Sum();
            var order = Enumerable.Range(0, values.Length).OrderByDescending(k => scaled[k] - Math.Floor(scaled[k])).ToArray();
            for (int pass = 0; remainder != 0 && pass < 100000; pass++)
            {
                var k = order[pass % order.Length];
                if (remainder > 0 && result[k] < caps[k]) { result[k]++; remainder--; }
                else if (remainder < 0 && result[k] > 1) { result[k]--; remainder++; }
            }
            if (remainder != 0) throw new CalibrationException($"cannot reach the published total {total} within the caps");
            return result;
        }

        private double Hash(int u, int salt)
        {
            // A per-unit constant in [0,1) that does not consume the shared random stream.
            unchecked
            {
                uint h = 2166136261;
                foreach (var ch in _units[u].Id) h = (h ^ ch) * 16777619;
                h = (h ^ (uint)salt) * 16777619;
                h ^= h >> 13; h *= 0x5bd1e995; h ^= h >> 15;
                return (h & 0xFFFFFF) / (double)0x1000000;
            }
        }

        private string? Materialize(int year, int u, int i, int answer)
        {
            if (_numbers[year].TryGetValue((u, i), out var number)) return number;
            var item = _form.Items[i];
            if (answer < 0) return null;
            if (!item.IsNumeric) return item.Options[answer].Code;
            var mins = _form.ItemBandMins[i]!;
            var lo = mins[answer];
            var hi = answer + 1 < mins.Length ? mins[answer + 1] - 1 : item.MaxValue ?? lo + 20;
            if (answer == 0 && item.Code == "3.5.2") lo = 30;
            if (item.Code == "3.5.2") hi = Math.Min(hi, 95);
            var v = lo + Math.Floor((hi - lo + 1) * _rng.NextDouble());
            return Math.Min(v, hi).ToString(CultureInfo.InvariantCulture);
        }
    }
}
