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
public sealed class CrashTests(AlertWorld world) : FaultyChannelsTest(world)
{
    [Fact]
    public async Task A_delivery_run_killed_mid_send_and_restarted_delivers_each_alert_once_with_nothing_lost()
    {
        var teams = Enumerable.Range(0, 3).Select(_ => TeamsUser()).ToList();
        var line = Enumerable.Range(0, 3).Select(_ => LineUser()).ToList();
        var ids = teams.Concat(line).Select(Id).ToList();

        // First run: every answer is held, so the process dies with messages handed to the channels but not confirmed.
        Channels.HoldAnswers();
        var startedAt = DateTimeOffset.UtcNow;
        DateTimeOffset killedAt;
        using (var first = StartDgbot())
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (Channels.Delivered.Count < 4 && !first.HasExited && DateTime.UtcNow < deadline) await Task.Delay(50);
            if (first.HasExited) Assert.Fail("dgbot alerts run ended before it was killed: " + await first.StandardError.ReadToEndAsync());
            killedAt = DateTimeOffset.UtcNow;
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }
        Channels.Release();
        var afterKill = Courier.Mine(ids);
        var described = string.Join("; ", afterKill.Select(m => $"{m.Channel} {m.Status} {m.Attempts} {m.LastError} {m.ParkedReason}"))
            + $" | delivered {Channels.Delivered.Count} | " + string.Join(", ", Channels.Calls.Select(c => $"{c.Channel} {c.Status} {c.At:HH:mm:ss.fff}"))
            + $" | killed {killedAt:HH:mm:ss.fff} started {startedAt:HH:mm:ss.fff}";
        Assert.Equal(6, afterKill.Count);
        Assert.True(afterKill.Count(m => m.Status == OutboxStatus.Sending) == 4, described);
        Assert.DoesNotContain(afterKill, m => m.Status == OutboxStatus.Sent);
        Assert.Equal(4, Channels.Delivered.Count);

        // Second run: the dead run's leases are taken over at once; nothing is queued again.
        using var second = StartDgbot();
        var output = await second.StandardOutput.ReadToEndAsync();
        var errors = await second.StandardError.ReadToEndAsync();
        Assert.True(second.WaitForExit(120_000), "the second run did not finish");
        Assert.True(second.ExitCode == 0, $"exit {second.ExitCode}: {output} {errors}");
        Assert.Contains("0 alerts queued", output);

        var settled = Courier.Mine(ids);
        foreach (var m in settled)
        {
            Assert.Single(Channels.DeliveredTo(m.Target));
            if (m.Status == OutboxStatus.Parked)
            {
                // Only a Teams message the dead run had handed over may end parked: it arrived, and Teams cannot de-duplicate a resend.
                Assert.Equal(AlertChannels.Teams, m.Channel);
                Assert.StartsWith("in doubt", m.ParkedReason);
            }
            else Assert.Equal(OutboxStatus.Sent, m.Status);
        }
        Assert.Equal(6, Channels.Delivered.Count);
        // The LINE messages taken before the kill were sent again under their retry key and refused as duplicates (409).
        var resent = Channels.Calls.Count(c => c.Channel == "line" && c.Status == 409);
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
        foreach (var arg in new[] { dll, "alerts", "run", "--db", World.Db.Path, "--wait", "60", "-q" }) start.ArgumentList.Add(arg);
        var env = new Dictionary<string, string?>(Courier.FastSettings)
        {
            // Long enough that the held answers, not a timeout, decide when the run dies.
            ["Alerts:AttemptTimeout"] = "00:00:20",
            ["Alerts:Lease"] = "00:03:00",
            ["Teams:AppId"] = TeamsWorld.AppId,
            ["Teams:AppPassword"] = TeamsWorld.AppPassword,
            ["Teams:TenantId"] = TeamsWorld.TenantId,
            ["Teams:TokenEndpoint"] = Channels.TokenEndpoint,
            ["Line:ChannelSecret"] = "crash-secret",
            ["Line:ChannelAccessToken"] = "crash-token",
            ["Line:ApiBaseUrl"] = Channels.LineApiBaseUrl,
        };
        foreach (var (key, value) in env) start.Environment[key.Replace(":", "__")] = value;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        return Process.Start(start)!;
    }
}
