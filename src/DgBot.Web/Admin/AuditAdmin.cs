using DgBot.Core.Audit;

namespace DgBot.Web.Admin;

public static class AuditAdmin
{
    /// <summary>GET /api/admin/audit[?limit=n&amp;channel=&amp;user=&amp;outcome=]: the newest questions first.</summary>
    public static RouteGroupBuilder MapAuditAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/audit", (AuditLog audit, int? limit, string? channel, string? user, string? outcome) =>
        {
            if (limit is < 1 or > 10_000)
                return Results.Json(new { error = "limit ต้องอยู่ระหว่าง 1 ถึง 10000" }, statusCode: StatusCodes.Status400BadRequest);
            var rows = audit.List(limit ?? 200, Blank(channel), Blank(user), Blank(outcome));
            return Results.Json(new { count = rows.Count, entries = rows });
        });
        return admin;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
