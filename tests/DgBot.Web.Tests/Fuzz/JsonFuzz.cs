using System.Text;
using System.Text.Json.Nodes;
using DgBot.Core.Tests.Fuzz;
using FsCheck;
using FsCheck.Fluent;

namespace DgBot.Web.Tests.Fuzz;

/// <summary>Generators of hostile JSON: valid documents bent out of shape, broken syntax, invalid UTF-8.</summary>
public static class JsonFuzz
{
    /// <summary>JSON string literals (quotes included) that are hard to read: escapes, lone surrogate escapes, Thai, huge.</summary>
    public static Gen<string> StringLiteral => Gen.Frequency(
        (5, FuzzGen.Pieces(0, 20).Select(s => JsonValue.Create(s).ToJsonString())),
        (3, Gen.Elements("\"\\ud800\"", "\"\\udc00x\"", "\"\\ud83d\\ude00\"", "\"\\u0000\"", "\"\\\"\"", "\"\\/\"", "\"\\x\"", "\"\\u12\"", "\"\t\"", "\"\"")),
        (1, Gen.Choose(1, 30_000).Select(n => "\"" + new string('ก', n) + "\"")));

    public static Gen<string> Scalar => Gen.Frequency(
        (4, StringLiteral),
        (3, Gen.Elements("0", "-1", "1e308", "1e400", "-0", "2147483648", "99999999999999999999", "0.5", "true", "false", "null", "NaN", "01", "+1", "1.", ".5")),
        (1, Gen.Choose(0, 100).Select(n => new string('[', n) + new string(']', n))));

    /// <summary>Any JSON-ish value up to the given depth; names come from the protocols so lenient readers meet them.</summary>
    public static Gen<string> Value(int depth) => depth <= 0 ? Scalar : Gen.Frequency(
        (4, Scalar),
        (2, Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(Value(depth - 1), n)).Select(items => "[" + string.Join(",", items) + "]")),
        (3, Gen.Choose(0, 5).SelectMany(n => Gen.ArrayOf(Gen.Elements(Names).SelectMany(name => Value(depth - 1).Select(v => $"\"{name}\":{v}")), n))
            .Select(members => "{" + string.Join(",", members) + "}")));

    public static readonly string[] Names =
    [
        "type", "id", "text", "serviceUrl", "channelId", "from", "conversation", "recipient", "entities", "channelData", "tenant",
        "mentioned", "attachments", "content", "contentType", "membersAdded", "suggestedActions", "actions", "isGroup", "tenantId",
        "events", "source", "userId", "groupId", "roomId", "replyToken", "webhookEventId", "deliveryContext", "isRedelivery", "mode",
        "message", "mention", "mentionees", "isSelf", "index", "length", "postback", "data", "destination", "TYPE", "Text",
    ];

    /// <summary>Edits of a JSON text: a value replaced, a character dropped or inserted, a cut, a trailing comma, a comment.</summary>
    public static Gen<string> MutateText(string json) => Gen.Choose(0, 6).SelectMany(kind =>
        Gen.Choose(0, json.Length).SelectMany(at => Value(2).SelectMany(v => Syntax.Select(token => kind switch
        {
            0 => json.Insert(at, v),
            1 => at < json.Length ? json.Remove(at, 1) : json,
            2 => json[..at],
            3 => json.Insert(at, token),
            4 => ReplaceValue(json, at, v),
            5 => json.Insert(at, "/* ก */"),
            _ => json.Replace("\"", "'", StringComparison.Ordinal),
        }))));

    private static Gen<string> Syntax => Gen.Elements(",", "}", "]", "{", "[", ":", "\"", "\\", "/*", "//", "\n");

    /// <summary>A member's value replaced by another value, one to three times: still JSON most of the time, in the wrong shape.</summary>
    public static Gen<string> Reshape(string json) => Gen.Choose(1, 3).SelectMany(n =>
    {
        var g = Gen.Constant(json);
        for (int i = 0; i < n; i++) g = g.SelectMany(j => Gen.Choose(0, j.Length).SelectMany(at => Value(2).Select(v => ReplaceValue(j, at, v))));
        return g;
    });

    private static string ReplaceValue(string json, int at, string value)
    {
        var colon = json.IndexOf(':', Math.Min(at, json.Length));
        if (colon < 0) return json;
        var end = json.IndexOfAny([',', '}', ']'], colon + 1);
        return end < 0 ? json : json[..(colon + 1)] + value + json[end..];
    }

    /// <summary>Bytes of a text, sometimes damaged: invalid UTF-8 put inside, a multi-byte letter cut short, a BOM, a NUL.</summary>
    public static Gen<byte[]> Bytes(Gen<string> texts) => texts.SelectMany(text => Gen.Choose(0, 9).SelectMany(kind =>
        Gen.Choose(0, 1_000_000).Select(r =>
        {
            var bytes = Encoding.UTF8.GetBytes(text).ToList();
            var at = bytes.Count == 0 ? 0 : r % (bytes.Count + 1);
            switch (kind)
            {
                case 0: bytes.InsertRange(at, [0xFF]); break;
                case 1: bytes.InsertRange(at, [0xC3]); break;              // a lead byte with no continuation
                case 2: bytes.InsertRange(at, [0xE0, 0xB8]); break;        // a Thai letter cut short
                case 3: bytes.InsertRange(at, [0xED, 0xA0, 0x80]); break;  // an encoded surrogate (CESU-8)
                case 4: bytes.InsertRange(0, [0xEF, 0xBB, 0xBF]); break;
                default: break;                                           // left valid
            }
            return bytes.ToArray();
        })));

    public static Gen<byte[]> RandomBytes(int max) =>
        Gen.Choose(0, max).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n));

    public static string Describe(byte[] b) =>
        $"{b.Length} bytes: " + FuzzGen.Describe(Encoding.UTF8.GetString(b.AsSpan(0, Math.Min(b.Length, 400))));
}
