using DgBot.Core.Text;

namespace DgBot.Web.Chat;

/// <summary>The checks /api/ask and `dgbot ask` apply to a question before it reaches the chat service.</summary>
public sealed class AskValidation(ChannelTexts texts)
{
    /// <summary>A Thai message for the user when the text cannot be asked, else null.</summary>
    public string? Check(string? text)
    {
        if (string.IsNullOrWhiteSpace(ThaiText.Normalize(text ?? ""))) return texts.EmptyAsk;
        if (text!.Length > ChatService.MaxLength) return texts.TooLong;
        return null;
    }
}
