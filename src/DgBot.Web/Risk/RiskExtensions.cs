using System.ComponentModel.DataAnnotations;
using DgBot.Core.Formatting;
using DgBot.Core.Import;
using DgBot.Core.Storage;
using DgBot.Ml;
using DgBot.Web.Data;
using Microsoft.Extensions.Options;

namespace DgBot.Web.Risk;

public sealed class RiskOptions
{
    public const string Section = "Risk";

    /// <summary>Where the model and its card live (Risk:ModelDirectory); empty means data/models beside the default database,
    /// or "&lt;database name&gt;-models" beside any other database file.</summary>
    public string? ModelDirectory { get; set; }

    /// <summary>Train a model at start-up when none exists for this database (never while serving).</summary>
    public bool TrainAtStartup { get; set; } = true;

    [Range(0, int.MaxValue)]
    public int Seed { get; set; } = RiskTrainer.DefaultSeed;
}

/// <summary>
/// The risk model the plugins read: loaded from the model folder on first use, or set once by the start-up trainer.
/// Null until a model exists, and the risk functions then say so (status not_available).
/// </summary>
public sealed class RiskModelHost(IOptions<RiskOptions> options, DatabaseLocation database, SurveyDefinition definition, ILogger<RiskModelHost> logger)
{
    private readonly Lock _gate = new();
    private RiskPredictor? _predictor;
    private bool _tried;

    public string Directory { get; } = string.IsNullOrWhiteSpace(options.Value.ModelDirectory)
        ? RiskModelFiles.DirectoryFor(database.Path, definition.DataDirectory)
        : Path.GetFullPath(options.Value.ModelDirectory);

    public SurveyHistoryFile History { get; } = new(database.Path);

    public RiskPredictor? Predictor
    {
        get
        {
            lock (_gate)
            {
                if (_predictor is null && !_tried)
                {
                    _tried = true;
                    _predictor = TryLoad();
                }
                return _predictor;
            }
        }
    }

    /// <summary>The model in <see cref="Directory"/>, or null (logged) when there is none or it cannot be read.</summary>
    public RiskPredictor? TryLoad()
    {
        if (!RiskModelFiles.Exists(Directory)) return null;
        try
        {
            var predictor = new RiskPredictor(RiskModel.Load(Directory), () => History.Current);
            if (predictor.Problem is { } problem)
            {
                logger.LogWarning("risk model in {Directory} not used: {Problem}", Directory, problem);
                return null;
            }
            return predictor;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            logger.LogWarning(e, "risk model in {Directory} could not be loaded", Directory);
            return null;
        }
    }

    internal void Use(RiskPredictor predictor)
    {
        lock (_gate)
        {
            _predictor = predictor;
            _tried = true;
        }
    }
}

/// <summary>
/// Before the host serves, makes sure a model exists for this database: loads the one in the model folder, or trains one
/// (logging progress) when there is none or it was trained on other data. It never trains again while serving.
/// </summary>
public sealed class RiskModelStartup(RiskModelHost host, IOptions<RiskOptions> options, ThaiFormatter formatter, ILogger<RiskModelStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.Run(() =>
    {
        var existing = host.TryLoad();
        var history = host.History.Current;
        if (existing is not null && existing.Model.Card.DatasetFingerprint == history.Fingerprint)
        {
            host.Use(existing);
            logger.LogInformation("Risk model loaded from {Directory} ({Trainer}, forward test {Test}: precision@10 {P10:F2}, AUC-PR {AucPr:F3})",
                host.Directory, existing.Model.Card.Trainer, existing.Model.Card.TestTransition, existing.Model.Card.Model.PrecisionAt10, existing.Model.Card.Model.AucPr);
            return;
        }
        if (!options.Value.TrainAtStartup)
        {
            if (existing is not null) host.Use(existing);
            logger.LogWarning("Risk model: {State} and Risk:TrainAtStartup is false", existing is null ? "none in " + host.Directory : "trained on other data");
            return;
        }
        if (RiskTrainer.Transitions(history).Count < 2)
        {
            logger.LogWarning("Risk model not trained: the database has {Rounds} survey round(s), and training needs at least three", history.Years.Count);
            return;
        }
        logger.LogInformation("Training the risk model ({Reason}) into {Directory}", existing is null ? "none exists" : "the one there was trained on other data", host.Directory);
        var last = -1;
        var progress = new InlineProgress<(string Stage, double Fraction)>(p =>
        {
            var pct = (int)(p.Fraction * 100);
            if (pct / 20 != last / 20) { last = pct; logger.LogInformation("risk model {Percent}% {Stage}", pct, p.Stage); }
        });
        var watch = System.Diagnostics.Stopwatch.StartNew();
        TrainedRiskModel trained;
        try
        {
            trained = new RiskTrainer(options.Value.Seed).Train(history, progress);
            RiskModelFiles.Save(trained, host.Directory, formatter);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The bot still answers everything else; the risk functions say plainly that no model is available.
            if (existing is not null) host.Use(existing);
            logger.LogError(e, "Risk model training failed; {Fallback}", existing is null ? "the risk functions answer not_available" : "serving the model trained on other data");
            return;
        }
        host.Use(new RiskPredictor(RiskModel.FromTrained(trained), () => host.History.Current));
        var card = trained.Card;
        logger.LogInformation("Risk model trained in {Seconds:F1} s: {Trainer}, forward test {Test}: AUC-PR {AucPr:F3} (baselines {Fell:F3} / {Near:F3}), precision@10 {P10:F2}",
            watch.Elapsed.TotalSeconds, card.Trainer, card.TestTransition, card.Model.AucPr, card.Baselines[RiskModelCard.FellLastRound].AucPr,
            card.Baselines[RiskModelCard.NearLowerBand].AucPr, card.Model.PrecisionAt10);
    }, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class RiskExtensions
{
    /// <summary>The risk model for the plugins, and the start-up step that trains one when the model folder has none.</summary>
    public static IServiceCollection AddDgBotRisk(this IServiceCollection services)
    {
        services.AddOptions<RiskOptions>()
            .Configure<IServiceProvider>((o, sp) => sp.GetService<IConfiguration>()?.GetSection(RiskOptions.Section).Bind(o))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RiskModelHost>();
        services.AddHostedService<RiskModelStartup>();
        return services;
    }
}
