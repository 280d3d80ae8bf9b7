using System.Globalization;
using System.Text.Json;
using DgBot.Core.Access;
using DgBot.Core.Queries;
using DgBot.Core.Storage;
using DgBot.Web.Access;
using DgBot.Web.Chat;

namespace DgBot.Cli;

/// <summary>
/// `dgbot users add|remove|list|code|unlock`: the access roster (DESIGN §9) in the state database beside the survey database, the
/// same tables the web host and its admin API (/api/admin/users) use.
/// </summary>
internal static class UsersCommand
{
    private const string Usage = "usage: dgbot users add <channel> <user-id> <role> [unit] | remove <channel> <user-id> | list | code <role> [unit] [--hours N] | unlock <channel> <user-id>";

    public static int Run(CliOptions o, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        if (o.Positional.Count == 0) return CliApp.Fail(stderr, Usage);
        var dataDir = o.ResolveDataDir();
        var db = o.ResolveDb(dataDir);
        if (!File.Exists(db))
        {
            stderr.WriteLine($"ไม่พบฐานข้อมูล (database not found): {db} — สร้างก่อนด้วย `dgbot build-db`");
            return 1;
        }
        var statePath = Environment.GetEnvironmentVariable("Data__StatePath") is { Length: > 0 } configured ? Path.GetFullPath(configured) : StateStore.DefaultPathFor(db);
        var state = new StateStore(statePath);
        var roster = new Roster(state, TimeProvider.System);
        var units = new UnitResolver(() => Database.Open(db, readOnly: true));
        var args = o.Positional.Skip(1).ToList();
        try
        {
            return o.Positional[0] switch
            {
                "list" when args.Count == 0 => List(roster, units, o.Json, stdout),
                "add" when args.Count is 3 or 4 => Add(roster, units, args, o, stdin, stdout, stderr),
                "remove" when args.Count == 2 => Remove(roster, args[0], args[1], stdout, stderr),
                "code" when args.Count is 1 or 2 => Code(roster, units, args, o.Hours ?? 72, o.Json, stdout, stderr),
                // Unlocking reads no limits, so the defaults stand in for the host's Access:* settings.
                "unlock" when args.Count == 2 => Unlock(new AttemptLimiter(new AttemptLedger(state, TimeProvider.System), roster,
                    Microsoft.Extensions.Options.Options.Create(new AccessOptions())), args[0], args[1], stdout, stderr),
                _ => CliApp.Fail(stderr, Usage),
            };
        }
        catch (ArgumentException e)
        {
            return CliApp.Fail(stderr, e.Message);
        }
    }

    private static int List(Roster roster, UnitResolver units, bool json, TextWriter stdout)
    {
        var entries = roster.List();
        if (json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(new { users = entries }, ChatExtensions.Json));
            return 0;
        }
        if (entries.Count == 0)
        {
            stdout.WriteLine("ยังไม่มีผู้ใช้ในรายชื่อ (the roster is empty)");
            return 0;
        }
        stdout.WriteLine("channel\tuser id\trole\tunit\tpassword\tupdated");
        foreach (var e in entries)
        {
            var unit = e.UnitId is { } id ? $"{id} {units.Resolve(id).Unit?.NameTh}".TrimEnd() : "-";
            stdout.WriteLine($"{e.Channel}\t{e.UserId}\t{e.Role}\t{unit}\t{(e.HasPassword ? "yes" : "-")}\t{e.UpdatedAt}");
        }
        stdout.WriteLine($"{entries.Count.ToString(CultureInfo.InvariantCulture)} ผู้ใช้ (users)");
        return 0;
    }

    private static int Add(Roster roster, UnitResolver units, List<string> args, CliOptions o, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var (channel, userId, role) = (args[0], args[1], args[2]);
        if (!RosterChannels.IsValid(channel)) return CliApp.Fail(stderr, $"channel must be one of {string.Join(", ", RosterChannels.All)}");
        if (!Roles.IsValid(role)) return CliApp.Fail(stderr, $"role must be one of {string.Join(", ", Roles.All)}");
        var (unit, problem) = AccessExtensions.UnitFor(role, args.ElementAtOrDefault(3), units);
        if (problem is not null) return CliApp.Fail(stderr, problem);
        if (role != Roles.Dcio && args.Count == 4) return CliApp.Fail(stderr, $"only a dcio has a unit, not a {role}");
        string? password = null;
        if (o.PasswordStdin)
        {
            if (channel != RosterChannels.Web) return CliApp.Fail(stderr, "only web users have a password");
            // Read from stdin, never from the command line, where it would sit in the shell history and the process list.
            password = stdin.ReadLine();
            if (string.IsNullOrEmpty(password)) return CliApp.Fail(stderr, "--password-stdin: no password on stdin");
        }
        var entry = roster.Upsert(channel, userId, role, unit?.Id, o.Name, password);
        stdout.WriteLine($"บันทึกผู้ใช้แล้ว (saved): {entry.Channel} {entry.UserId} → {entry.Role}{(unit is null ? "" : $" ของ {unit.NameTh} ({unit.Id})")}" +
                         (channel == RosterChannels.Web && !entry.HasPassword ? " — ยังไม่มีรหัสผ่าน เข้าสู่ระบบหน้าเว็บไม่ได้จนกว่าจะตั้ง (no password yet: add --password-stdin)" : ""));
        return 0;
    }

    private static int Remove(Roster roster, string channel, string userId, TextWriter stdout, TextWriter stderr)
    {
        if (!roster.Remove(channel, userId))
        {
            stderr.WriteLine($"ไม่พบผู้ใช้ (not found): {channel} {userId}");
            return 1;
        }
        stdout.WriteLine($"ลบผู้ใช้แล้ว (removed): {channel} {userId}");
        return 0;
    }

    private static int Unlock(AttemptLimiter attempts, string channel, string userId, TextWriter stdout, TextWriter stderr)
    {
        if (!RosterChannels.IsValid(channel)) return CliApp.Fail(stderr, $"channel must be one of {string.Join(", ", RosterChannels.All)}");
        var result = attempts.Unlock(channel, userId);
        stdout.WriteLine(result.WasLocked
            ? $"ปลดล็อกแล้ว (unlocked): {channel} {userId}"
            : $"ไม่ได้ถูกล็อกอยู่ (was not locked): {channel} {userId}");
        if (result.FailuresCleared > 0)
            stdout.WriteLine($"ล้างความพยายามที่ผิด {result.FailuresCleared.ToString(CultureInfo.InvariantCulture)} ครั้ง (failed attempts cleared)");
        return 0;
    }

    private static int Code(Roster roster, UnitResolver units, List<string> args, int hours, bool json, TextWriter stdout, TextWriter stderr)
    {
        var role = args[0];
        if (!Roles.IsValid(role)) return CliApp.Fail(stderr, $"role must be one of {string.Join(", ", Roles.All)}");
        var (unit, problem) = AccessExtensions.UnitFor(role, args.ElementAtOrDefault(1), units);
        if (problem is not null) return CliApp.Fail(stderr, problem);
        if (hours is < 1 or > 24 * 90) return CliApp.Fail(stderr, "--hours must be between 1 and 2160");
        var issued = roster.IssueCode(role, unit?.Id, TimeSpan.FromHours(hours));
        if (json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(new { code = issued.Code, role, unit = unit?.Id, expiresAt = issued.ExpiresAt }, ChatExtensions.Json));
            return 0;
        }
        // Shown once: only its hash is stored.
        stdout.WriteLine(issued.Code);
        stderr.WriteLine($"รหัสลงทะเบียนสำหรับ {role}{(unit is null ? "" : $" ของ {unit.NameTh}")} ใช้ได้ครั้งเดียว หมดอายุ " +
                         $"{issued.ExpiresAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}; ผู้ใช้พิมพ์ในแชต Teams หรือ LINE: ลงทะเบียน {issued.Code}");
        stderr.WriteLine("(one-time registration code, shown only now; the user types it in Teams or LINE as above)");
        return 0;
    }
}
