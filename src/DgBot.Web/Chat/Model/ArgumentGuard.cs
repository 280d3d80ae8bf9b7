using DgBot.Core.Catalog;
using System.Text.Json;
using DgBot.Core.Language;
using Microsoft.SemanticKernel;

namespace DgBot.Web.Chat.Model;

/// <summary>What the model did in one question: the calls (run or refused) for the trace, the results it was shown, and why
/// its answer cannot be used, if it cannot.</summary>
public sealed class ModelCallLog
{
    public List<CallTrace> Calls { get; } = [];
    /// <summary>The function results exactly as the model received them: the number guard's evidence.</summary>
    public List<string> Results { get; } = [];
    /// <summary>The model's first valid call as a parse, so a follow-up continues from it.</summary>
    public ParsedQuestion? FirstCall { get; set; }
    /// <summary>invalid_argument or model_error once a call was refused; the model's answer is then not used.</summary>
    public string? Fallback { get; set; }
    public string? Problem { get; set; }
    /// <summary>The tool call ids this guard saw: a call the model made that is not here never ran.</summary>
    public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Stands between the model and the functions (channels-and-thai §3.3): every call's arguments are validated before the
/// function runs, names are replaced by ids and canonical names, and the result the model sees is serialised once, with
/// Thai kept readable, and kept for the number guard. A refused call does not run; the loop stops there.
/// </summary>
public sealed class ArgumentGuard(ArgumentValidator validator, ModelCallLog log, int latestYear, JsonSerializerOptions json) : IAutoFunctionInvocationFilter
{
    /// <summary>More calls than any catalog question needs means the model is looping.</summary>
    public const int MaxCalls = 6;

    public async Task OnAutoFunctionInvocationAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next)
    {
        if (context.ToolCallId is { } id) log.Seen.Add(id);
        var function = context.Function;
        var plugin = function.PluginName ?? "";
        var raw = context.Arguments is { } given ? given.ToDictionary(kv => kv.Key, kv => kv.Value) : [];
        var parameters = function.Metadata.Parameters;
        var looping = log.Calls.Count >= MaxCalls;
        var (checkedArgs, problem) = looping
            ? (null, $"more than {MaxCalls} function calls for one question")
            : validator.Check(function.Name, parameters.Select(p => p.Name).ToList(), parameters.Where(p => p.IsRequired).Select(p => p.Name).ToList(), raw);
        if (checkedArgs is null)
        {
            log.Calls.Add(new CallTrace(plugin, function.Name, AsGiven(raw), "rejected"));
            log.Fallback = looping ? "model_error" : "invalid_argument";
            log.Problem = $"{plugin}-{function.Name}: {problem}";
            context.Result = new FunctionResult(function, "Error: " + problem);
            context.Terminate = true;
            return;
        }

        var args = checkedArgs.Arguments;
        // As on the deterministic path, the trace shows the round actually answered, not an implicit "latest".
        if (FunctionCatalog.Find(function.Name)?.TakesYear == true && !args.ContainsKey("year")) args["year"] = latestYear;
        // Arguments are null only when the model sent none, and then no function that needs one gets this far.
        if (context.Arguments is { } target)
        {
            target.Clear();
            foreach (var (name, value) in args) target[name] = value;
        }

        var trace = ChatService.Resolved(args, checkedArgs.Units);
        try
        {
            await next(context);
        }
        catch (Access.AccessRefusedException refused)
        {
            // The access filter stopped the function (DESIGN §9): the model gets no data and its answer is not used; the
            // deterministic path answers for the same caller, under the same filter.
            log.Calls.Add(new CallTrace(plugin, function.Name, trace, "refused"));
            log.Fallback = "refused";
            log.Problem = $"{plugin}-{function.Name}: access refused ({refused.Decision.Reason})";
            context.Result = new FunctionResult(function, "Error: access refused");
            context.Terminate = true;
            return;
        }
        catch
        {
            log.Calls.Add(new CallTrace(plugin, function.Name, trace, "error"));
            throw;
        }
        var text = JsonSerializer.Serialize(context.Result.GetValue<object>(), json);
        context.Result = new FunctionResult(context.Result, text);
        log.Calls.Add(new CallTrace(plugin, function.Name, trace, "ok"));
        log.Results.Add(text);
        if (log.FirstCall is null)
        {
            // Remembered the way the parser would write it: the latest round is implicit.
            var remembered = new Dictionary<string, object?>(args);
            if (remembered.TryGetValue("year", out var y) && y is int year && year == latestYear) remembered.Remove("year");
            log.FirstCall = new ParsedQuestion(function.Name, plugin, remembered, checkedArgs.Units, []);
        }
    }

    /// <summary>Arguments as the model wrote them; SK hands JSON over as text, so arrays and objects are read back as JSON.</summary>
    public static Dictionary<string, object?> AsGiven(IReadOnlyDictionary<string, object?> raw) =>
        raw.ToDictionary(kv => kv.Key, kv => kv.Value is string s && s.TrimStart() is ['[' or '{', ..] ? TryJson(s) ?? s : kv.Value);

    private static object? TryJson(string s)
    {
        try { return JsonDocument.Parse(s).RootElement.Clone(); }
        catch (JsonException) { return null; }
    }
}
