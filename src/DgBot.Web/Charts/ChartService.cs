using System.Globalization;
using DgBot.Core.Formatting;
using DgBot.Web.Chat;
using DgBot.Web.Data;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DgBot.Web.Charts;

/// <summary>
/// A chart spec to PNG bytes: the query re-run, the chart drawn, the bytes kept in a bounded in-memory cache keyed by the spec
/// and the version of the database file (an import or rebuild draws afresh).
/// </summary>
public sealed class ChartService(ChartSource source, ChartRenderer renderer, ChartFont font, DatasetInfoProvider datasets, ThaiFormatter f,
    DatabaseLocation database, IOptions<ChartOptions> options) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = options.Value.CacheMegabytes * 1024L * 1024L });

    public bool Available => font.Available;

    /// <summary>The chart's PNG, or null when the spec names nothing drawable (unknown unit, no data for that round...).</summary>
    public byte[]? Png(ChartSpec spec)
    {
        if (!font.Available) return null;
        var key = CacheKey(spec);
        if (_cache.TryGetValue(key, out byte[]? cached)) return cached;
        var data = source.Load(spec);
        if (data is null) return null;
        var png = renderer.Render(data, datasets.Current.Synthetic ? f.SyntheticLine : null);
        _cache.Set(key, png, new MemoryCacheEntryOptions { Size = png.Length, SlidingExpiration = TimeSpan.FromHours(6) });
        return png;
    }

    private string CacheKey(ChartSpec spec)
    {
        var file = new FileInfo(database.Path);
        var version = file.Exists ? $"{file.LastWriteTimeUtc.Ticks}:{file.Length}" : "";
        return string.Join("\u001f", new[] { version, spec.Kind, spec.Function }
            .Concat(spec.Arguments.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Key + "=" + a.Value)));
    }

    public void Dispose() => _cache.Dispose();
}

/// <summary>Signed chart links for answers (the <see cref="IChartLinks"/> seam of the chat service).</summary>
public sealed class ChartLinks(ChartTokens tokens, ChartFont font, IOptions<WebOptions> web) : IChartLinks
{
    public const string PathPrefix = "/charts/";
    public const string Extension = ".png";

    /// <summary>Absolute when Web:PublicBaseUrl is set (Teams and LINE fetch images themselves), root-relative otherwise; null when charts are off.</summary>
    public string? UrlFor(ChartSpec chart)
    {
        if (!font.Available || !ChartSource.IsDrawable(chart)) return null;
        var token = tokens.Create(chart);
        if (token.Length > ChartTokens.MaxLength) return null;
        var path = PathPrefix + token + Extension;
        var baseUrl = web.Value.PublicBaseUrl?.Trim().TrimEnd('/');
        return string.IsNullOrEmpty(baseUrl) ? path : baseUrl + path;
    }
}

public static class ChartsExtensions
{
    public static WebApplicationBuilder AddCharts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ChartOptions>().Bind(builder.Configuration.GetSection(ChartOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WebOptions>().Bind(builder.Configuration.GetSection(WebOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ChartOptions>, ChartOptionsValidator>();
        services.AddSingleton<IValidateOptions<WebOptions>, ChartOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ChartFont>();
        services.AddSingleton<ChartSigningKey>();
        services.AddSingleton<ChartTokens>();
        services.AddSingleton<ChartSource>();
        services.AddSingleton<ChartRenderer>();
        services.AddSingleton<ChartService>();
        // Whichever of AddChat and AddCharts runs first, answers get these links rather than none.
        services.Replace(ServiceDescriptor.Singleton<IChartLinks, ChartLinks>());
        return builder;
    }

    public static WebApplication MapCharts(this WebApplication app)
    {
        // Resolved now, so a missing Thai font is reported at start-up and the signing key exists before the first answer.
        _ = app.Services.GetRequiredService<ChartFont>();
        var key = app.Services.GetRequiredService<ChartSigningKey>();
        app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DgBot.Charts").LogInformation("Chart links are signed with the key from the {Source}", key.Source);

        app.MapMethods(ChartLinks.PathPrefix + "{file}", [HttpMethods.Get, HttpMethods.Head], Serve);
        return app;
    }

    /// <summary>Anything but a well-formed, correctly signed, unexpired token for a drawable chart is a plain 404 with no detail.</summary>
    private static IResult Serve(string file, HttpContext http, ChartTokens tokens, ChartService charts, TimeProvider clock)
    {
        if (file.Length > ChartTokens.MaxLength + ChartLinks.Extension.Length || !file.EndsWith(ChartLinks.Extension, StringComparison.Ordinal)
            || !tokens.TryRead(file[..^ChartLinks.Extension.Length], out var spec, out var expires))
            return Results.NotFound();
        if (!charts.Available) return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        var png = charts.Png(spec);
        if (png is null) return Results.NotFound();

        var etag = "\"" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(png), 0, 12) + "\"";
        var headers = http.Response.Headers;
        // Cached by the client (Teams and LINE proxies included) for an hour at most, and never past the link's own expiry.
        var maxAge = (long)Math.Clamp((expires - clock.GetUtcNow()).TotalSeconds, 0, 3600);
        headers.CacheControl = "private, max-age=" + maxAge.ToString(CultureInfo.InvariantCulture);
        headers.ETag = etag;
        headers.XContentTypeOptions = "nosniff";
        if (http.Request.Headers.IfNoneMatch.ToString() == etag) return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(png, "image/png");
    }
}
