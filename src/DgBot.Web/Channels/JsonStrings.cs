using System.Text.Json;

namespace DgBot.Web.Channels;

/// <summary>
/// System.Text.Json accepts a string escape such as "\ud800" (a lone surrogate) while parsing and throws
/// InvalidOperationException only when the string is read. Webhook bodies are checked once, up front, so a body that
/// carries one is refused as malformed (400) instead of failing later in a handler or a worker.
/// </summary>
public static class JsonStrings
{
    public static bool AllReadable(JsonElement element)
    {
        try
        {
            Visit(element);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void Visit(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                _ = element.GetString();
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) Visit(item);
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    _ = property.Name;
                    Visit(property.Value);
                }
                break;
        }
    }
}
