using System.Security.Cryptography;
using System.Text;

namespace DgBot.Web.Admin;

/// <summary>Admin:* settings. The API key is a secret: set it through the environment (Admin__ApiKey) or user-secrets.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>The key admin calls carry as "Authorization: Bearer &lt;key&gt;" or "X-Api-Key: &lt;key&gt;". Empty: every admin call is refused.</summary>
    public string? ApiKey { get; set; }
}

/// <summary>
/// Guards the admin API. Refusals say nothing about why (DESIGN §9: requests that authenticate badly get no detail), and the
/// comparison takes the same time whatever the key, so the key cannot be guessed byte by byte.
/// </summary>
public static class AdminAccess
{
    /// <summary>Endpoint filter for a route group: 401 unless the request carries the configured key.</summary>
    public static RouteGroupBuilder RequireAdminKey(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            var key = context.HttpContext.RequestServices.GetRequiredService<IConfiguration>()[AdminOptions.Section + ":" + nameof(AdminOptions.ApiKey)];
            return IsAdmin(context.HttpContext.Request, key) || IsAdminUser(context.HttpContext) ? await next(context) : Results.Unauthorized();
        });
        return group;
    }

    /// <summary>
    /// Every admin change (anything but GET) that got past the key goes to the audit log: who, method and path, and the status.
    /// Never the body: it can carry a web user's password, and a new registration code is in the response.
    /// </summary>
    private static async ValueTask<object?> AuditChangesAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var http = context.HttpContext;
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)) return result;
        var status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status200OK;
        try
        {
            http.RequestServices.GetRequiredService<DgBot.Core.Audit.AuditLog>().Record(new DgBot.Core.Audit.AuditEntry(
                "admin", DgBot.Web.Access.AccessExtensions.WebLogin(http) ?? "api-key", DgBot.Core.Access.Roles.Admin, null,
                $"{http.Request.Method} {http.Request.Path}", "admin", [], $"admin:{status}", null, 0));
        }
        catch (Exception e)
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("DgBot.Admin").LogError(e, "the audit log could not record an admin change");
        }
        return result;
    }

    /// <summary>
    /// A web user signed in (the session cookie) whom the roster names admin, read afresh so a removed admin loses access at
    /// once. The cookie is SameSite=Strict, so another site cannot make the browser call the admin API.
    /// </summary>
    public static bool IsAdminUser(HttpContext http) =>
        DgBot.Web.Access.AccessExtensions.WebLogin(http) is { } login
        && http.RequestServices.GetService<DgBot.Core.Access.Roster>()?.Find(DgBot.Core.Access.RosterChannels.Web, login)?.Role == DgBot.Core.Access.Roles.Admin;

    public static bool IsAdmin(HttpRequest request, string? configuredKey)
    {
        if (string.IsNullOrWhiteSpace(configuredKey)) return false;
        var presented = request.Headers["X-Api-Key"].ToString();
        if (presented.Length == 0)
        {
            var authorization = request.Headers.Authorization.ToString();
            if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) presented = authorization["Bearer ".Length..].Trim();
        }
        if (presented.Length == 0) return false;
        // Hashing first gives both sides the same length, which FixedTimeEquals needs to stay constant-time.
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(configuredKey)));
    }

    /// <summary>The /api/admin group every admin endpoint hangs from.</summary>
    public static RouteGroupBuilder MapAdminGroup(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DgBot.Admin");
        if (string.IsNullOrWhiteSpace(app.Configuration[AdminOptions.Section + ":" + nameof(AdminOptions.ApiKey)]))
            logger.LogWarning("Admin:ApiKey is not set: the admin API (/api/admin/*) refuses every request");
        var group = app.MapGroup("/api/admin").RequireAdminKey().RequireRateLimiting(DgBot.Web.Limits.LimitExtensions.PerIp);
        group.AddEndpointFilter(AuditChangesAsync);
        return group;
    }
}
