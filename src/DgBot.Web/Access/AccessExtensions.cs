using Microsoft.AspNetCore.DataProtection;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Globalization;
using DgBot.Core.Access;
using DgBot.Core.Formatting;
using DgBot.Core.Queries;
using DgBot.Web.Limits;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DgBot.Web.Access;

public sealed record LoginRequest([property: JsonPropertyName("name")] string? Name, [property: JsonPropertyName("password")] string? Password);

public sealed record AddUserRequest(
    [property: JsonPropertyName("channel")] string? Channel,
    [property: JsonPropertyName("userId")] string? UserId,
    [property: JsonPropertyName("role")] string? Role,
    [property: JsonPropertyName("unit")] string? Unit,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("password")] string? Password);

public sealed record IssueCodeRequest(
    [property: JsonPropertyName("role")] string? Role,
    [property: JsonPropertyName("unit")] string? Unit,
    [property: JsonPropertyName("hours")] int? Hours);

public static class AccessExtensions
{
    /// <summary>The web chat's signed session cookie (ASP.NET Core data protection signs and encrypts it).</summary>
    public const string WebScheme = "DgBotWeb";

    /// <summary>Options, roster and the kernel's access filter: every host that answers questions (web, `dgbot ask`, alerts) needs them.</summary>
    public static IServiceCollection AddAccessCore(this IServiceCollection services)
    {
        services.AddOptions<AccessOptions>()
            .Configure<IServiceProvider>((o, sp) => sp.GetService<IConfiguration>()?.GetSection(AccessOptions.Section).Bind(o))
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<Roster>();
        services.TryAddSingleton<AttemptLedger>();
        services.TryAddSingleton<AttemptLimiter>();
        services.TryAddSingleton<AccessFilter>();
        services.TryAddSingleton<AccessControl>();
        return services;
    }

    public static WebApplicationBuilder AddAccess(this WebApplicationBuilder builder)
    {
        builder.Services.AddAccessCore();
        // Session cookies are signed with data-protection keys. Kept beside the state database (or DataProtection:KeysPath),
        // a restart or a new instance on the same data keeps everyone signed in; the default in-home location may not survive
        // a container restart.
        builder.Services.AddDataProtection().SetApplicationName("DgBot");
        builder.Services.AddSingleton<IConfigureOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>>(sp =>
            new ConfigureOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>(o =>
            {
                var configured = sp.GetRequiredService<IConfiguration>()["DataProtection:KeysPath"];
                var state = sp.GetRequiredService<DgBot.Core.Storage.StateStore>().Path;
                var directory = string.IsNullOrWhiteSpace(configured) ? Path.ChangeExtension(state, null) + "-keys" : Path.GetFullPath(configured);
                o.XmlRepository = new Microsoft.AspNetCore.DataProtection.Repositories.FileSystemXmlRepository(
                    Directory.CreateDirectory(directory), sp.GetRequiredService<ILoggerFactory>());
            }));
        var hours = builder.Configuration.GetValue(AccessOptions.Section + ":" + nameof(AccessOptions.SessionHours), 8);
        builder.Services.AddAuthentication(WebScheme).AddCookie(WebScheme, o =>
        {
            o.Cookie.Name = "dgbot_session";
            o.Cookie.HttpOnly = true;
            // Strict keeps the cookie off every cross-site request; with /api/ask taking JSON only, no other site can ask as the user.
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(Math.Clamp(hours, 1, 24 * 30));
            o.SlidingExpiration = true;
            // An API answers 401, never a redirect to a login page.
            o.Events.OnRedirectToLogin = c => { c.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
            o.Events.OnRedirectToAccessDenied = c => { c.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
        });
        return builder;
    }

    /// <summary>The web login (POST /api/login, POST /api/logout, GET /api/me), and the start-up warning for Open mode.</summary>
    public static WebApplication MapAccess(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<AccessOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DgBot.Access");
        if (options.Mode == AccessMode.Open)
            logger.LogWarning("""
                ******** Access:Mode=Open: EVERY user sees EVERY unit's survey results in full. ********
                This is the demo default. Set Access__Mode=Roster for any deployment with real per-unit results.
                """);
        else
            logger.LogInformation("Access:Mode=Roster: users see what their role in the roster allows; unknown users see published national figures only");

        app.MapPost("/api/login", async (HttpContext http, AccessControl access, ThaiFormatter texts, IOptions<RateLimitOptions> rates) =>
        {
            LoginRequest? login;
            try { login = await http.Request.ReadFromJsonAsync<LoginRequest>(http.RequestAborted); }
            catch (JsonException) { login = null; }
            catch (InvalidOperationException) { login = null; }
            if (login is not { Name.Length: > 0, Password.Length: > 0 } || login.Name.Length > 200 || login.Password.Length > 1000)
                return Results.Json(new { error = texts.T("login.missing") }, statusCode: StatusCodes.Status400BadRequest);
            var name = login.Name.Trim();
            var source = AttemptLimiter.SourceKey(http.Connection.RemoteIpAddress, rates.Value.LimitLoopback);
            var attempt = access.Attempts.BeginLogin(name, source);
            // Locked: refused before the password is checked, so even the right one gets in no sooner. Names the roster does
            // not have lock the same way, so the answer says nothing about which names exist.
            if (attempt.RetryAfter is { } wait)
            {
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return Results.Json(new { error = texts.T("login.locked", ("minutes", Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes)))) },
                    statusCode: StatusCodes.Status429TooManyRequests);
            }
            // One answer for a wrong name and a wrong password: a login form must not tell which names exist.
            if (access.Roster.CheckPassword(name, login.Password) is not { } entry)
            {
                foreach (var locked in access.Attempts.LoginFailed(attempt))
                    logger.LogWarning("web sign-in locked for {Minutes} min: too many wrong passwords for {Scope} {Key}",
                        (int)locked.LockFor.TotalMinutes, locked.Scope, locked.Key);
                return Results.Json(new { error = texts.T("login.failed") }, statusCode: StatusCodes.Status401Unauthorized);
            }
            access.Attempts.LoginSucceeded(attempt);
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, entry.UserId)], WebScheme);
            await http.SignInAsync(WebScheme, new ClaimsPrincipal(identity));
            return Results.Json(Me(access, access.ToCaller(entry)));
        }).RequireRateLimiting(DgBot.Web.Limits.LimitExtensions.PerIp);
        app.MapPost("/api/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(WebScheme);
            return Results.NoContent();
        });
        app.MapGet("/api/me", (HttpContext http, AccessControl access) =>
        {
            var login = WebLogin(http);
            var entry = login is null ? null : access.Roster.Find(RosterChannels.Web, login);
            return Results.Json(Me(access, entry is null ? null : access.ToCaller(entry)));
        });
        return app;
    }

    /// <summary>The signed-in web user's login name; the roster is read again on every question, so removing a user ends their access at once.</summary>
    public static string? WebLogin(HttpContext http) =>
        http.User.Identity is { IsAuthenticated: true, AuthenticationType: WebScheme, Name: { Length: > 0 } name } ? name : null;

    private static object Me(AccessControl access, Caller? caller) => new
    {
        mode = access.Mode == AccessMode.Open ? "open" : "roster",
        user = caller is null ? null : new { name = caller.UserId, role = caller.Role, unit = caller.Unit is { } u ? new { id = u.Id, name = u.NameTh } : null },
    };

    /// <summary>/api/admin/users and /api/admin/registration-codes on the admin group (which already requires Admin:ApiKey).</summary>
    public static RouteGroupBuilder MapAccessAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/users", (Roster roster) => Results.Json(new { users = roster.List() }));
        admin.MapPost("/users", (AddUserRequest body, Roster roster, UnitResolver units) =>
        {
            if (!RosterChannels.IsValid(body.Channel)) return Bad($"channel must be one of {string.Join(", ", RosterChannels.All)}");
            if (string.IsNullOrWhiteSpace(body.UserId)) return Bad("userId is required");
            if (!Roles.IsValid(body.Role)) return Bad($"role must be one of {string.Join(", ", Roles.All)}");
            var (unit, problem) = UnitFor(body.Role!, body.Unit, units);
            if (problem is not null) return Bad(problem);
            if (body.Password is { Length: > 0 } && body.Channel != RosterChannels.Web) return Bad("only web users have a password");
            var existed = roster.Find(body.Channel!, body.UserId.Trim()) is not null;
            var entry = roster.Upsert(body.Channel!, body.UserId.Trim(), body.Role!, unit?.Id, body.Name, string.IsNullOrEmpty(body.Password) ? null : body.Password);
            return existed ? Results.Json(entry) : Results.Json(entry, statusCode: StatusCodes.Status201Created);
        });
        admin.MapDelete("/users/{channel}/{userId}", (string channel, string userId, Roster roster) =>
            roster.Remove(channel, userId) ? Results.NoContent() : Results.NotFound());
        // Ends a lock at once (a user locked out by someone else's guessing) and forgives the failures counted so far. Any
        // name may be unlocked, in the roster or not, as any name may be locked.
        admin.MapPost("/users/{channel}/{userId}/unlock", (string channel, string userId, AttemptLimiter attempts) =>
        {
            if (!RosterChannels.IsValid(channel)) return Bad($"channel must be one of {string.Join(", ", RosterChannels.All)}");
            var result = attempts.Unlock(channel, userId);
            return Results.Json(new { channel, userId, wasLocked = result.WasLocked, failuresCleared = result.FailuresCleared });
        });
        admin.MapPost("/registration-codes", (IssueCodeRequest body, Roster roster, UnitResolver units, IOptions<AccessOptions> options) =>
        {
            if (!Roles.IsValid(body.Role)) return Bad($"role must be one of {string.Join(", ", Roles.All)}");
            var (unit, problem) = UnitFor(body.Role!, body.Unit, units);
            if (problem is not null) return Bad(problem);
            var hours = body.Hours ?? options.Value.CodeHours;
            if (hours is < 1 or > 24 * 90) return Bad("hours must be between 1 and 2160");
            var issued = roster.IssueCode(body.Role!, unit?.Id, TimeSpan.FromHours(hours));
            // The only time the code exists in plain text: the admin hands it to the user, the server keeps its hash.
            return Results.Json(new { code = issued.Code, role = issued.Role, unit = unit is null ? null : new { id = unit.Id, name = unit.NameTh },
                expiresAt = issued.ExpiresAt, register = "ลงทะเบียน " + issued.Code }, statusCode: StatusCodes.Status201Created);
        });
        return admin;

        static IResult Bad(string message) => Results.Json(new { error = message }, statusCode: StatusCodes.Status400BadRequest);
    }

    /// <summary>A dcio's unit, from an id or any name the resolver knows; the other roles have none.</summary>
    public static (UnitRef? Unit, string? Problem) UnitFor(string role, string? unit, UnitResolver units)
    {
        if (role != Roles.Dcio) return (null, null);
        if (string.IsNullOrWhiteSpace(unit)) return (null, "a dcio needs a unit");
        var resolved = units.Resolve(unit.Trim());
        return resolved.Unit is { } u ? (u, null)
            : (null, resolved.Candidates.Count > 1 ? $"'{unit}' names several units: {string.Join(", ", resolved.Candidates.Select(c => c.Id))}" : $"'{unit}' is not a unit of the survey");
    }
}
