using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using DgBot.Core.Formatting;

namespace DgBot.Web.Channels.Line;

/// <summary>
/// A <see cref="RichAnswer"/> as a Flex bubble: the title and subtitle in the header, the chart as the hero image, then the
/// headline, the facts as label/value rows (the value coloured by level), the table as rows of boxes and the note in small grey.
/// </summary>
public static class LineFlex
{
    /// <summary>LINE refuses a bubble whose JSON is over 30 KB.</summary>
    public const int MaxBubbleBytes = 30 * 1024;
    public const int MaxTableRows = 15;

    /// <summary>The level colours, 1 (lowest) to 5, dark enough to read on white.</summary>
    public static readonly IReadOnlyDictionary<int, string> LevelColours = new Dictionary<int, string>
    {
        [1] = "#C62828", [2] = "#E65100", [3] = "#9A6700", [4] = "#2E7D32", [5] = "#1565C0",
    };

    private const string Ink = "#1A1A1A", Muted = "#666666", Faint = "#8C8C8C", Brand = "#0B4F8A";

    /// <summary>The bubble, or null when even a shortened one would be over LINE's size limit (the caller sends text).</summary>
    public static JsonObject? Bubble(RichAnswer rich, string? heroUrl)
    {
        for (var rows = Math.Min(rich.Table?.Rows.Count ?? 0, MaxTableRows); ; rows /= 2)
        {
            var bubble = Build(rich, heroUrl, rows);
            if (Encoding.UTF8.GetByteCount(bubble.ToJsonString(LineJson.Options)) <= MaxBubbleBytes) return bubble;
            if (rows == 0) return null;
        }
    }

    private static JsonObject Build(RichAnswer rich, string? heroUrl, int tableRows)
    {
        var header = new List<JsonNode> { Text(rich.Title, size: "lg", colour: "#FFFFFF", bold: true) };
        if (!string.IsNullOrWhiteSpace(rich.Subtitle)) header.Add(Text(rich.Subtitle, size: "sm", colour: "#D6E4F5"));

        var body = new List<JsonNode>();
        if (!string.IsNullOrWhiteSpace(rich.Headline)) body.Add(Text(rich.Headline, size: "md", colour: Ink, bold: true));
        if (rich.Facts.Count > 0)
        {
            if (body.Count > 0) body.Add(Separator());
            body.Add(Box("vertical", rich.Facts.Select(Fact), spacing: "sm"));
        }
        if (rich.Table is { Columns.Count: > 0 } table && tableRows > 0)
        {
            if (body.Count > 0) body.Add(Separator());
            body.Add(Table(table, tableRows));
        }
        if (!string.IsNullOrWhiteSpace(rich.Note))
        {
            if (body.Count > 0) body.Add(Separator());
            body.Add(Text(rich.Note, size: "xxs", colour: Faint));
        }
        if (body.Count == 0) body.Add(Text(rich.Title, size: "md", colour: Ink));

        var bubble = new JsonObject
        {
            ["type"] = "bubble",
            ["size"] = rich.Table?.Columns.Count >= 4 ? "giga" : "mega",
            ["header"] = Box("vertical", header, spacing: "xs", padding: "16px", background: Brand),
        };
        if (heroUrl is not null)
            bubble["hero"] = new JsonObject
            {
                ["type"] = "image", ["url"] = heroUrl, ["size"] = "full", ["aspectRatio"] = "20:13", ["aspectMode"] = "fit", ["backgroundColor"] = "#FFFFFF",
            };
        bubble["body"] = Box("vertical", body, spacing: "md", padding: "16px");
        return bubble;
    }

    private static JsonObject Fact(RichFact fact) => Box("horizontal",
    [
        Text(fact.Label, size: "sm", colour: Muted, flex: 5),
        Text(fact.Value, size: "sm", colour: fact.Level is { } l && LevelColours.TryGetValue(l, out var c) ? c : Ink, bold: true, flex: 4, align: "end"),
    ], spacing: "md");

    private static JsonObject Table(RichTable table, int rows)
    {
        var shown = table.Rows.Take(rows).ToList();
        // Each column's share of the width follows its longest cell, so a name gets room and a rank or score stays narrow.
        var weights = table.Columns.Select((column, i) =>
            Math.Clamp((int)Math.Ceiling(shown.Select(r => i < r.Count ? Width(r[i]) : 1).Append(Width(column)).Max() / 3.0), 1, 6)).ToList();
        var lines = new List<JsonNode>
        {
            Box("horizontal", table.Columns.Select((c, i) => (JsonNode)Text(c, size: "xs", colour: Faint, bold: true, flex: weights[i])), spacing: "sm"),
        };
        foreach (var row in shown)
            lines.Add(Box("horizontal", table.Columns.Select((_, i) => (JsonNode)Text(i < row.Count ? row[i] : "", size: "sm", colour: Ink, flex: weights[i])),
                spacing: "sm"));
        if (table.Rows.Count > rows)
            lines.Add(Text($"และอีก {(table.Rows.Count - rows).ToString(CultureInfo.InvariantCulture)} แถว", size: "xs", colour: Faint));
        return Box("vertical", lines, spacing: "sm");
    }

    /// <summary>Letters as the reader sees them: a Thai consonant with its vowel and tone marks is one.</summary>
    private static int Width(string text) => new StringInfo(text).LengthInTextElements;

    private static JsonObject Box(string layout, IEnumerable<JsonNode> contents, string? spacing = null, string? padding = null, string? background = null)
    {
        var box = new JsonObject { ["type"] = "box", ["layout"] = layout, ["contents"] = new JsonArray(contents.ToArray()) };
        if (spacing is not null) box["spacing"] = spacing;
        if (padding is not null) box["paddingAll"] = padding;
        if (background is not null) box["backgroundColor"] = background;
        return box;
    }

    private static JsonObject Text(string? text, string size, string colour, bool bold = false, int? flex = null, string? align = null)
    {
        // A Flex text component must not be empty.
        var node = new JsonObject { ["type"] = "text", ["text"] = string.IsNullOrWhiteSpace(text) ? "-" : text.Trim(), ["size"] = size, ["color"] = colour, ["wrap"] = true };
        if (bold) node["weight"] = "bold";
        if (flex is not null) node["flex"] = flex;
        if (align is not null) node["align"] = align;
        return node;
    }

    private static JsonObject Separator() => new() { ["type"] = "separator" };
}
