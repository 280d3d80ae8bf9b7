// The deterministic Thai parser, one question per measured call, cycling through every turn of every Thai question corpus
// (tests/corpus/*.th.json) with its conversation state, so the p99 covers near misses, follow-ups and clarifications:
//   dotnet run -c Release --project tests/DgBot.Benchmarks -- --bdn --filter *ParserBenchmarks*
// Target (issue "Thai understanding"): p99 under 1 ms per question.
using BenchmarkDotNet.Attributes;
using DgBot.Core;
using DgBot.Core.Language;
using DgBot.Core.Reference;

namespace DgBot.Benchmarks;

[Config(typeof(PerCallConfig))]
public class ParserBenchmarks
{
    private ThaiParser _parser = null!;
    private (string Text, ConversationState State)[] _questions = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var data = DataPaths.FindDataDirectory();
        var corpora = Directory.GetFiles(Path.Combine(Path.GetDirectoryName(data)!, "tests", "corpus"), "*.th.json").Order(StringComparer.Ordinal)
            .Select(CorpusEvaluator.Load).ToList();
        var latest = corpora[0].LatestYear;
        _parser = new ThaiParser(new Gazetteer(ReferenceData.Load(data)), () => latest);
        // Each question is measured with the state its conversation had when it was asked.
        var questions = new List<(string, ConversationState)>();
        foreach (var conversation in corpora.SelectMany(c => c.Conversations))
        {
            var state = ConversationState.Empty;
            foreach (var turn in conversation)
            {
                questions.Add((turn.Text, state));
                state = state.After(_parser.Parse(turn.Text, state), turn.Text);
            }
        }
        _questions = [.. questions];
        for (int round = 0; round < 3; round++)
        {
            foreach (var (text, state) in _questions) _parser.Parse(text, state);
            Thread.Sleep(250);
        }
    }

    [Benchmark]
    public ParsedQuestion parse()
    {
        var (text, state) = _questions[_next++ % _questions.Length];
        return _parser.Parse(text, state);
    }
}
