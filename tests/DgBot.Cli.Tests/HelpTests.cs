namespace DgBot.Cli.Tests;

public sealed class HelpTests
{
    private static async Task<(int Exit, string Out, string Err)> Dgbot(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Dgbot_help_lists_every_command()
    {
        var (exit, stdout, _) = await Dgbot("--help");
        Assert.Equal(0, exit);
        Assert.Contains("usage: dgbot <command>", stdout);
        foreach (var command in new[] { "build-db", "generate-demo", "import <file>", "score" }) Assert.Contains(command, stdout);
    }

    [Fact]
    public async Task Dgbot_import_help_describes_the_columns()
    {
        var (exit, stdout, _) = await Dgbot("import", "--help");
        Assert.Equal(0, exit);
        Assert.Contains("dgbot import <file.csv|file.xlsx>", stdout);
        Assert.Contains("unit, year, item, value", stdout);
    }

    [Theory]
    [InlineData("score", "dgbot score")]
    [InlineData("generate-demo", "dgbot generate-demo --seed N")]
    public async Task Every_command_has_its_own_help(string command, string usage)
    {
        var (exit, stdout, _) = await Dgbot(command, "--help");
        Assert.Equal(0, exit);
        Assert.StartsWith(usage, stdout.TrimStart());
    }

    [Fact]
    public async Task An_unknown_command_or_option_is_a_usage_error()
    {
        var (exit, _, stderr) = await Dgbot("frobnicate");
        Assert.Equal(2, exit);
        Assert.Contains("unknown command", stderr);
        (exit, _, stderr) = await Dgbot("import", "--bogus");
        Assert.Equal(2, exit);
        Assert.Contains("unknown option '--bogus'", stderr);
    }
}
