using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using DgBot.Core.Formatting;
using DgBot.Core.Queries;
using DgBot.Core.Storage;
using DgBot.Core.Text;
using DgBot.Web.Data;
using Microsoft.SemanticKernel;

namespace DgBot.Web.Chat;

public sealed record AskRequest(
    [property: JsonPropertyName("text")] string? Text,
    [property: JsonPropertyName("conversationId")] string? ConversationId,
    [property: JsonPropertyName("userId")] string? UserId);

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
    [property: JsonPropertyName("suggestions")] IReadOnlyList<string> Suggestions);

/// <summary>The one place questions are answered; /api/ask and every channel call it.</summary>
public sealed class ChatService(Kernel kernel, KeywordRouter router, AnswerRenderer renderer, ThaiFormatter formatter,
    DatabaseLocation database, ILogger<ChatService> logger)
{
    public const int MaxLength = 2000;
    private static readonly string[] YearFunctions = ["unit_profile", "unit_rank", "unit_gaps", "compare_units", "level_distribution", "list_units", "top_units", "item_statistic"];
    private readonly ConcurrentDictionary<string, ConversationContext> _conversations = new();

    public async Task<AskResponse> AskAsync(AskRequest request, CancellationToken cancellationToken)
    {
        var dataset = Dataset();
        var key = string.IsNullOrWhiteSpace(request.ConversationId) ? Guid.NewGuid().ToString("N") : request.ConversationId!;
        var context = _conversations.GetValueOrDefault(key) ?? new ConversationContext();
        try
        {
            var routed = router.Route(request.Text ?? "", context);
            switch (routed.Intent)
            {
                case "greeting" or "help" or "out_of_scope":
                    return new AskResponse(formatter.T(routed.Intent), routed.Intent, [], dataset, Suggestions(context));
                case "clarify":
                    var candidates = string.Join(" หรือ ", routed.Ambiguous!.Candidates.Select(c => c.NameTh));
                    return new AskResponse(formatter.T("clarify", ("text", routed.Ambiguous.Input), ("candidates", candidates)), "clarify", [], dataset,
                        routed.Ambiguous.Candidates.Take(3).Select(c => c.NameTh).ToList());
            }
            var args = new Dictionary<string, object?>(routed.Arguments);
            if (Array.IndexOf(YearFunctions, routed.Function) >= 0 && !args.ContainsKey("year")) args["year"] = dataset.LatestYear;
            var result = await kernel.InvokeAsync(routed.Plugin!, routed.Function!, new KernelArguments(args!), cancellationToken);
            var record = result.GetValue<object>();
            var answer = renderer.Render(record);
            if (dataset.Synthetic && routed.Plugin is "maturity" or "analytics") answer += "\n" + formatter.SyntheticLine;
            var trace = new CallTrace(routed.Plugin!, routed.Function!, Resolved(args, routed.Units), "ok");
            _conversations[key] = context with
            {
                Unit = routed.Units.FirstOrDefault() ?? context.Unit,
                Pillar = args.TryGetValue("pillar", out var p) ? (int?)p : args.ContainsKey("sub_indicator") ? null : context.Pillar,
                SubIndicator = args.TryGetValue("sub_indicator", out var s) ? (string?)s : args.ContainsKey("pillar") ? null : context.SubIndicator,
                Year = args.TryGetValue("year", out var y) ? (int?)y : context.Year,
            };
            return new AskResponse(answer, routed.Function!, [trace], dataset, Suggestions(_conversations[key]));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var reference = Guid.NewGuid().ToString("N")[..8];
            logger.LogError(e, "ask failed, reference {Reference}", reference);
            return new AskResponse($"ขออภัยครับ ระบบตอบคำถามนี้ไม่ได้ในขณะนี้ (รหัสอ้างอิง {reference})", "error", [], dataset, []);
        }
    }

    private static Dictionary<string, object?> Resolved(Dictionary<string, object?> args, IReadOnlyList<UnitRef> units)
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

    private static IReadOnlyList<string> Suggestions(ConversationContext context) => context.Unit is { } u
        ? [$"{u.NameTh} อันดับเท่าไร", $"{u.NameTh} ควรปรับอะไรก่อน", $"{u.NameTh} ย้อนหลังทุกปี"]
        : ["กรมที่ดินอยู่ระดับไหน", "จังหวัดระดับ 1 ด้านไซเบอร์กี่จังหวัด", "อัตราการตอบกลับเท่าไร"];

    private DatasetInfo Dataset()
    {
        using var c = Database.Open(database.Path, readOnly: true);
        return new DatasetInfo(SurveyStore.GetMeta(c, "synthetic") == "1", int.TryParse(SurveyStore.GetMeta(c, "latest_year"), out var y) ? y : 0);
    }
}
