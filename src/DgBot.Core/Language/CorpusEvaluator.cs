using System.Globalization;
using System.Text.Json;

namespace DgBot.Core.Language;

public sealed record CorpusTurn(string ConversationId, int Index, string Text, IReadOnlyList<string> Tags, string ExpectedIntent,
    IReadOnlyDictionary<string, JsonElement> ExpectedArgs);

public sealed record TurnResult(CorpusTurn Turn, ParsedQuestion Actual, bool IntentOk, bool ArgsOk, string? Difference);

public sealed record EvaluationReport(int Turns, int IntentCorrect, int FullCorrect, IReadOnlyList<TurnResult> Results, TimeSpan Elapsed)
{
    public double IntentAccuracy => Turns == 0 ? 0 : 100.0 * IntentCorrect / Turns;
    public double FullAccuracy => Turns == 0 ? 0 : 100.0 * FullCorrect / Turns;
    public IEnumerable<TurnResult> Failures => Results.Where(r => !r.IntentOk || !r.ArgsOk);

    /// <summary>expected → actual intent counts for the misses, most frequent first.</summary>
    public IReadOnlyList<(string Expected, string Actual, int Count)> Confusions => Results.Where(r => !r.IntentOk)
        .GroupBy(r => (r.Turn.ExpectedIntent, r.Actual.Intent)).Select(g => (g.Key.ExpectedIntent, g.Key.Intent, g.Count()))
        .OrderByDescending(c => c.Item3).ThenBy(c => c.ExpectedIntent, StringComparer.Ordinal).ToList();
}

/// <summary>
/// Runs the Thai question corpus (tests/corpus/questions.th.json) through the parser, each conversation in order with its
/// own state, and compares intent and arguments with what the corpus expects. Defaults are filled on both sides first
/// (the latest year, scope "all"), so a question that names this year and one that does not are the same question.
/// </summary>
public static class CorpusEvaluator
{
    public static (int LatestYear, IReadOnlyList<IReadOnlyList<CorpusTurn>> Conversations) Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        var latest = root.GetProperty("latestYear").GetInt32();
        var conversations = new List<IReadOnlyList<CorpusTurn>>();
        foreach (var c in root.GetProperty("conversations").EnumerateArray())
        {
            var id = c.GetProperty("id").GetString()!;
            var tags = c.TryGetProperty("tags", out var t) ? t.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
            var turns = c.GetProperty("turns").EnumerateArray().Select((turn, i) => new CorpusTurn(id, i, turn.GetProperty("text").GetString()!, tags,
                turn.GetProperty("intent").GetString()!,
                turn.TryGetProperty("args", out var a) ? a.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()) : new Dictionary<string, JsonElement>()))
                .ToList();
            conversations.Add(turns);
        }
        return (latest, conversations);
    }

    public static EvaluationReport Run(ThaiParser parser, IReadOnlyList<IReadOnlyList<CorpusTurn>> conversations, int latestYear)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var results = new List<TurnResult>();
        foreach (var conversation in conversations)
        {
            var state = ConversationState.Empty;
            foreach (var turn in conversation)
            {
                var actual = parser.Parse(turn.Text, state);
                state = state.After(actual, turn.Text);
                var intentOk = actual.Intent == turn.ExpectedIntent;
                var difference = intentOk ? CompareArgs(turn, actual, latestYear, parser.Gazetteer) : $"intent {actual.Intent}";
                results.Add(new TurnResult(turn, actual, intentOk, intentOk && difference is null, difference));
            }
        }
        return new EvaluationReport(results.Count, results.Count(r => r.IntentOk), results.Count(r => r.ArgsOk), results, started.Elapsed);
    }

    private static string? CompareArgs(CorpusTurn turn, ParsedQuestion actual, int latestYear, Gazetteer gazetteer)
    {
        if (turn.ExpectedIntent == "clarify")
        {
            var wanted = turn.ExpectedArgs.TryGetValue("candidates", out var c) ? c.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
            var offered = actual.Candidates.Select(u => u.Id).ToHashSet();
            var missing = wanted.Where(id => !offered.Contains(id)).ToList();
            return missing.Count == 0 ? null : "candidates missing " + string.Join(",", missing);
        }
        // unit_vs_group's default scope is the unit's own ministry or region, not all (convention 15): "all" is said, not implied.
        var vsGroup = turn.ExpectedIntent == "unit_vs_group";
        var expected = Normalize(turn.ExpectedArgs.ToDictionary(kv => kv.Key, kv => FromJson(kv.Value)), latestYear, vsGroup);
        var got = Normalize(actual.Arguments.ToDictionary(kv => kv.Key, kv => kv.Value), latestYear, vsGroup);
        var problems = new List<string>();
        foreach (var key in expected.Keys.Union(got.Keys).OrderBy(k => k, StringComparer.Ordinal))
        {
            expected.TryGetValue(key, out var e);
            got.TryGetValue(key, out var g);
            if (!Same(key, e, g, gazetteer)) problems.Add($"{key}: expected {Show(e)} got {Show(g)}");
        }
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private static Dictionary<string, object?> Normalize(Dictionary<string, object?> args, int latestYear, bool vsGroup = false)
    {
        var result = new Dictionary<string, object?>();
        foreach (var (key, value) in args)
        {
            if (value is null) continue;
            if (key is "year" or "to_year" && Convert.ToInt32(value, CultureInfo.InvariantCulture) == latestYear) continue;
            if (key == "scope" && value is "all" && !vsGroup) continue;
            result[key] = value;
        }
        return result;
    }

    private static bool Same(string key, object? expected, object? actual, Gazetteer gazetteer)
    {
        if (expected is null || actual is null) return expected is null && actual is null;
        switch (key)
        {
            case "units" or "levels":
                return Items(expected).ToHashSet().SetEquals(Items(actual));
            case "topic" or "area":
                // Words that name the same figure topic or recommendation area ("response rate" and อัตราการตอบกลับ) are the
                // same argument: the report lookup returns the same figures for both.
                var a = Canonical(key, (string)expected, gazetteer);
                var b = Canonical(key, (string)actual, gazetteer);
                return a.Contains(b, StringComparison.Ordinal) || b.Contains(a, StringComparison.Ordinal);
            case "min_probability":
                return Math.Abs(Convert.ToDouble(expected, CultureInfo.InvariantCulture) - Convert.ToDouble(actual, CultureInfo.InvariantCulture)) < 1e-6;
            default:
                return string.Equals(Convert.ToString(expected, CultureInfo.InvariantCulture), Convert.ToString(actual, CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }
    }

    private static string Canonical(string key, string value, Gazetteer gazetteer)
    {
        var compact = Gazetteer.Compact(value);
        if (key == "topic")
            return gazetteer.FigureTerms.FirstOrDefault(t => t.Key == compact).Topic is { } topic ? Gazetteer.Compact(topic) : compact;
        return ThaiParser.CanonicalArea(value) is { } area ? Gazetteer.Compact(area) : compact;
    }

    /// <summary>A list argument's items as text: the corpus gives strings, the parser ids (string[]) or levels (int[]).</summary>
    private static IEnumerable<string> Items(object value) =>
        ((System.Collections.IEnumerable)value).Cast<object>().Select(x => Convert.ToString(x, CultureInfo.InvariantCulture)!);

    private static string Show(object? value) => value switch
    {
        null => "-",
        string text => text,
        System.Collections.IEnumerable list => "[" + string.Join(",", Items(list)) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };

    private static object? FromJson(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number when e.TryGetInt32(out var i) => i,
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Array => e.EnumerateArray().Select(x => x.ToString()).ToArray(),
        _ => e.ToString(),
    };
}
