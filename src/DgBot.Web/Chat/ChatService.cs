using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using DgBot.Core.Access;
using DgBot.Core.Alerts;
using DgBot.Core.Formatting;
using DgBot.Core.Queries;
using DgBot.Core.Storage;
using DgBot.Core.Language;
using DgBot.Web.Access;
using DgBot.Web.Alerts;
using DgBot.Web.Data;
using System.Diagnostics;
using DgBot.Core.Audit;
using DgBot.Core.Catalog;
using DgBot.Web.Limits;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace DgBot.Web.Chat;

public sealed record AskRequest(
    [property: JsonPropertyName("text")] string? Text,
    [property: JsonPropertyName("conversationId")] string? ConversationId,
    [property: JsonPropertyName("userId")] string? UserId)
{
    /// <summary>The chat a channel adapter (Teams, LINE) received this from, where alerts can reach the user; never read from a request body.</summary>
    [JsonIgnore] public ChannelAddress? From { get; init; }

    /// <summary>The signed-in web user's login name, from the session cookie; never read from a request body.</summary>
    [JsonIgnore] public string? WebLogin { get; init; }

    /// <summary>An explicit caller, for in-process callers only (the local CLI); never read from a request body.</summary>
    [JsonIgnore] public Caller? Caller { get; init; }

    /// <summary>The server-issued session of an anonymous /api/ask caller (a cookie); never read from a request body.</summary>
    [JsonIgnore] public string? Session { get; init; }
}

public sealed record CallTrace(
    [property: JsonPropertyName("plugin")] string Plugin,
    [property: JsonPropertyName("function")] string Function,
    [property: JsonPropertyName("arguments")] IReadOnlyDictionary<string, object?> Arguments,
    [property: JsonPropertyName("outcome")] string Outcome);

public sealed record DatasetInfo(
    [property: JsonPropertyName("synthetic")] bool Synthetic,
    [property: JsonPropertyName("latestYear")] int LatestYear);

public sealed record AskResponse(
    [property: JsonPropertyName("answer")] string Answer,
    [property: JsonPropertyName("intent")] string Intent,
    [property: JsonPropertyName("calls")] IReadOnlyList<CallTrace> Calls,
    [property: JsonPropertyName("dataset")] DatasetInfo Dataset,
    [property: JsonPropertyName("suggestions")] IReadOnlyList<string> Suggestions)
{
    /// <summary>One Thai line restating what was answered (population, every filter, pillar or sub-indicator, year, n): the line a
    /// data answer opens with (DESIGN §5); empty for replies that answer no data question.</summary>
    [JsonPropertyName("understood")] public string Understood { get; init; } = "";

    /// <summary>Words of the question that would change its meaning and that the answer did not take into account (DESIGN §5).</summary>
    [JsonPropertyName("notUsed")] public IReadOnlyList<string> NotUsed { get; init; } = [];

    /// <summary>"parser" (the deterministic path) or "model" (a language model chose the functions and phrased the answer).</summary>
    [JsonPropertyName("answeredBy")] public string AnsweredBy { get; init; } = "parser";

    /// <summary>The answer as structure for channels that render cards (Teams, LINE, the web page); null for plain replies.</summary>
    [JsonPropertyName("rich"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public RichAnswer? Rich { get; init; }

    /// <summary>A signed, expiring URL of the answer's chart (PNG), when it has one.</summary>
    [JsonPropertyName("chartUrl"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? ChartUrl { get; init; }

    /// <summary>Why the model's answer was replaced by the deterministic one (invalid_argument, refused, number_guard, name_guard, timeout, model_error); null otherwise.</summary>
    [JsonPropertyName("fallback"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Fallback { get; init; }

    /// <summary>For "ลงทะเบียน &lt;code&gt;" only: registered, usage, no_channel, unknown, used or expired (the answer says the same for the last three).</summary>
    [JsonPropertyName("registration"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Registration { get; init; }

    /// <summary>For intent "rate_limited" only: how many seconds the user should wait before asking again.</summary>
    [JsonPropertyName("retryAfterSeconds"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? RetryAfterSeconds { get; init; }
}

/// <summary>What the model path gets: the question, the deterministic parse as a hint (and fallback), the conversation.</summary>
public sealed record ModelContext(string Question, ParsedQuestion Hint, ConversationState State, DatasetInfo Dataset);

/// <summary>
/// The model path's outcome. <see cref="Answer"/> is the model's checked text, or null when the deterministic answer must be
/// used (<see cref="Fallback"/> says why). <see cref="Calls"/> lists every function the model asked for, including refused ones;
/// <see cref="Parsed"/> is the model's first valid call as a parse, so the conversation remembers it.
/// </summary>
public sealed record ModelAnswer(string? Answer, IReadOnlyList<CallTrace> Calls, ParsedQuestion? Parsed, string? Fallback);

/// <summary>The optional language-model path (DESIGN §1): it may only choose catalog functions and phrase their results.</summary>
public interface IModelAnswerer
{
    bool Enabled { get; }
    Task<ModelAnswer> AnswerAsync(ModelContext context, CancellationToken cancellationToken);
}

/// <summary>Signed chart links (the charts endpoint implements it); none when charts are not served.</summary>
public interface IChartLinks
{
    string? UrlFor(ChartSpec chart);
}

public sealed class NoCharts : IChartLinks
{
    public string? UrlFor(ChartSpec chart) => null;
}

/// <summary>No model configured (the default): every question takes the deterministic path.</summary>
public sealed class NoModel : IModelAnswerer
{
    public bool Enabled => false;
    public Task<ModelAnswer> AnswerAsync(ModelContext context, CancellationToken cancellationToken) => throw new InvalidOperationException("no model configured");
}

/// <summary>The one place questions are answered; /api/ask, `dgbot ask` and every channel call it.</summary>
public sealed class ChatService(Kernel kernel, ThaiParser parser, ConversationStore conversations, AnswerRenderer renderer,
    RichAnswerBuilder rich, IChartLinks charts, ThaiFormatter formatter, ChannelTexts texts, DatasetInfoProvider datasets, IModelAnswerer model,
    AlertSubscriptions alerts, IOptions<AlertOptions> alertOptions, AccessControl access, QuestionLimiter limiter, AuditLog audit,
    ILogger<ChatService> logger)
{
    /// <summary>The longest question DgBot takes on any entry point (DESIGN §5: over 2,000 characters is refused).</summary>
    public const int MaxLength = ThaiParser.MaxQuestionLength;
    public const string RateLimited = "rate_limited";

    /// <summary>Answers one question for its caller, within the caller's rate, and records it in the audit log.</summary>
    public async Task<AskResponse> AskAsync(AskRequest request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (channel, user) = Identify(request);
        var asked = new Asked();
        AskResponse response;
        // Only verified users are limited here: the CLI's operator is not, and an /api/ask userId is whatever the body says (the
        // per-IP limit covers that endpoint).
        var limitKey = request.Caller is null && channel != "api" && user is not null ? channel + ":" + user : null;
        if (limiter.TryAcquire(limitKey) is { } wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            response = new AskResponse(texts.TooMany(seconds), RateLimited, [], datasets.Current, []) { RetryAfterSeconds = seconds };
        }
        else response = await AnswerAsync(request, asked, cancellationToken);
        Audit(request, channel, user, asked.Caller, response, Stopwatch.GetElapsedTime(started));
        return response;
    }

    /// <summary>
    /// The conversation's key in the store: the id the client sent, under the verified caller it belongs to (a channel's chat, a
    /// web login, the server-issued session of an anonymous caller, the local CLI). Another caller sending the same id opens a
    /// conversation of its own, so nobody can read or write someone else's by knowing its id (DESIGN §5, §9).
    /// </summary>
    public static string ConversationKey(AskRequest request)
    {
        var id = string.IsNullOrWhiteSpace(request.ConversationId) ? Guid.NewGuid().ToString("N") : request.ConversationId!;
        // A channel's chat (a LINE user or group, a Teams conversation) is verified by its signature or token: its members share it.
        var owner = request.From is { } from ? $"{from.Channel}:{from.ConversationId}"
            : request.WebLogin is { Length: > 0 } login ? "web:" + login
            : request.Caller is not null ? "local"
            : request.Session is { Length: > 0 } session ? "session:" + session
            // No session (a client that keeps no cookies): every question is a conversation of its own.
            : "once:" + Guid.NewGuid().ToString("N");
        return owner + "|" + id;
    }

    /// <summary>Who asked, for the rate limit and the audit log: a channel's verified user, a web login, else the unverified /api/ask userId.</summary>
    private static (string Channel, string? User) Identify(AskRequest request) =>
        request.From is { } from ? (from.Channel, from.AadObjectId ?? from.UserId)
        : request.WebLogin is { Length: > 0 } login ? ("web", login)
        : request.Caller is { } given ? (given.Channel ?? "local", given.UserId)
        : ("api", string.IsNullOrWhiteSpace(request.UserId) ? null : request.UserId);

    private void Audit(AskRequest request, string channel, string? user, Caller? caller, AskResponse response, TimeSpan took)
    {
        try
        {
            var text = request.Text ?? "";
            // A registration code is a secret until spent (and proof of who spent it after): the log keeps only that one was typed.
            var question = RegistrationText.IsAttempt(text) ? RegistrationText.Redacted : text;
            var outcome = response.Intent switch
            {
                "error" => "error",
                RateLimited => RateLimited,
                _ when response.Registration is { } r => "registration:" + r,
                _ when response.Calls.Any(c => c.Outcome == "refused") => "refused",
                _ => "answered",
            };
            audit.Record(new AuditEntry(channel, user, caller?.Open == true ? "open" : caller?.Role, request.ConversationId, question, response.Intent,
                response.Calls.Select(c => $"{c.Plugin}.{c.Function}:{c.Outcome}").ToList(), outcome, response.AnsweredBy, (long)took.TotalMilliseconds));
        }
        catch (Exception e)
        {
            // The user still gets the answer; a lost audit row is logged loudly instead.
            logger.LogError(e, "the audit log could not record a question from {Channel}", channel);
        }
    }

    private sealed class Asked
    {
        public Caller? Caller { get; set; }
    }

    private async Task<AskResponse> AnswerAsync(AskRequest request, Asked asked, CancellationToken cancellationToken)
    {
        var dataset = datasets.Current;
        var key = ConversationKey(request);
        try
        {
            var caller = access.Resolve(request);
            asked.Caller = caller;
            // Before the parser and the model: a registration code is a secret, kept out of the model, the conversation and the logs.
            if (RegistrationText.CodeIn(request.Text) is { } code)
                return Register(code, request.From, dataset);
            // Every function call below, on either path, is checked against this caller by the kernel's access filter.
            using var scope = CallerContext.Use(caller);
            var state = conversations.Load(key);
            // A dcio's "หน่วยงานของฉัน" is the unit the roster says, unless the conversation already named one.
            if (caller is { Role: Roles.Dcio, Unit: { } own } && state.MyUnit is null) state = state with { MyUnit = own };
            var parsed = parser.Parse(request.Text ?? "", state);
            // Conversation moves that change state (clarify, set_context, alerts) stay deterministic; the model only answers
            // questions that need data, or that the parser found out of scope.
            // Hostile input (injection, SQL, requests for secrets) never reaches the model.
            if (model.Enabled && (parsed.IsFunction || parsed.Intent == "out_of_scope" && parsed.Reason != "adversarial"))
            {
                var viaModel = await AskModelAsync(request.Text ?? "", parsed, state, dataset, request.From, cancellationToken);
                conversations.Save(key, viaModel.Next);
                return viaModel.Response;
            }
            var (response, next) = parsed.IsFunction
                ? await CallAsync(parsed, state, dataset, cancellationToken)
                : Converse(parsed, state, request.Text ?? "", dataset, request.From, caller);
            conversations.Save(key, next);
            return response;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var reference = Guid.NewGuid().ToString("N")[..8];
            logger.LogError(e, "ask failed, reference {Reference}", reference);
            return new AskResponse(texts.Apology(reference), "error", [], dataset, []);
        }
    }

    private async Task<(AskResponse Response, ConversationState Next)> AskModelAsync(string text, ParsedQuestion parsed, ConversationState state,
        DatasetInfo dataset, ChannelAddress? from, CancellationToken ct)
    {
        ModelAnswer outcome;
        try
        {
            outcome = await model.AnswerAsync(new ModelContext(text, parsed, state, dataset), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "model path failed; answering deterministically");
            outcome = new ModelAnswer(null, [], null, e is OperationCanceledException or TimeoutException ? "timeout" : "model_error");
        }
        if (outcome.Answer is { } answer)
        {
            var used = outcome.Parsed ?? parsed;
            var next = state.After(used, text);
            if (dataset.Synthetic && outcome.Calls.Any(c => c.Plugin is "maturity" or "analytics" or "risk") && !answer.Contains(formatter.SyntheticLine, StringComparison.Ordinal))
                answer += "\n" + formatter.SyntheticLine;
            return (new AskResponse(answer, used.Intent, outcome.Calls, dataset, Suggestions(next)) { AnsweredBy = "model" }, next);
        }
        // The deterministic answer, with the model's refused or failed calls kept in the trace so it is honest about what happened.
        var (response, fallbackNext) = parsed.IsFunction ? await CallAsync(parsed, state, dataset, ct) : Converse(parsed, state, text, dataset, from, CallerContext.Current);
        return (response with { Calls = [.. outcome.Calls, .. response.Calls], Fallback = outcome.Fallback ?? "model_error" }, fallbackNext);
    }

    private async Task<(AskResponse, ConversationState)> CallAsync(ParsedQuestion parsed, ConversationState state, DatasetInfo dataset, CancellationToken ct)
    {
        var function = parsed.Intent;
        var args = new Dictionary<string, object?>(parsed.Arguments);
        // The trace shows the round actually answered, not an implicit "latest".
        if (FunctionCatalog.Get(function).TakesYear && !args.ContainsKey("year")) args["year"] = dataset.LatestYear;
        FunctionResult result;
        try
        {
            result = await kernel.InvokeAsync(parsed.Plugin!, function, new KernelArguments(args!), ct);
        }
        catch (AccessRefusedException refused)
        {
            return await RefusedAsync(parsed, args, refused, state, dataset, ct);
        }
        var record = result.GetValue<object>();
        var answer = renderer.Render(record);
        // The answer's first line restates what was answered; the reply carries it as "understood" and every card shows it.
        var understood = answer.Split('\n', 2)[0];
        var notUsed = parsed.NotUsed;
        if (notUsed.Count > 0) answer += "\n" + formatter.T("not_used", ("words", string.Join(", ", notUsed.Select(w => $"\"{w}\""))));
        var synthetic = dataset.Synthetic && parsed.Plugin is FunctionCatalog.Maturity or FunctionCatalog.Analytics;
        if (synthetic) answer += "\n" + formatter.SyntheticLine;
        var trace = new CallTrace(parsed.Plugin!, function, Resolved(args, parsed.Units), "ok");
        var next = state.After(parsed, "");
        var structured = rich.Build(record) is { } built ? built with { Subtitle = understood } : null;
        if (structured is not null && synthetic) structured = structured with { Note = JoinNotes(structured.Note, formatter.SyntheticLine) };
        var chartUrl = structured?.Chart is { } chart ? charts.UrlFor(ForCaller(chart)) : null;
        return (new AskResponse(answer, function, [trace], dataset, notUsed.Count > 0 ? Closest(parsed, next) : Suggestions(next))
            { Rich = structured, ChartUrl = chartUrl, Understood = understood, NotUsed = notUsed }, next);
    }

    /// <summary>
    /// A call the caller may not make (DESIGN §9): a polite Thai refusal, the call in the trace as "refused", none of its data.
    /// A dcio asking another unit's details is offered that unit's public rank instead, which the filter checks like any call.
    /// </summary>
    private async Task<(AskResponse, ConversationState)> RefusedAsync(ParsedQuestion parsed, Dictionary<string, object?> args, AccessRefusedException refused,
        ConversationState state, DatasetInfo dataset, CancellationToken ct)
    {
        var decision = refused.Decision;
        logger.LogInformation("access refused: {Plugin}-{Function} ({Reason})", refused.Plugin, refused.Function, decision.Reason);
        List<CallTrace> calls = [new(refused.Plugin, refused.Function, Resolved(args, parsed.Units), "refused")];
        var answer = decision.Reason switch
        {
            "not_registered" => formatter.T("access.not_registered"),
            "other_unit" => formatter.T("access.other_unit", ("unit", decision.RankInstead?.NameTh ?? formatter.T("access.other_unit.some")),
                ("own", decision.OwnUnit?.NameTh ?? "")),
            _ => formatter.T("access.role"),
        };
        IReadOnlyList<string> suggestions = decision.OwnUnit is { } own
            ? [$"{own.NameTh} อยู่ระดับไหน", $"{own.NameTh} ควรปรับอะไรก่อน", $"{own.NameTh} อันดับเท่าไร"]
            : ["อัตราการตอบกลับเท่าไร", "ข้อเสนอแนะของรายงานมีอะไรบ้าง", "ระดับ 3 หมายถึงอะไร"];
        if (decision.RankInstead is { } unit)
        {
            var rankArgs = new Dictionary<string, object?> { ["unit"] = unit.Id };
            foreach (var name in new[] { "pillar", "sub_indicator", "year" })
                if (args.GetValueOrDefault(name) is { } value) rankArgs[name] = value;
            if (!rankArgs.ContainsKey("year")) rankArgs["year"] = dataset.LatestYear;
            try
            {
                var rank = (await kernel.InvokeAsync("maturity", "unit_rank", new KernelArguments(rankArgs!), ct)).GetValue<object>();
                answer += "\n\n" + formatter.T("access.public_rank", ("unit", unit.NameTh)) + "\n" + renderer.Render(rank);
                if (dataset.Synthetic) answer += "\n" + formatter.SyntheticLine;
                calls.Add(new CallTrace("maturity", "unit_rank", Resolved(rankArgs, [unit]), "ok"));
            }
            catch (AccessRefusedException) { }
        }
        return (new AskResponse(answer, parsed.Intent, calls, dataset, suggestions), state.After(parsed, ""));
    }

    private AskResponse Register(string code, ChannelAddress? from, DatasetInfo dataset)
    {
        AskResponse Reply(string answer, string outcome) => new(answer, "register", [], dataset, []) { Registration = outcome };
        if (string.IsNullOrWhiteSpace(code)) return Reply(formatter.T("register.usage"), "usage");
        var key = from is null ? default : AccessControl.KeyOf(from);
        if (key.Channel is null) return Reply(formatter.T("register.no_channel"), "no_channel");
        var result = access.Attempts.Redeem(code, key.Channel, key.UserId);
        // Unknown, used and expired codes get the same words: the chat must not help anyone probe for live codes.
        logger.LogInformation("registration on {Channel}: {Status}", key.Channel, result.Status);
        // Too many wrong codes lately, from this user or from everyone: the code was not looked at, so it is not spent either.
        if (result is { Status: RedeemStatus.Limited, RetryAfter: { } wait })
            return Reply(formatter.T("register.limited", ("minutes", Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes)))), "limited");
        if (result is not { Status: RedeemStatus.Registered, Entry: { } entry }) return Reply(formatter.T("register.failed"), result.Status.ToString().ToLowerInvariant());
        var caller = access.ToCaller(entry);
        var who = formatter.T("role." + entry.Role) + (caller.Unit is { } unit ? formatter.T("register.of_unit", ("unit", unit.NameTh)) : "");
        return Reply(formatter.T("register.ok", ("who", who)), "registered");
    }

    private (AskResponse, ConversationState) Converse(ParsedQuestion parsed, ConversationState state, string text, DatasetInfo dataset, ChannelAddress? from,
        Caller? caller)
    {
        var next = state.After(parsed, text);
        IReadOnlyList<string> suggestions = Suggestions(state);
        string answer;
        switch (parsed.Intent, parsed.Reason)
        {
            case ("clarify", "ambiguous"):
                answer = formatter.T("clarify", ("text", parsed.Subject), ("candidates", Numbered(parsed.Candidates)));
                suggestions = parsed.Candidates.Take(3).Select(c => c.NameTh).ToList();
                break;
            case ("clarify", "unknown_unit"):
                answer = formatter.T("clarify.unknown", ("text", parsed.Subject),
                    ("suggest", parsed.Candidates.Count == 0 ? "" : formatter.T("clarify.unknown.suggest", ("candidates", Numbered(parsed.Candidates)))));
                suggestions = parsed.Candidates.Count > 0 ? parsed.Candidates.Select(c => c.NameTh).ToList() : suggestions;
                break;
            case ("clarify", "bangkok"):
                answer = formatter.T("clarify.bangkok");
                break;
            case ("clarify", "not_surveyed"):
                answer = formatter.T("clarify.not_surveyed", ("name", parsed.Subject));
                break;
            case ("clarify", _):
                answer = formatter.T("clarify.my_unit");
                suggestions = ["ผมเป็น DCIO ของกรมที่ดิน", "จังหวัดของเราคือขอนแก่น"];
                break;
            case ("greeting", _) when IsThanks(text):
                // Thanks are a greeting to the parser, but answering "ขอบคุณครับ" with "สวัสดีครับ" reads as not listening.
                answer = formatter.T("greeting.thanks");
                break;
            case ("set_context", _):
                var unit = parsed.Units[0];
                answer = formatter.T("set_context", ("unit", unit.NameTh));
                suggestions = Suggestions(next);
                break;
            case ("subscribe_alerts", _) when from is not null && !AccessControl.MaySubscribe(caller ?? Caller.Anonymous):
                answer = formatter.T("alerts.not_allowed");
                break;
            case ("subscribe_alerts", _) when from is not null:
                answer = Subscribe(from, parsed);
                suggestions = [UnsubscribeText];
                break;
            case ("unsubscribe_alerts", _) when from is not null:
                answer = formatter.T(alerts.Unsubscribe(from.Channel, from.UserId) ? "alerts.unsubscribed" : "alerts.not_subscribed");
                break;
            default:
                // Without a channel (web page, CLI) there is nowhere to send alerts: the templates say to ask in Teams or LINE.
                answer = formatter.T(parsed.Intent);
                break;
        }
        return (new AskResponse(answer, parsed.Intent, [], dataset, suggestions), next);
    }

    private static bool IsThanks(string text) =>
        text.Contains("ขอบคุณ", StringComparison.Ordinal) || text.Contains("ขอบใจ", StringComparison.Ordinal)
        || text.Contains("thank", StringComparison.OrdinalIgnoreCase) || text.Contains("thx", StringComparison.OrdinalIgnoreCase);

    /// <summary>What the subscriber types to stop, as every alert also says.</summary>
    public const string UnsubscribeText = "เลิกรับแจ้งเตือน";

    private string Subscribe(ChannelAddress from, ParsedQuestion parsed)
    {
        // DESIGN §9: the caller's role was checked before this (executive or admin in Roster mode, anyone in Open mode).
        // A narrowing turn ("เฉพาะกระทรวงการคลังนะ") carries the rest of the scope from the stored conversation, where a whole
        // threshold comes back as an int: the scope is always the whole of what the user has asked for so far.
        var scope = new AlertScope(parsed.Arguments.GetValueOrDefault("ministry") as string, parsed.Arguments.GetValueOrDefault("region") as string,
            parsed.Arguments.GetValueOrDefault("min_probability") switch { double p => Math.Clamp(p, 0, 1), int p => Math.Clamp(p, 0, 1), _ => null });
        var outcome = alerts.Subscribe(from, scope);
        var where = (scope.Ministry, scope.Region) switch
        {
            (null, null) => formatter.T("alerts.scope.all"),
            ({ } m, null) => formatter.T("alerts.scope.ministry", ("ministry", m)),
            (null, { } r) => formatter.T("alerts.scope.region", ("region", r)),
            ({ } m, { } r) => formatter.T("alerts.scope.ministry", ("ministry", m)) + formatter.T("alerts.scope.region", ("region", r)),
        };
        var head = outcome switch
        {
            SubscribeOutcome.Created => "alerts.subscribed",
            SubscribeOutcome.Updated => "alerts.updated",
            _ => "alerts.unchanged",
        };
        return formatter.T(head, ("scope", where)) + " " + formatter.T("alerts.body",
            ("min", ThaiFormatter.Probability(scope.MinProbability ?? alertOptions.Value.MinProbability)),
            ("channel", formatter.T("alerts.channel." + from.Channel)), ("unsubscribe", UnsubscribeText));
    }

    /// <summary>A chart fetched later (by Teams or LINE, without the caller) is drawn for the caller who asked: a profile chart for
    /// a caller who may not see other units' scores carries no peer medians.</summary>
    private static ChartSpec ForCaller(ChartSpec chart) =>
        chart.Kind == Charts.ChartSource.Profile && CallerContext.Current is { SeesEverything: false }
            ? chart with { Arguments = new Dictionary<string, string>(chart.Arguments) { ["peers"] = Charts.ChartSource.HiddenPeers } }
            : chart;

    private static string JoinNotes(string? a, string b) => string.IsNullOrEmpty(a) ? b : a + "\n" + b;

    private static string Numbered(IReadOnlyList<UnitRef> units) =>
        string.Join(" ", units.Select((u, i) => $"{i + 1}) {u.NameTh}"));

    internal static Dictionary<string, object?> Resolved(Dictionary<string, object?> args, IReadOnlyList<UnitRef> units)
    {
        object Unit(string id) => units.FirstOrDefault(u => u.Id == id) is { } u ? new { id = u.Id, name = u.NameTh, kind = u.Kind } : new { id, name = id, kind = "" };
        var resolved = new Dictionary<string, object?>();
        foreach (var (k, v) in args)
            resolved[k] = k switch
            {
                "unit" => Unit((string)v!),
                "units" => ((string[])v!).Select(Unit).ToArray(),
                _ => v,
            };
        return resolved;
    }

    /// <summary>
    /// Chips for an answer that left words out: questions DgBot can answer that are closest to what the words meant (a level
    /// list, an average, a grouping), then the usual follow-ups.
    /// </summary>
    private static IReadOnlyList<string> Closest(ParsedQuestion parsed, ConversationState next)
    {
        var population = parsed.Arguments.GetValueOrDefault("population") as string == "province" ? "จังหวัด" : "หน่วยงาน";
        var chips = new List<string>();
        foreach (var word in parsed.NotUsed)
        {
            if (word.StartsWith("ระดับ ", StringComparison.Ordinal)) chips.Add($"{population}ที่อยู่{word}มีที่ไหนบ้าง");
            else if (word.Contains("เฉลี่ย", StringComparison.Ordinal) || word.Contains("average", StringComparison.OrdinalIgnoreCase))
                chips.Add(population == "จังหวัด" ? "ค่าเฉลี่ยคะแนนจังหวัดแยกตามภาค" : "ค่าเฉลี่ยคะแนนหน่วยงานแยกตามกระทรวง");
            else if (word.StartsWith("แยก", StringComparison.Ordinal) || word.StartsWith("แต่ละ", StringComparison.Ordinal))
                chips.Add($"จำนวน{population}แต่ละระดับ{word}");
        }
        return [.. chips.Distinct().Take(3), .. Suggestions(next)];
    }

    private static IReadOnlyList<string> Suggestions(ConversationState state) => state.Focus is { } u
        ? [$"{u.NameTh} อันดับเท่าไร", $"{u.NameTh} ควรปรับอะไรก่อน", $"{u.NameTh} ย้อนหลังทุกปี"]
        : ["กรมที่ดินอยู่ระดับไหน", "จังหวัดระดับ 1 ด้านไซเบอร์กี่จังหวัด", "อัตราการตอบกลับเท่าไร"];
}

/// <summary>Whether the data is synthetic and which round is latest, read once per version of the database file.</summary>
public sealed class DatasetInfoProvider(DatabaseLocation database)
{
    private (string Version, DatasetInfo Info)? _current;

    public DatasetInfo Current
    {
        get
        {
            var file = new FileInfo(database.Path);
            var version = $"{file.LastWriteTimeUtc.Ticks}:{(file.Exists ? file.Length : 0)}";
            if (_current is { } c && c.Version == version) return c.Info;
            using var connection = Database.Open(database.Path, readOnly: true);
            var info = new DatasetInfo(SurveyStore.GetMeta(connection, "synthetic") == "1",
                int.TryParse(SurveyStore.GetMeta(connection, "latest_year"), out var y) ? y : 0);
            _current = (version, info);
            return info;
        }
    }
}
