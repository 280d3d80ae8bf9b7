namespace DgBot.Cli;

/// <summary>A one-line progress bar on stderr (stdout stays clean for scripts).</summary>
internal static class ProgressBar
{
    public static T Run<T>(bool quiet, TextWriter stderr, string title, Func<IProgress<(string Stage, double Fraction)>, T> work)
    {
        var interactive = !quiet && !Console.IsErrorRedirected;
        string last = "";
        var progress = new SyncProgress(p =>
        {
            if (quiet) return;
            var width = 30;
            var filled = (int)Math.Round(Math.Clamp(p.Fraction, 0, 1) * width);
            var line = $"{title} [{new string('#', filled)}{new string('-', width - filled)}] {p.Fraction * 100,5:F1}% {p.Stage}";
            if (interactive) stderr.Write("\r" + line.PadRight(Math.Max(last.Length, line.Length)));
            else if (p.Stage != last) stderr.WriteLine(line);
            last = interactive ? line : p.Stage;
        });
        try { return work(progress); }
        finally { if (interactive) stderr.WriteLine(); }
    }

    /// <summary>Reports on the calling thread (System.Progress posts to the thread pool and can reorder lines).</summary>
    private sealed class SyncProgress(Action<(string Stage, double Fraction)> report) : IProgress<(string Stage, double Fraction)>
    {
        public void Report((string Stage, double Fraction) value) => report(value);
    }
}
