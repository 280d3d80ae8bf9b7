using System.Globalization;
using DgBot.Core.Language;
using DgBot.Core.Reference;

namespace DgBot.Cli;

/// <summary>
/// `dgbot eval`: the Thai question corpus through the deterministic parser, with intent and full-argument accuracy against
/// the floors the test suite enforces, a confusion summary and the misses.
/// </summary>
internal static class EvalCommand
{
    public const double IntentFloor = 97.0;
    public const double FullFloor = 93.0;

    public static int Run(CliOptions o, TextWriter stdout, TextWriter stderr)
    {
        var dataDir = o.ResolveDataDir();
        var corpus = o.Positional.Count > 0 ? Path.GetFullPath(o.Positional[0]) : Path.Combine(Path.GetDirectoryName(dataDir)!, "tests", "corpus", "questions.th.json");
        if (!File.Exists(corpus))
        {
            stderr.WriteLine($"ไม่พบชุดคำถาม (corpus not found): {corpus}");
            return 1;
        }
        var (latest, conversations) = CorpusEvaluator.Load(corpus);
        var parser = new ThaiParser(new Gazetteer(ReferenceData.Load(dataDir)), () => latest);
        var report = CorpusEvaluator.Run(parser, conversations, latest);
        string P(double v) => v.ToString("0.00", CultureInfo.InvariantCulture) + "%";

        stdout.WriteLine($"corpus: {corpus}");
        stdout.WriteLine($"{report.Turns} turns in {conversations.Count} conversations, parsed in {report.Elapsed.TotalMilliseconds:F0} ms");
        stdout.WriteLine($"intent accuracy         {P(report.IntentAccuracy),8}  ({report.IntentCorrect}/{report.Turns})  floor {IntentFloor}%");
        stdout.WriteLine($"full-argument accuracy  {P(report.FullAccuracy),8}  ({report.FullCorrect}/{report.Turns})  floor {FullFloor}%");
        // A miss that says what it left out (notUsed) is visible to the user; a silent one is a confident wrong answer.
        var silent = report.Failures.Count(f => f.Actual.NotUsed.Count == 0);
        stdout.WriteLine($"silent misses           {P(report.Turns == 0 ? 0 : 100.0 * silent / report.Turns),8}  ({silent}/{report.Turns})  wrong function or arguments with nothing in notUsed");
        // The other side: a right answer that still says it left words out is noise a user learns to ignore.
        var alarms = report.Results.Count(r => r.ArgsOk && r.Actual.NotUsed.Count > 0);
        stdout.WriteLine($"false alarms            {P(report.Turns == 0 ? 0 : 100.0 * alarms / report.Turns),8}  ({alarms}/{report.Turns})  right function and arguments, yet something in notUsed");
        stdout.WriteLine();
        stdout.WriteLine("per intent              turns  intent%   full%");
        foreach (var g in report.Results.GroupBy(r => r.Turn.ExpectedIntent).OrderBy(g => g.Key, StringComparer.Ordinal))
            stdout.WriteLine($"  {g.Key,-22}{g.Count(),5}  {P(100.0 * g.Count(r => r.IntentOk) / g.Count()),7}  {P(100.0 * g.Count(r => r.ArgsOk) / g.Count()),7}");
        stdout.WriteLine();
        stdout.WriteLine("per tag                 turns  intent%   full%");
        foreach (var g in report.Results.SelectMany(r => r.Turn.Tags.Select(t => (Tag: t, r))).GroupBy(x => x.Tag).OrderBy(g => g.Key, StringComparer.Ordinal))
            stdout.WriteLine($"  {g.Key,-22}{g.Count(),5}  {P(100.0 * g.Count(x => x.r.IntentOk) / g.Count()),7}  {P(100.0 * g.Count(x => x.r.ArgsOk) / g.Count()),7}");
        stdout.WriteLine();
        stdout.WriteLine("confusions (expected → parsed)");
        if (report.Confusions.Count == 0) stdout.WriteLine("  none");
        foreach (var (expected, actual, count) in report.Confusions) stdout.WriteLine($"  {expected} → {actual}: {count}");
        var failures = report.Failures.ToList();
        var shown = o.Verbose ? failures : failures.Take(25).ToList();
        stdout.WriteLine();
        stdout.WriteLine($"misses ({failures.Count}{(shown.Count < failures.Count ? $", first {shown.Count}; --verbose for all" : "")})");
        foreach (var f in shown)
            stdout.WriteLine($"  [{f.Turn.ConversationId}#{f.Turn.Index + 1}] {f.Turn.Text}\n      expected {f.Turn.ExpectedIntent}, {f.Difference}");
        var ok = report.IntentAccuracy >= IntentFloor && report.FullAccuracy >= FullFloor;
        stdout.WriteLine();
        stdout.WriteLine(ok ? "PASS: both floors met" : "FAIL: below a floor");
        return ok ? 0 : 1;
    }
}

/// <summary>`dgbot parse "<question>"`: what the parser reads in one question (names found, intent, arguments, the rule that
/// chose them and the words it did not use), for tuning.</summary>
internal static class ParseCommand
{
    public static int Run(CliOptions o, TextWriter stdout)
    {
        var dataDir = o.ResolveDataDir();
        var gazetteer = new Gazetteer(ReferenceData.Load(dataDir));
        var parser = new ThaiParser(gazetteer, () => 2567);
        var state = ConversationState.Empty;
        foreach (var text in o.Positional)
        {
            var q = new QuestionText(text);
            foreach (var m in gazetteer.Find(q))
                stdout.WriteLine($"  [{m.Start},{m.End}) {q.Compact[m.Start..m.End]} d={m.Distance} → {string.Join(" | ", m.Entities.Select(e => $"{e.Kind}:{e.Value}"))}");
            var parsed = parser.Parse(text, state);
            state = state.After(parsed, text);
            stdout.WriteLine($"{text} => {parsed.Intent} {string.Join(", ", parsed.Arguments.Select(a => $"{a.Key}={(a.Value is string[] l ? string.Join("+", l) : a.Value)}"))}" +
                             (parsed.Candidates.Count > 0 ? $" candidates={string.Join("+", parsed.Candidates.Select(c => c.Id))}" : "") + (parsed.Reason is { } r ? $" ({r})" : ""));
            stdout.WriteLine($"  rule: {parsed.Rule ?? "-"}");
            if (parsed.NotUsed.Count > 0) stdout.WriteLine($"  not used: {string.Join(", ", parsed.NotUsed)}");
        }
        return 0;
    }
}
