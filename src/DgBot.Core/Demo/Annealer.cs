using DgBot.Core.Scoring;

namespace DgBot.Core.Demo;

/// <summary>
/// Local search over one population-round of item answers. Swaps of a calibrated item's answers between two units keep
/// every published answer count exact; changes to uncalibrated items move freely. The energy counts how far level
/// counts are from the report's, plus a small pull toward each unit's own starting pillar scores, so units keep the
/// capability the latent model gave them.
/// </summary>
internal sealed class Annealer
{
    private readonly CompiledForm _form;
    private readonly int[][] _ans;
    private readonly int _n;
    private readonly Random _rng;
    private readonly int[][] _earned;
    private readonly double[][] _pillarScore;
    private readonly int[][] _subLevel, _pillarLevel;
    private readonly int[] _overallLevel;
    private readonly double[][] _anchor;
    private readonly List<int>[] _children;
    private readonly List<int>[] _subtree;
    private readonly int[] _swapItems, _freeItems;
    private readonly bool[] _isSwap;
    private readonly List<AnnealTarget> _targets = [];
    private readonly int[] _targetCount;
    private readonly int[][] _pillarHist;
    private readonly int[] _overallHist = new int[6];
    private readonly List<(int Pillar, int Level)> _modal = [];
    private readonly List<(int Pillar, int Mask, int[] Among)> _extremes = [];
    private readonly List<Func<int[], int>> _overallRules = [];
    private readonly double _lambda;
    private readonly Dictionary<int, int[]> _itemsBySub, _itemsByPillar;

    public sealed record AnnealTarget(int Scope, int Index, int Mask, bool[] InGroup, int Target);

    public Annealer(CompiledForm form, int[][] answers, Random rng, ISet<int> swappable, ISet<int> locked, double lambda = 0.02)
    {
        _form = form; _ans = answers; _n = answers.Length; _rng = rng; _lambda = lambda;
        int items = form.Items.Count, subs = form.SubCodes.Count, pillars = form.Pillars.Count;
        _children = Enumerable.Range(0, items).Select(_ => new List<int>()).ToArray();
        for (int i = 0; i < items; i++) if (form.Parent[i] >= 0) _children[form.Parent[i]].Add(i);
        _subtree = new List<int>[items];
        for (int i = 0; i < items; i++) { _subtree[i] = []; Collect(i, _subtree[i]); }
        bool ScoredBelow(int i) => _subtree[i].Any(d => form.ItemSub[d] >= 0);
        _swapItems = swappable.Where(ScoredBelow).ToArray();
        _isSwap = new bool[items];
        foreach (var i in _swapItems) _isSwap[i] = true;
        _freeItems = Enumerable.Range(0, items)
            .Where(i => form.ItemSub[i] >= 0 && !swappable.Contains(i) && !locked.Contains(i)
                        && !_subtree[i].Any(d => d != i && (swappable.Contains(d) || locked.Contains(d))))
            .ToArray();
        _itemsBySub = Enumerable.Range(0, subs).ToDictionary(s => s,
            s => _swapItems.Concat(_freeItems).Where(i => _subtree[i].Any(d => form.ItemSub[d] == s)).ToArray());
        _itemsByPillar = Enumerable.Range(0, pillars).ToDictionary(p => p,
            p => _swapItems.Concat(_freeItems).Where(i => _subtree[i].Any(d => form.ItemSub[d] >= 0 && form.SubPillar[form.ItemSub[d]] == form.Pillars[p])).ToArray());

        _earned = new int[_n][]; _pillarScore = new double[_n][]; _subLevel = new int[_n][]; _pillarLevel = new int[_n][];
        _overallLevel = new int[_n]; _anchor = new double[_n][];
        _pillarHist = Enumerable.Range(0, pillars).Select(_ => new int[6]).ToArray();
        _targetCount = new int[64];
        for (int u = 0; u < _n; u++)
        {
            _earned[u] = new int[subs]; _pillarScore[u] = new double[pillars]; _subLevel[u] = new int[subs]; _pillarLevel[u] = new int[pillars];
            Recompute(u);
            _anchor[u] = (double[])_pillarScore[u].Clone();
            AddToHist(u, +1);
        }
    }

    private void Collect(int i, List<int> into) { into.Add(i); foreach (var c in _children[i]) Collect(c, into); }

    public int ItemCount => _form.Items.Count;

    public void AddTarget(int scope, int index, IReadOnlyList<int> levels, bool[] inGroup, int target)
    {
        var t = new AnnealTarget(scope, index, levels.Aggregate(0, (m, l) => m | (1 << l)), inGroup, target);
        var k = _targets.Count;
        _targets.Add(t);
        for (int u = 0; u < _n; u++) if (inGroup[u] && (t.Mask & (1 << LevelOf(u, scope, index))) != 0) _targetCount[k]++;
    }

    public void AddModal(int pillar, int level) => _modal.Add((pillar, level));

    public void AddExtreme(int pillar, IReadOnlyList<int> levels, int[] among) =>
        _extremes.Add((pillar, levels.Aggregate(0, (m, l) => m | (1 << l)), among));

    /// <summary>A rule over the overall-level histogram (index 1..5) that returns how far it is from holding.</summary>
    public void AddOverallRule(Func<int[], int> violation) => _overallRules.Add(violation);

    public int[] OverallHistogram() => (int[])_overallHist.Clone();

    private int LevelOf(int u, int scope, int index) => scope switch
    {
        0 => _overallLevel[u],
        1 => _pillarLevel[u][index],
        _ => _subLevel[u][index],
    };

    private bool IsAsked(int u, int i)
    {
        var p = _form.Parent[i];
        if (p < 0) return true;
        var a = _ans[u][p];
        return a >= 0 && _form.ParentAllows[i][a] && IsAsked(u, p);
    }

    private readonly double[] _subBuf = new double[32];
    private readonly double[] _pilBuf = new double[8];

    private void Recompute(int u)
    {
        var e = _earned[u];
        Array.Clear(e);
        var a = _ans[u];
        for (int i = 0; i < a.Length; i++)
        {
            var s = _form.ItemSub[i];
            if (s < 0 || a[i] < 0 || !IsAsked(u, i)) continue;
            e[s] += _form.ItemPoints[i][a[i]];
        }
        var subs = _form.SubCodes.Count; var pillars = _form.Pillars.Count;
        _form.ScoreFromEarned(e, _subBuf.AsSpan(0, subs), _pilBuf.AsSpan(0, pillars), out var overall);
        var rules = _form.Rules;
        for (int s = 0; s < subs; s++) _subLevel[u][s] = rules.LevelFor(_subBuf[s]);
        for (int p = 0; p < pillars; p++) { _pillarScore[u][p] = _pilBuf[p]; _pillarLevel[u][p] = rules.LevelFor(_pilBuf[p]); }
        _overallLevel[u] = rules.LevelFor(overall);
    }

    private void AddToHist(int u, int sign)
    {
        for (int p = 0; p < _pillarHist.Length; p++) _pillarHist[p][_pillarLevel[u][p]] += sign;
        _overallHist[_overallLevel[u]] += sign;
        for (int k = 0; k < _targets.Count; k++)
        {
            var t = _targets[k];
            if (t.InGroup[u] && (t.Mask & (1 << LevelOf(u, t.Scope, t.Index))) != 0) _targetCount[k] += sign;
        }
    }

    /// <summary>Human-readable state of every target, for error messages when calibration fails.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        for (int k = 0; k < _targets.Count; k++)
            if (_targetCount[k] != _targets[k].Target)
            {
                var t = _targets[k];
                var key = t.Scope switch { 0 => "overall", 1 => "pillar " + _form.Pillars[t.Index], _ => "sub " + _form.SubCodes[t.Index] };
                parts.Add($"{key} mask {t.Mask}: {_targetCount[k]} (want {t.Target})");
            }
        foreach (var (pillar, level) in _modal)
        {
            var h = _pillarHist[pillar];
            if (Enumerable.Range(1, 5).Any(l => h[l] > h[level])) parts.Add($"pillar {_form.Pillars[pillar]} modal L{level}: [{string.Join(',', h.Skip(1))}]");
        }
        parts.Add($"overall [{string.Join(',', _overallHist.Skip(1))}]");
        return string.Join("; ", parts);
    }

    public int Penalty()
    {
        int p = 0;
        for (int k = 0; k < _targets.Count; k++) p += Math.Abs(_targetCount[k] - _targets[k].Target);
        foreach (var (pillar, level) in _modal)
        {
            var h = _pillarHist[pillar];
            for (int l = 1; l <= 5; l++) if (l != level) p += Math.Max(0, h[l] - h[level]);
        }
        foreach (var (pillar, mask, among) in _extremes)
        {
            var mine = Share(pillar, mask);
            foreach (var q in among) if (q != pillar) p += Math.Max(0, Share(q, mask) + 1 - mine);
        }
        foreach (var rule in _overallRules) p += rule(_overallHist);
        return p;
    }

    private int Share(int pillar, int mask)
    {
        int c = 0;
        for (int l = 1; l <= 5; l++) if ((mask & (1 << l)) != 0) c += _pillarHist[pillar][l];
        return c;
    }

    private double Reg(int u)
    {
        double r = 0;
        for (int p = 0; p < _anchor[u].Length; p++) { var d = _pillarScore[u][p] - _anchor[u][p]; r += d * d; }
        return _lambda * r;
    }

    private readonly List<(int U, int Item, int Old)> _undo = [];

    private void Set(int u, int i, int value)
    {
        if (_ans[u][i] == value) return;
        _undo.Add((u, i, _ans[u][i]));
        _ans[u][i] = value;
    }

    /// <summary>After a parent's answer changed, give newly asked descendants an answer and clear the ones no longer asked.</summary>
    private void FixDescendants(int u, int i)
    {
        foreach (var c in _children[i])
        {
            var asked = IsAsked(u, c);
            if (asked && _ans[u][c] < 0) Set(u, c, _rng.Next(_form.ItemPoints[c].Length));
            else if (!asked && _ans[u][c] >= 0) Set(u, c, -1);
            FixDescendants(u, c);
        }
    }

    /// <summary>Runs until every target holds or the budget is spent; returns the remaining penalty.</summary>
    public int Run(long iterationsPerCycle, int cycles = 1, double startTemperature = 150)
    {
        var penalty = Penalty();
        for (int cycle = 0; cycle < cycles && penalty > 0; cycle++)
            penalty = RunCycle(iterationsPerCycle, startTemperature, penalty);
        return penalty;
    }

    private int RunCycle(long maxIterations, double startTemperature, int penalty)
    {
        for (long it = 0; it < maxIterations && penalty > 0; it++)
        {
            var frac = (double)it / maxIterations;
            var temperature = startTemperature * (1 - frac) * (1 - frac) + 1;
            var (item, u, dir) = PickMove();
            if (item < 0) continue;
            int v = -1;
            _undo.Clear();
            if (_isSwap[item])
            {
                if (_ans[u][item] < 0 || !IsAsked(u, item)) continue;
                var mine = SubtreePoints(u, item);
                for (int tries = 0; tries < 24 && v < 0; tries++)
                {
                    var w = _rng.Next(_n);
                    if (w == u || _ans[w][item] < 0 || _ans[w][item] == _ans[u][item] || !IsAsked(w, item)) continue;
                    var theirs = SubtreePoints(w, item);
                    if (dir == 0 || Math.Sign(theirs - mine) == dir) v = w;
                }
                if (v < 0) continue;
                var before = Reg(u) + Reg(v);
                AddToHist(u, -1); AddToHist(v, -1);
                foreach (var d in _subtree[item])
                {
                    var a = _ans[u][d]; var b = _ans[v][d];
                    Set(u, d, b); Set(v, d, a);
                }
                Recompute(u); Recompute(v);
                AddToHist(u, +1); AddToHist(v, +1);
                var newPenalty = Penalty();
                var delta = 1000.0 * (newPenalty - penalty) + (Reg(u) + Reg(v) - before);
                if (delta <= 0 || _rng.NextDouble() < Math.Exp(-delta / temperature)) penalty = newPenalty;
                else Undo(u, v);
            }
            else
            {
                if (!IsAsked(u, item)) continue;
                var pts = _form.ItemPoints[item];
                var next = _rng.Next(pts.Length);
                if (next == _ans[u][item]) continue;
                if (dir != 0 && _ans[u][item] >= 0 && Math.Sign(pts[next] - pts[_ans[u][item]]) != dir) continue;
                var before = Reg(u);
                AddToHist(u, -1);
                Set(u, item, next);
                FixDescendants(u, item);
                Recompute(u);
                AddToHist(u, +1);
                var newPenalty = Penalty();
                var delta = 1000.0 * (newPenalty - penalty) + (Reg(u) - before);
                if (delta <= 0 || _rng.NextDouble() < Math.Exp(-delta / temperature)) penalty = newPenalty;
                else Undo(u, -1);
            }
        }
        return penalty;
    }

    private void Undo(int u, int v)
    {
        AddToHist(u, -1); if (v >= 0) AddToHist(v, -1);
        for (int k = _undo.Count - 1; k >= 0; k--) { var (x, i, old) = _undo[k]; _ans[x][i] = old; }
        _undo.Clear();
        Recompute(u); if (v >= 0) Recompute(v);
        AddToHist(u, +1); if (v >= 0) AddToHist(v, +1);
    }

    /// <summary>
    /// Most of the time, a unit on the wrong side of a target that does not hold yet (inside the counted levels when there
    /// are too many, outside when too few) and an item that feeds that target; otherwise any unit and any movable item.
    /// </summary>
    private (int Item, int Unit, int Direction) PickMove()
    {
        if (_rng.NextDouble() < 0.8)
        {
            int chosen = -1, seen = 0;
            for (int k = 0; k < _targets.Count; k++)
                if (_targetCount[k] != _targets[k].Target && _rng.Next(++seen) == 0) chosen = k;
            if (chosen >= 0)
            {
                var t = _targets[chosen];
                var tooMany = _targetCount[chosen] > t.Target;
                for (int tries = 0; tries < 40; tries++)
                {
                    var u = _rng.Next(_n);
                    if (!t.InGroup[u]) continue;
                    var level = LevelOf(u, t.Scope, t.Index);
                    var inside = (t.Mask & (1 << level)) != 0;
                    if (inside != tooMany) continue;
                    var pool = t.Scope switch { 2 => _itemsBySub[t.Index], 1 => _itemsByPillar[t.Index], _ => null };
                    return (pool is { Length: > 0 } ? pool[_rng.Next(pool.Length)] : PickItem(), u, Direction(t.Mask, level, inside));
                }
            }
        }
        return (PickItem(), _rng.Next(_n), 0);
    }

    /// <summary>Which way a unit's score must move: out of a band of levels, or into it.</summary>
    private int Direction(int mask, int level, bool inside)
    {
        int lo = 5, hi = 1;
        for (int l = 1; l <= 5; l++) if ((mask & (1 << l)) != 0) { lo = Math.Min(lo, l); hi = Math.Max(hi, l); }
        if (!inside) return level < lo ? +1 : -1;
        if (hi == 5 && lo > 1) return -1;
        if (lo == 1 && hi < 5) return +1;
        return _rng.Next(2) == 0 ? -1 : +1;
    }

    /// <summary>Points a unit earns from an item and everything that hangs off it.</summary>
    private int SubtreePoints(int u, int item)
    {
        int total = 0;
        foreach (var d in _subtree[item])
        {
            var a = _ans[u][d];
            if (a >= 0 && _form.ItemSub[d] >= 0) total += _form.ItemPoints[d][a];
        }
        return total;
    }

    private int PickItem()
    {
        if (_rng.NextDouble() < 0.6)
        {
            int chosen = -1, seen = 0;
            for (int k = 0; k < _targets.Count; k++)
                if (_targetCount[k] != _targets[k].Target && _rng.Next(++seen) == 0) chosen = k;
            if (chosen >= 0)
            {
                var t = _targets[chosen];
                var pool = t.Scope switch { 2 => _itemsBySub[t.Index], 1 => _itemsByPillar[t.Index], _ => null };
                if (pool is { Length: > 0 }) return pool[_rng.Next(pool.Length)];
            }
        }
        var total = _swapItems.Length + _freeItems.Length;
        if (total == 0) return -1;
        var k2 = _rng.Next(total);
        return k2 < _swapItems.Length ? _swapItems[k2] : _freeItems[k2 - _swapItems.Length];
    }
}
