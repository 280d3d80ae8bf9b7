using System.Net;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using DgBot.Core.Formatting;
using DgBot.Core.Queries;
using DgBot.Core.Storage;
using DgBot.Web.Charts;
using DgBot.Web.Chat;
using DgBot.Web.Tests.Teams;
using Microsoft.Extensions.DependencyInjection;

namespace DgBot.Web.Tests.Charts;

/// <summary>
/// GET /charts/{token}.png through the real host. The tests share the Teams collection's demo database (one database for the
/// host tests), each with hosts of its own where it needs other settings.
/// </summary>
[Collection("teams")]
public sealed class ChartEndpointTests(TeamsWorld world) : IDisposable
{
    private readonly ChartsFactory _factory = new(world.Db);
    private HttpClient? _client;
    private HttpClient Client => _client ??= _factory.CreateClient();
    private SurveyQueries Queries => world.Db.Queries;

    public void Dispose()
    {
        _client?.Dispose();
        _factory.Dispose();
    }

    private string UrlFor(ChartSpec spec)
    {
        _ = Client; // the host starts with the client
        return _factory.Services.GetRequiredService<IChartLinks>().UrlFor(spec)!;
    }

    private async Task<byte[]> FetchPngAsync(string url)
    {
        var response = await Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Fact]
    public async Task A_distribution_answer_carries_a_chart_link_that_serves_a_real_800_by_500_PNG_with_cache_headers()
    {
        var json = await _factory.AskAsync(Client, "จังหวัดระดับ 1 ด้านไซเบอร์กี่จังหวัด", "chart-link");

        var url = json.GetProperty("chartUrl").GetString()!;
        Assert.StartsWith("/charts/", url); // no Web:PublicBaseUrl here: root-relative
        Assert.EndsWith(".png", url);
        var response = await Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        var png = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal((800, 500), Png.Size(png));
        Assert.True(png.Length > 10_000, $"{png.Length} bytes: too small to hold a chart");
        var cache = response.Headers.CacheControl!;
        Assert.True(cache.Private);
        Assert.InRange(cache.MaxAge!.Value.TotalSeconds, 1, 3600);
        Assert.NotNull(response.Headers.ETag);

        // The same link again: the same bytes (from the cache), and a conditional request gets 304.
        Assert.Equal(png, await FetchPngAsync(url));
        var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await Client.SendAsync(conditional)).StatusCode);
        var head = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("image/png", head.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_distribution_chart_has_a_bar_in_a_levels_colour_exactly_when_that_level_has_units()
    {
        var distribution = Queries.LevelDistribution("province", subIndicator: "6.2");
        var levels = distribution.Groups.Single().Levels;
        Assert.Contains(levels, l => l.Count == 0); // the case this test is about: an empty level draws no bar

        var png = await FetchPngAsync(UrlFor(new ChartSpec("distribution", "level_distribution",
            new Dictionary<string, string> { ["population"] = "province", ["sub_indicator"] = "6.2", ["year"] = "2567" })));

        foreach (var level in levels)
        {
            var pixels = Png.Count(png, ChartRenderer.LevelColor(level.Level));
            if (level.Count > 0) Assert.True(pixels > 50, $"level {level.Level} has {level.Count} units but {pixels} pixels of its colour");
            else Assert.Equal(0, pixels);
        }
    }

    [Fact]
    public async Task A_grouped_distribution_grows_taller_with_its_groups()
    {
        var groups = Queries.LevelDistribution("department", groupBy: "ministry").Groups.Count;
        Assert.True(groups > 15);

        var png = await FetchPngAsync(UrlFor(new ChartSpec("distribution", "level_distribution",
            new Dictionary<string, string> { ["population"] = "department", ["group_by"] = "ministry", ["year"] = "2567" })));

        var (width, height) = Png.Size(png);
        Assert.Equal(800, width);
        Assert.True(height > 500 && height >= 30 * groups, $"{height} px for {groups} groups");
        foreach (var level in Enumerable.Range(1, 5)) Assert.True(Png.Count(png, ChartRenderer.LevelColor(level)) > 0); // the level legend
    }

    [Theory]
    [InlineData("TH-50")] // a province: peers are the provinces of its region
    [InlineData("D116")]  // a department: peers are the agencies of its type
    public async Task A_profile_chart_draws_each_pillar_in_its_levels_colour_beside_the_peers_median(string unit)
    {
        var peers = Queries.PeerComparison(unit);
        Assert.Equal(QueryIssue.None, peers.Issue);

        var png = await FetchPngAsync(UrlFor(new ChartSpec("profile", "unit_profile", new Dictionary<string, string> { ["unit"] = unit, ["year"] = "2567" })));

        Assert.Equal((800, 500), Png.Size(png));
        foreach (var level in Enumerable.Range(1, 5))
        {
            var used = peers.Pillars.Any(p => p.Level == level);
            var pixels = Png.Count(png, ChartRenderer.LevelColor(level));
            Assert.True(used ? pixels > 100 : pixels == 0, $"level {level}: used by a pillar {used}, {pixels} pixels");
        }
        Assert.True(Png.Count(png, ScottPlot.Color.FromHex("#9e9e9e")) > 500, "no peer-median bars");
    }

    [Fact]
    public void The_peer_median_is_the_median_of_the_other_units_of_the_same_region_or_agency_type()
    {
        var province = Queries.PeerComparison("TH-50");
        Assert.Equal(("region", "ภาคเหนือ"), (province.PeerBy, province.PeerGroup));
        var department = Queries.PeerComparison("D116");
        Assert.Equal("type", department.PeerBy);
        Assert.Equal([20.0, 40, 60, 80], province.LevelMins);

        foreach (var (comparison, filter) in new[] { (province, new UnitFilter(Region: "ภาคเหนือ")), (department, new UnitFilter(AgencyType: department.PeerGroup)) })
        {
            var population = comparison.Unit!.Kind;
            var others = Queries.ListUnits(population, filter: filter).Units.Where(u => u.Unit.Id != comparison.Unit.Id).ToList();
            Assert.Equal(others.Count, comparison.Peers);
            Assert.Equal(7, comparison.Pillars.Count);
            foreach (var pillar in comparison.Pillars)
            {
                var scores = Queries.ListUnits(population, pillar: pillar.Pillar, filter: filter).Units
                    .Where(u => u.Unit.Id != comparison.Unit.Id).Select(u => u.Score!.Value).Order().ToArray();
                var mid = scores.Length / 2;
                var median = scores.Length % 2 == 1 ? scores[mid] : (scores[mid - 1] + scores[mid]) / 2;
                Assert.Equal(Math.Round(median, 2, MidpointRounding.AwayFromZero), pillar.PeerMedian);
            }
        }
    }

    [Fact]
    public async Task A_trend_chart_with_a_missed_round_renders_with_a_marker_for_each_answered_round()
    {
        // A department that skipped a round between two it answered: the chart must show a gap, not fail.
        var unit = Queries.ListUnits("department").Units.Select(u => Queries.UnitTrend(u.Unit.Id))
            .First(t => t.Rounds.Any(r => !r.Responded) && t.Rounds.Count(r => r.Responded) >= 2);

        var png = await FetchPngAsync(UrlFor(new ChartSpec("trend", "unit_trend", new Dictionary<string, string> { ["unit"] = unit.Unit!.Id })));

        Assert.Equal((800, 500), Png.Size(png));
        foreach (var level in unit.Rounds.Where(r => r.Responded).Select(r => r.Level!.Value).Distinct())
            Assert.True(Png.Count(png, ChartRenderer.LevelColor(level)) > 30, $"no marker in the colour of level {level}");
    }

    [Fact]
    public async Task A_trend_question_and_a_profile_question_both_get_chart_links_that_serve_PNGs()
    {
        foreach (var question in new[] { "กรมที่ดินย้อนหลัง 5 ปีเป็นยังไง", "ขอนแก่นปีนี้ได้ระดับไหนคะ", "จังหวัดแต่ละภาคได้ระดับอะไรกันบ้าง แยกตามภาค" })
        {
            var json = await _factory.AskAsync(Client, question, "kinds-" + question.GetHashCode());
            Assert.True(json.TryGetProperty("chartUrl", out var url), $"no chartUrl for {question}");
            Assert.True(Png.Size(await FetchPngAsync(url.GetString()!)).Width == 800);
        }
    }

    public static TheoryData<string> Tampering => new() { "payload", "signature", "other key", "swapped payload", "expired", "not drawable", "unknown unit" };

    [Theory]
    [MemberData(nameof(Tampering))]
    public async Task A_tampered_foreign_expired_or_undrawable_token_gets_a_bare_404(string flaw)
    {
        var spec = new ChartSpec("profile", "unit_profile", new Dictionary<string, string> { ["unit"] = "TH-50", ["year"] = "2567" });
        var good = UrlFor(spec);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync(good)).StatusCode); // the untampered link works
        var tokens = _factory.Services.GetRequiredService<ChartTokens>();
        var token = good["/charts/".Length..^".png".Length];
        var (body, signature) = (token[..token.IndexOf('.')], token[(token.IndexOf('.') + 1)..]);
        static string Flip(string s, int i) => s[..i] + (s[i] == 'A' ? 'B' : 'A') + s[(i + 1)..];
        var bad = flaw switch
        {
            "payload" => Flip(body, body.Length / 2) + "." + signature,
            "signature" => body + "." + Flip(signature, 3),
            "other key" => body + "." + Convert.ToBase64String(HMACSHA256.HashData(RandomNumberGenerator.GetBytes(32), Encoding.ASCII.GetBytes(body)))
                .TrimEnd('=').Replace('+', '-').Replace('/', '_'),
            "swapped payload" => tokens.Create(spec with { Arguments = new Dictionary<string, string> { ["unit"] = "TH-40", ["year"] = "2567" } }).Split('.')[0] + "." + signature,
            "expired" => tokens.Create(spec, DateTimeOffset.UtcNow.AddMinutes(-1)),
            "not drawable" => tokens.Create(new ChartSpec("pie", "unit_profile", spec.Arguments)),
            "unknown unit" => tokens.Create(spec with { Arguments = new Dictionary<string, string> { ["unit"] = "NOPE", ["year"] = "2567" } }),
            _ => throw new ArgumentOutOfRangeException(nameof(flaw)),
        };

        var response = await Client.GetAsync("/charts/" + bad + ".png");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.NotEqual("image/png", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Path_tricks_and_oversized_tokens_are_refused()
    {
        var good = UrlFor(new ChartSpec("trend", "unit_trend", new Dictionary<string, string> { ["unit"] = "TH-50" }));
        var token = good["/charts/".Length..^".png".Length];
        var paths = new[]
        {
            "/charts/..%2F..%2Fdgbot.db",
            "/charts/..%2F..%2Fappsettings.json",
            "/charts/%2e%2e%2f%2e%2e%2fetc%2fpasswd.png",
            "/charts/" + token + "%2F..%2F.png",
            "/charts/" + token.Replace('.', '/') + ".png",
            "/charts/" + token.Replace(".", "..") + ".png",
            "/charts/" + token,
            "/charts/" + token + ".png.png",
            "/charts/" + token + ".PNG",
            "/charts/" + new string('A', 5000) + "." + new string('B', 43) + ".png",
            "/charts/.png",
        };
        foreach (var path in paths)
        {
            var response = await Client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path[..Math.Min(path.Length, 80)]}: {response.StatusCode}");
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        }
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync(good)).StatusCode);
    }

    [Fact]
    public async Task A_link_stops_working_after_Charts_LifetimeMinutes()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var factory = new ChartsFactory(world.Db, new() { ["Charts:LifetimeMinutes"] = "5" }, clock);
        using var client = factory.CreateClient();
        var url = (await factory.AskAsync(client, "จังหวัดระดับ 1 ด้านไซเบอร์กี่จังหวัด", "lifetime")).GetProperty("chartUrl").GetString()!;

        clock.Now += TimeSpan.FromMinutes(4);
        var early = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, early.StatusCode);
        Assert.InRange(early.Headers.CacheControl!.MaxAge!.Value.TotalSeconds, 1, 60); // never cached past the link's expiry

        clock.Now += TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task The_generated_signing_key_is_kept_in_the_state_database_so_links_outlive_a_restart()
    {
        var url = (await _factory.AskAsync(Client, "จังหวัดระดับ 1 ด้านไซเบอร์กี่จังหวัด", "restart")).GetProperty("chartUrl").GetString()!;
        var state = _factory.Services.GetRequiredService<StateStore>();
        using (var c = state.Open())
            Assert.Equal(32, c.ExecuteScalar<byte[]>("SELECT value FROM secret WHERE name = @n", new { n = ChartSigningKey.SecretName })!.Length);

        // A second host on the same state database (a restart) accepts the link ...
        await using (var restarted = new ChartsFactory(world.Db))
        using (var client = restarted.CreateClient())
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);

        // ... and a host with its own configured key does not, and its links say so in their signature.
        await using var configured = new ChartsFactory(world.Db, new() { ["Charts:SigningKey"] = "a-configured-key-of-at-least-32-characters" });
        using var other = configured.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(url)).StatusCode);
        var own = (await configured.AskAsync(other, "จังหวัดระดับ 1 ด้านไซเบอร์กี่จังหวัด", "configured")).GetProperty("chartUrl").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync(own)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync(own)).StatusCode);
    }

    [Fact]
    public async Task With_Web_PublicBaseUrl_chart_links_are_absolute()
    {
        await using var factory = new ChartsFactory(world.Db, new() { ["Web:PublicBaseUrl"] = "https://dgbot.example.go.th/" });
        using var client = factory.CreateClient();

        var url = (await factory.AskAsync(client, "จังหวัดระดับ 1 ด้านไซเบอร์กี่จังหวัด", "absolute")).GetProperty("chartUrl").GetString()!;

        Assert.StartsWith("https://dgbot.example.go.th/charts/", url);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri(url).PathAndQuery)).StatusCode);
    }

    [Theory]
    [InlineData("Charts:SigningKey", "too-short")]
    [InlineData("Web:PublicBaseUrl", "not a url")]
    [InlineData("Charts:LifetimeMinutes", "0")]
    public void Bad_chart_settings_stop_the_host_at_start_up_with_the_key_named(string key, string value)
    {
        using var factory = new ChartsFactory(world.Db, new() { [key] = value });

        var error = Record.Exception(() => factory.CreateClient());

        Assert.NotNull(error);
        Assert.Contains(key.Split(':')[1], error.ToString());
    }
}
