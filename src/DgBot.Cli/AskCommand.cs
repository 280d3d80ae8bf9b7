using System.Text.Json;
using DgBot.Core.Storage;
using DgBot.Web.Access;
using DgBot.Web.Chat;
using DgBot.Web.Data;
using DgBot.Web.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DgBot.Cli;

/// <summary>
/// `dgbot ask`: the same chat service, plugins and database as POST /api/ask, without a web server, so an answer
/// can be checked from a terminal or a script (--json prints exactly the /api/ask body).
/// </summary>
internal static class AskCommand
{
    public static async Task<int> RunAsync(CliOptions o, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var dataDir = o.ResolveDataDir();
        var db = o.ResolveDb(dataDir);
        if (!File.Exists(db))
        {
            if (!o.Quiet) stderr.WriteLine($"ยังไม่มีฐานข้อมูล กำลังสร้าง {db} (first run: building the database)");
            var definition = SurveyDefinition.Load(dataDir);
            ProgressBar.Run(o.Quiet, stderr, "build-db", p => DatabaseBuilder.Build(definition, db, o.Seed ?? DatabaseBuilder.DefaultSeed, p));
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Data:Path"] = db,
            ["Data:Directory"] = dataDir,
        }).Build();
        var services = new ServiceCollection()
            .AddLogging(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning))
            .AddDgBotData(configuration)
            .AddDgBotPlugins()
            .AddChat();
        await using var provider = services.BuildServiceProvider();
        var chat = provider.GetRequiredService<ChatService>();
        var validation = provider.GetRequiredService<AskValidation>();
        var conversation = o.Conversation ?? "cli-" + Guid.NewGuid().ToString("N")[..8];

        if (o.Positional.Count > 0)
            return await AnswerAsync(string.Join(' ', o.Positional)) ? 0 : 1;

        // No question on the command line: one conversation over stdin, a question per line, so follow-ups work.
        var failed = false;
        if (!Console.IsInputRedirected && !o.Json) stderr.WriteLine("พิมพ์คำถามทีละบรรทัด (Ctrl+D เพื่อจบ) — ask one question per line");
        while (await stdin.ReadLineAsync() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            failed |= !await AnswerAsync(line);
            if (!o.Json) stdout.WriteLine();
        }
        return failed ? 1 : 0;

        async Task<bool> AnswerAsync(string text)
        {
            var problem = validation.Check(text);
            if (problem is not null)
            {
                stderr.WriteLine("error: " + problem);
                return false;
            }
            // The operator at the server's own terminal can read the database file anyway: the CLI answers with full access.
            var response = await chat.AskAsync(new AskRequest(text, conversation, "cli:" + Environment.UserName) { Caller = Caller.Local }, CancellationToken.None);
            stdout.WriteLine(o.Json ? JsonSerializer.Serialize(response, ChatExtensions.Json) : response.Answer);
            return response.Intent != "error";
        }
    }
}
