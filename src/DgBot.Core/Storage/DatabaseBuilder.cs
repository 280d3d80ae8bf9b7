using System.Globalization;
using System.Text.Json;
using Dapper;
using DgBot.Core.Demo;
using DgBot.Core.Reference;
using DgBot.Core.Scoring;
using Microsoft.Data.Sqlite;

namespace DgBot.Core.Storage;

public sealed record BuildResult(string Path, int Units, int Items, int Figures, int Responses, int UnitRounds, TimeSpan Elapsed);

/// <summary>Loads the survey's reference data, rules and published figures; everything the builder and importer share.</summary>
public sealed class SurveyDefinition
{
    public required string DataDirectory { get; init; }
    public required ReferenceData Reference { get; init; }
    public required ScoringRules Rules { get; init; }
    public required ScoringEngine Engine { get; init; }

    public static SurveyDefinition Load(string dataDirectory)
    {
        var reference = ReferenceData.Load(dataDirectory);
        var rules = ScoringRules.Load(DataPaths.RulesPath(dataDirectory));
        return new SurveyDefinition { DataDirectory = dataDirectory, Reference = reference, Rules = rules, Engine = new ScoringEngine(reference, rules) };
    }
}

/// <summary>Creates data/dgbot.db from scratch: schema, reference data, published figures and (by default) the demo rounds.</summary>
public static class DatabaseBuilder
{
    public const int DefaultSeed = 2567;

    public static BuildResult Build(SurveyDefinition definition, string dbPath, int? demoSeed = DefaultSeed,
        IProgress<(string Stage, double Fraction)>? progress = null)
    {
        var started = DateTime.UtcNow;
        var fullPath = Path.GetFullPath(dbPath);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        // Build beside the target and move into place, so a failed build never leaves a half-written database.
        var temp = fullPath + ".building";
        DeleteDatabaseFiles(temp);
        int responses = 0, unitRounds = 0, figures;
        using (var connection = Database.Open(temp))
        {
            progress?.Report(("schema", 0.02));
            Migrations.Apply(connection, definition.DataDirectory);
            using (var tx = connection.BeginTransaction())
            {
                progress?.Report(("reference data", 0.05));
                LoadReference(connection, tx, definition);
                figures = LoadPublishedFigures(connection, tx, definition.DataDirectory);
                SurveyStore.SetMeta(connection, tx, "synthetic", "0");
                SurveyStore.SetMeta(connection, tx, "rules_version", definition.Rules.Version);
                SurveyStore.SetMeta(connection, tx, "built_at", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
                tx.Commit();
            }
            if (demoSeed is { } seed)
            {
                var stageProgress = progress is null ? null : new Progress<(string Stage, double Fraction)>(p => progress.Report(("demo: " + p.Stage, 0.08 + 0.8 * p.Fraction)));
                var dataset = GenerateDemo(definition, seed, stageProgress);
                using var tx = connection.BeginTransaction();
                responses = WriteDemo(connection, tx, dataset);
                progress?.Report(("scoring", 0.9));
                unitRounds = SurveyStore.Rescore(connection, definition.Engine, null, tx).UnitRounds;
                tx.Commit();
            }
            connection.Execute("VACUUM");
        }
        SqliteConnection.ClearAllPools();
        DeleteDatabaseFiles(fullPath);
        File.Move(temp, fullPath);
        progress?.Report(("done", 1));
        return new BuildResult(fullPath, definition.Reference.Agencies.Count + definition.Reference.Provinces.Count,
            definition.Reference.Items.Count, figures, responses, unitRounds, DateTime.UtcNow - started);
    }

    public static DemoDataset GenerateDemo(SurveyDefinition definition, int seed, IProgress<(string Stage, double Fraction)>? progress = null)
    {
        var spec = CalibrationSpec.Load(DataPaths.CalibrationPath(definition.DataDirectory));
        return new DemoGenerator(definition.Reference, definition.Engine, spec).Generate(seed, progress);
    }

    /// <summary>Replaces every round with the demo dataset (used by build-db and generate-demo).</summary>
    public static int WriteDemo(SqliteConnection connection, SqliteTransaction tx, DemoDataset dataset)
    {
        connection.Execute("DELETE FROM item_score; DELETE FROM score; DELETE FROM response; DELETE FROM surveyed; DELETE FROM survey_source;", transaction: tx);
        using (var ins = SurveyStore.Command(connection, tx, "INSERT INTO surveyed(unit_id, year) VALUES ($u, $y)", "$u", "$y"))
            foreach (var (unit, year) in dataset.Surveyed)
            {
                ins.Parameters["$u"].Value = unit; ins.Parameters["$y"].Value = year; ins.ExecuteNonQuery();
            }
        using (var ins = SurveyStore.Command(connection, tx, "INSERT INTO response(unit_id, year, item, value) VALUES ($u, $y, $i, $v)", "$u", "$y", "$i", "$v"))
            foreach (var r in dataset.Responses)
            {
                ins.Parameters["$u"].Value = r.UnitId; ins.Parameters["$y"].Value = r.Year;
                ins.Parameters["$i"].Value = r.Item; ins.Parameters["$v"].Value = r.Value;
                ins.ExecuteNonQuery();
            }
        var now = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        foreach (var year in dataset.Years)
            connection.Execute("INSERT INTO survey_source(year, source, detail, updated_at) VALUES (@year, 'synthetic', @detail, @now)",
                new { year, detail = $"seed {dataset.Seed}", now }, tx);
        SurveyStore.SetMeta(connection, tx, "demo_seed", dataset.Seed.ToString(CultureInfo.InvariantCulture));
        SurveyStore.UpdateMeta(connection, tx);
        return dataset.Responses.Count;
    }

    private static void LoadReference(SqliteConnection c, SqliteTransaction tx, SurveyDefinition d)
    {
        var r = d.Reference;
        string Join(IEnumerable<string> xs) => string.Join('|', xs);
        foreach (var p in r.Pillars)
            c.Execute("INSERT INTO pillar VALUES (@Id, @NameTh, @NameEn, @Terms, @DescriptionTh, @SourceLine)",
                new { p.Id, p.NameTh, p.NameEn, Terms = Join(p.EverydayTerms), p.DescriptionTh, p.SourceLine }, tx);
        foreach (var s in r.SubIndicators)
            c.Execute("INSERT INTO sub_indicator VALUES (@Code, @Pillar, @NameTh, @NameEn, @Terms, @DescriptionTh, @Numbering, @SourceLine)",
                new { s.Code, s.Pillar, s.NameTh, s.NameEn, Terms = Join(s.EverydayTerms), s.DescriptionTh, s.Numbering, s.SourceLine }, tx);
        foreach (var l in r.Levels)
            c.Execute("INSERT INTO level VALUES (@Level, @NameTh, @NameEn, @StageEn, @Min)",
                new { l.Level, l.NameTh, l.NameEn, l.StageEn, Min = d.Rules.MinScoreOf(l.Level) }, tx);
        foreach (var l in r.PillarLevelLabels)
            c.Execute("INSERT INTO pillar_level_label VALUES (@Pillar, @Level, @LabelEn)", l, tx);
        foreach (var population in Population.All)
        {
            var form = d.Engine.Form(population);
            for (int s = 0; s < form.SubCodes.Count; s++)
                c.Execute("INSERT INTO sub_indicator_max VALUES (@population, @Code, @Max)", new { population, Code = form.SubCodes[s], Max = form.SubMax[s] }, tx);
            for (int i = 0; i < form.Items.Count; i++)
            {
                var it = form.Items[i];
                c.Execute("INSERT INTO item VALUES (@Population, @Code, @Sub, @Type, @Cond, @Unit, @Max, @MaxPoints, @Text)", new
                {
                    it.Population, it.Code, Sub = form.ItemSub[i] >= 0 ? it.SubIndicator : null,
                    Type = it.Type switch { AnswerType.YesNo => "yes_no", AnswerType.Number => "number", _ => "single_choice" },
                    Cond = it.Condition?.ToString(), it.Unit, Max = it.MaxValue, MaxPoints = form.ItemMax[i], Text = it.TextTh,
                }, tx);
                for (int o = 0; o < it.Options.Count; o++)
                    c.Execute("INSERT INTO item_option VALUES (@Population, @Item, @Code, @Label, @Points, @Ordinal)", new
                    {
                        it.Population, Item = it.Code, it.Options[o].Code, Label = it.Options[o].LabelTh,
                        Points = form.ItemSub[i] >= 0 ? form.ItemPoints[i][o] : 0, Ordinal = o,
                    }, tx);
            }
        }
        foreach (var g in r.Regions) c.Execute("INSERT INTO region VALUES (@Code, @NameTh, @NameEn, @Aliases)", new { g.Code, g.NameTh, g.NameEn, Aliases = Join(g.Aliases) }, tx);
        foreach (var m in r.Ministries) c.Execute("INSERT INTO ministry VALUES (@Code, @NameTh, @NameEn, @AbbreviationTh, @Aliases)", new { m.Code, m.NameTh, m.NameEn, m.AbbreviationTh, Aliases = Join(m.Aliases) }, tx);
        foreach (var t in r.AgencyTypes) c.Execute("INSERT INTO agency_type VALUES (@Code, @NameTh, @NameEn)", t, tx);
        foreach (var m in r.Missions) c.Execute("INSERT INTO mission VALUES (@Code, @NameTh, @NameEn)", m, tx);
        foreach (var u in r.Units())
        {
            c.Execute("INSERT INTO unit(id, kind, name_th, name_en, ministry, agency_type, mission, region, ministry_code, agency_type_code, region_code) " +
                      "VALUES (@Id, @Kind, @NameTh, @NameEn, @Ministry, @AgencyType, @Mission, @Region, @MinistryCode, @AgencyTypeCode, @RegionCode)", u, tx);
            var aliases = new List<(string, string)> { (u.NameTh, "name_th"), (u.NameEn, "name_en") };
            aliases.AddRange(u.Abbreviations.Select(a => (a, "abbreviation")));
            aliases.AddRange(u.Aliases.Select(a => (a, "alias")));
            foreach (var (alias, source) in aliases.DistinctBy(a => a.Item1))
                c.Execute("INSERT OR IGNORE INTO unit_alias VALUES (@Id, @Alias, @Source)", new { u.Id, Alias = alias, Source = source }, tx);
        }
    }

    private static int LoadPublishedFigures(SqliteConnection c, SqliteTransaction tx, string dataDirectory)
    {
        var figures = PublishedFigure.Load(DataPaths.PublishedFiguresPath(dataDirectory));
        foreach (var f in figures)
            c.Execute("INSERT INTO published_figure VALUES (@Id, @Population, @Year, @Metric, @Value, @Unit, @SourceLine, @ThaiText, @Pillar, @SubIndicator)", f, tx);
        var reference = Path.Combine(dataDirectory, "reference");
        foreach (var r in Text.Csv.ReadFile(Path.Combine(reference, "figure_topics.csv")))
            c.Execute("INSERT INTO figure_topic VALUES (@t, @terms, @patterns)", new { t = r.Required("topic_th"), terms = r.Required("terms"), patterns = r.Required("figure_patterns") }, tx);
        foreach (var r in Text.Csv.ReadFile(Path.Combine(reference, "figure_caveats.csv")))
            c.Execute("INSERT INTO figure_caveat VALUES (@f, @caveat, @ref)", new { f = r.Required("figure"), caveat = r.Required("caveat_th"), @ref = r.Required("digest_ref") }, tx);
        foreach (var r in Text.Csv.ReadFile(Path.Combine(reference, "recommendations.csv")))
            c.Execute("INSERT INTO recommendation VALUES (@code, @area, @areaTh, @terms, @title, @body, @line)", new
            {
                code = r.Required("code"), area = r.Required("area"), areaTh = r.Required("area_th"), terms = r.Required("area_terms"),
                title = r.Required("title_th"), body = r.Required("body_th"), line = r.Int("source_line"),
            }, tx);
        return figures.Count;
    }

    public static void DeleteDatabaseFiles(string path)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
            if (File.Exists(path + suffix)) File.Delete(path + suffix);
    }

    public static string JsonOf(object value) => JsonSerializer.Serialize(value);
}
