using System.Text.Json;
using DgBot.Core;
using DgBot.Core.Formatting;
using DgBot.Core.Queries;
using DgBot.Core.Storage;
using DgBot.Core.Text;
using DgBot.Web.Data;

namespace DgBot.Web.Chat;

public static class ChatExtensions
{
    public static WebApplicationBuilder AddChat(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp =>
        {
            var definition = sp.GetRequiredService<SurveyDefinition>();
            var prompts = Path.Combine(Path.GetDirectoryName(definition.DataDirectory)!, "prompts");
            return ThaiFormatter.Load(prompts, definition.Reference);
        });
        builder.Services.AddSingleton<AnswerRenderer>();
        builder.Services.AddSingleton(sp => new KeywordRouter(sp.GetRequiredService<UnitResolver>(), sp.GetRequiredService<SurveyDefinition>().Reference,
            () => sp.GetRequiredService<SurveyQueries>().LatestYear()));
        builder.Services.AddSingleton<ChatService>();
        return builder;
    }

    public static WebApplication MapAsk(this WebApplication app)
    {
        app.MapPost("/api/ask", async (HttpRequest http, ChatService chat, CancellationToken ct) =>
        {
            static IResult Bad(string message) => Results.Json(new { error = message }, statusCode: StatusCodes.Status400BadRequest);
            if (!http.HasJsonContentType()) return Bad("ต้องส่งเป็น JSON (Content-Type: application/json) เช่น {\"text\": \"กรมที่ดินอยู่ระดับไหน\"}");
            AskRequest? request;
            try { request = await http.ReadFromJsonAsync<AskRequest>(ct); }
            catch (JsonException) { return Bad("รูปแบบ JSON ไม่ถูกต้อง ตัวอย่าง: {\"text\": \"กรมที่ดินอยู่ระดับไหน\", \"conversationId\": \"c1\"}"); }
            if (request is null || string.IsNullOrWhiteSpace(ThaiText.Normalize(request.Text ?? ""))) return Bad("กรุณาพิมพ์คำถาม (text ว่างอยู่)");
            if (request.Text!.Length > ChatService.MaxLength) return Bad($"คำถามยาวเกิน {ChatService.MaxLength:#,0} ตัวอักษร กรุณาถามให้สั้นลง");
            return Results.Json(await chat.AskAsync(request, ct));
        });
        return app;
    }
}
