using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using DgBot.Core.Storage;

namespace DgBot.Core.Access;

/// <summary>The roles of DESIGN §9, as stored in the roster and typed in the CLI and admin API.</summary>
public static class Roles
{
    public const string Dcio = "dcio";
    public const string Analyst = "analyst";
    public const string Executive = "executive";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Dcio, Analyst, Executive, Admin];

    public static bool IsValid(string? role) => role is not null && All.Contains(role);
}

/// <summary>Where a user id comes from: Teams (the aadObjectId), LINE (the userId) or a web login name.</summary>
public static class RosterChannels
{
    public const string Teams = "teams";
    public const string Line = "line";
    public const string Web = "web";

    public static readonly IReadOnlyList<string> All = [Teams, Line, Web];

    public static bool IsValid(string? channel) => channel is not null && All.Contains(channel);
}

/// <param name="UnitId">The unit a dcio speaks for; null for the other roles.</param>
/// <param name="HasPassword">Whether a web login can sign in (the hash itself never leaves the store).</param>
public sealed record RosterEntry(string Channel, string UserId, string Role, string? UnitId, string? DisplayName, bool HasPassword,
    string CreatedAt, string UpdatedAt);

/// <summary>A one-time code as issued: <see cref="Code"/> is shown once and only its hash is kept.</summary>
public sealed record IssuedCode(string Code, string Role, string? UnitId, DateTimeOffset ExpiresAt);

/// <summary>How a redemption ended; <see cref="Limited"/>: too many wrong codes lately, so this one was not even looked up.</summary>
public enum RedeemStatus { Registered, Unknown, Expired, Used, Limited }

public sealed record RedeemResult(RedeemStatus Status, RosterEntry? Entry)
{
    /// <summary>For <see cref="RedeemStatus.Limited"/>: how long until a code may be tried again.</summary>
    public TimeSpan? RetryAfter { get; init; }
}

/// <summary>
/// The user roster and one-time registration codes (tables user_roster and registration_code in the state database).
/// Codes are random (50 bits) and single-use, so an unsalted SHA-256 of the code is enough to make a leaked table useless;
/// web passwords, chosen by people, get salted PBKDF2.
/// </summary>
public sealed class Roster(StateStore store, TimeProvider clock)
{
    /// <summary>No 0/O, 1/I/L: codes are read aloud and typed on phones.</summary>
    private const string CodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    private const int CodeLength = 10;
    private const int PasswordIterations = 100_000;

    private const string Columns = """
        channel AS Channel, user_id AS UserId, role AS Role, unit_id AS UnitId, display_name AS DisplayName,
        password_hash IS NOT NULL AS HasPassword, created_at AS CreatedAt, updated_at AS UpdatedAt
        """;

    public RosterEntry? Find(string channel, string userId)
    {
        using var c = store.Open();
        return c.QuerySingleOrDefault<Row>($"SELECT {Columns} FROM user_roster WHERE channel = @channel AND user_id = @userId",
            new { channel, userId })?.ToRecord();
    }

    public IReadOnlyList<RosterEntry> List()
    {
        using var c = store.Open();
        return c.Query<Row>($"SELECT {Columns} FROM user_roster ORDER BY channel, user_id").Select(r => r.ToRecord()).ToList();
    }

    /// <summary>Adds or replaces a user. A null password keeps an existing one (so a role change does not lock a web user out).</summary>
    public RosterEntry Upsert(string channel, string userId, string role, string? unitId, string? displayName = null, string? password = null)
    {
        Validate(channel, userId, role, unitId);
        var now = Now();
        using var c = store.Open();
        c.Execute("""
            INSERT INTO user_roster (channel, user_id, role, unit_id, display_name, password_hash, created_at, updated_at)
            VALUES (@channel, @userId, @role, @unitId, @displayName, @hash, @now, @now)
            ON CONFLICT (channel, user_id) DO UPDATE SET
                role = excluded.role, unit_id = excluded.unit_id,
                display_name = COALESCE(excluded.display_name, display_name),
                password_hash = COALESCE(excluded.password_hash, password_hash),
                updated_at = excluded.updated_at
            """, new { channel, userId, role, unitId = role == Roles.Dcio ? unitId : null, displayName, hash = password is null ? null : HashPassword(password), now });
        return Find(channel, userId)!;
    }

    public bool Remove(string channel, string userId)
    {
        using var c = store.Open();
        return c.Execute("DELETE FROM user_roster WHERE channel = @channel AND user_id = @userId", new { channel, userId }) > 0;
    }

    /// <summary>The web user whose password this is, or null; the same work is done for an unknown name, so timing says nothing.</summary>
    public RosterEntry? CheckPassword(string login, string password)
    {
        using var c = store.Open();
        var hash = c.ExecuteScalar<string?>("SELECT password_hash FROM user_roster WHERE channel = 'web' AND user_id = @login", new { login });
        var ok = VerifyPassword(password, hash ?? DummyHash.Value);
        return ok && hash is not null ? Find(RosterChannels.Web, login) : null;
    }

    public IssuedCode IssueCode(string role, string? unitId, TimeSpan lifetime)
    {
        Validate(RosterChannels.Web, "code", role, unitId);
        if (lifetime <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(lifetime), "a code must live for some time");
        var code = NewCode();
        var now = clock.GetUtcNow();
        var expires = now + lifetime;
        using var c = store.Open();
        c.Execute("""
            INSERT INTO registration_code (code_hash, role, unit_id, created_at, expires_at)
            VALUES (@hash, @role, @unitId, @now, @expires)
            """, new { hash = HashCode(code), role, unitId = role == Roles.Dcio ? unitId : null, now = Stamp(now), expires = Stamp(expires) });
        return new IssuedCode(code[..5] + "-" + code[5..], role, role == Roles.Dcio ? unitId : null, expires);
    }

    /// <summary>
    /// Spends a code for this channel user, in one transaction: the code is marked used by whoever redeems it first, so two
    /// people typing the same code at once cannot both register.
    /// </summary>
    public RedeemResult Redeem(string typed, string channel, string userId)
    {
        if (!RosterChannels.IsValid(channel) || string.IsNullOrWhiteSpace(userId)) return new(RedeemStatus.Unknown, null);
        var hash = HashCode(NormalizeCode(typed));
        var now = Stamp(clock.GetUtcNow());
        using var c = store.Open();
        using var tx = c.BeginTransaction();
        var code = c.QuerySingleOrDefault<(string Role, string? UnitId, string ExpiresAt, string? UsedAt)>(
            "SELECT role, unit_id, expires_at, used_at FROM registration_code WHERE code_hash = @hash", new { hash }, tx);
        if (code.Role is null) return new(RedeemStatus.Unknown, null);
        if (code.UsedAt is not null) return new(RedeemStatus.Used, null);
        if (string.CompareOrdinal(code.ExpiresAt, now) <= 0) return new(RedeemStatus.Expired, null);
        var spent = c.Execute("""
            UPDATE registration_code SET used_at = @now, used_by_channel = @channel, used_by_user = @userId
            WHERE code_hash = @hash AND used_at IS NULL
            """, new { now, channel, userId, hash }, tx);
        if (spent != 1) return new(RedeemStatus.Used, null);
        c.Execute("""
            INSERT INTO user_roster (channel, user_id, role, unit_id, created_at, updated_at)
            VALUES (@channel, @userId, @Role, @UnitId, @now, @now)
            ON CONFLICT (channel, user_id) DO UPDATE SET role = excluded.role, unit_id = excluded.unit_id, updated_at = excluded.updated_at
            """, new { channel, userId, code.Role, code.UnitId, now }, tx);
        tx.Commit();
        return new(RedeemStatus.Registered, Find(channel, userId));
    }

    /// <summary>What users type is forgiving: case, spaces and any dash or dot between the groups do not matter.</summary>
    public static string NormalizeCode(string typed) =>
        new string((typed ?? "").Where(char.IsAsciiLetterOrDigit).ToArray()).ToUpperInvariant();

    public static string HashCode(string normalized) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));

    private static string NewCode() =>
        new(Enumerable.Range(0, CodeLength).Select(_ => CodeAlphabet[RandomNumberGenerator.GetInt32(CodeAlphabet.Length)]).ToArray());

    private static void Validate(string channel, string userId, string role, string? unitId)
    {
        if (!RosterChannels.IsValid(channel)) throw new ArgumentException($"channel must be one of {string.Join(", ", RosterChannels.All)}");
        if (string.IsNullOrWhiteSpace(userId)) throw new ArgumentException("user id is empty");
        if (!Roles.IsValid(role)) throw new ArgumentException($"role must be one of {string.Join(", ", Roles.All)}");
        // A dcio without a unit would see nothing in full; better refused at the door than puzzling in chat.
        if (role == Roles.Dcio && string.IsNullOrWhiteSpace(unitId)) throw new ArgumentException("a dcio needs a unit");
    }

    private static readonly Lazy<string> DummyHash = new(() => HashPassword(Guid.NewGuid().ToString()));

    public static string HashPassword(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var key = Rfc2898DeriveBytes.Pbkdf2(password, salt, PasswordIterations, HashAlgorithmName.SHA256, 32);
        return $"pbkdf2-sha256${PasswordIterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(key)}";
    }

    public static bool VerifyPassword(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != "pbkdf2-sha256" || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var iterations)) return false;
        var expected = Convert.FromBase64String(parts[3]);
        var key = Rfc2898DeriveBytes.Pbkdf2(password, Convert.FromBase64String(parts[2]), iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(key, expected);
    }

    private string Now() => Stamp(clock.GetUtcNow());

    /// <summary>Fixed-width UTC stamps, so string order is time order in SQL.</summary>
    private static string Stamp(DateTimeOffset t) => StateStore.Timestamp(t);

    private sealed class Row
    {
        public string Channel { get; set; } = "";
        public string UserId { get; set; } = "";
        public string Role { get; set; } = "";
        public string? UnitId { get; set; }
        public string? DisplayName { get; set; }
        public bool HasPassword { get; set; }
        public string CreatedAt { get; set; } = "";
        public string UpdatedAt { get; set; } = "";
        public RosterEntry ToRecord() => new(Channel, UserId, Role, UnitId, DisplayName, HasPassword, CreatedAt, UpdatedAt);
    }
}
