using DgBot.Core.Language;
using DgBot.Core.Tests.Language;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace DgBot.Core.Tests.Fuzz;

/// <summary>
/// The Thai parser takes whatever a user can type or paste: it must return a parse (never throw) within 100 ms for random
/// Unicode, Thai-heavy text and mutated real questions, alone and as a follow-up in a conversation.
/// </summary>
public sealed class ThaiParserFuzzTests(ParserFixture f, ITestOutputHelper output) : IClassFixture<ParserFixture>
{
    private static readonly string[] Corpus = CorpusEvaluator.Load(
            Path.Combine(Path.GetDirectoryName(DataPaths.FindDataDirectory())!, "tests", "corpus", "questions.th.json"))
        .Conversations.SelectMany(c => c).Select(t => t.Text).Distinct().ToArray();

    private void ParseOk(string text, ConversationState? state = null)
    {
        var parsed = f.Parser.Parse(text, state);
        Assert.False(string.IsNullOrEmpty(parsed.Intent), $"no intent for {FuzzGen.Describe(text)}");
        Assert.NotNull(parsed.Arguments);
        // What the chat service does next with a parse: remember it for the follow-up.
        _ = (state ?? ConversationState.Empty).After(parsed, text);
    }

    [Fact]
    public void Random_Unicode_strings_never_crash_the_parser()
    {
        var gen = Gen.Frequency((12, FuzzGen.AnyString(200)), (6, FuzzGen.AnyScalars(200)), (1, FuzzGen.AnyString(4000)));
        new FuzzRunner(output).Run("ThaiParser.Parse random UTF-16", gen, 5_000, s => ParseOk(s), FuzzGen.Describe, FuzzGen.Shrink);
    }

    [Fact]
    public void Thai_heavy_strings_with_digits_spaces_zero_width_and_combining_marks_never_crash_the_parser()
    {
        var gen = Gen.Frequency((19, FuzzGen.Pieces(0, 60)), (1, FuzzGen.Pieces(500, 1500)));
        new FuzzRunner(output).Run("ThaiParser.Parse Thai-heavy", gen, 5_000, s => ParseOk(s), FuzzGen.Describe, FuzzGen.Shrink);
    }

    [Fact]
    public void Mutated_corpus_questions_never_crash_the_parser()
    {
        Assert.True(Corpus.Length > 100, $"the corpus has only {Corpus.Length} questions");
        var gen = FuzzGen.Mutations(Gen.Elements(Corpus));
        new FuzzRunner(output).Run("ThaiParser.Parse mutated corpus", gen, 5_000, s => ParseOk(s), FuzzGen.Describe, FuzzGen.Shrink);
    }

    [Fact]
    public void Mutated_follow_ups_in_a_conversation_never_crash_the_parser()
    {
        // A real first turn sets the conversation (unit, pillar, pending clarification...); the mutated second turn reads it.
        var gen = Gen.Elements(Corpus).SelectMany(first => FuzzGen.Mutations(Gen.Elements(Corpus)).Select(second => (first, second)));
        new FuzzRunner(output).Run("ThaiParser.Parse mutated follow-up", gen, 2_000, pair =>
        {
            var firstParse = f.Parser.Parse(pair.first);
            ParseOk(pair.second, ConversationState.Empty.After(firstParse, pair.first));
        }, p => p.first + " → " + FuzzGen.Describe(p.second));
    }

    [Fact]
    public void The_same_text_always_parses_the_same_way()
    {
        // Two parses per input: texts are kept under 1,000 characters so the pair stays within the time limit.
        var gen = Gen.OneOf(FuzzGen.Mutations(Gen.Elements(Corpus)), FuzzGen.Pieces(0, 40)).Select(s => s.Length > 1000 ? s[..1000] : s);
        new FuzzRunner(output).Run("ThaiParser.Parse determinism", gen, 1_000, s =>
        {
            var a = f.Parser.Parse(s);
            var b = f.Parser.Parse(s);
            Assert.Equal(a.Intent, b.Intent);
            Assert.Equal(a.Arguments.OrderBy(x => x.Key).Select(x => $"{x.Key}={x.Value}"), b.Arguments.OrderBy(x => x.Key).Select(x => $"{x.Key}={x.Value}"));
        }, FuzzGen.Describe, FuzzGen.Shrink);
    }
}
