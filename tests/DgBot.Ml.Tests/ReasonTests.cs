using System.Globalization;
using Dapper;
using DgBot.Core.Formatting;
using DgBot.Core.Risk;
using DgBot.Ml;
using Microsoft.Data.Sqlite;

namespace DgBot.Ml.Tests;

[Collection(RiskCollection.Name)]
public class ReasonTests(RiskFixture fx)
{
    /// <summary>
    /// Every reason given for the 60 riskiest units and every tenth other unit is checked against the database with SQL
    /// of its own (not through the history the model read): the numbers and answers in the facts, and the Thai sentence
    /// that states them.
    /// </summary>
    [Fact]
    public void The_Thai_reasons_state_real_facts_of_the_unit_as_the_database_records_them()
    {
        var predictor = new RiskPredictor(RiskModel.Load(fx.ModelDirectory), fx.History);
        var ranked = predictor.Watchlist(n: RiskPredictor.MaxWatchlistSize).Units.Take(60).Select(e => e.Unit.Id)
            .Concat(fx.History.Units.Where((_, i) => i % 10 == 0).Select(u => u.Id)).Distinct().ToList();
        using var c = fx.Open();
        var kinds = new HashSet<string>();
        var checkedReasons = 0;
        foreach (var id in ranked)
        {
            var risk = predictor.UnitRisk(id);
            if (risk.Status != RiskStatus.Ok) continue;
            var e = risk.Estimate!;
            Assert.Equal(Overall(c, id, e.Year).Score, e.Score, 2);
            foreach (var reason in e.Reasons)
            {
                var text = fx.Formatter.RiskReason(reason);
                Assert.DoesNotContain("{", text); // every placeholder filled
                Check(c, id, e.Year, reason, text);
                kinds.Add(reason.Kind);
                checkedReasons++;
            }
        }
        Assert.True(checkedReasons >= 150, $"only {checkedReasons} reasons checked");
        Assert.True(kinds.Count >= 5, "reasons of only these kinds: " + string.Join(", ", kinds));
    }

    [Fact]
    public void A_unit_answer_says_it_is_a_model_estimate_and_quotes_the_cards_precision_at_10()
    {
        var predictor = new RiskPredictor(RiskModel.Load(fx.ModelDirectory), fx.History);
        var renderer = new AnswerRenderer(fx.Formatter);
        var top = predictor.Watchlist(n: 1).Units[0];
        var text = renderer.Render(predictor.UnitRisk(top.Unit.Id));
        Assert.StartsWith($"{top.Unit.NameTh}: โอกาสที่ระดับภาพรวมจะลดลงในรอบปี 2568 ประมาณ {ThaiFormatter.Probability(top.Probability)}%", text);
        Assert.Contains("ค่าประมาณจากแบบจำลอง", text);
        Assert.Contains($"10 อันดับแรกลดระดับจริง {ThaiFormatter.Probability(fx.Trained.Card.Model.PrecisionAt10)}%", text);
        Assert.Contains(fx.Formatter.SyntheticLine, text);
        foreach (var reason in top.Reasons) Assert.Contains(fx.Formatter.RiskReason(reason), text);

        var list = renderer.Render(predictor.Watchlist("department", 5));
        Assert.Contains("หน่วยงานระดับกรมที่แบบจำลองประเมินว่ามีโอกาสลดระดับในรอบปี 2568 สูงสุด 5 แห่ง", list);
        Assert.Contains($"10 อันดับแรกลดระดับจริง {ThaiFormatter.Probability(fx.Trained.Card.Model.PrecisionAt10)}%", list);
    }

    [Fact]
    public void Units_not_in_the_latest_round_and_unknown_units_are_answered_as_such()
    {
        var predictor = new RiskPredictor(RiskModel.Load(fx.ModelDirectory), fx.History);
        var absent = fx.History.Units.First(u => fx.History.RoundOf(u.Id, 2567) is null);
        Assert.Equal(RiskStatus.NotResponded, predictor.UnitRisk(absent.Id).Status);
        Assert.Equal(RiskStatus.UnknownUnit, predictor.UnitRisk("no-such-unit").Status);
        var renderer = new AnswerRenderer(fx.Formatter);
        Assert.Contains("ไม่ได้ตอบแบบสำรวจรอบล่าสุด (ปี 2567)", renderer.Render(predictor.UnitRisk(absent.Id)));
    }

    private static (double Score, int Level) Overall(SqliteConnection c, string unit, int year) =>
        c.QuerySingle<(double, int)>("SELECT score, level FROM score WHERE unit_id = @unit AND year = @year AND scope = 'overall'", new { unit, year });

    private static (double Score, int Level)? Pillar(SqliteConnection c, string unit, int year, int pillar) =>
        c.QuerySingleOrDefault<(double, int)?>("SELECT score, level FROM score WHERE unit_id = @unit AND year = @year AND scope = 'pillar' AND key = @key",
            new { unit, year, key = pillar.ToString(CultureInfo.InvariantCulture) });

    private static string? Answer(SqliteConnection c, string unit, int year, string item) =>
        c.QuerySingleOrDefault<string?>("SELECT value FROM response WHERE unit_id = @unit AND year = @year AND item = @item", new { unit, year, item });

    private static string S(double x) => ThaiFormatter.Score(x);

    private static T Fact<T>(RiskReason r, string name) => (T)r.Facts[name];

    private static void Check(SqliteConnection c, string unit, int year, RiskReason r, string text)
    {
        switch (r.Kind)
        {
            case "margin" or "margin_thin":
            {
                var (score, level) = Overall(c, unit, year);
                var floor = c.QuerySingle<double>("SELECT min_score FROM level WHERE level = @level", new { level });
                Assert.Equal(level, Fact<int>(r, "level"));
                Assert.Equal(score - floor, Fact<double>(r, "margin"), 2);
                Assert.Contains($"ระดับ {level}", text);
                Assert.Contains(S(score - floor), text);
                Assert.Equal(r.Kind == "margin_thin", level > 1 && score - floor < 5);
                break;
            }
            case "overall_down" or "overall_up":
            {
                var previous = Fact<int>(r, "previous_year");
                var change = Overall(c, unit, year).Score - Overall(c, unit, previous).Score;
                Assert.Equal(change, Fact<double>(r, "change"), 2);
                Assert.Equal(r.Kind == "overall_down", change < 0);
                Assert.Contains($"{S(Math.Abs(change))} คะแนนจากปี {previous}", text);
                break;
            }
            case "no_previous":
                Assert.Equal(0, c.QuerySingle<int>("SELECT COUNT(*) FROM score WHERE unit_id = @unit AND year = @y", new { unit, y = Fact<int>(r, "previous_year") }));
                break;
            case "fell_last_round":
                Assert.Equal(Fact<int>(r, "from"), Overall(c, unit, Fact<int>(r, "previous_year")).Level);
                Assert.Equal(Fact<int>(r, "to"), Overall(c, unit, year).Level);
                Assert.True(Fact<int>(r, "to") < Fact<int>(r, "from"));
                break;
            case "pillar_down" or "pillar_up":
            {
                var p = Fact<int>(r, "pillar");
                var previous = Fact<int>(r, "previous_year");
                var change = Pillar(c, unit, year, p)!.Value.Score - Pillar(c, unit, previous, p)!.Value.Score;
                Assert.Equal(change, Fact<double>(r, "change"), 2);
                Assert.Equal(r.Kind == "pillar_down", change < 0);
                Assert.Contains($"ตัวชี้วัดที่ {p} ", text);
                Assert.Contains($"{S(Math.Abs(change))} คะแนนจากปี {previous}", text);
                break;
            }
            case "pillar_score":
            {
                var p = Fact<int>(r, "pillar");
                var (score, level) = Pillar(c, unit, year, p)!.Value;
                Assert.Equal(score, Fact<double>(r, "score"), 2);
                Assert.Contains($"ตัวชี้วัดที่ {p} ปี {year} อยู่ที่ {S(score)} (ระดับ {level})", text);
                break;
            }
            case "sub_score":
            {
                var code = Fact<string>(r, "code");
                var score = c.QuerySingle<double>("SELECT score FROM score WHERE unit_id = @unit AND year = @year AND scope = 'sub_indicator' AND key = @code", new { unit, year, code });
                Assert.Contains($"{code} ปี {year} อยู่ที่ {S(score)}", text);
                break;
            }
            case "sub_down" or "sub_up":
            {
                var code = Fact<string>(r, "code");
                var previous = Fact<int>(r, "previous_year");
                double Sub(int y) => c.QuerySingle<double>("SELECT score FROM score WHERE unit_id = @unit AND year = @y AND scope = 'sub_indicator' AND key = @code", new { unit, y, code });
                var change = Sub(year) - Sub(previous);
                Assert.Equal(change, Fact<double>(r, "change"), 2);
                Assert.Equal(r.Kind == "sub_down", change < 0);
                Assert.Contains($"ตัวชี้วัดย่อย {code} ", text);
                Assert.Contains($"{S(Math.Abs(change))} คะแนนจากปี {previous}", text);
                break;
            }
            case "lopsided":
            {
                var pillars = c.Query<(string Key, double Score)>("SELECT key, score FROM score WHERE unit_id = @unit AND year = @year AND scope = 'pillar'", new { unit, year }).ToList();
                Assert.Equal(pillars.Max(p => p.Score), Fact<double>(r, "high_score"), 2);
                Assert.Equal(pillars.Min(p => p.Score), Fact<double>(r, "low_score"), 2);
                Assert.Contains($"ตัวชี้วัดที่ {Fact<int>(r, "high")} ได้ {S(pillars.Max(p => p.Score))}", text);
                Assert.Contains($"ตัวชี้วัดที่ {Fact<int>(r, "low")} ได้ {S(pillars.Min(p => p.Score))}", text);
                break;
            }
            case "no_dcio":
            {
                var answer = Answer(c, unit, year, "3.1");
                Assert.DoesNotContain(answer, new[] { "has", "delegated" });
                var label = c.QuerySingle<string>("SELECT label_th FROM item_option WHERE population = 'department' AND item = '3.1' AND code = @answer", new { answer });
                Assert.Contains("ยังไม่มี DCIO", text);
                Assert.Contains(label, text);
                break;
            }
            case "new_dcio":
            {
                Assert.Contains(Answer(c, unit, year, "3.1"), new[] { "has", "delegated" });
                var months = int.Parse(Answer(c, unit, year, "3.1A")!, CultureInfo.InvariantCulture);
                Assert.True(months < 12);
                Assert.Contains($"เพียง {months} เดือน", text);
                break;
            }
            case "dcio_turnover":
            {
                var rounds = c.QuerySingle<int>("SELECT COUNT(*) FROM response WHERE unit_id = @unit AND year <= @year AND item = '3.1'", new { unit, year });
                Assert.Equal(rounds, Fact<int>(r, "rounds"));
                Assert.InRange(Fact<int>(r, "changes"), 1, rounds - 1);
                break;
            }
            case "it_staff":
            {
                if (r.Facts.ContainsKey("share"))
                {
                    var y = Fact<int>(r, "share_year");
                    var share = 100 * double.Parse(Answer(c, unit, y, "3.2.3")!, CultureInfo.InvariantCulture) / double.Parse(Answer(c, unit, y, "3.2.1")!, CultureInfo.InvariantCulture);
                    Assert.Contains($"{S(share)}% ของบุคลากรทั้งหมด (ปี {y})", text);
                }
                if (r.Facts.TryGetValue("sufficient", out var enough)) Assert.Equal((bool)enough ? "yes" : "no", Answer(c, unit, year, "3.2.5"));
                if (Answer(c, unit, year, "3.2.5") == "no") Assert.Contains("ไม่เพียงพอ", text);
                break;
            }
            case "obstacle":
            {
                var item = Fact<string>(r, "item");
                Assert.Equal("yes", Answer(c, unit, year, item));
                var question = c.QuerySingle<string>("SELECT text_th FROM item WHERE population = (SELECT kind FROM unit WHERE id = @unit) AND code = @item", new { unit, item });
                Assert.Contains($"รายงาน{question} (ข้อ {item} ปี {year})", text);
                break;
            }
            case "obstacles":
            {
                var yes = c.QuerySingle<int>("SELECT COUNT(*) FROM response WHERE unit_id = @unit AND year = @year AND item LIKE 'OBS.%' AND value = 'yes'", new { unit, year });
                Assert.Contains($"{yes} ด้าน", text);
                break;
            }
            case "pcio_no_meeting":
                Assert.Equal("no", Answer(c, unit, year, "3.1.1.1"));
                break;
            case "rounds":
            {
                var rounds = c.QuerySingle<int>("SELECT COUNT(*) FROM score WHERE unit_id = @unit AND year <= @year AND scope = 'overall'", new { unit, year });
                Assert.Contains($"มาแล้ว {rounds} รอบ", text);
                break;
            }
            case "group":
            {
                var u = c.QuerySingle<(string? Type, string? Ministry, string? Region)>("SELECT agency_type, ministry, region FROM unit WHERE id = @unit", new { unit });
                foreach (var part in new[] { u.Type, u.Ministry, u.Region }.OfType<string>()) Assert.Contains(part, text);
                break;
            }
            default:
                Assert.Fail($"reason kind {r.Kind} has no database check");
                break;
        }
    }
}
