using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Serialization;

namespace DgBot.LoadTest;

/// <summary>One phase's raw record: a latency slot per request (microseconds) and counts by outcome, filled concurrently.</summary>
public sealed class PhaseRecorder(int requests)
{
    private readonly long[] _micros = new long[requests];
    private readonly string?[] _status = new string?[requests];
    private int _done;
    public ConcurrentDictionary<string, int> Statuses { get; } = new();
    public ConcurrentDictionary<string, int> TransportErrors { get; } = new();
    private int _badBodies;

    public int Done => Volatile.Read(ref _done);
    public int BadBodies => Volatile.Read(ref _badBodies);

    public void Record(int index, long startTimestamp, string status)
    {
        _micros[index] = (long)Stopwatch.GetElapsedTime(startTimestamp).TotalMicroseconds;
        _status[index] = status;
        Statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
        Interlocked.Increment(ref _done);
    }

    public void RecordError(int index, long startTimestamp, Exception error)
    {
        var name = error.InnerException is { } inner ? $"{error.GetType().Name}: {inner.GetType().Name}" : error.GetType().Name;
        TransportErrors.AddOrUpdate(name, 1, (_, n) => n + 1);
        Record(index, startTimestamp, "error");
    }

    public string StatusAt(int index) => _status[index] ?? "nothing";

    public void BadBody() => Interlocked.Increment(ref _badBodies);

    public int Count(Func<int, bool> status) => Statuses.Where(s => int.TryParse(s.Key, out var code) && status(code)).Sum(s => s.Value);

    public PhaseResult Result(string name, int concurrency, TimeSpan elapsed)
    {
        var sorted = _micros.AsSpan(0, Done).ToArray();
        Array.Sort(sorted);
        double Ms(double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)] / 1000.0;
        return new PhaseResult(
            name, Done, concurrency, Math.Round(elapsed.TotalSeconds, 2), Math.Round(Done / elapsed.TotalSeconds, 1),
            new SortedDictionary<string, int>(Statuses), Count(c => c is >= 200 and < 300), Count(c => c >= 500), Count(c => c == 429),
            Count(c => c is >= 400 and < 500 and not 429), TransportErrors.Values.Sum(), new SortedDictionary<string, int>(TransportErrors), BadBodies,
            new LatencyResult(
                Math.Round(sorted.Length == 0 ? 0 : sorted.Average() / 1000.0, 2), Math.Round(Ms(50), 2), Math.Round(Ms(90), 2), Math.Round(Ms(95), 2),
                Math.Round(Ms(99), 2), Math.Round(Ms(99.9), 2), Math.Round(sorted.Length == 0 ? 0 : sorted[^1] / 1000.0, 2)));
    }
}

public sealed record LatencyResult(
    [property: JsonPropertyName("mean_ms")] double Mean,
    [property: JsonPropertyName("p50_ms")] double P50,
    [property: JsonPropertyName("p90_ms")] double P90,
    [property: JsonPropertyName("p95_ms")] double P95,
    [property: JsonPropertyName("p99_ms")] double P99,
    [property: JsonPropertyName("p999_ms")] double P999,
    [property: JsonPropertyName("max_ms")] double Max);

public sealed record PhaseResult(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("requests")] int Requests,
    [property: JsonPropertyName("concurrency")] int Concurrency,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("throughput_rps")] double Throughput,
    [property: JsonPropertyName("status")] SortedDictionary<string, int> Status,
    [property: JsonPropertyName("ok_2xx")] int Ok,
    [property: JsonPropertyName("server_errors_5xx")] int ServerErrors,
    [property: JsonPropertyName("rate_limited_429")] int RateLimited,
    [property: JsonPropertyName("client_errors_4xx_other")] int ClientErrors,
    [property: JsonPropertyName("transport_errors")] int TransportErrors,
    [property: JsonPropertyName("transport_error_kinds")] SortedDictionary<string, int> TransportErrorKinds,
    [property: JsonPropertyName("bad_bodies")] int BadBodies,
    [property: JsonPropertyName("latency")] LatencyResult Latency);

public sealed record ReplyResult(
    [property: JsonPropertyName("expected")] int Expected,
    [property: JsonPropertyName("replied")] int Replied,
    [property: JsonPropertyName("answered_by_push")] int AnsweredByPush,
    [property: JsonPropertyName("lost")] int Lost,
    [property: JsonPropertyName("duplicate_replies")] int Duplicates,
    [property: JsonPropertyName("apologies")] long Apologies,
    [property: JsonPropertyName("loading_calls")] long Loading,
    [property: JsonPropertyName("malformed_calls")] long Malformed,
    [property: JsonPropertyName("bad_authorization")] long BadAuthorization,
    [property: JsonPropertyName("unexpected_tokens")] int UnexpectedTokens,
    [property: JsonPropertyName("seconds_until_all_replied")] double SecondsUntilAllReplied,
    [property: JsonPropertyName("replies_per_second")] double RepliesPerSecond,
    [property: JsonPropertyName("lost_sample")] IReadOnlyList<string> LostSample);

public sealed record HostResult(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("started_by_tool")] bool StartedByTool,
    [property: JsonPropertyName("still_running")] bool? StillRunning,
    [property: JsonPropertyName("cpu_seconds")] double? CpuSeconds,
    [property: JsonPropertyName("peak_working_set_mb")] double? PeakWorkingSetMb,
    [property: JsonPropertyName("error_log_lines")] long? ErrorLogLines,
    [property: JsonPropertyName("warning_log_lines")] long? WarningLogLines,
    [property: JsonPropertyName("env")] IReadOnlyList<string> Env);

public sealed record RunResult(
    [property: JsonPropertyName("started_utc")] DateTimeOffset Started,
    [property: JsonPropertyName("machine")] MachineInfo Machine,
    [property: JsonPropertyName("host")] HostResult Host,
    [property: JsonPropertyName("questions")] int Questions,
    [property: JsonPropertyName("warmup")] PhaseResult? Warmup,
    [property: JsonPropertyName("ask")] PhaseResult? Ask,
    [property: JsonPropertyName("line_webhooks")] PhaseResult? Webhooks,
    [property: JsonPropertyName("line_replies")] ReplyResult? Replies,
    [property: JsonPropertyName("passed")] bool Passed,
    [property: JsonPropertyName("failures")] IReadOnlyList<string> Failures);

public sealed record MachineInfo(
    [property: JsonPropertyName("cores")] int Cores,
    [property: JsonPropertyName("os")] string Os,
    [property: JsonPropertyName("runtime")] string Runtime);
