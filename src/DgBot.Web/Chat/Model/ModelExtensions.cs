using DgBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DgBot.Web.Chat.Model;

/// <summary>The system prompt of prompts/system.th.md, beside the answer templates.</summary>
public sealed record SystemPrompt(string Text)
{
    public const string FileName = "system.th.md";

    public static SystemPrompt Load(SurveyDefinition definition) =>
        new(File.ReadAllText(Path.Combine(Path.GetDirectoryName(definition.DataDirectory)!, "prompts", FileName)));
}

public static class ModelExtensions
{
    /// <summary>
    /// Binds the Chat section and, when Chat:Endpoint is set, answers through the model (the choice is made when the chat
    /// service is first built, so configuration added late by a host or a test still counts). Registered before AddChat's
    /// default, which is then skipped.
    /// </summary>
    public static IServiceCollection AddChatModel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ModelOptions>()
            .Bind(configuration.GetSection(ModelOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ModelOptions>, ModelOptionsValidation>();
        services.AddSingleton<SurveyYears>();
        services.AddSingleton<ArgumentValidator>();
        services.AddSingleton<AnswerNames>();
        services.AddSingleton(sp => SystemPrompt.Load(sp.GetRequiredService<SurveyDefinition>()));
        services.TryAddSingleton<IModelAnswerer>(sp => sp.GetRequiredService<IOptions<ModelOptions>>().Value.Enabled
            ? ActivatorUtilities.CreateInstance<ModelAnswerer>(sp)
            : new NoModel());
        return services;
    }

    /// <summary>Start-up fails with the reason, not just "invalid".</summary>
    private sealed class ModelOptionsValidation : IValidateOptions<ModelOptions>
    {
        public ValidateOptionsResult Validate(string? name, ModelOptions options) =>
            options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
