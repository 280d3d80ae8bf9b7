using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using DgBot.Core.Queries;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using OpenAI;

namespace DgBot.Web.Chat.Model;

/// <summary>
/// The language-model path (DESIGN §1): Semantic Kernel's automatic function calling over the same plugins the parser uses,
/// with the system prompt from prompts/ and the parser's reading of the question offered as a hint. The model only picks
/// functions and phrases their results: <see cref="ArgumentGuard"/> refuses bad arguments before anything runs and
/// <see cref="NumberGuard"/> refuses any number the functions did not return for what the answer names, and any unit they did
/// not return. Whatever goes wrong (a refused call, a call that did not run, a number from nowhere or from another unit, a
/// timeout, an HTTP error) becomes a null answer with the reason, and the deterministic answer is given.
/// </summary>
public sealed class ModelAnswerer : IModelAnswerer
{
    private static readonly JsonSerializerOptions ResultJson = new(ChatExtensions.Json)
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private readonly Kernel _kernel;
    private readonly ArgumentValidator _validator;
    private readonly AnswerNames _names;
    private readonly SurveyYears _years;
    private readonly ModelOptions _options;
    private readonly IChatCompletionService _chat;
    private readonly string _systemPrompt;
    private readonly ILogger<ModelAnswerer> _logger;

    public ModelAnswerer(Kernel kernel, ArgumentValidator validator, AnswerNames names, SurveyYears years, IOptions<ModelOptions> options,
        SystemPrompt prompt, ILoggerFactory loggerFactory)
    {
        _kernel = kernel;
        _validator = validator;
        _names = names;
        _years = years;
        _options = options.Value;
        _systemPrompt = prompt.Text;
        _logger = loggerFactory.CreateLogger<ModelAnswerer>();
        _chat = new OpenAIChatCompletionService(_options.Model, CreateClient(_options), loggerFactory);
    }

    public bool Enabled => true;

    /// <summary>An OpenAI client for any compatible endpoint. No automatic retries: a retry after a 5xx would spend the whole
    /// budget, and the deterministic answer is always there to fall back on.</summary>
    public static OpenAIClient CreateClient(ModelOptions options) => new(
        new ApiKeyCredential(string.IsNullOrWhiteSpace(options.ApiKey) ? "unused" : options.ApiKey),
        new OpenAIClientOptions
        {
            Endpoint = new Uri(options.Endpoint!.Trim()),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            // The budget below ends the request first; this only bounds a connection nobody is waiting for any more.
            NetworkTimeout = options.Timeout + TimeSpan.FromSeconds(5),
        });

    public async Task<ModelAnswer> AnswerAsync(ModelContext context, CancellationToken cancellationToken)
    {
        var log = new ModelCallLog();
        var kernel = _kernel.Clone();
        kernel.AutoFunctionInvocationFilters.Add(new ArgumentGuard(_validator, log, context.Dataset.LatestYear, ResultJson));

        var history = new ChatHistory(_systemPrompt);
        history.AddSystemMessage(Hint(context));
        history.AddUserMessage(context.Question);
        var settings = new OpenAIPromptExecutionSettings
        {
            Temperature = 0,
            MaxTokens = 1024,
            FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(),
        };

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(_options.Timeout);
        string? text;
        try
        {
            var reply = await _chat.GetChatMessageContentAsync(history, settings, kernel, budget.Token);
            text = reply.Content?.Trim();
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = budget.IsCancellationRequested || e is TimeoutException ? "timeout" : "model_error";
            _logger.LogWarning(e, "model path: {Reason}; answering deterministically", reason);
            return new ModelAnswer(null, log.Calls, null, log.Fallback ?? reason);
        }

        if (log.Fallback is not null)
        {
            _logger.LogWarning("model path: refused call ({Problem}); answering deterministically", log.Problem);
            return new ModelAnswer(null, log.Calls, null, log.Fallback);
        }
        // Calls that never reached the guard did not run: a function that does not exist, a bare name ("unit_profile": SK runs
        // only the "plugin-function" names it advertised, yet finds a bare one in the kernel), arguments that are not JSON.
        // SK told the model so and asked again; whatever it said next rests on a call that gave nothing.
        foreach (var call in history.SelectMany(m => m.Items).OfType<FunctionCallContent>())
            if (call.Id is null || !log.Seen.Contains(call.Id))
            {
                log.Calls.Add(new CallTrace(call.PluginName ?? "", call.FunctionName, ArgumentGuard.AsGiven(call.Arguments ?? []), "rejected"));
                log.Fallback = "invalid_argument";
            }
        if (log.Fallback is not null)
        {
            _logger.LogWarning("model path: call to an unknown function or with malformed arguments; answering deterministically");
            return new ModelAnswer(null, log.Calls, null, log.Fallback);
        }
        if (string.IsNullOrEmpty(text))
        {
            _logger.LogWarning("model path: empty answer; answering deterministically");
            return new ModelAnswer(null, log.Calls, null, "model_error");
        }
        var verdict = NumberGuard.Check(text, context.Question, log.Results, _names);
        if (!verdict.NumbersPass)
        {
            _logger.LogWarning("model path: numbers not in any function result: {Numbers}; returned for another unit or group than the line names: {Misplaced}; answering deterministically",
                string.Join(", ", verdict.Unsupported), string.Join(", ", verdict.Misplaced));
            return new ModelAnswer(null, log.Calls, null, "number_guard");
        }
        if (!verdict.Passes)
        {
            _logger.LogWarning("model path: units no function returned: {Units}; answering deterministically", string.Join(", ", verdict.UnreturnedUnits));
            return new ModelAnswer(null, log.Calls, null, "name_guard");
        }
        return new ModelAnswer(text, log.Calls, log.FirstCall, null);
    }

    /// <summary>What the deterministic layer already knows, for the model to use or correct: never numbers it should repeat.</summary>
    private string Hint(ModelContext c)
    {
        var b = new StringBuilder();
        b.AppendLine("ข้อมูลประกอบคำถามนี้ (context from the deterministic layer):");
        var rounds = _years.Current();
        b.AppendLine($"- รอบสำรวจที่มีข้อมูล (survey rounds, Buddhist Era): {string.Join(", ", rounds)}; รอบล่าสุด (latest): {c.Dataset.LatestYear}"
            + (c.Dataset.Synthetic ? "; ข้อมูลสาธิตสังเคราะห์ (synthetic demo data)" : ""));
        var hint = c.Hint;
        if (hint.IsFunction)
        {
            b.AppendLine($"- ตัวแยกคำถามแบบกฎเสนอให้เรียก (the rule-based parser suggests): {hint.Plugin}-{hint.Intent} {Json(hint.Arguments)}");
            foreach (var u in hint.Units) b.AppendLine($"  - {Unit(u)}");
        }
        else
        {
            b.AppendLine($"- ตัวแยกคำถามแบบกฎจัดคำถามนี้เป็น (the rule-based parser classified it as): {hint.Intent}{(hint.Reason is { } r ? $" ({r})" : "")}");
        }
        var state = c.State;
        if (state.Focus is { } focus) b.AppendLine($"- หน่วยที่กำลังคุยกันอยู่ (unit in focus): {Unit(focus)}");
        if (state.MyUnit is { } mine) b.AppendLine($"- หน่วยงานของผู้ใช้ (the user's own unit, for \"หน่วยงานของฉัน\"): {Unit(mine)}");
        if (state.Function is { } previous) b.AppendLine($"- คำถามก่อนหน้า (previous call): {previous} {Json(state.Arguments)}");
        return b.ToString();
    }

    private static string Unit(UnitRef u) => $"{u.Id} = {u.NameTh} ({u.Kind})";

    private static string Json(IReadOnlyDictionary<string, object?> args) => JsonSerializer.Serialize(args, ChatExtensions.Json);
}
