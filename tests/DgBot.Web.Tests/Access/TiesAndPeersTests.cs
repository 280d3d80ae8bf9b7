using System.Net.Http.Json;
using System.Text.Json;
using DgBot.Core.Access;
using DgBot.Core.Formatting;
using DgBot.Core.Queries;
using DgBot.Web.Access;
using DgBot.Web.Charts;
using Microsoft.Extensions.DependencyInjection;

namespace DgBot.Web.Tests.Access;

/// <summary>
/// Two ways a dcio could read another unit's score without being shown it: a unit ranked level with their own (a tie), and a
/// peer median over a handful of units in their profile chart. Both are closed for a dcio and open for an analyst.
/// </summary>
[Collection(AccessWorld.Name)]
public class TiesAndPeersTests(AccessWorld world)
{
    private SurveyQueries Queries => world.Host.Services.GetRequiredService<SurveyQueries>();

    private static readonly Caller Dcio = new("web", "web-dcio", Roles.Dcio, new UnitRef(AccessWorld.OwnUnit, "กรมที่ดิน", "department"));

    /// <summary>A sub-indicator on which the dcio's own unit shares its score with other units.</summary>
    private (string Code, UnitRank Rank) Tied()
    {
        foreach (var code in new[] { "1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "6.1", "6.2", "7.1" })
        {
            var rank = Queries.UnitRank(AccessWorld.OwnUnit, RankScope.All, subIndicator: code);
            if (rank.TiedWith >= 2) return (code, rank);
        }
        throw new InvalidOperationException("the demo data has no sub-indicator where the dcio's unit is tied");
    }

    [Fact]
    public void A_rank_shown_to_a_dcio_never_puts_another_unit_level_with_their_own()
    {
        var (code, rank) = Tied();
        Assert.Contains(rank.Neighbours, n => n.Rank == rank.Rank); // the attack: a neighbour on the dcio's own rank has its score

        var shown = (UnitRank)AccessRedaction.ForCaller(Dcio, rank, Queries)!;
        Assert.Equal(0, shown.TiedWith);
        Assert.DoesNotContain(shown.Neighbours, n => n.Rank == shown.Rank);
        Assert.Equal(shown.Neighbours.Count, shown.Neighbours.Select(n => n.Rank).Distinct().Count());
        Assert.All(shown.Neighbours, n => Assert.InRange(Math.Abs(n.Rank - shown.Rank!.Value), 1, 2));

        // A list over the same score shows every unit on a rank of its own, in the same hidden order as the rank answer.
        var list = (UnitList)AccessRedaction.ForCaller(Dcio, Queries.ListUnits("department", subIndicator: code), Queries)!;
        Assert.Equal(list.Units.Count, list.Units.Select(u => u.Rank).Distinct().Count());
        Assert.Equal(shown.Rank, list.Units.Single(u => u.Unit.Id == AccessWorld.OwnUnit).Rank);
        foreach (var n in shown.Neighbours) Assert.Equal(n.Rank, list.Units.Single(u => u.Unit.Id == n.Unit.Id).Rank);
    }

    [Fact]
    public async Task The_dcios_rank_answer_says_nothing_of_ties_and_an_analysts_does()
    {
        var (code, _) = Tied();
        using var dcio = await world.ClientAsync(Roles.Dcio);
        using var analyst = await world.ClientAsync(Roles.Analyst);
        var question = $"กรมที่ดินตัวชี้วัดย่อย {code} อันดับเท่าไร";

        var mine = (await AccessWorld.AskAsync(dcio, question)).GetProperty("answer").GetString()!;
        var full = (await AccessWorld.AskAsync(analyst, question)).GetProperty("answer").GetString()!;

        Assert.DoesNotContain("ร่วมกับอีก", mine);
        Assert.Contains("ร่วมกับอีก", full);
    }

    [Fact]
    public async Task A_dcios_profile_chart_carries_no_peer_medians_and_an_analysts_does()
    {
        using var dcio = await world.ClientAsync(Roles.Dcio);
        using var analyst = await world.ClientAsync(Roles.Analyst);
        var tokens = world.Host.Services.GetRequiredService<ChartTokens>();
        var source = world.Host.Services.GetRequiredService<ChartSource>();
        ChartSpec SpecOf(JsonElement reply)
        {
            var url = reply.GetProperty("chartUrl").GetString()!;
            var token = url[(url.LastIndexOf('/') + 1)..^".png".Length];
            Assert.True(tokens.TryRead(token, out var spec, out _));
            return spec;
        }

        var mine = SpecOf(await AccessWorld.AskAsync(dcio, "กรมที่ดินอยู่ระดับไหน"));
        var full = SpecOf(await AccessWorld.AskAsync(analyst, "กรมที่ดินอยู่ระดับไหน"));

        Assert.Equal(ChartSource.HiddenPeers, mine.Arguments["peers"]);
        Assert.All(((PeerComparison)source.Load(mine)!).Pillars, p => Assert.Null(p.PeerMedian));
        Assert.False(full.Arguments.ContainsKey("peers"));
        Assert.Contains(((PeerComparison)source.Load(full)!).Pillars, p => p.PeerMedian is not null);
    }
}
