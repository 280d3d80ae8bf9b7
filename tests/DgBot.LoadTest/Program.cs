using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using DgBot.LoadTest;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
Options options;
try
{
    options = Options.Parse(args);
}
catch (HelpRequested)
{
    Console.WriteLine(Options.Usage);
    return 0;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(Options.Usage);
    return 2;
}
try
{
    return await new LoadRun(options).RunAsync();
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException or FileNotFoundException)
{
    Console.Error.WriteLine();
    Console.Error.WriteLine("load test aborted: " + e.Message);
    return 1;
}

namespace DgBot.LoadTest
{
    public sealed class LoadRun(Options o)
    {
        private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        private readonly string _runId = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..6];
        private HttpClient _client = null!;
        private string _url = "";

        public async Task<int> RunAsync()
        {
            var started = DateTimeOffset.UtcNow;
            var questions = LoadQuestions(o.Questions ?? Path.Combine(o.RepoRoot, "tests", "corpus", "questions.th.json"));
            Note($"{questions.Length} distinct questions from the corpus, rotated; every request in its own conversation");

            var workDir = o.WorkDir ?? Path.Combine(Path.GetTempPath(), "dgbot-load-" + _runId);
            Directory.CreateDirectory(workDir);
            await using var fake = new FakeLine(o.LinePort, o.AccessToken);
            Note($"fake LINE API on {fake.BaseUrl}");

            var env = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Data__Path"] = Path.Combine(workDir, "dgbot.db"),
                ["Line__ChannelSecret"] = o.Secret,
                ["Line__ChannelAccessToken"] = o.AccessToken,
                ["Line__ApiBaseUrl"] = fake.BaseUrl,
                ["Access__Mode"] = "Open",
                ["Alerts__Cron"] = "",
                // Per-request console logging would cost the host CPU the clients share; warnings and errors still show.
                ["Logging__LogLevel__Default"] = "Warning",
            };
            foreach (var (key, value) in o.HostEnv) env[key] = value;

            HostProcess? host = null;
            var handler = new SocketsHttpHandler
            {
                MaxConnectionsPerServer = Math.Max(o.Concurrency, o.WebhookConcurrency) + 4,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
                UseProxy = false,
                AutomaticDecompression = DecompressionMethods.None,
            };
            _client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
            try
            {
                if (o.Url is { } url)
                {
                    _url = url;
                    Note($"targeting the running host {url} (it must be started with Line__ApiBaseUrl={fake.BaseUrl} and this channel secret)");
                }
                else
                {
                    var dll = o.HostDll ?? Path.Combine(o.RepoRoot, "src", "DgBot.Web", "bin", "Release", "net10.0", "DgBot.Web.dll");
                    host = new HostProcess(dll, o.RepoRoot, o.HostPort, workDir, env);
                    _url = host.Url;
                    Note($"started the web host (pid {host.Pid}) on {host.Url}; database and log in {workDir}");
                    await host.WaitHealthyAsync(_client, TimeSpan.FromSeconds(o.StartTimeoutSeconds), Note);
                    Note("host healthy");
                }

                PhaseResult? warmup = null, ask = null, hooks = null;
                ReplyResult? replies = null;
                if (o.Warmup > 0) warmup = await AskPhaseAsync("warmup", o.Warmup, Math.Min(8, o.Concurrency), questions, 0);
                if (o.Asks > 0) ask = await AskPhaseAsync("ask", o.Asks, o.Concurrency, questions, o.Warmup);
                if (o.Webhooks > 0) (hooks, replies) = await LinePhaseAsync(questions, fake);

                var failures = new List<string>();
                foreach (var phase in new[] { warmup, ask, hooks })
                {
                    if (phase is null) continue;
                    if (phase.ServerErrors > 0) failures.Add($"{phase.Name}: {phase.ServerErrors} responses were 5xx");
                    if (phase.TransportErrors > 0) failures.Add($"{phase.Name}: {phase.TransportErrors} requests got no response");
                    if (phase.BadBodies > 0) failures.Add($"{phase.Name}: {phase.BadBodies} 200 responses had no answer");
                    if (phase.RateLimited > 0) failures.Add($"{phase.Name}: {phase.RateLimited} responses were 429 (rate limited; raise the limits with --host-env)");
                    if (phase.ClientErrors > 0) failures.Add($"{phase.Name}: {phase.ClientErrors} responses were 4xx");
                }
                if (replies is not null)
                {
                    if (replies.Lost > 0) failures.Add($"line: {replies.Lost} of {replies.Expected} webhooks never got a reply");
                    if (replies.Duplicates > 0) failures.Add($"line: {replies.Duplicates} reply tokens were answered more than once");
                    if (replies.Apologies > 0) failures.Add($"line: {replies.Apologies} answers were the error apology");
                    if (replies.Malformed > 0 || replies.BadAuthorization > 0) failures.Add($"line: {replies.Malformed} malformed calls, {replies.BadAuthorization} with a wrong access token");
                }
                if (host is { HasExited: true }) failures.Add($"the web host exited (code {host.ExitCode}) during the run");
                if (host is { ErrorLines: > 0 }) failures.Add($"the web host logged {host.ErrorLines} errors (see {host.LogPath})");

                var result = new RunResult(started,
                    new MachineInfo(Environment.ProcessorCount, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription),
                    new HostResult(_url, host is not null, host is null ? null : !host.HasExited, host is null ? null : Math.Round(host.CpuTime.TotalSeconds, 1),
                        host is null ? null : Math.Round(host.PeakWorkingSetBytes / 1048576.0, 1), host?.ErrorLines, host?.WarningLines,
                        o.HostEnv.Select(kv => $"{kv.Key}={kv.Value}").ToList()),
                    questions.Length, warmup, ask, hooks, replies, failures.Count == 0, failures);
                Summary(result);
                if (o.Out is { } outPath)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
                    await File.WriteAllTextAsync(outPath, JsonSerializer.Serialize(result, Pretty) + "\n");
                    Console.WriteLine($"result written to {outPath}");
                }
                if (host is not null && failures.Count > 0)
                {
                    Console.WriteLine($"last lines of {host.LogPath}:");
                    foreach (var line in host.Tail(30)) Console.WriteLine("  " + line);
                }
                return failures.Count == 0 ? 0 : 1;
            }
            finally
            {
                host?.Dispose();
                _client.Dispose();
                if (o.WorkDir is null && !o.Keep)
                {
                    try { Directory.Delete(workDir, recursive: true); }
                    catch (IOException) { }
                }
            }
        }

        /// <summary>The opening question of every corpus conversation, already encoded as a JSON string.</summary>
        private static string[] LoadQuestions(string path)
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var texts = document.RootElement.GetProperty("conversations").EnumerateArray()
                .Select(c => c.GetProperty("turns")[0].GetProperty("text").GetString())
                .Where(t => !string.IsNullOrWhiteSpace(t) && t.Length <= 2000)
                .Distinct(StringComparer.Ordinal)
                .Select(t => JsonSerializer.Serialize(t, Relaxed))
                .ToArray();
            if (texts.Length == 0) throw new InvalidOperationException($"no questions in {path}");
            return texts;
        }

        private async Task<PhaseResult> AskPhaseAsync(string name, int count, int concurrency, string[] questions, int offset)
        {
            var recorder = new PhaseRecorder(count);
            var next = -1;
            var clock = Stopwatch.StartNew();
            using var progress = Progress(name, count, recorder, clock);
            var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < count)
                {
                    var n = offset + i;
                    var body = $"{{\"text\":{questions[n % questions.Length]},\"conversationId\":\"load-{_runId}-{n}\",\"userId\":\"load-{_runId}-{n}\"}}";
                    using var request = new HttpRequestMessage(HttpMethod.Post, _url + "/api/ask")
                    {
                        Content = new StringContent(body, Encoding.UTF8, "application/json"),
                    };
                    var t0 = Stopwatch.GetTimestamp();
                    try
                    {
                        using var response = await _client.SendAsync(request);
                        var bytes = await response.Content.ReadAsByteArrayAsync();
                        recorder.Record(i, t0, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
                        if (response.StatusCode == HttpStatusCode.OK && !HasAnswer(bytes)) recorder.BadBody();
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                    {
                        recorder.RecordError(i, t0, e);
                    }
                }
            })).ToArray();
            await Task.WhenAll(workers);
            clock.Stop();
            progress.Finish();
            return recorder.Result(name, concurrency, clock.Elapsed);
        }

        private static bool HasAnswer(byte[] body)
        {
            var at = body.AsSpan().IndexOf("\"answer\":\""u8);
            return at >= 0 && at + 10 < body.Length && body[at + 10] != (byte)'"';
        }

        private async Task<(PhaseResult Webhooks, ReplyResult Replies)> LinePhaseAsync(string[] questions, FakeLine fake)
        {
            var count = o.Webhooks;
            var tokens = new string[count];
            var users = new string[count];
            for (var i = 0; i < count; i++)
            {
                tokens[i] = Guid.NewGuid().ToString("N");
                users[i] = "U" + Guid.NewGuid().ToString("N");
            }
            var secret = Encoding.UTF8.GetBytes(o.Secret);
            var recorder = new PhaseRecorder(count);
            var next = -1;
            var clock = Stopwatch.StartNew();
            using (var progress = Progress("line", count, recorder, clock))
            {
                var workers = Enumerable.Range(0, o.WebhookConcurrency).Select(_ => Task.Run(async () =>
                {
                    int i;
                    while ((i = Interlocked.Increment(ref next)) < count)
                    {
                        var body = Encoding.UTF8.GetBytes(Webhook(users[i], tokens[i], JsonSerializer.Deserialize<string>(questions[i % questions.Length])!));
                        using var request = new HttpRequestMessage(HttpMethod.Post, _url + "/api/line") { Content = new ByteArrayContent(body) };
                        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
                        request.Headers.TryAddWithoutValidation("x-line-signature", Convert.ToBase64String(HMACSHA256.HashData(secret, body)));
                        var t0 = Stopwatch.GetTimestamp();
                        try
                        {
                            using var response = await _client.SendAsync(request);
                            await response.Content.ReadAsByteArrayAsync();
                            recorder.Record(i, t0, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
                        }
                        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                        {
                            recorder.RecordError(i, t0, e);
                        }
                    }
                })).ToArray();
                await Task.WhenAll(workers);
                clock.Stop();
                progress.Finish();
            }
            var hooks = recorder.Result("line_webhooks", o.WebhookConcurrency, clock.Elapsed);

            // Every webhook was sent; now every reply token must come back once at the fake LINE API.
            bool Answered(int i) => fake.Replies.ContainsKey(tokens[i]) || fake.Pushes.ContainsKey(users[i]);
            var waiting = Stopwatch.StartNew();
            var deadline = TimeSpan.FromSeconds(o.ReplyTimeoutSeconds);
            var answered = 0;
            using (var progress = new ProgressBar("replies", count, () => answered, waiting, () => ""))
            {
                while (true)
                {
                    answered = Enumerable.Range(0, count).Count(Answered);
                    if (answered == count || waiting.Elapsed > deadline) break;
                    await Task.Delay(100);
                }
                progress.Finish();
            }
            var untilAll = clock.Elapsed + waiting.Elapsed;
            await Task.Delay(1000); // late duplicates
            var ours = new HashSet<string>(tokens, StringComparer.Ordinal);
            var lost = Enumerable.Range(0, count).Where(i => !Answered(i)).ToList();
            var replies = new ReplyResult(count,
                tokens.Count(fake.Replies.ContainsKey),
                Enumerable.Range(0, count).Count(i => !fake.Replies.ContainsKey(tokens[i]) && fake.Pushes.ContainsKey(users[i])),
                lost.Count,
                tokens.Count(t => fake.Replies.TryGetValue(t, out var n) && n > 1) + users.Count(u => fake.Pushes.TryGetValue(u, out var n) && n > 1),
                fake.Apologies, fake.Loading, fake.Malformed, fake.BadAuthorization,
                fake.Replies.Keys.Count(k => !ours.Contains(k)),
                Math.Round(untilAll.TotalSeconds, 2),
                Math.Round((count - lost.Count) / untilAll.TotalSeconds, 1),
                lost.Take(10).Select(i => $"{tokens[i]} (user {users[i]}, webhook answered {recorder.StatusAt(i)})").ToList());
            return (hooks, replies);
        }

        /// <summary>One webhook as LINE sends it: a text message event from a 1:1 chat, Thai as UTF-8 characters.</summary>
        private static string Webhook(string user, string replyToken, string text)
        {
            var e = new JsonObject
            {
                ["type"] = "message",
                ["mode"] = "active",
                ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                ["source"] = new JsonObject { ["type"] = "user", ["userId"] = user },
                ["webhookEventId"] = "01LOAD" + Guid.NewGuid().ToString("N")[..20].ToUpperInvariant(),
                ["deliveryContext"] = new JsonObject { ["isRedelivery"] = false },
                ["replyToken"] = replyToken,
                ["message"] = new JsonObject
                {
                    ["type"] = "text", ["id"] = Random.Shared.NextInt64(100_000_000_000_000, 999_999_999_999_999).ToString(CultureInfo.InvariantCulture),
                    ["quoteToken"] = Guid.NewGuid().ToString("N"), ["text"] = text,
                },
            };
            return new JsonObject { ["destination"] = "U" + new string('0', 32), ["events"] = new JsonArray(e) }.ToJsonString(Relaxed);
        }

        private ProgressBar Progress(string name, int total, PhaseRecorder recorder, Stopwatch clock) =>
            new(name, total, () => recorder.Done, clock,
                () => $"5xx {recorder.Count(c => c >= 500)}  429 {recorder.Count(c => c == 429)}  err {recorder.TransportErrors.Values.Sum()}");

        private static void Note(string message) => Console.Error.WriteLine($"[load] {message}");

        private static void Summary(RunResult r)
        {
            var s = new StringBuilder();
            s.AppendLine();
            s.AppendLine($"DgBot load test, {r.Started:yyyy-MM-dd HH:mm} UTC, {r.Machine.Cores} cores, {r.Machine.Runtime}, host {r.Host.Url}");
            s.AppendLine($"{"phase",-14}{"requests",10}{"conc",6}{"secs",9}{"req/s",9}{"2xx",8}{"5xx",6}{"429",6}{"4xx",6}{"err",6}{"p50",9}{"p95",9}{"p99",9}{"p99.9",9}{"max",9}  (ms)");
            foreach (var p in new[] { r.Warmup, r.Ask, r.Webhooks })
                if (p is not null)
                    s.AppendLine($"{p.Name,-14}{p.Requests,10}{p.Concurrency,6}{p.Seconds,9:F1}{p.Throughput,9:F0}{p.Ok,8}{p.ServerErrors,6}{p.RateLimited,6}{p.ClientErrors,6}{p.TransportErrors,6}"
                        + $"{p.Latency.P50,9:F1}{p.Latency.P95,9:F1}{p.Latency.P99,9:F1}{p.Latency.P999,9:F1}{p.Latency.Max,9:F1}");
            if (r.Replies is { } l)
                s.AppendLine($"LINE replies: {l.Replied + l.AnsweredByPush}/{l.Expected} answered ({l.AnsweredByPush} by push), lost {l.Lost}, duplicates {l.Duplicates}, "
                    + $"apologies {l.Apologies}, loading calls {l.Loading}; all answered {l.SecondsUntilAllReplied:F1} s after the first webhook ({l.RepliesPerSecond:F0}/s)");
            if (r.Host.StartedByTool)
                s.AppendLine($"host: {r.Host.CpuSeconds:F0} CPU s, peak working set {r.Host.PeakWorkingSetMb:F0} MB, {r.Host.ErrorLogLines} error / {r.Host.WarningLogLines} warning log lines, still running: {r.Host.StillRunning}");
            s.AppendLine(r.Passed ? "PASS: no 5xx, no transport error, no lost reply" : "FAIL:");
            foreach (var f in r.Failures) s.AppendLine("  - " + f);
            Console.Write(s.ToString());
        }
    }

    /// <summary>A progress bar on stderr: redrawn in place on a terminal, a line every 5 s when stderr is a file or a pipe.</summary>
    public sealed class ProgressBar : IDisposable
    {
        private readonly string _name;
        private readonly int _total;
        private readonly Func<int> _done;
        private readonly Stopwatch _clock;
        private readonly Func<string> _extra;
        private readonly Timer _timer;
        private readonly bool _redirected = Console.IsErrorRedirected;
        private int _finished;

        public ProgressBar(string name, int total, Func<int> done, Stopwatch clock, Func<string> extra)
        {
            (_name, _total, _done, _clock, _extra) = (name, total, done, clock, extra);
            var period = _redirected ? TimeSpan.FromSeconds(5) : TimeSpan.FromMilliseconds(250);
            _timer = new Timer(_ => Draw(false), null, period, period);
        }

        private void Draw(bool last)
        {
            if (Volatile.Read(ref _finished) == 1 && !last) return;
            var done = _done();
            var fraction = _total == 0 ? 1 : Math.Min(1, (double)done / _total);
            const int width = 30;
            var filled = (int)(fraction * width);
            var rate = done / Math.Max(0.001, _clock.Elapsed.TotalSeconds);
            var line = $"{_name,-8}[{new string('#', filled)}{new string('.', width - filled)}] {done,6}/{_total}  {rate,7:F0}/s  {_clock.Elapsed.TotalSeconds,6:F1}s  {_extra()}";
            lock (this)
            {
                if (_redirected) Console.Error.WriteLine(line);
                else Console.Error.Write("\r" + line.PadRight(Math.Max(line.Length, 100)) + (last ? "\n" : ""));
            }
        }

        public void Finish()
        {
            if (Interlocked.Exchange(ref _finished, 1) == 1) return;
            _timer.Dispose();
            Draw(true);
        }

        public void Dispose() => Finish();
    }
}
