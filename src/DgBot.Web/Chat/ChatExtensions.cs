using System.Text.Encodings.Web;
using System.Text.Json;
using DgBot.Core;
using DgBot.Core.Alerts;
using DgBot.Core.Formatting;
using DgBot.Core.Queries;
using DgBot.Core.Storage;
using DgBot.Core.Language;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using DgBot.Web.Chat.Model;
using DgBot.Web.Access;
using DgBot.Web.Alerts;
using DgBot.Web.Data;
using DgBot.Web.Limits;
using Microsoft.AspNetCore.Http.Features;

namespace DgBot.Web.Chat;

public static class ChatExtensions
{
    /// <summary>Answers keep Thai (and "+") readable in JSON (DESIGN §4); the body is served as application/json, never inlined in HTML.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static WebApplicationBuilder AddChat(this WebApplicationBuilder builder)
    {
        builder.Services.AddChatModel(builder.Configuration);
        builder.Services.AddChat();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = Json.Encoder);
        return builder;
    }

    public static IServiceCollection AddChat(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var definition = sp.GetRequiredService<SurveyDefinition>();
            var prompts = Path.Combine(Path.GetDirectoryName(definition.DataDirectory)!, "prompts");
            return ThaiFormatter.Load(prompts, definition.Reference);
        });
        services.AddSingleton<ChannelTexts>();
        services.AddSingleton<AskValidation>();
        services.AddSingleton<AnswerRenderer>();
        services.AddSingleton<RichAnswerBuilder>();
        services.TryAddSingleton<IChartLinks, NoCharts>();
        services.AddSingleton(sp => new Gazetteer(sp.GetRequiredService<SurveyDefinition>().Reference));
        services.AddSingleton<DatasetInfoProvider>();
        services.AddSingleton(sp =>
        {
            var datasets = sp.GetRequiredService<DatasetInfoProvider>();
            return new ThaiParser(sp.GetRequiredService<Gazetteer>(), () => datasets.Current.LatestYear);
        });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DataOptions>>().Value;
            var path = string.IsNullOrWhiteSpace(options.StatePath)
                ? StateStore.DefaultPathFor(sp.GetRequiredService<DatabaseLocation>().Path)
                : Path.GetFullPath(options.StatePath);
            return new StateStore(path);
        });
        services.AddSingleton(sp => new ConversationStore(sp.GetRequiredService<StateStore>(),
            TimeSpan.FromMinutes(sp.GetRequiredService<IOptions<DataOptions>>().Value.ConversationMinutes)));
        services.TryAddSingleton<IModelAnswerer, NoModel>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddAlertOptions();
        services.AddSingleton<AlertSubscriptions>();
        services.AddQuestionLimits();
        services.AddSingleton<ChatService>();
        return services;
    }

    public static WebApplication MapAsk(this WebApplication app)
    {
        app.MapPost("/api/ask", async (HttpRequest http, ChatService chat, AskValidation validation, ChannelTexts texts, IOptions<RequestLimitOptions> limits,
            CancellationToken ct) =>
        {
            static IResult Bad(string message) => Results.Json(new { error = message }, statusCode: StatusCodes.Status400BadRequest);
            var max = limits.Value.MaxAskBodyBytes;
            IResult TooLarge() => Results.Json(new { error = texts.TooLarge(max) }, statusCode: StatusCodes.Status413PayloadTooLarge);
            if (!http.HasJsonContentType()) return Bad(texts.NotJson);
            if (http.ContentLength > max) return TooLarge();
            // A chunked body has no length up front: Kestrel stops reading it at the limit instead.
            if (http.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = max;
            AskRequest? request;
            try { request = await http.ReadFromJsonAsync<AskRequest>(ct); }
            catch (JsonException) { return Bad(texts.BadJson); }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge) { return TooLarge(); }
            if (validation.Check(request?.Text) is { } problem) return Bad(problem);
            var answer = await chat.AskAsync(request! with { WebLogin = AccessExtensions.WebLogin(http.HttpContext), Session = SessionOf(http.HttpContext) }, ct);
            if (answer.RetryAfterSeconds is { } seconds)
            {
                http.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Results.Json(answer, statusCode: StatusCodes.Status429TooManyRequests);
            }
            return Results.Json(answer);
        }).RequireRateLimiting(LimitExtensions.PerIp);
        return app;
    }

    /// <summary>The cookie that binds an anonymous caller's conversations to them (DESIGN §5).</summary>
    public const string SessionCookie = "dgbot.session";

    /// <summary>
    /// The anonymous caller's session: the one its cookie carries, or a new random one set on this reply. The conversation
    /// store keys every conversation by it, so a conversationId taken from someone else opens an empty conversation.
    /// </summary>
    private static string SessionOf(HttpContext http)
    {
        if (http.Request.Cookies.TryGetValue(SessionCookie, out var existing) && existing is { Length: 32 } && existing.All(char.IsAsciiHexDigit))
            return existing;
        var session = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        http.Response.Cookies.Append(SessionCookie, session, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            IsEssential = true,
            MaxAge = TimeSpan.FromDays(30),
        });
        return session;
    }
}
