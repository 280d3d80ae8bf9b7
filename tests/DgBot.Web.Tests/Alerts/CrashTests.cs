using System.Diagnostics;
using DgBot.Core;
using DgBot.Core.Alerts;
using DgBot.Web.Tests.Line;
using DgBot.Web.Tests.Teams;

namespace DgBot.Web.Tests.Alerts;

/// <summary>
/// `dgbot alerts run` as a real process, killed (SIGKILL, the whole process tree) while the fake channels hold their answers,
/// then run again: every subscriber ends with exactly one copy at the fake servers, and no message is left behind.
/// </summary>
[Collection("alerts")]
public sealed class CrashTests(AlertWorld world) : IAsyncLifetime
{
    private readonly FaultyChannels _channels = new();
    private Courier _courier = null!;

    public async Task InitializeAsync()
    {
        await _channels.StartAsync();
        _courier = new Courier(world, _channels);
    }

    public async Task DisposeAsync()
    {
        world.StopAll();
        await _courier.DisposeAsync();
        await _channels.DisposeAsync();
    }

    [Fact]
    public async Task A_delivery_run_killed_mid_send_and_restarted_delivers_each_alert_once_with_nothing_lost()
    {
        var teams = Enumerable.Range(0, 3).Select(_ =>
        {
            var user = new ChannelAddress(AlertChannels.Teams, "29:" + Guid.NewGuid().ToString("N"), "a:" + Guid.NewGuid().ToString("N"),
                TeamsWorld.TenantId, Guid.NewGuid().ToString());
            world.Subscriptions.Subscribe(user, new AlertScope(MinProbability: 0.2));
            _courier.RememberTeamsConversation(user, _channels.TeamsServiceUrl);
            return user;
        }).ToList();
        var line = Enumerable.Range(0, 3).Select(_ =>
        {
            var id = LineWorld.NewUser();
            var user = new ChannelAddress(AlertChannels.Line, id, id);
            world.Subscriptions.Subscribe(user, new AlertScope(MinProbability: 0.2));
            return user;
        }).ToList();
        var ids = teams.Concat(line).Select(a => AlertSubscriptions.IdOf(a.Channel, a.UserId)).ToList();

        // First run: every answer is held, so the process dies with messages handed to the channels but not confirmed.
        _channels.HoldAnswers();
        var startedAt = DateTimeOffset.UtcNow;
        DateTimeOffset killedAt;
        using (var first = StartDgbot())
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (_channels.Delivered.Count < 4 && !first.HasExited && DateTime.UtcNow < deadline) await Task.Delay(50);
            if (first.HasExited) Assert.Fail("dgbot alerts run ended before it was killed: " + await first.StandardError.ReadToEndAsync());
            killedAt = DateTimeOffset.UtcNow;
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }
        _channels.Release();
        var afterKill = _courier.Mine(ids);
        var described = string.Join("; ", afterKill.Select(m => $"{m.Channel} {m.Status} {m.Attempts} {m.LastError} {m.ParkedReason}"))
            + $" | delivered {_channels.Delivered.Count} | " + string.Join(", ", _channels.Calls.Select(c => $"{c.Channel} {c.Status} {c.At:HH:mm:ss.fff}"))
            + $" | killed {killedAt:HH:mm:ss.fff} started {startedAt:HH:mm:ss.fff}";
        Assert.Equal(6, afterKill.Count);
        Assert.True(afterKill.Count(m => m.Status == OutboxStatus.Sending) == 4, described);
        Assert.DoesNotContain(afterKill, m => m.Status == OutboxStatus.Sent);
        Assert.Equal(4, _channels.Delivered.Count);

        // Second run: the dead run's leases are taken over at once; nothing is queued again.
        using var second = StartDgbot();
        var output = await second.StandardOutput.ReadToEndAsync();
        var errors = await second.StandardError.ReadToEndAsync();
        Assert.True(second.WaitForExit(120_000), "the second run did not finish");
        Assert.True(second.ExitCode == 0, $"exit {second.ExitCode}: {output} {errors}");
        Assert.Contains("0 alerts queued", output);

        var settled = _courier.Mine(ids);
        foreach (var m in settled)
        {
            var target = m.Channel == AlertChannels.Line ? m.Target : m.Target;
            Assert.Single(_channels.DeliveredTo(target));
            if (m.Status == OutboxStatus.Parked)
            {
                // Only a Teams message the dead run had handed over may end parked: it arrived, and Teams cannot de-duplicate a resend.
                Assert.Equal(AlertChannels.Teams, m.Channel);
                Assert.StartsWith("in doubt", m.ParkedReason);
            }
            else Assert.Equal(OutboxStatus.Sent, m.Status);
        }
        Assert.Equal(6, _channels.Delivered.Count);
        // The LINE messages taken before the kill were sent again under their retry key and refused as duplicates (409).
        var resent = _channels.Calls.Count(c => c.Channel == "line" && c.Status == 409);
        var lineHeld = afterKill.Count(m => m.Channel == AlertChannels.Line && m.Status == OutboxStatus.Sending);
        Assert.Equal(lineHeld, resent);
    }

    private Process StartDgbot()
    {
        var root = Path.GetFullPath(Path.Combine(DataPaths.FindDataDirectory(), ".."));
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<Configuration>/<tfm>/
        var dll = Path.Combine(root, "src", "DgBot.Cli", "bin", configuration, "net10.0", "dgbot.dll");
        Assert.True(File.Exists(dll), $"dgbot is not built at {dll}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "alerts", "run", "--db", world.Db.Path, "--wait", "60", "-q" }) start.ArgumentList.Add(arg);
        var env = new Dictionary<string, string?>(Courier.FastSettings)
        {
            // Long enough that the held answers, not a timeout, decide when the run dies.
            ["Alerts:AttemptTimeout"] = "00:00:20",
            ["Alerts:Lease"] = "00:03:00",
            ["Teams:AppId"] = TeamsWorld.AppId,
            ["Teams:AppPassword"] = TeamsWorld.AppPassword,
            ["Teams:TenantId"] = TeamsWorld.TenantId,
            ["Teams:TokenEndpoint"] = _channels.TokenEndpoint,
            ["Line:ChannelSecret"] = "crash-secret",
            ["Line:ChannelAccessToken"] = "crash-token",
            ["Line:ApiBaseUrl"] = _channels.LineApiBaseUrl,
        };
        foreach (var (key, value) in env) start.Environment[key.Replace(":", "__")] = value;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        return Process.Start(start)!;
    }
}
