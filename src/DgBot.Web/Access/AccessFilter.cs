using DgBot.Core.Queries;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace DgBot.Web.Access;

/// <summary>
/// Enforces <see cref="AccessPolicy"/> on every kernel function invocation: the parser's calls and the model's automatic
/// calls both pass through here, so no path reaches a function around it. With no caller set (a call outside any question),
/// Open mode allows it and Roster mode treats it as an unknown user. What a call returns passes <see cref="AccessRedaction"/> on
/// the way out.
/// </summary>
public sealed class AccessFilter(IOptions<AccessOptions> options, UnitResolver units, SurveyQueries queries) : IFunctionInvocationFilter
{
    public async Task OnFunctionInvocationAsync(FunctionInvocationContext context, Func<FunctionInvocationContext, Task> next)
    {
        var caller = CallerContext.Current ?? (options.Value.Mode == AccessMode.Open ? Caller.Everyone : Caller.Anonymous);
        var plugin = context.Function.PluginName ?? "";
        var function = context.Function.Name;
        if (!caller.SeesEverything)
        {
            var decision = AccessPolicy.Check(caller, plugin, function, Targets(context.Arguments));
            if (decision is not null) throw new AccessRefusedException(plugin, function, decision);
        }
        await next(context);
        var value = context.Result.GetValue<object>();
        if (AccessRedaction.ForCaller(caller, value, queries) is { } redacted && !ReferenceEquals(redacted, value))
            context.Result = new FunctionResult(context.Result, redacted);
    }

    private List<UnitRef?> Targets(KernelArguments arguments)
    {
        var found = new List<UnitRef?>();
        foreach (var (name, value) in arguments)
        {
            if (name == "unit") found.Add(Resolve(value));
            else if (name == "units")
                foreach (var item in Items(value)) found.Add(Resolve(item));
        }
        return found;
    }

    private UnitRef? Resolve(object? value) => value?.ToString() is { Length: > 0 } text ? units.Resolve(text).Unit : null;

    /// <summary>The parser passes a string array; SK hands a model's list over as JSON text or a JsonElement.</summary>
    private static IEnumerable<object?> Items(object? value) => value switch
    {
        string s when s.TrimStart().StartsWith('[') => ParseList(s),
        System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Array } e => e.EnumerateArray().Select(x => (object?)x.ToString()),
        System.Collections.IEnumerable list and not string => list.Cast<object?>(),
        _ => [value],
    };

    private static IEnumerable<object?> ParseList(string json)
    {
        try { return System.Text.Json.JsonSerializer.Deserialize<string[]>(json) ?? []; }
        catch (System.Text.Json.JsonException) { return [json]; }
    }
}
