using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DgBot.LoadTest;

/// <summary>The real web host as a child process (`dotnet DgBot.Web.dll`) on 127.0.0.1, its output in a log file.</summary>
public sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Timer _sampler;
    private long _errorLines, _warningLines;
    private long _peakWorkingSet;

    public string Url { get; }
    public string LogPath { get; }
    public long ErrorLines => Interlocked.Read(ref _errorLines);
    public long WarningLines => Interlocked.Read(ref _warningLines);
    public long PeakWorkingSetBytes => Interlocked.Read(ref _peakWorkingSet);
    public bool HasExited => _process.HasExited;
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public HostProcess(string dll, string repoRoot, int port, string workDir, IReadOnlyDictionary<string, string> environment)
    {
        if (!File.Exists(dll)) throw new FileNotFoundException($"the web host is not built: {dll} (dotnet build src/DgBot.Web -c Release)");
        Url = $"http://127.0.0.1:{(port == 0 ? FreePort() : port)}";
        LogPath = Path.Combine(workDir, "host.log");
        _log = new StreamWriter(LogPath) { AutoFlush = true };
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = repoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.Environment["ASPNETCORE_URLS"] = Url;
        foreach (var (key, value) in environment) start.Environment[key] = value;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Line(e.Data);
        _process.ErrorDataReceived += (_, e) => Line(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _sampler = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(500));
    }

    public int Pid => _process.Id;

    public TimeSpan CpuTime
    {
        get
        {
            try { return _process.TotalProcessorTime; }
            catch (InvalidOperationException) { return TimeSpan.Zero; }
        }
    }

    private void Line(string? line)
    {
        if (line is null) return;
        // The console logger starts each entry with "fail:", "crit:" or "warn:".
        if (line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal)) Interlocked.Increment(ref _errorLines);
        else if (line.StartsWith("warn:", StringComparison.Ordinal)) Interlocked.Increment(ref _warningLines);
        lock (_log) _log.WriteLine(line);
    }

    private void Sample()
    {
        try
        {
            _process.Refresh();
            var ws = _process.WorkingSet64;
            if (ws > Interlocked.Read(ref _peakWorkingSet)) Interlocked.Exchange(ref _peakWorkingSet, ws);
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>Polls /health until it answers 200, the process exits or the time runs out.</summary>
    public async Task WaitHealthyAsync(HttpClient client, TimeSpan timeout, Action<string> progress)
    {
        var started = Stopwatch.StartNew();
        var lastNote = TimeSpan.Zero;
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the web host exited with code {_process.ExitCode} before it was healthy; see {LogPath}");
            try
            {
                using var response = await client.GetAsync(Url + "/health");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            if (started.Elapsed > timeout) throw new TimeoutException($"the web host did not answer /health within {timeout.TotalSeconds:F0} s; see {LogPath}");
            if (started.Elapsed - lastNote > TimeSpan.FromSeconds(15))
            {
                lastNote = started.Elapsed;
                progress($"waiting for {Url}/health ({started.Elapsed.TotalSeconds:F0} s; the first start builds the database and trains the risk model)");
            }
            await Task.Delay(500);
        }
    }

    public IEnumerable<string> Tail(int lines)
    {
        lock (_log)
        {
            _log.Flush();
            using var reader = new StreamReader(new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            var all = new Queue<string>();
            while (reader.ReadLine() is { } line)
            {
                all.Enqueue(line);
                if (all.Count > lines) all.Dequeue();
            }
            return all.ToList();
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _sampler.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        lock (_log) _log.Dispose();
    }
}
