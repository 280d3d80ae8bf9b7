using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using DgBot.Core;
using DgBot.Core.Formatting;
using DgBot.Core.Reference;
using DgBot.Web.Chat;

namespace DgBot.Web.Tests;

/// <summary>The real prompts/answers.th.json and reference data, for tests that call channel code without a host.</summary>
public static class RealPrompts
{
    public static string PromptsDirectory => Path.Combine(Path.GetDirectoryName(DataPaths.FindDataDirectory())!, "prompts");

    public static IReadOnlyDictionary<string, string> Templates { get; } =
        JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(PromptsDirectory, "answers.th.json")))!;

    public static ThaiFormatter Formatter { get; } = ThaiFormatter.Load(PromptsDirectory, ReferenceData.Load(DataPaths.FindDataDirectory()));

    public static ChannelTexts Texts { get; } = new(Formatter);
}

public class ChannelTextsTests
{
    /// <summary>The real templates, remembering which keys were asked for.</summary>
    private sealed class Recording(IReadOnlyDictionary<string, string> inner) : IReadOnlyDictionary<string, string>
    {
        public HashSet<string> Asked { get; } = [];
        public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value) { Asked.Add(key); return inner.TryGetValue(key, out value); }
        public string this[string key] => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException(key);
        public bool ContainsKey(string key) => TryGetValue(key, out _);
        public IEnumerable<string> Keys => inner.Keys;
        public IEnumerable<string> Values => inner.Values;
        public int Count => inner.Count;
        public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => inner.GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private static IEnumerable<string> Everything(ChannelTexts texts) =>
        [.. texts.Examples, texts.EmptyQuestion, texts.EmptyAsk, texts.TooLong, texts.TextOnly, texts.TeamsWelcome,
         texts.LineWelcome(synthetic: true), texts.LineWelcome(synthetic: false), texts.Apology("ab12cd34"),
         texts.NotJson, texts.BadJson, texts.TooLarge(32 * 1024), texts.TooMany(42)];

    [Fact]
    public void Every_channel_text_renders_from_the_real_prompts_file_with_every_placeholder_filled()
    {
        // A channel.* key missing from prompts/answers.th.json throws KeyNotFoundException here.
        var texts = new ChannelTexts(RealPrompts.Formatter);

        Assert.All(Everything(texts), text =>
        {
            Assert.False(string.IsNullOrWhiteSpace(text));
            // Placeholders are {name}; the JSON examples in the /api/ask refusals keep their braces and quotes.
            Assert.DoesNotMatch(@"\{[a-z_]+\}", text);
            Assert.Equal(text.Trim(), text); // a chat bubble with a stray blank line at either end looks broken
        });
        Assert.Contains("\n\nหมายเหตุ:", texts.LineWelcome(synthetic: true));
        Assert.Equal(3, texts.Examples.Count);
        Assert.Contains("ab12cd34", texts.Apology("ab12cd34"));
        Assert.All(texts.Examples, example => Assert.Contains("• " + example, texts.TeamsWelcome));
    }

    [Fact]
    public void The_channel_texts_use_exactly_the_channel_keys_of_the_prompts_file()
    {
        var templates = new Recording(RealPrompts.Templates);
        var formatter = new ThaiFormatter(templates, new Dictionary<int, string>(), new Dictionary<string, string>(), new Dictionary<string, string>());

        _ = Everything(new ChannelTexts(formatter)).ToList();

        var defined = RealPrompts.Templates.Keys.Where(k => k.StartsWith("channel.", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal(defined, templates.Asked.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Channels_and_api_ask_refuse_with_the_same_wording_they_always_had()
    {
        var texts = RealPrompts.Texts;
        var validation = new AskValidation(texts);

        Assert.Equal("คำถามยาวเกิน 2,000 ตัวอักษร กรุณาถามให้สั้นลง", texts.TooLong);
        Assert.Equal(texts.TooLong, validation.Check(new string('ก', ChatService.MaxLength + 1)));
        Assert.Null(validation.Check(new string('ก', ChatService.MaxLength)));
        Assert.Equal("กรุณาพิมพ์คำถาม (text ว่างอยู่)", validation.Check("   "));
        Assert.Equal("กรุณาพิมพ์คำถามเป็นข้อความ เช่น \"กรมที่ดินอยู่ระดับไหน\"", texts.EmptyQuestion);
        Assert.Equal("ขออภัยครับ ระบบตอบคำถามนี้ไม่ได้ในขณะนี้ (รหัสอ้างอิง ab12cd34)", texts.Apology("ab12cd34"));
        Assert.Equal("คำขอใหญ่เกินไป (เกิน 32 KB) คำถามยาวได้ไม่เกิน 2,000 ตัวอักษร", texts.TooLarge(32 * 1024));
        Assert.Equal("ส่งคำขอถี่เกินไป กรุณารอประมาณ 1,200 วินาทีแล้วลองใหม่", texts.TooMany(1200));
    }
}
