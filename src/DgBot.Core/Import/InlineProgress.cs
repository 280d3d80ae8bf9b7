namespace DgBot.Core.Import;

/// <summary>An IProgress that reports on the calling thread (System.Progress posts to the thread pool and can reorder reports).</summary>
public sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
