using System.Globalization;
using DgBot.Core;
using DgBot.Core.Import;
using DgBot.Core.Storage;

namespace DgBot.Cli.Tests;

/// <summary>The accepted survey years follow the clock (Gregorian year, Thai time), never the machine's culture.</summary>
public sealed class SurveyYearTests
{
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static readonly SurveyDefinition Definition = SurveyDefinition.Load(DataPaths.FindDataDirectory());

    // 20:00 UTC on 31 December 2024 is already 1 January 2025 in Bangkok: BE 2568, so rounds up to 2569 are accepted.
    private static SurveyImporter ImporterOnNewYearsEve() =>
        new(Definition, new FixedClock(new DateTimeOffset(2024, 12, 31, 20, 0, 0, TimeSpan.Zero)));

    [Theory]
    [InlineData("2560", 2560)]
    [InlineData("2569", 2569)]
    [InlineData("2017", 2560)]
    [InlineData("2024", 2567)]
    [InlineData("2026", 2569)]
    [InlineData("๒๕๖๗", 2567)]
    [InlineData(" 2567 ", 2567)]
    public void Buddhist_and_CE_years_in_range_are_accepted_as_Buddhist_Era(string written, int expected)
    {
        var (year, error) = ImporterOnNewYearsEve().ParseYear(written);
        Assert.Null(error);
        Assert.Equal(expected, year);
    }

    [Theory]
    [InlineData("2570")]
    [InlineData("2027")]
    [InlineData("2559")]
    [InlineData("2016")]
    [InlineData("2059")]
    [InlineData("256")]
    [InlineData("25670")]
    public void Years_outside_the_window_are_refused(string written)
    {
        var (year, error) = ImporterOnNewYearsEve().ParseYear(written);
        Assert.Null(year);
        Assert.Contains("wrong year", error);
        Assert.Contains("พ.ศ. 2560–2569", error);
    }

    [Fact]
    public void The_th_TH_culture_does_not_change_the_current_year_or_the_parsing()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("th-TH");
            var importer = ImporterOnNewYearsEve();
            Assert.Equal(2568, importer.CurrentBuddhistYear);
            Assert.Equal(2567, importer.ParseYear("2024").Year);
            Assert.Null(importer.ParseYear("3111").Year);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void The_system_clock_accepts_this_years_round_and_refuses_the_one_after_next()
    {
        var importer = new SurveyImporter(Definition);
        var now = DateTime.UtcNow.AddHours(7).Year + 543;
        Assert.Equal(now, importer.CurrentBuddhistYear);
        Assert.Equal(now, importer.ParseYear(now.ToString(CultureInfo.InvariantCulture)).Year);
        Assert.Null(importer.ParseYear((now + 2).ToString(CultureInfo.InvariantCulture)).Year);
    }
}
