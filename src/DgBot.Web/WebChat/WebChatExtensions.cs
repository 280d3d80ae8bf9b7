using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using DgBot.Web.Chat;
using Microsoft.Net.Http.Headers;

namespace DgBot.Web.WebChat;

/// <summary>
/// The web chat (DESIGN §8): `GET /` is a page for analysts and for trying the bot locally. It calls `POST /api/ask` like any
/// other channel; its HTML, CSS and script are embedded in this assembly, so the page needs no CDN, web font or content root.
/// </summary>
public static class WebChatExtensions
{
    public static WebApplication MapWebChat(this WebApplication app)
    {
        var assets = WebChatAssets.Load();
        var policy = ContentSecurityPolicy(app.Configuration["Web:PublicBaseUrl"]);
        app.MapGet("/", (HttpContext http, DatasetInfoProvider datasets, ILoggerFactory loggers) =>
        {
            DatasetInfo? dataset = null;
            try { dataset = datasets.Current; }
            catch (Exception e) { loggers.CreateLogger("DgBot.WebChat").LogWarning(e, "the page is served without the dataset line"); }
            Secure(http.Response, policy);
            http.Response.Headers.CacheControl = "no-cache";
            return Results.Content(assets.Page(dataset), "text/html; charset=utf-8");
        });
        app.MapGet("/webchat/{name}", (string name, HttpContext http) =>
        {
            if (!assets.Files.TryGetValue(name, out var file)) return Results.NotFound();
            http.Response.Headers.XContentTypeOptions = "nosniff";
            // The page links each file with ?v=<content hash>, so a versioned URL never changes and may be cached for good.
            http.Response.Headers.CacheControl = http.Request.Query["v"] == assets.Version ? "public, max-age=31536000, immutable" : "no-cache";
            var etag = new EntityTagHeaderValue($"\"{assets.Version}\"");
            return Results.Bytes(file.Content, file.ContentType, entityTag: etag);
        });
        return app;
    }

    /// <summary>
    /// Only this origin's own script, styles, images and API, plus the public base URL's origin for chart images (chart links
    /// are absolute when Web:PublicBaseUrl is set). The script puts every server string into the page as text; this policy
    /// stops anything that slipped through.
    /// </summary>
    private static string ContentSecurityPolicy(string? publicBaseUrl)
    {
        var images = "'self' data:";
        if (Uri.TryCreate(publicBaseUrl?.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")
            images += " " + uri.GetLeftPart(UriPartial.Authority);
        return $"default-src 'none'; script-src 'self'; style-src 'self'; img-src {images}; connect-src 'self'; " +
               "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    private static void Secure(HttpResponse response, string policy)
    {
        response.Headers.ContentSecurityPolicy = policy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "same-origin";
    }
}

/// <summary>The page template and its static files, read once from the assembly's embedded resources.</summary>
internal sealed class WebChatAssets
{
    private const string Prefix = "webchat/";
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    public required string Template { get; init; }
    public required FrozenDictionary<string, (byte[] Content, string ContentType)> Files { get; init; }
    public required string Version { get; init; }

    public static WebChatAssets Load()
    {
        var assembly = typeof(WebChatAssets).Assembly;
        byte[] Read(string name)
        {
            using var stream = assembly.GetManifestResourceStream(Prefix + name)
                ?? throw new InvalidOperationException($"embedded resource {Prefix}{name} is missing from {assembly.GetName().Name}");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
        var files = new Dictionary<string, (byte[], string)>
        {
            ["chat.js"] = (Read("chat.js"), "text/javascript; charset=utf-8"),
            ["chat.css"] = (Read("chat.css"), "text/css; charset=utf-8"),
        };
        var template = Encoding.UTF8.GetString(Read("index.html"));
        var hash = SHA256.HashData([.. files.Values.SelectMany(f => f.Item1), .. Encoding.UTF8.GetBytes(template)]);
        return new WebChatAssets { Template = template, Files = files.ToFrozenDictionary(), Version = Convert.ToHexStringLower(hash)[..12] };
    }

    /// <summary>The page with the dataset line filled in (HTML-encoded), so the round and the synthetic flag show before any question.</summary>
    public string Page(DatasetInfo? dataset)
    {
        var synthetic = dataset?.Synthetic == true;
        var year = dataset is { LatestYear: > 0 } d ? d.LatestYear.ToString(System.Globalization.CultureInfo.InvariantCulture) : "—";
        return Template
            .Replace("{{version}}", Html.Encode(Version), StringComparison.Ordinal)
            .Replace("{{latestYear}}", Html.Encode(year), StringComparison.Ordinal)
            .Replace("{{syntheticBadge}}", synthetic
                ? "<span id=\"synthetic-badge\" class=\"badge badge-synthetic\" title=\"ตัวเลขมาจากชุดข้อมูลสาธิตที่สร้างขึ้น ไม่ใช่ผลสำรวจจริง\">ข้อมูลสังเคราะห์</span>"
                : "", StringComparison.Ordinal)
            .Replace("{{syntheticWelcome}}", synthetic
                ? " (ตอนนี้เป็นชุดข้อมูลสาธิต (สังเคราะห์) ตัวเลขไม่ใช่ผลสำรวจจริงของหน่วยงาน)"
                : "", StringComparison.Ordinal);
    }
}
