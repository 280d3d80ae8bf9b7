using System.Text.RegularExpressions;

namespace DgBot.Web.Chat;

/// <summary>
/// Recognises a registration attempt however it is typed ("ลงทะเบียน 754WG-GYMQU ครับ", "ลงทะเบียน: …", "ลงทะเบียนรหัส …",
/// an en dash for the hyphen, "register …"), so the code (or a password typed after a registration word) is spent or refused
/// as a registration and never reaches the parser, the conversation store, a model or the audit log in clear.
/// </summary>
public static partial class RegistrationText
{
    /// <summary>What the audit log keeps of a registration attempt: that one was made, never the code.</summary>
    public const string Redacted = "ลงทะเบียน [รหัสถูกซ่อน]";

    /// <summary>The code typed after a registration word (empty when only the word was typed), or null when the text is no
    /// registration attempt.</summary>
    public static string? CodeIn(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || RegisterWord().Match(text) is not { Success: true } word) return null;
        var rest = text[(word.Index + word.Length)..];
        if (Code().Match(rest) is { Success: true } match)
        {
            var code = match.Groups["code"].Value;
            var normalized = DgBot.Core.Access.Roster.NormalizeCode(code);
            // A secret is long or has a digit; "ลงทะเบียน DCIO ยังไง" is a question about registering, not a code.
            if (normalized.Length >= 6 || normalized.Any(char.IsAsciiDigit)) return code;
        }
        // The bare command ("ลงทะเบียน", "register") asks how; anything else around the word is a question about it.
        return Filler().IsMatch(rest) ? "" : null;
    }

    public static bool IsAttempt(string? text) => CodeIn(text) is not null;

    [GeneratedRegex(@"ลง\s*ทะเบียน|\bregist(?:er|ration|er me)\b|\bsign\s*up\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RegisterWord();

    /// <summary>After the word: Thai filler ("รหัส", "ด้วยรหัส", "ครับ"), punctuation and a few English words, then the code: letters
    /// and digits with any dash or space between groups.</summary>
    [GeneratedRegex(@"^(?:[\s\p{P}\p{S}]|[\u0E00-\u0E7F]|\b(?:code|with|my|the|is|using|password|pass|pin)\b)*?(?<![A-Za-z0-9])(?!(?:code|with|my|the|is|using|password|pass|pin)\b)(?<code>[A-Za-z0-9]{2,}(?:[\s\-‐‑‒–—―−_.]{0,3}[A-Za-z0-9]{2,}){0,5})(?![A-Za-z0-9])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Code();

    [GeneratedRegex(@"^[\s\p{P}]*(?:ครับ|ค่ะ|คะ|นะ|หน่อย|ด้วย)?[\s\p{P}]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Filler();
}
