using System.Globalization;
using System.Text;
using Dapper;
using DgBot.Core;
using DgBot.Core.Demo;
using DgBot.Core.Reference;
using Xunit.Abstractions;

namespace DgBot.Core.Tests;

/// <summary>
/// The 2567 demo round, recomputed from the database alone (response and score tables), against every report figure
/// the questionnaire model can recompute. Counts must be exact; shares within 0.5 percentage points of the printed value.
/// </summary>
[Collection(DatabaseCollection.Name)]
public class CalibrationTests(DatabaseFixture db, ITestOutputHelper output)
{
    private const double Tolerance = 0.5;
    private static readonly string DataDir = DataPaths.FindDataDirectory();
    private static readonly CalibrationSpec Spec = CalibrationSpec.Load(DataPaths.CalibrationPath(DataDir));
    private static readonly Dictionary<string, PublishedFigure> Figures =
        PublishedFigure.Load(DataPaths.PublishedFiguresPath(DataDir)).ToDictionary(f => f.Id);

    public sealed record Row(string Figure, string What, double Published, double Recomputed, string Tolerance, bool Ok);

    public static TheoryData<string> CalibratedFigures()
    {
        var data = new TheoryData<string>();
        foreach (var t in Spec.ItemTargets.Where(t => t.Figure is not null)) data.Add($"item {t.Population} {t.Item}={t.Option}");
        foreach (var t in Spec.LevelTargets) data.Add($"level {t.Figure ?? t.Label}");
        foreach (var t in Spec.NumericTotals) data.Add($"total {t.Population} {t.Item}");
        foreach (var r in new[] { "dept_responded", "prov_responded", "dept_surveyed", "dept_n_service", "dept_n_policy" }) data.Add($"count {r}");
        foreach (var g in Spec.Groups["agency_type"]) data.Add($"group agency_type {g.Key}");
        return data;
    }

    [Theory]
    [MemberData(nameof(CalibratedFigures))]
    public void The_2567_demo_round_reproduces_the_report_figure(string figure)
    {
        var row = Recompute(figure);
        output.WriteLine($"{row.Figure} | {row.What} | published {row.Published} | recomputed {row.Recomputed} | tolerance {row.Tolerance}");
        Assert.True(row.Ok, $"{row.Figure}: published {row.Published}, recomputed {row.Recomputed} ({row.Tolerance})");
    }

    [Fact]
    public void The_calibration_table_covers_at_least_40_item_level_shares_and_every_pillar_statement()
    {
        var rows = CalibratedFigures().Cast<object[]>().Select(d => Recompute((string)d[0])).ToList();
        var table = new StringBuilder("| figure | what | published | recomputed | tolerance |\n|---|---|---|---|---|\n");
        foreach (var r in rows) table.AppendLine($"| {r.Figure} | {r.What} | {r.Published} | {r.Recomputed} | {r.Tolerance} |");
        output.WriteLine(table.ToString());
        Assert.True(Spec.ItemTargets.Count(t => t.Figure is not null && Figures[t.Figure].Unit == "percent") >= 40);
        foreach (var id in new[] { "dept_q3_1_dcio_has", "dept_q6_1a_gdcc_yes", "dept_q7_1_6_cloud_adopt", "prov_q6_2_1_yes" })
            Assert.Contains(Spec.ItemTargets, t => t.Figure == id);
        var pillarStatements = Figures.Values.Count(f => (f.Population is "department" or "province") && f.Id.Contains("_p") && f.Unit == "percent"
                                                         && f.SourceLine is >= 100 and <= 350 && f.Pillar is not null);
        Assert.True(Spec.LevelTargets.Count(t => t.Figure is not null) >= pillarStatements - 1, $"{pillarStatements} pillar statements in the report");
        Assert.All(rows, r => Assert.True(r.Ok, $"{r.Figure}: {r.Published} vs {r.Recomputed}"));
    }

    [Fact]
    public void The_most_and_least_outstanding_pillars_are_the_ones_the_report_names()
    {
        using var c = db.Open();
        foreach (var e in Spec.Extremes)
        {
            var levels = string.Join(",", e.Levels);
            var shares = c.Query<(string Key, long N)>(
                $"SELECT s.key, SUM(s.level IN ({levels})) FROM score s JOIN unit u ON u.id = s.unit_id " +
                "WHERE s.year = 2567 AND s.scope = 'pillar' AND u.kind = @p GROUP BY s.key", new { p = e.Population }).ToDictionary(x => x.Key, x => x.N);
            Assert.All(shares.Where(s => s.Key != e.Key), s => Assert.True(s.Value < shares[e.Key], $"{e.Note}: pillar {s.Key} has {s.Value}, {e.Key} has {shares[e.Key]}"));
        }
    }

    [Fact]
    public void From_2566_to_2567_the_level_shares_move_the_way_the_report_says()
    {
        using var c = db.Open();
        foreach (var d in Spec.Directions)
        {
            double[] Shares(int year)
            {
                var counts = c.Query<(long Level, long N)>("SELECT s.level, COUNT(*) FROM score s JOIN unit u ON u.id = s.unit_id " +
                    "WHERE s.year = @year AND s.scope = 'overall' AND u.kind = @p GROUP BY s.level", new { year, p = d.Population }).ToDictionary(x => x.Level, x => x.N);
                double total = counts.Values.Sum();
                return Enumerable.Range(0, 6).Select(l => counts.GetValueOrDefault(l) / total).ToArray();
            }
            var before = Shares(2566); var after = Shares(2567);
            output.WriteLine($"{d.Population}: 2566 [{string.Join(", ", before.Skip(1).Select(x => x.ToString("P1", CultureInfo.InvariantCulture)))}] -> 2567 [{string.Join(", ", after.Skip(1).Select(x => x.ToString("P1", CultureInfo.InvariantCulture)))}]");
            Assert.All(d.Up, l => Assert.True(after[l] > before[l], $"{d.Population} level {l} should rise"));
            Assert.All(d.Down, l => Assert.True(after[l] < before[l], $"{d.Population} level {l} should fall"));
            Assert.All(d.Same, l => Assert.True(Math.Abs(after[l] - before[l]) < 0.01, $"{d.Population} level {l} should stay"));
            Assert.All(d.Zero, l => Assert.Equal(0, after[l]));
        }
    }

    private Row Recompute(string key)
    {
        using var c = db.Open();
        var parts = key.Split(' ');
        switch (parts[0])
        {
            case "item":
            {
                var t = Spec.ItemTargets.Single(x => $"item {x.Population} {x.Item}={x.Option}" == key);
                var f = Figures[t.Figure!];
                var count = c.ExecuteScalar<long>("SELECT COUNT(*) FROM response r JOIN unit u ON u.id = r.unit_id WHERE r.year = 2567 AND u.kind = @p AND r.item = @i AND r.value = @o",
                    new { p = t.Population, i = t.Item, o = t.Option });
                if (f.Unit == "count") return new Row(f.Id, f.Metric, f.Value, count, "exact", count == f.Value);
                var baseSql = t.Base == "all"
                    ? "SELECT COUNT(DISTINCT r.unit_id) FROM response r JOIN unit u ON u.id = r.unit_id WHERE r.year = 2567 AND u.kind = @p"
                    : "SELECT COUNT(*) FROM response r JOIN unit u ON u.id = r.unit_id WHERE r.year = 2567 AND u.kind = @p AND r.item = @i";
                var denominator = c.ExecuteScalar<long>(baseSql, new { p = t.Population, i = t.Item });
                var share = Math.Round(100.0 * count / denominator, 2);
                return new Row(f.Id, $"{f.Metric} ({count}/{denominator})", f.Value, share, "±0.5 pp", Math.Abs(share - f.Value) <= Tolerance);
            }
            case "level":
            {
                var t = Spec.LevelTargets.Single(x => $"level {x.Figure ?? x.Label}" == key);
                var filter = t.Group is null ? "" : string.Concat(t.Group.Select(g => $" AND u.{(g.Key == "agency_type" ? "agency_type_code" : g.Key)} = '{g.Value}'"));
                var levels = string.Join(",", t.Levels);
                var count = c.ExecuteScalar<long>($"SELECT COUNT(*) FROM score s JOIN unit u ON u.id = s.unit_id WHERE s.year = 2567 AND u.kind = @p AND s.scope = @s AND s.key = @k AND s.level IN ({levels}){filter}",
                    new { p = t.Population, s = t.Scope, k = t.Key });
                var group = c.ExecuteScalar<long>($"SELECT COUNT(*) FROM score s JOIN unit u ON u.id = s.unit_id WHERE s.year = 2567 AND u.kind = @p AND s.scope = 'overall'{filter}", new { p = t.Population });
                if (t.Figure is null) return new Row("(derived)", t.Label!, t.Count, count, "exact", count == t.Count);
                var f = Figures[t.Figure];
                var share = Math.Round(100.0 * count / group, 2);
                return new Row(f.Id, $"{f.Metric} ({count}/{group})", f.Value, share, "±0.5 pp", Math.Abs(share - f.Value) <= Tolerance);
            }
            case "total":
            {
                var t = Spec.NumericTotals.Single(x => $"total {x.Population} {x.Item}" == key);
                var f = Figures[t.Figure!];
                var (n, sum) = c.QuerySingle<(long, long)>("SELECT COUNT(*), COALESCE(SUM(CAST(r.value AS INTEGER)), 0) FROM response r JOIN unit u ON u.id = r.unit_id WHERE r.year = 2567 AND u.kind = @p AND r.item = @i",
                    new { p = t.Population, i = t.Item });
                return new Row(f.Id, $"{f.Metric} ({n} respondents)", f.Value, sum, "exact", sum == (long)f.Value && n == t.Respondents);
            }
            case "count":
            {
                var f = Figures[parts[1]];
                var sql = parts[1] switch
                {
                    "dept_responded" => "SELECT COUNT(DISTINCT s.unit_id) FROM score s JOIN unit u ON u.id = s.unit_id WHERE s.year = 2567 AND u.kind = 'department'",
                    "prov_responded" => "SELECT COUNT(DISTINCT s.unit_id) FROM score s JOIN unit u ON u.id = s.unit_id WHERE s.year = 2567 AND u.kind = 'province'",
                    "dept_surveyed" => "SELECT COUNT(*) FROM surveyed v JOIN unit u ON u.id = v.unit_id WHERE v.year = 2567 AND u.kind = 'department'",
                    "dept_n_service" => "SELECT COUNT(DISTINCT s.unit_id) FROM score s JOIN unit u ON u.id = s.unit_id WHERE s.year = 2567 AND u.mission = 'service'",
                    _ => "SELECT COUNT(DISTINCT s.unit_id) FROM score s JOIN unit u ON u.id = s.unit_id WHERE s.year = 2567 AND u.mission = 'policy'",
                };
                var n = c.ExecuteScalar<long>(sql);
                return new Row(f.Id, f.Metric, f.Value, n, "exact", n == f.Value);
            }
            default:
            {
                var type = parts[2];
                var want = Spec.Groups["agency_type"][type];
                var n = c.ExecuteScalar<long>("SELECT COUNT(DISTINCT s.unit_id) FROM score s JOIN unit u ON u.id = s.unit_id WHERE s.year = 2567 AND u.agency_type_code = @type", new { type });
                return new Row($"(implied n, digest b.2) {type}", $"2567 respondents of type {type}", want, n, "exact", n == want);
            }
        }
    }
}
