using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace DgBot.Web.Tests.Browser;

/// <summary>The web chat page (DESIGN §8) in a real browser, against the real app and the demo database.</summary>
public sealed class WebChatTests(BrowserFixture app, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private const int PhoneWidth = 375;
    private const int PhoneHeight = 800;

    static WebChatTests() => SetDefaultExpectTimeout(15_000);

    private sealed record Session(IBrowserContext Context, IPage Page, List<string> Errors) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => new(Context.CloseAsync());
    }

    /// <summary>A fresh tab (own sessionStorage) at phone size, recording script errors and blocked resources.</summary>
    private async Task<Session> Open()
    {
        var context = await app.Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = PhoneWidth, Height = PhoneHeight },
            DeviceScaleFactor = 1,
            Locale = "th-TH",
            BaseURL = app.BaseAddress.ToString(),
        });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") lock (errors) errors.Add(m.Text); };
        page.PageError += (_, e) => { lock (errors) errors.Add(e); };
        await page.GotoAsync("/");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-ready", "true");
        return new Session(context, page, errors);
    }

    private static ILocator Box(IPage page) => page.GetByLabel("พิมพ์คำถาม", new() { Exact = true });

    /// <summary>Types a question, presses Enter (the page's send key) and returns the new answer once it is shown.</summary>
    private static async Task<ILocator> Ask(IPage page, string question)
    {
        var answers = page.Locator("article.msg-bot");
        var before = await answers.CountAsync();
        await Box(page).FillAsync(question);
        await Box(page).PressAsync("Enter");
        await Expect(answers).ToHaveCountAsync(before + 1);
        await Expect(page.Locator("#typing")).ToBeHiddenAsync();
        return answers.Nth(before);
    }

    private static async Task<string> AnswerText(ILocator answer) => await answer.Locator("p.answer").InnerTextAsync();

    private static string F2(double value) => value.ToString("F2", CultureInfo.InvariantCulture);

    // ---- what the answers must say, read from the score table without any of the bot's code ----

    private SqliteConnection Db()
    {
        var c = new SqliteConnection($"Data Source={app.Database.Path};Mode=ReadOnly");
        c.Open();
        return c;
    }

    private static T Scalar<T>(SqliteConnection c, string sql, params (string, object)[] args)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value);
        return (T)Convert.ChangeType(cmd.ExecuteScalar()!, typeof(T), CultureInfo.InvariantCulture);
    }

    private sealed record Expected(string UnitId, int Year, double Score, int Level, double? Delta, (string Pillar, double Score)[] Pillars,
        int Rank, int RankOf, int Level1, int Provinces);

    private Expected Read()
    {
        using var c = Db();
        var year = int.Parse(Scalar<string>(c, "SELECT value FROM dataset_meta WHERE key = 'latest_year'"), CultureInfo.InvariantCulture);
        var unit = Scalar<string>(c, "SELECT id FROM unit WHERE name_th = 'กรมที่ดิน'");
        (string, object)[] p = [("$u", unit), ("$y", year)];
        var score = Scalar<double>(c, "SELECT score FROM score WHERE unit_id = $u AND year = $y AND scope = 'overall'", p);
        var level = Scalar<int>(c, "SELECT level FROM score WHERE unit_id = $u AND year = $y AND scope = 'overall'", p);
        var previous = Scalar<long>(c, "SELECT count(*) FROM score WHERE unit_id = $u AND year = $y - 1 AND scope = 'overall'", p) == 1
            ? Scalar<double>(c, "SELECT score FROM score WHERE unit_id = $u AND year = $y - 1 AND scope = 'overall'", p) : (double?)null;
        var pillars = new List<(string, double)>();
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT key, score FROM score WHERE unit_id = $u AND year = $y AND scope = 'pillar' ORDER BY key";
            cmd.Parameters.AddWithValue("$u", unit);
            cmd.Parameters.AddWithValue("$y", year);
            using var r = cmd.ExecuteReader();
            while (r.Read()) pillars.Add((r.GetString(0), r.GetDouble(1)));
        }
        const string departments = "FROM score s JOIN unit u ON u.id = s.unit_id WHERE u.kind = 'department' AND s.year = $y AND s.scope = 'overall'";
        var ahead = Scalar<int>(c, $"SELECT count(*) {departments} AND s.score > $s", ("$y", year), ("$s", score));
        var total = Scalar<int>(c, $"SELECT count(*) {departments}", ("$y", year));
        var cyber = Scalar<string>(c, "SELECT code FROM sub_indicator WHERE name_th LIKE '%ไซเบอร์%'");
        const string provinces = "FROM score s JOIN unit u ON u.id = s.unit_id WHERE u.kind = 'province' AND s.year = $y AND s.scope = 'sub_indicator' AND s.key = $k";
        var level1 = Scalar<int>(c, $"SELECT count(*) {provinces} AND s.level = 1", ("$y", year), ("$k", cyber));
        var answered = Scalar<int>(c, $"SELECT count(*) {provinces}", ("$y", year), ("$k", cyber));
        return new Expected(unit, year, score, level, previous is { } prev ? Math.Round(score - prev, 2) : null, [.. pillars],
            ahead + 1, total, level1, answered);
    }

    // ---- the tests ----

    [Fact]
    public async Task Three_Thai_questions_show_the_score_tables_numbers_keep_the_conversation_and_a_suggestion_chip_asks_again()
    {
        var want = Read();
        await using var s = await Open();
        var page = s.Page;

        // 1. A unit's level: the text, the card and the trace.
        var first = await Ask(page, "กรมที่ดินอยู่ระดับไหน");
        var text = await AnswerText(first);
        Assert.Contains("กรมที่ดิน", text);
        Assert.Contains($"ปี {want.Year}", text);
        Assert.Contains($"ระดับที่ {want.Level}", text);
        Assert.Contains(F2(want.Score), text);
        if (want.Delta is { } delta) Assert.Contains((delta >= 0 ? "+" : "") + F2(delta), text);
        Assert.Equal(7, want.Pillars.Length);
        foreach (var (pillar, score) in want.Pillars)
            Assert.Contains(F2(score), text);
        Assert.Contains("\n", await first.Locator("p.answer").TextContentAsync()); // line breaks are kept (pre-wrap) ...
        Assert.True(await first.Locator("p.answer").EvaluateAsync<bool>("e => e.getClientRects().length > 0 && getComputedStyle(e).whiteSpace === 'pre-wrap'"));
        await Expect(first.Locator(".card h3")).ToHaveTextAsync("กรมที่ดิน");
        await Expect(first.Locator(".card .fact")).ToHaveCountAsync(want.Pillars.Length);
        await Expect(first.Locator(".card .headline")).ToContainTextAsync(F2(want.Score));
        await Expect(first.Locator(".badge-synthetic")).ToBeVisibleAsync();
        await Expect(page.Locator("header #synthetic-badge")).ToHaveTextAsync("ข้อมูลสังเคราะห์");

        var trace = first.Locator("details.trace");
        await Expect(trace.Locator("dl").First).ToBeHiddenAsync(); // collapsed until asked for
        await trace.Locator("summary").ClickAsync();
        await Expect(trace).ToContainTextAsync("unit_profile");
        await Expect(trace.Locator("li.call")).ToContainTextAsync("maturity.unit_profile");
        await Expect(trace.Locator("li.call")).ToContainTextAsync($"กรมที่ดิน ({want.UnitId}");
        await Expect(trace.Locator("li.call")).ToContainTextAsync(want.Year.ToString(CultureInfo.InvariantCulture));

        // A reload keeps the conversation (sessionStorage) and what was said.
        await page.ReloadAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-ready", "true");
        await Expect(page.Locator("article.msg-bot")).ToHaveCountAsync(1);

        // 2. A follow-up: same conversation, so "its rank" is กรมที่ดิน's.
        var second = await Ask(page, "แล้วอันดับล่ะ");
        text = await AnswerText(second);
        Assert.Contains("กรมที่ดิน", text);
        Assert.Contains($"อันดับ {want.Rank} จาก {want.RankOf}", text);
        await Expect(second.Locator("details.trace li.call")).ToContainTextAsync("maturity.unit_rank");
        await Expect(second.Locator(".card table tbody tr")).Not.ToHaveCountAsync(0);

        // 3. A distribution over provinces.
        var third = await Ask(page, "จังหวัดระดับ 1 ด้านไซเบอร์กี่จังหวัด");
        text = await AnswerText(third);
        Assert.Contains($"): {want.Provinces} แห่ง", text);
        Assert.Contains($"{want.Level1} แห่ง ({F2(100.0 * want.Level1 / want.Provinces)}%)", text);
        var firstRow = third.Locator(".card table tbody tr").First;
        await Expect(firstRow.Locator("td").Nth(1)).ToHaveTextAsync(want.Level1.ToString(CultureInfo.InvariantCulture));
        await Expect(third.Locator("details.trace li.call")).ToContainTextAsync("analytics.level_distribution");

        // The suggestions are chips; clicking one asks it.
        var chips = third.Locator("ul.chips button.chip");
        Assert.True(await chips.CountAsync() >= 2);
        var chip = chips.First;
        var suggestion = await chip.InnerTextAsync();
        var answers = page.Locator("article.msg-bot");
        await chip.ClickAsync();
        await Expect(answers).ToHaveCountAsync(4);
        await Expect(page.Locator("article.msg-user").Last).ToContainTextAsync(suggestion);
        var fourth = answers.Nth(3);
        Assert.False(string.IsNullOrWhiteSpace(await AnswerText(fourth)));
        await Expect(fourth.Locator("details.trace code").First).Not.ToHaveTextAsync("error");

        // A chip works from the keyboard too.
        var keyboardChip = fourth.Locator("ul.chips button.chip").Last;
        var keyboardSuggestion = await keyboardChip.InnerTextAsync();
        await keyboardChip.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(answers).ToHaveCountAsync(5);
        await Expect(page.Locator("article.msg-user").Last).ToContainTextAsync(keyboardSuggestion);

        await CheckPhoneLayout(page, "webchat-375x800");
        Assert.Empty(s.Errors);
    }

    [Fact]
    public async Task An_answer_with_a_chart_shows_the_chart_image_loaded_with_alt_text()
    {
        await using var s = await Open();
        var page = s.Page;
        var response = page.WaitForResponseAsync("**/api/ask");
        var answer = await Ask(page, "กรมที่ดินอยู่ระดับไหน");
        var json = await (await response).JsonAsync();
        Assert.True(json?.TryGetProperty("chartUrl", out _) == true,
            "the reply has no chartUrl: the chart endpoint (branch `charts`, IChartLinks) is not merged into this branch yet");

        var img = answer.Locator("figure.chart img");
        await Expect(img).ToHaveCountAsync(1);
        await img.ScrollIntoViewIfNeededAsync();
        await page.WaitForFunctionAsync("e => e.complete", await img.ElementHandleAsync());
        var natural = await img.EvaluateAsync<int>("e => e.naturalWidth");
        Assert.True(natural > 0, "the chart image did not load (naturalWidth 0)");
        var alt = await img.GetAttributeAsync("alt");
        Assert.Contains("กรมที่ดิน", alt);
        Assert.StartsWith("แผนภูมิ", alt);
        var box = await img.BoundingBoxAsync();
        Assert.True(box!.Width <= PhoneWidth, $"the chart is {box.Width}px wide on a {PhoneWidth}px screen");
        await CheckPhoneLayout(page, "webchat-chart-375x800");
        Assert.Empty(s.Errors);
    }

    [Fact]
    public async Task Thai_renders_in_a_Thai_font_not_as_missing_glyph_boxes()
    {
        await using var s = await Open();
        var page = s.Page;
        var family = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).fontFamily");
        Assert.StartsWith("Sarabun", family.Trim('"'));

        // Which system font chromium actually drew the Thai welcome text with (DevTools protocol), and how many glyphs.
        var cdp = await s.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("DOM.enable");
        await cdp.SendAsync("CSS.enable");
        var doc = await cdp.SendAsync("DOM.getDocument", new() { ["depth"] = 0 });
        var node = await cdp.SendAsync("DOM.querySelector", new()
        {
            ["nodeId"] = doc!.Value.GetProperty("root").GetProperty("nodeId").GetInt32(),
            ["selector"] = "#welcome p",
        });
        var fonts = await cdp.SendAsync("CSS.getPlatformFontsForNode", new() { ["nodeId"] = node!.Value.GetProperty("nodeId").GetInt32() });
        var used = fonts!.Value.GetProperty("fonts").EnumerateArray()
            .Select(f => (Name: f.GetProperty("familyName").GetString()!, Glyphs: f.GetProperty("glyphCount").GetDouble())).ToList();
        output.WriteLine("fonts used for the Thai text: " + string.Join(", ", used.Select(f => $"{f.Name} ({f.Glyphs} glyphs)")));
        string[] thaiFonts = ["Sarabun", "Loma", "Garuda", "Noto Sans Thai", "Noto Sans Thai UI", "Norasi", "Kinnari", "Waree", "Umpush", "Laksaman", "Purisa", "Sawasdee"];
        var main = used.MaxBy(f => f.Glyphs);
        Assert.Contains(main.Name, thaiFonts);

        // Independently of DevTools: with a Thai font, tone marks and upper vowels take no advance of their own, and Thai letters
        // are not the width of the missing-glyph box (U+0E3B is unassigned, so no font has it).
        var widths = await page.EvaluateAsync<JsonElement>("""
            () => {
              const span = document.createElement('span');
              span.style.position = 'absolute'; span.style.whiteSpace = 'pre'; span.style.fontSize = '40px';
              document.body.append(span);
              const w = (t) => { span.textContent = t; return span.getBoundingClientRect().width; };
              const r = { marked: w('ที่ผู้ใหญ่กี่ชื่อ'), bare: w('ทผใหญกชอ'), letters: w('กขคงจฉชซ'), boxes: w('\u0E3B'.repeat(8)) };
              span.remove();
              return r;
            }
            """);
        double W(string k) => widths.GetProperty(k).GetDouble();
        output.WriteLine($"widths: marked {W("marked")}, bare {W("bare")}, letters {W("letters")}, missing-glyph boxes {W("boxes")}");
        Assert.InRange(W("marked"), W("bare") - 1, W("bare") + 1);
        Assert.True(Math.Abs(W("letters") - W("boxes")) > 2, "Thai letters measure like missing-glyph boxes (tofu)");
        Assert.Empty(s.Errors);
    }

    [Fact]
    public async Task A_bad_question_a_lost_connection_and_a_slow_answer_are_explained_in_Thai()
    {
        await using var s = await Open();
        var page = s.Page;

        // Empty: the page says so and sends nothing.
        await Box(page).FillAsync("   ");
        await page.GetByRole(AriaRole.Button, new() { Name = "ส่ง", Exact = true }).ClickAsync();
        await Expect(page.Locator("#form-error")).ToHaveTextAsync("กรุณาพิมพ์คำถามก่อนกดส่ง");
        await Expect(page.Locator("article.msg-user")).ToHaveCountAsync(0);

        // Only zero-width characters: the server's 400 and its Thai message, and the text is given back to fix.
        await Box(page).FillAsync("\u200B\u200B");
        await Box(page).PressAsync("Enter");
        var error = page.Locator("article.msg-error").Last;
        await Expect(error).ToContainTextAsync("ส่งคำถามไม่ได้");
        await Expect(error).ToContainTextAsync("กรุณาพิมพ์คำถาม");
        await Expect(Box(page)).ToHaveValueAsync("\u200B\u200B");

        // No network: a Thai message and a retry button that asks again once the network is back.
        await page.RouteAsync("**/api/ask", route => route.AbortAsync("internetdisconnected"));
        await Box(page).FillAsync("กรมที่ดินอยู่ระดับไหน");
        await Box(page).PressAsync("Enter");
        error = page.Locator("article.msg-error").Last;
        await Expect(error).ToContainTextAsync("เชื่อมต่อ DgBot ไม่ได้");
        await page.UnrouteAllAsync();

        // A slow answer shows the typing indicator and holds the send button until it arrives.
        var release = new TaskCompletionSource();
        await page.RouteAsync("**/api/ask", async route => { await release.Task; await route.ContinueAsync(); });
        await error.GetByRole(AriaRole.Button, new() { Name = "ลองส่งอีกครั้ง" }).ClickAsync();
        await Expect(page.Locator("#typing")).ToBeVisibleAsync();
        await Expect(page.Locator("#typing")).ToHaveAttributeAsync("role", "status");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "ส่ง", Exact = true })).ToBeDisabledAsync();
        release.SetResult();
        await Expect(page.Locator("#typing")).ToBeHiddenAsync();
        await Expect(page.Locator("article.msg-bot")).ToHaveCountAsync(1);
        await Expect(page.Locator("article.msg-bot p.answer")).ToContainTextAsync("กรมที่ดิน");
        await Expect(page.Locator("#transcript")).ToHaveAttributeAsync("aria-live", "polite");
        await page.UnrouteAllAsync();
        Assert.All(s.Errors, e => Assert.Contains("Failed to load resource", e)); // the aborted and the 400 requests, nothing else
    }

    [Fact]
    public async Task Markup_in_any_server_string_is_shown_as_text_and_never_runs()
    {
        await using var s = await Open();
        var page = s.Page;
        const string evil = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script><b>ตัวหนา</b>";
        var reply = new
        {
            answer = "คำตอบ " + evil,
            intent = evil,
            calls = new[] { new { plugin = evil, function = evil, arguments = new Dictionary<string, object> { [evil] = new { id = evil, name = evil, kind = evil } }, outcome = evil } },
            dataset = new { synthetic = true, latestYear = 2567 },
            suggestions = new[] { evil },
            answeredBy = "parser",
            rich = new
            {
                title = evil, subtitle = evil, headline = evil,
                facts = new[] { new { label = evil, value = evil, level = 3 } },
                table = new { columns = new[] { evil }, rows = new[] { new[] { evil } } },
                chart = new { kind = evil, function = evil, arguments = new Dictionary<string, string>() },
                note = evil,
            },
            chartUrl = "javascript:window.__pwned=3",
        };
        // A fake server only for this reply: every field carries markup, as an answer quoting user text could.
        await page.RouteAsync("**/api/ask", route => route.FulfillAsync(new()
        {
            Status = 200, ContentType = "application/json", Body = JsonSerializer.Serialize(reply),
        }));
        await Box(page).FillAsync(evil);
        await Box(page).PressAsync("Enter");
        var answer = page.Locator("article.msg-bot");
        await Expect(answer).ToHaveCountAsync(1);
        await answer.Locator("details.trace summary").ClickAsync();

        await Expect(page.Locator("article.msg-user p.text")).ToHaveTextAsync(evil);
        await Expect(answer.Locator("p.answer")).ToHaveTextAsync("คำตอบ " + evil);
        await Expect(answer.Locator(".card h3")).ToHaveTextAsync(evil);
        await Expect(answer.Locator(".card td")).ToHaveTextAsync(evil);
        await Expect(answer.Locator("button.chip")).ToHaveTextAsync(evil);
        await Expect(answer.Locator("details.trace")).ToContainTextAsync(evil);
        Assert.Equal(0, await page.Locator("#transcript img, #transcript script, #transcript b, [onerror]").CountAsync());
        Assert.Equal(0, await page.Locator("figure.chart, #transcript a").CountAsync()); // a javascript: chart URL is dropped
        Assert.True(await page.EvaluateAsync<bool>("() => window.__pwned === undefined"));
        await page.UnrouteAllAsync();
        Assert.Empty(s.Errors);
    }

    /// <summary>At 375 px nothing is wider than the screen (no sideways scrolling), taps are at least 44 px high, and a screenshot is kept.</summary>
    private async Task CheckPhoneLayout(IPage page, string name)
    {
        var layout = await page.EvaluateAsync<JsonElement>("""
            () => {
              const width = document.documentElement.clientWidth;
              const wide = [];
              for (const e of document.body.querySelectorAll('*')) {
                if (e.closest('.table-wrap') && !e.classList.contains('table-wrap')) continue; // tables scroll inside their own box
                const r = e.getBoundingClientRect();
                if (r.width <= 1 && r.height <= 1) continue; // visually hidden labels
                if (r.width > 0 && (r.right > width + 0.5 || r.left < -0.5)) wide.push(`${e.tagName}.${e.className} ${Math.round(r.left)}..${Math.round(r.right)}`);
              }
              const small = [...document.querySelectorAll('button, summary, textarea')]
                .filter(e => e.getClientRects().length > 0)
                .filter(e => e.getBoundingClientRect().height < 44)
                .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().height)}px`);
              return { width, scrollWidth: document.documentElement.scrollWidth, bodyScrollWidth: document.body.scrollWidth, wide, small };
            }
            """);
        var width = layout.GetProperty("width").GetInt32();
        Assert.Equal(PhoneWidth, width);
        Assert.True(layout.GetProperty("scrollWidth").GetInt32() <= width, $"the page scrolls sideways: {layout}");
        Assert.True(layout.GetProperty("bodyScrollWidth").GetInt32() <= width, $"the body is wider than the screen: {layout}");
        Assert.Empty(layout.GetProperty("wide").EnumerateArray());
        Assert.Empty(layout.GetProperty("small").EnumerateArray());
        var path = Path.Combine(BrowserFixture.OutputDirectory, name + ".png");
        await page.ScreenshotAsync(new() { Path = path });
        var full = Path.Combine(BrowserFixture.OutputDirectory, name + "-full.png");
        await page.ScreenshotAsync(new() { Path = full, FullPage = true });
        output.WriteLine($"screenshots: {path} (the 375x800 screen), {full} (the whole page)");
    }
}
