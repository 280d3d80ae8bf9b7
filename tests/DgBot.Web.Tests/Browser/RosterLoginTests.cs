using DgBot.Core.Access;
using DgBot.Core.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DgBot.Web.Tests.Browser;

/// <summary>The web chat in Access:Mode=Roster, in chromium: signing in, what each role is told, signing out.</summary>
public sealed class RosterLoginFixture : IAsyncLifetime
{
    public const string Password = "รหัสผ่าน-หน้าเว็บ-7";

    private sealed class Factory(string db) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Data:Path", db);
            builder.UseSetting("Access:Mode", "Roster");
            builder.UseSetting("Alerts:Cron", "");
        }
    }

    private Factory? _factory;
    private IPlaywright? _playwright;

    public DemoDatabase Database { get; } = new();
    public IBrowser Browser { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(BrowserFixture.Chromium))
            throw new InvalidOperationException($"{BrowserFixture.Chromium} is missing: run tests/run.sh as root, or apt-get install -y chromium fonts-thai-tlwg");
        _factory = new Factory(Database.Path);
        _factory.UseKestrel(0);
        _factory.StartServer();
        BaseAddress = new UriBuilder(_factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) { Host = "127.0.0.1" }.Uri;
        var roster = new Roster(_factory.Services.GetRequiredService<StateStore>(), TimeProvider.System);
        roster.Upsert(RosterChannels.Web, "somchai", Roles.Analyst, null, "สมชาย นักวิเคราะห์", Password);
        roster.Upsert(RosterChannels.Web, "dcio-landdept", Roles.Dcio, "D116", "ผู้บริหารกรมที่ดิน", Password);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = BrowserFixture.Chromium, Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        Database.Dispose();
    }
}

public sealed class RosterLoginTests(RosterLoginFixture app) : IClassFixture<RosterLoginFixture>
{
    static RosterLoginTests() => SetDefaultExpectTimeout(15_000);

    private async Task<(IBrowserContext Context, IPage Page, List<string> Errors)> Open()
    {
        var context = await app.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 375, Height = 800 }, Locale = "th-TH", BaseURL = app.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => { lock (errors) errors.Add(e); };
        await page.GotoAsync("/");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-ready", "true");
        return (context, page, errors);
    }

    private static async Task<string> Ask(IPage page, string question)
    {
        var answers = page.Locator("article.msg-bot");
        var before = await answers.CountAsync();
        var box = page.GetByLabel("พิมพ์คำถาม", new() { Exact = true });
        await box.FillAsync(question);
        await box.PressAsync("Enter");
        await Expect(answers).ToHaveCountAsync(before + 1);
        return await answers.Nth(before).Locator("p.answer").InnerTextAsync();
    }

    private static async Task SignIn(IPage page, string name, string password)
    {
        await page.GetByLabel("ชื่อผู้ใช้").FillAsync(name);
        await page.GetByLabel("รหัสผ่าน", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "เข้าสู่ระบบ" }).ClickAsync();
    }

    [Fact]
    public async Task An_analyst_signs_in_sees_unit_details_and_signs_out_to_national_figures_only()
    {
        var (context, page, errors) = await Open();
        await using var _ = context;

        await Expect(page.Locator("#login")).ToBeVisibleAsync();
        Assert.Contains("เปิดให้เฉพาะผู้ใช้ที่ลงทะเบียนแล้ว", await Ask(page, "กรมที่ดินอยู่ระดับไหน"));

        await SignIn(page, "somchai", "ผิด");
        await Expect(page.Locator("#login-error")).Not.ToBeEmptyAsync();
        await Expect(page.Locator("#signed-in")).ToBeHiddenAsync();

        await SignIn(page, "somchai", RosterLoginFixture.Password);
        await Expect(page.Locator("#signed-in")).ToBeVisibleAsync();
        await Expect(page.Locator("#signed-in-name")).ToContainTextAsync("somchai");
        await Expect(page.Locator("#login")).ToBeHiddenAsync();
        var answer = await Ask(page, "กรมที่ดินอยู่ระดับไหน");
        Assert.Contains("กรมที่ดิน", answer);
        Assert.Contains("ระดับ", answer);
        Assert.DoesNotContain("ขออภัย", answer);

        await page.GetByRole(AriaRole.Button, new() { Name = "ออกจากระบบ" }).ClickAsync();
        await Expect(page.Locator("#login")).ToBeVisibleAsync();
        Assert.Contains("เปิดให้เฉพาะผู้ใช้ที่ลงทะเบียนแล้ว", await Ask(page, "กรมที่ดินอยู่ระดับไหน"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_dcio_sees_their_own_unit_and_only_the_public_rank_of_another()
    {
        var (context, page, errors) = await Open();
        await using var _ = context;

        await SignIn(page, "dcio-landdept", RosterLoginFixture.Password);
        await Expect(page.Locator("#signed-in-name")).ToContainTextAsync("dcio-landdept");

        var own = await Ask(page, "กรมที่ดินควรปรับอะไรก่อน");
        var other = await Ask(page, "กรมโยธาธิการและผังเมืองควรปรับอะไรก่อน");

        Assert.DoesNotContain("ขออภัย", own);
        Assert.Contains("เปิดให้เฉพาะหน่วยงานนั้น", other);
        Assert.Contains("อันดับของกรมโยธาธิการและผังเมืองที่เปิดเผยได้", other);
        await page.Locator("article.msg-bot").Last.Locator("details.trace summary").ClickAsync();
        await Expect(page.Locator("article.msg-bot").Last.Locator("details.trace")).ToContainTextAsync("ถูกปฏิเสธ");
        Assert.Empty(errors);
    }
}
