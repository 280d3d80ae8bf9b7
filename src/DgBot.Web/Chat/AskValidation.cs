using DgBot.Core.Text;

namespace DgBot.Web.Chat;

/// <summary>The checks every entry point applies to a question before it reaches the chat service.</summary>
public static class AskValidation
{
    /// <summary>A Thai message for the user when the text cannot be asked, else null.</summary>
    public static string? Check(string? text)
    {
        if (string.IsNullOrWhiteSpace(ThaiText.Normalize(text ?? ""))) return "กรุณาพิมพ์คำถาม (text ว่างอยู่)";
        if (text!.Length > ChatService.MaxLength) return $"คำถามยาวเกิน {ChatService.MaxLength:#,0} ตัวอักษร กรุณาถามให้สั้นลง";
        return null;
    }
}
