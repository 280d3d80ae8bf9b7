namespace DgBot.Web.Chat.Model;

/// <summary>
/// The optional language model (DESIGN §1, §8): any OpenAI-compatible chat completions API (OpenAI, Azure OpenAI's v1 API,
/// Ollama, vLLM, Typhoon). Off while <see cref="Endpoint"/> is empty, which is the default.
/// </summary>
public sealed class ModelOptions
{
    public const string Section = "Chat";

    /// <summary>The API's base address, including its version path: https://api.openai.com/v1, http://localhost:11434/v1,
    /// https://RESOURCE.openai.azure.com/openai/v1/, https://api.opentyphoon.ai/v1.</summary>
    public string? Endpoint { get; set; }

    /// <summary>Sent as a bearer token; local servers usually need none.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The model (or Azure deployment) name.</summary>
    public string Model { get; set; } = "gpt-4o-mini";

    /// <summary>The whole budget of one question on the model path (every round trip and function call); past it the
    /// deterministic answer is given.</summary>
    public double TimeoutSeconds { get; set; } = 8;

    public bool Enabled => !string.IsNullOrWhiteSpace(Endpoint);

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    /// <summary>Why the options cannot work, or null when they can (checked at start-up).</summary>
    public string? Problem()
    {
        if (!Enabled) return null;
        if (!Uri.TryCreate(Endpoint!.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return $"Chat:Endpoint must be an absolute http(s) address such as https://api.openai.com/v1 (got '{Endpoint}')";
        if (string.IsNullOrWhiteSpace(Model)) return "Chat:Model must name the model when Chat:Endpoint is set";
        if (!(TimeoutSeconds > 0 && TimeoutSeconds <= 120)) return $"Chat:TimeoutSeconds must be more than 0 and at most 120 (got {TimeoutSeconds})";
        return null;
    }
}
