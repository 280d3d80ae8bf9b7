using DgBot.Core.Language;
using DgBot.Core.Reference;

namespace DgBot.Core.Tests.Language;

/// <summary>The parser over the real reference data (no database needed: names come from data/reference).</summary>
public sealed class ParserFixture
{
    public const int Latest = 2567;
    public ReferenceData Reference { get; } = ReferenceData.Load(DataPaths.FindDataDirectory());
    public Gazetteer Gazetteer { get; }
    public ThaiParser Parser { get; }

    public ParserFixture()
    {
        Gazetteer = new Gazetteer(Reference);
        Parser = new ThaiParser(Gazetteer, () => Latest);
    }

    /// <summary>Asks the questions in order as one conversation and returns every parse.</summary>
    public IReadOnlyList<ParsedQuestion> Converse(params string[] turns)
    {
        var state = ConversationState.Empty;
        var results = new List<ParsedQuestion>();
        foreach (var turn in turns)
        {
            var parsed = Parser.Parse(turn, state);
            state = state.After(parsed, turn);
            results.Add(parsed);
        }
        return results;
    }

    public string IdOf(string thaiName) => Gazetteer.Units.Single(u => u.NameTh == thaiName).Id;
}
