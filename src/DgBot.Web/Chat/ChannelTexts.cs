using System.Globalization;
using DgBot.Core.Formatting;

namespace DgBot.Web.Chat;

/// <summary>
/// What DgBot says on its own, before or instead of an answer: examples, refusals, welcomes and the apology, from the channel.*
/// templates of prompts/answers.th.json. Each key is named only here, so LINE, Teams, /api/ask and `dgbot ask` cannot drift
/// apart, and one test can render them all against the real prompts file.
/// </summary>
public sealed class ChannelTexts(ThaiFormatter f)
{
    // Rendered once where nothing varies: the channel workers take this class in their constructors, so a missing template
    // stops the host at start-up instead of breaking the first welcome or refusal a user meets.

    /// <summary>Questions offered as suggestions with a welcome or a refusal; one a line in the template.</summary>
    public IReadOnlyList<string> Examples { get; } = f.T("channel.examples").Split('\n');

    /// <summary>A channel message with no question left once the bot's @mention is cut out.</summary>
    public string EmptyQuestion { get; } = f.T("channel.empty_question");

    /// <summary>An /api/ask body or `dgbot ask` argument with nothing in it: names the JSON field a caller left empty.</summary>
    public string EmptyAsk { get; } = f.T("channel.ask.empty");

    public string TooLong { get; } = f.T("channel.too_long", ("max", ChatService.MaxLength.ToString("#,0", CultureInfo.InvariantCulture)));

    /// <summary>LINE only: a sticker, image or other non-text message in a 1:1 chat.</summary>
    public string TextOnly { get; } = f.T("channel.line.text_only");

    public string TeamsWelcome { get; } = f.T("channel.teams.welcome", ("examples", ExampleLines(f)));

    private readonly string _lineWelcome = f.T("channel.line.welcome", ("examples", ExampleLines(f)));
    private readonly string _lineSyntheticNote = f.T("channel.line.synthetic_note");

    /// <summary>The synthetic-data note sits apart from the examples, after a blank line.</summary>
    public string LineWelcome(bool synthetic) => synthetic ? _lineWelcome + "\n\n" + _lineSyntheticNote : _lineWelcome;

    /// <summary>/api/ask bodies refused before they are read as a question.</summary>
    public string NotJson { get; } = f.T("channel.ask.not_json");

    public string BadJson { get; } = f.T("channel.ask.bad_json");

    public string TooLarge(long maxBytes) => f.T("channel.ask.too_large", ("kb", (maxBytes / 1024).ToString("#,0", CultureInfo.InvariantCulture)),
        ("max", ChatService.MaxLength.ToString("#,0", CultureInfo.InvariantCulture)));

    /// <summary>A rate limit hit, per address or per user.</summary>
    public string TooMany(int seconds) => f.T("channel.too_many", ("seconds", seconds.ToString("#,0", CultureInfo.InvariantCulture)));

    /// <summary>The one apology users see at an error boundary; the reference code finds the logged exception.</summary>
    public string Apology(string reference) => f.T("channel.apology", ("reference", reference));

    private static string ExampleLines(ThaiFormatter f) =>
        string.Join("\n", f.T("channel.examples").Split('\n').Select(e => f.T("channel.example", ("example", e))));
}
