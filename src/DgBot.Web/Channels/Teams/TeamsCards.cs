using System.Text.Json;
using System.Text.Json.Nodes;
using DgBot.Core.Formatting;

namespace DgBot.Web.Channels.Teams;

/// <summary>
/// A rich answer as an Adaptive Card 1.5 (built as JSON: the AdaptiveCards package is not available here): title, subtitle,
/// headline, a FactSet, the table as a Table element, the chart as an Image when its URL is absolute (Teams fetches it
/// itself), and the note small and subtle. A card that would push the message past Teams' size limit loses table rows first.
/// </summary>
public static class TeamsCards
{
    public const string ContentType = "application/vnd.microsoft.card.adaptive";
    public const string Version = "1.5";
    /// <summary>Rows shown at most; RichAnswer lists are already cut to 15, this keeps a card readable on a phone too.</summary>
    public const int MaxRows = 15;

    /// <summary>The card as an attachment whose JSON (as UTF-16) fits <paramref name="budgetBytes"/>, or null when not even its head fits.</summary>
    public static Attachment? Fit(RichAnswer rich, string? chartUrl, int budgetBytes)
    {
        var rows = Math.Min(rich.Table?.Rows.Count ?? 0, MaxRows);
        while (true)
        {
            var attachment = new Attachment { ContentType = ContentType, Content = Card(rich, chartUrl, rows) };
            if (Utf16Size(attachment) <= budgetBytes) return attachment;
            if (rows == 0) return null;
            rows /= 2;
        }
    }

    /// <summary>The card with at most <paramref name="maxRows"/> table rows (the header row aside); a cut table says how many rows it left out.</summary>
    public static JsonObject Card(RichAnswer rich, string? chartUrl, int maxRows = MaxRows)
    {
        var body = new JsonArray { Text(rich.Title, size: "Large", weight: "Bolder", style: "heading") };
        if (!string.IsNullOrWhiteSpace(rich.Subtitle)) body.Add(Text(rich.Subtitle, subtle: true, spacing: "None"));
        if (!string.IsNullOrWhiteSpace(rich.Headline)) body.Add(Text(rich.Headline, size: "Medium", weight: "Bolder"));
        if (rich.Facts.Count > 0)
            body.Add(new JsonObject
            {
                ["type"] = "FactSet",
                ["facts"] = new JsonArray(rich.Facts.Select(f => (JsonNode)new JsonObject { ["title"] = f.Label, ["value"] = f.Value }).ToArray()),
            });
        if (rich.Table is { Rows.Count: > 0 } table && maxRows > 0)
        {
            var shown = table.Rows.Take(maxRows).ToList();
            body.Add(Table(table.Columns, shown));
            if (shown.Count < table.Rows.Count)
                body.Add(Text($"… และอีก {table.Rows.Count - shown.Count} แถว", size: "Small", subtle: true));
        }
        if (Uri.TryCreate(chartUrl, UriKind.Absolute, out var url) && url.Scheme is "https" or "http")
            body.Add(new JsonObject
            {
                ["type"] = "Image",
                ["url"] = url.AbsoluteUri,
                ["altText"] = string.Join(" ", new[] { rich.Title, rich.Subtitle }.Where(s => !string.IsNullOrWhiteSpace(s))),
                ["size"] = "Stretch",
                ["spacing"] = "Medium",
            });
        if (!string.IsNullOrWhiteSpace(rich.Note)) body.Add(Text(rich.Note, size: "Small", subtle: true, spacing: "Medium"));
        return new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = Version,
            ["msteams"] = new JsonObject { ["width"] = "Full" },
            ["body"] = body,
        };
    }

    private static JsonObject Table(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        // Relative widths from the longest text in each column, so names get the room and numbers do not.
        var widths = columns.Select((c, i) => Math.Clamp(rows.Select(r => i < r.Count ? r[i].Length : 0).Append(c.Length).Max(), 3, 30)).ToList();
        static JsonObject Row(IEnumerable<string> cells, bool header) => new()
        {
            ["type"] = "TableRow",
            ["cells"] = new JsonArray(cells.Select(c => (JsonNode)new JsonObject
            {
                ["type"] = "TableCell",
                ["items"] = new JsonArray(Text(c, weight: header ? "Bolder" : null)),
            }).ToArray()),
        };
        var all = new JsonArray { Row(columns, header: true) };
        foreach (var r in rows) all.Add(Row(columns.Select((_, i) => i < r.Count ? r[i] : ""), header: false));
        return new JsonObject
        {
            ["type"] = "Table",
            ["columns"] = new JsonArray(widths.Select(w => (JsonNode)new JsonObject { ["width"] = w }).ToArray()),
            ["rows"] = all,
            ["firstRowAsHeader"] = true,
            ["showGridLines"] = true,
            ["gridStyle"] = "accent",
            ["spacing"] = "Medium",
        };
    }

    private static JsonObject Text(string text, string? size = null, string? weight = null, bool subtle = false, string? spacing = null, string? style = null)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };
        if (size is not null) block["size"] = size;
        if (weight is not null) block["weight"] = weight;
        if (subtle) block["isSubtle"] = true;
        if (spacing is not null) block["spacing"] = spacing;
        if (style is not null) block["style"] = style;
        return block;
    }

    private static int Utf16Size(Attachment attachment) => JsonSerializer.Serialize(attachment, TeamsJson.Options).Length * 2;
}
