using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace DgBot.Web.Charts;

/// <summary>Chart images (GET /charts/{token}.png). The signing key comes from the environment (Charts__SigningKey) or is generated once.</summary>
public sealed class ChartOptions
{
    public const string Section = "Charts";
    public const int MinSigningKeyLength = 32;

    /// <summary>The HMAC-SHA256 key that signs chart links (at least 32 characters); empty means generated at first start and kept in the state database.</summary>
    public string? SigningKey { get; set; }

    /// <summary>How long a chart link works after the answer that carried it.</summary>
    [Range(1, 60 * 24 * 366)]
    public int LifetimeMinutes { get; set; } = 1440;

    /// <summary>
    /// Thai-capable font families to draw with, comma-separated, the first installed one wins (Debian's fonts-thai-tlwg).
    /// Not the monospace Tlwg faces (marks take their own cells), not Noto Sans Thai (no Latin digits).
    /// </summary>
    public string FontFamilies { get; set; } = "Loma, Garuda, Waree";

    public IReadOnlyList<string> FontFamilyList =>
        FontFamilies.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Image size in pixels: wide enough to read on a phone without zooming into tiny text.</summary>
    [Range(320, 4000)]
    public int Width { get; set; } = 800;

    [Range(240, 4000)]
    public int Height { get; set; } = 500;

    /// <summary>Rendered images kept in memory, in megabytes (least recently used go first).</summary>
    [Range(1, 1024)]
    public int CacheMegabytes { get; set; } = 32;
}

/// <summary>Where the host is reachable from outside; channels that fetch images themselves (Teams, LINE) need absolute URLs.</summary>
public sealed class WebOptions
{
    public const string Section = "Web";

    /// <summary>e.g. https://dgbot.example.go.th (a path prefix is allowed); empty means links are root-relative.</summary>
    public string? PublicBaseUrl { get; set; }
}

public sealed class ChartOptionsValidator : IValidateOptions<ChartOptions>, IValidateOptions<WebOptions>
{
    public ValidateOptionsResult Validate(string? name, ChartOptions options)
    {
        if (!string.IsNullOrEmpty(options.SigningKey) && options.SigningKey.Trim().Length < ChartOptions.MinSigningKeyLength)
            return ValidateOptionsResult.Fail($"Charts:SigningKey must be at least {ChartOptions.MinSigningKeyLength} characters (or empty, to have one generated and kept in the state database).");
        if (options.FontFamilyList.Count == 0)
            return ValidateOptionsResult.Fail("Charts:FontFamilies must name at least one font family, e.g. Loma.");
        return ValidateOptionsResult.Success;
    }

    public ValidateOptionsResult Validate(string? name, WebOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.PublicBaseUrl)) return ValidateOptionsResult.Success;
        if (!Uri.TryCreate(options.PublicBaseUrl.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            return ValidateOptionsResult.Fail($"Web:PublicBaseUrl must be an absolute http(s) URL without query or fragment, e.g. https://dgbot.example.go.th, not '{options.PublicBaseUrl}'.");
        return ValidateOptionsResult.Success;
    }
}
