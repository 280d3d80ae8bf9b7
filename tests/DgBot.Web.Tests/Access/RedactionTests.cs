using System.Net.Http.Json;
using System.Text.Json;
using DgBot.Core.Access;
using DgBot.Core.Formatting;
using DgBot.Core.Queries;
using DgBot.Web.Tests.Model;
using Microsoft.Extensions.DependencyInjection;

namespace DgBot.Web.Tests.Access;

/// <summary>
/// DESIGN §9: a dcio sees other units "only as aggregates and ranks". Rank and list questions are open to a dcio about any unit,
/// so their answers name other units, but no other unit's exact score may reach the dcio, on the parser path or through a model.
/// The dcio's own score and every score for full-access roles stay.
/// </summary>
[Collection(AccessWorld.Name)]
public class RedactionTests(AccessWorld world) : IAsyncLifetime
{
    private readonly FakeOpenAI _fake = new();
    private ModelFactory? _factory;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        await _fake.DisposeAsync();
    }

    private SurveyQueries Queries => world.Host.Services.GetRequiredService<SurveyQueries>();

    /// <summary>The whole /api/ask response as text: answer, rich card, trace and all.</summary>
    private static async Task<(JsonElement Json, string Raw)> AskRawAsync(HttpClient client, string text)
    {
        var response = await client.PostAsJsonAsync("/api/ask", new { text, conversationId = Guid.NewGuid().ToString("N"), userId = "u1" });
        response.EnsureSuccessStatusCode();
        var raw = await response.Content.ReadAsStringAsync();
        return (JsonDocument.Parse(raw).RootElement.Clone(), raw);
    }

    [Fact]
    public async Task A_dcio_gets_the_top_list_with_ranks_and_levels_but_no_other_units_scores()
    {
        var top = Queries.TopUnits("department", "best", 10);
        Assert.Equal(10, top.Units.Count);
        Assert.DoesNotContain(top.Units, u => u.Unit.Id == AccessWorld.OwnUnit); // so every line is another unit's
        using var dcio = await world.ClientAsync(Roles.Dcio);
        using var analyst = await world.ClientAsync(Roles.Analyst);

        var (json, raw) = await AskRawAsync(dcio, "10 อันดับกรมที่คะแนนสูงสุด");
        var (_, full) = await AskRawAsync(analyst, "10 อันดับกรมที่คะแนนสูงสุด");

        Assert.Equal("top_units", json.GetProperty("intent").GetString());
        var answer = json.GetProperty("answer").GetString()!;
        foreach (var u in top.Units)
        {
            Assert.Contains(u.Unit.NameTh, answer);
            Assert.DoesNotContain(ThaiFormatter.Score(u.Score!.Value), raw);
            Assert.Contains(ThaiFormatter.Score(u.Score!.Value), full);
        }
        Assert.Contains($"1. {top.Units[0].Unit.NameTh} ระดับที่ {top.Units[0].Level}", answer);
        Assert.Contains("คะแนนของหน่วยงานอื่นไม่แสดงตามสิทธิ์ของคุณ", answer);
        var table = json.GetProperty("rich").GetProperty("table");
        Assert.Equal(["#", "หน่วยงาน", "ระดับ"], table.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task A_dcio_sees_their_own_score_in_a_list_and_no_one_elses()
    {
        var own = Queries.UnitProfile(AccessWorld.OwnUnit);
        var level = own.Overall!.Level;
        // Within the dcio's own ministry, so the list is short enough to show their unit among the others.
        var listed = Queries.ListUnits("department", level: level, filter: new UnitFilter("กระทรวงมหาดไทย", null, null));
        var mine = Assert.Single(listed.Units, u => u.Unit.Id == AccessWorld.OwnUnit);
        var position = listed.Units.ToList().IndexOf(mine);
        using var dcio = await world.ClientAsync(Roles.Dcio);

        var (json, _) = await AskRawAsync(dcio, $"กรมในกระทรวงมหาดไทยที่ได้ระดับ {level} มีกรมไหนบ้าง");

        Assert.Equal("list_units", json.GetProperty("intent").GetString());
        var table = json.GetProperty("rich").GetProperty("table");
        Assert.Equal(["#", "หน่วยงาน", "ระดับ"], table.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        var rows = table.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetString()!).ToList()).ToList();
        if (position < rows.Count)
            Assert.Equal($"ระดับที่ {level}", Assert.Single(rows, r => r[1] == mine.Unit.NameTh)[2].Split(" (")[0].Split(" ·")[0]);
        if (rows.SingleOrDefault(r => r[1] == mine.Unit.NameTh) is { } ownRow) Assert.EndsWith(ThaiFormatter.Score(mine.Score!.Value), ownRow[2]);
        var text = json.GetProperty("answer").GetString()!;
        Assert.True(position < 12, "the dcio's own unit is among the lines shown"); // true of the demo data; the test means nothing otherwise
        Assert.Contains($"{mine.Rank}. {mine.Unit.NameTh} ระดับที่ {level}", text);
        Assert.Contains(ThaiFormatter.Score(mine.Score!.Value), text);
        foreach (var row in rows.Where(r => r[1] != mine.Unit.NameTh))
        {
            var other = listed.Units.Single(u => u.Unit.NameTh == row[1]);
            Assert.DoesNotContain(ThaiFormatter.Score(other.Score!.Value), row[2]);
            Assert.StartsWith("ระดับที่ " + other.Level, row[2]);
        }
        Assert.True(rows.Count >= 2, "the list shows other units too");
    }

    [Fact]
    public async Task A_dcio_asking_another_units_rank_gets_rank_and_level_without_its_score()
    {
        var rank = Queries.UnitRank(AccessWorld.OtherUnit);
        using var dcio = await world.ClientAsync(Roles.Dcio);

        var (json, raw) = await AskRawAsync(dcio, "กรมโยธาธิการและผังเมืองอันดับเท่าไร");

        var answer = json.GetProperty("answer").GetString()!;
        Assert.Contains($"อันดับ {rank.Rank} จาก {rank.OutOf}", answer);
        Assert.Contains("ระดับที่ " + rank.Level, answer);
        Assert.DoesNotContain(ThaiFormatter.Score(rank.Score!.Value), raw);
        Assert.DoesNotContain("คะแนน", answer);
        foreach (var n in rank.Neighbours.Where(n => n.Unit.Id != AccessWorld.OwnUnit))
            Assert.DoesNotContain(ThaiFormatter.Score(n.Score!.Value), raw);
    }

    [Fact]
    public async Task A_dcio_asking_their_own_rank_keeps_their_score_but_not_the_neighbours()
    {
        var rank = Queries.UnitRank(AccessWorld.OwnUnit);
        Assert.Contains(rank.Neighbours, n => n.Unit.Id != AccessWorld.OwnUnit);
        using var dcio = await world.ClientAsync(Roles.Dcio);

        var (json, raw) = await AskRawAsync(dcio, "กรมที่ดินอันดับเท่าไร");

        Assert.Contains($"คะแนน {ThaiFormatter.Score(rank.Score!.Value)}", json.GetProperty("answer").GetString());
        foreach (var n in rank.Neighbours.Where(n => n.Unit.Id != AccessWorld.OwnUnit && n.Score != rank.Score))
            Assert.DoesNotContain(ThaiFormatter.Score(n.Score!.Value), raw);
    }

    [Fact]
    public async Task A_model_fetching_a_top_list_for_a_dcio_is_shown_no_other_units_scores()
    {
        var top = Queries.TopUnits("department", "best", 5);
        _fake.ThenCall("analytics-top_units", new { population = "department", order = "best", n = 5 })
            .ThenSay("ห้าอันดับแรกคือ " + string.Join(" ", top.Units.Select(u => u.Unit.NameTh)));
        _ = world.Host; // the roster's web users exist once the shared host has started
        _factory = new ModelFactory(world.Db, AccessWorld.Settings(_fake.Endpoint), new InvocationRecorder());
        using var dcio = await world.ClientAsync(Roles.Dcio, _factory);

        var (json, raw) = await AskRawAsync(dcio, "ห้าอันดับแรกของกรมคือใคร");

        var requests = _fake.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        var shown = FakeOpenAI.LastToolResult(requests[1]);
        var units = Property(shown, "units").EnumerateArray().ToList();
        Assert.Equal(5, units.Count);
        Assert.All(units, u => Assert.Equal(JsonValueKind.Null, Property(u, "score").ValueKind));
        Assert.All(units, u => Assert.InRange(Property(u, "level").GetInt32(), 1, 5));
        foreach (var u in top.Units) Assert.DoesNotContain(ThaiFormatter.Score(u.Score!.Value), raw);
        Assert.Equal("ok", json.GetProperty("calls")[0].GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task An_item_statistic_narrowed_to_a_single_unit_is_withheld_from_a_dcio_but_not_from_an_analyst()
    {
        // Defence's one state enterprise: "the share that uses GDCC" would be that enterprise's own answer.
        const string Question = "กี่เปอร์เซ็นต์ของรัฐวิสาหกิจในกระทรวงกลาโหมที่ใช้คลาวด์กลาง GDCC";
        var narrow = Queries.ItemStatistic("6.1A", "department", null, new UnitFilter("กระทรวงกลาโหม", "รัฐวิสาหกิจ", null));
        Assert.InRange(narrow.Answered, 1, AccessLimits.MinimumGroup - 1);
        var national = Queries.ItemStatistic("6.1A", "department");
        Assert.True(national.Answered >= AccessLimits.MinimumGroup);
        using var dcio = await world.ClientAsync(Roles.Dcio);
        using var analyst = await world.ClientAsync(Roles.Analyst);

        var (withheld, _) = await AskRawAsync(dcio, Question);
        var (shown, _) = await AskRawAsync(analyst, Question);
        var (wide, _) = await AskRawAsync(dcio, "กี่เปอร์เซ็นต์ของกรมที่ใช้คลาวด์กลาง GDCC");

        var call = withheld.GetProperty("calls")[0];
        Assert.Equal("item_statistic", call.GetProperty("function").GetString());
        Assert.Equal("รัฐวิสาหกิจ", call.GetProperty("arguments").GetProperty("agency_type").GetString());
        var answer = withheld.GetProperty("answer").GetString()!;
        // Two filters combined is refused for a dcio before the size is even looked at (the disclosure rule: one partition at a time).
        Assert.StartsWith("ตามสิทธิ์ของคุณ สถิติของกลุ่มดูได้ทีละเงื่อนไข", answer);
        Assert.DoesNotContain("%", answer);
        Assert.False(withheld.TryGetProperty("rich", out _));
        Assert.Contains($"({narrow.Answered} จาก {narrow.Respondents} แห่งที่ตอบ)", shown.GetProperty("answer").GetString());
        Assert.Contains($"({national.Answered} จาก {national.Respondents} แห่งที่ตอบ)", wide.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task A_model_fetching_a_single_units_item_share_for_a_dcio_is_told_the_group_is_too_small()
    {
        _fake.ThenCall("analytics-item_statistic", new { item = "6.1A", population = "department", ministry = "กระทรวงกลาโหม", agency_type = "รัฐวิสาหกิจ" })
            .ThenSay("กลุ่มนี้เล็กเกินไปจึงแสดงไม่ได้ครับ");
        _ = world.Host;
        _factory = new ModelFactory(world.Db, AccessWorld.Settings(_fake.Endpoint), new InvocationRecorder());
        using var dcio = await world.ClientAsync(Roles.Dcio, _factory);

        await AskRawAsync(dcio, "รัฐวิสาหกิจในกระทรวงกลาโหมใช้ GDCC กี่เปอร์เซ็นต์");

        var shown = FakeOpenAI.LastToolResult(_fake.Requests.ToArray()[1]);
        // By name, so the model (and system prompt rule 11) can read it; no answer shares at all.
        Assert.Equal("TooNarrow", Property(shown, "issue").GetString());
        Assert.Empty(Property(shown, "answers").EnumerateArray());
    }

    private static JsonElement Property(JsonElement e, string name) =>
        e.EnumerateObject().First(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value;

    [Fact]
    public async Task A_dcio_gets_a_group_average_without_the_lowest_and_highest_score_which_are_single_units_scores()
    {
        var summary = Queries.GroupSummary("department", "mean", filter: new UnitFilter(Ministry: "กระทรวงมหาดไทย"));
        var all = summary.Overall!;
        Assert.True(all.Units >= AccessLimits.MinimumGroup);
        using var dcio = await world.ClientAsync(Roles.Dcio);
        using var analyst = await world.ClientAsync(Roles.Analyst);

        var (json, raw) = await AskRawAsync(dcio, "ค่าเฉลี่ยคะแนนของกระทรวงมหาดไทยเท่าไหร่");
        var (_, full) = await AskRawAsync(analyst, "ค่าเฉลี่ยคะแนนของกระทรวงมหาดไทยเท่าไหร่");

        Assert.Equal("group_summary", json.GetProperty("intent").GetString());
        Assert.Contains(ThaiFormatter.Score(all.Mean!.Value), raw);
        Assert.DoesNotContain(ThaiFormatter.Score(all.Min!.Value), raw);
        Assert.DoesNotContain(ThaiFormatter.Score(all.Max!.Value), raw);
        Assert.Contains(ThaiFormatter.Score(all.Min!.Value), full);
        Assert.Contains(ThaiFormatter.Score(all.Max!.Value), full);
    }

    [Fact]
    public async Task A_dcio_may_compare_their_own_unit_with_its_group_but_not_another_unit()
    {
        using var dcio = await world.ClientAsync(Roles.Dcio);
        var own = Queries.UnitVersusGroup(AccessWorld.OwnUnit);
        var (mine, _) = await AskRawAsync(dcio, $"{own.Unit!.NameTh}เทียบกับค่าเฉลี่ยกระทรวง");
        Assert.Equal("unit_vs_group", mine.GetProperty("intent").GetString());
        Assert.Equal("ok", mine.GetProperty("calls")[0].GetProperty("outcome").GetString());
        Assert.Contains(ThaiFormatter.Score(own.Lines[0].GroupMean!.Value), mine.GetProperty("answer").GetString());

        var (other, raw) = await AskRawAsync(dcio, "กรมโยธาธิการและผังเมืองเทียบกับค่าเฉลี่ยกระทรวง");
        Assert.Equal("refused", other.GetProperty("calls")[0].GetProperty("outcome").GetString());
        var theirs = Queries.UnitVersusGroup("D118");
        Assert.Equal("กรมโยธาธิการและผังเมือง", theirs.Unit!.NameTh);
        Assert.DoesNotContain(ThaiFormatter.Score(theirs.Lines[0].Score), raw);
    }
}
