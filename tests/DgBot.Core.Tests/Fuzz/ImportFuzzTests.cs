using System.Text;
using Dapper;
using DgBot.Core.Import;
using DgBot.Core.Storage;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace DgBot.Core.Tests.Fuzz;

/// <summary>
/// The survey importer on random and mutated files: every problem comes back as an import error (code, line, Thai message),
/// never as an exception, and an import that is refused changes nothing in the database.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class ImportFuzzTests(DatabaseFixture db, ITestOutputHelper output) : IDisposable
{
    private const string Header = "unit,year,item,value\n";
    private static readonly string[] GoodRows =
        ["D001,2567,1.1,done", "D002,2567,1.1,done", "D001,2567,3.1A,12", "TH-50,2567,1.1,done", "D003,2567,1.1,none"];

    private readonly string _path = db.CopyDatabase();
    private readonly SurveyImporter _importer = new(db.Definition);
    private int _written, _refused;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        DatabaseBuilder.DeleteDatabaseFiles(_path);
    }

    /// <summary>Imports the bytes; a refused file must leave every table as it was (no row changed by this connection).</summary>
    private void ImportChecked(SqliteConnection connection, byte[] bytes)
    {
        var before = connection.ExecuteScalar<long>("SELECT total_changes()");
        var logs = connection.ExecuteScalar<long>("SELECT count(*) FROM import_log");
        var (plan, result) = _importer.Import(connection, CsvImportSource.FromBytes("fuzz.csv", bytes));
        if (plan.IsValid)
        {
            Assert.NotNull(result);
            _written++;
            return;
        }
        _refused++;
        Assert.Null(result);
        Assert.NotEmpty(plan.Errors);
        Assert.All(plan.Errors, e =>
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Code));
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
            Assert.Equal("fuzz.csv", e.File);
            Assert.True(e.Line >= 1, $"line {e.Line}");
        });
        Assert.Equal(before, connection.ExecuteScalar<long>("SELECT total_changes()"));
        Assert.Equal(logs, connection.ExecuteScalar<long>("SELECT count(*) FROM import_log"));
    }

    private SqliteConnection OpenWithSmallRound()
    {
        var connection = Database.Open(_path);
        // The first good import replaces round 2567 with a few rows: done once here, so the fuzzing times validation and
        // small writes, not the one-off deletion of a full round.
        var (plan, _) = _importer.Import(connection, CsvImportSource.FromBytes("seed.csv", Encoding.UTF8.GetBytes(Header + string.Join('\n', GoodRows) + "\n")));
        Assert.True(plan.IsValid, string.Join("\n", plan.Errors));
        return connection;
    }

    /// <summary>Byte-level damage: flipped bytes, invalid UTF-8, truncated sequences, foreign BOMs, NULs.</summary>
    private static Gen<byte[]> MutateBytes(byte[] bytes) => Gen.Choose(0, 6).SelectMany(kind =>
        Gen.Choose(0, bytes.Length).SelectMany(at => Gen.Choose(0, 255).Select(b =>
        {
            var list = bytes.ToList();
            switch (kind)
            {
                case 0: if (at < list.Count) list[at] = (byte)b; break;
                case 1: list.InsertRange(at, new byte[] { 0xFF, 0xFE }[..(1 + b % 2)]); break;
                case 2: list.InsertRange(at, [0xE0, 0xB8]); break;              // a Thai letter cut short
                case 3: list.InsertRange(0, b % 2 == 0 ? [0xFF, 0xFE] : [0xEF, 0xBB, 0xBF]); break;
                case 4: list.Insert(at, 0); break;
                case 5: list.RemoveRange(at, Math.Min(list.Count - at, 1 + b % 8)); break;
                default: list.InsertRange(at, [(byte)(0x80 | b)]); break;      // a lone continuation or lead byte
            }
            return list.ToArray();
        })));

    /// <summary>Row-level damage to a good file: fields replaced by hard CSV pieces, dropped, added, rows duplicated or swapped.</summary>
    private static Gen<string> MutatedFile =>
        Gen.Choose(1, 5).SelectMany(n => Gen.ArrayOf(Gen.Elements(GoodRows), n)).SelectMany(rows =>
            Gen.Choose(0, 5).SelectMany(kind => Gen.Choose(0, rows.Length - 1).SelectMany(r => Gen.Choose(0, 3).SelectMany(c =>
                CsvFuzzTests.CsvPiece.Select(piece =>
                {
                    var fields = rows.Select(x => x.Split(',').ToList()).ToList();
                    var header = "unit,year,item,value";
                    switch (kind)
                    {
                        case 0: fields[r][c] = piece; break;
                        case 1: fields[r].RemoveAt(c); break;
                        case 2: fields[r].Insert(c, piece); break;
                        case 3: fields[r][c] = fields[r][c] + piece; break;
                        case 4: header = string.Join(',', header.Split(',').Select((h, i) => i == c ? piece : h)); break;
                        default: fields.Add(fields[r]); break;                     // a duplicate row
                    }
                    return header + "\n" + string.Join("\n", fields.Select(f => string.Join(',', f))) + "\n";
                })))));

    [Fact]
    public void Random_bytes_are_refused_with_errors_and_change_nothing()
    {
        using var connection = OpenWithSmallRound();
        var gen = Gen.OneOf(
            Gen.Choose(0, 600).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n)),
            CsvFuzzTests.CsvText(40).Select(Encoding.UTF8.GetBytes),
            CsvFuzzTests.CsvText(40).Select(Encoding.UTF8.GetBytes).SelectMany(MutateBytes));
        new FuzzRunner(output).Run("SurveyImporter random bytes", gen, 4_000, bytes => ImportChecked(connection, bytes),
            b => $"{b.Length} bytes: {Convert.ToHexString(b.AsSpan(0, Math.Min(b.Length, 120)))}");
        output.WriteLine($"written {_written}, refused {_refused}");
        Assert.True(_refused > 3_000, $"only {_refused} refused");
    }

    [Fact]
    public void Mutated_rows_of_a_good_file_are_written_or_refused_with_errors_never_half_written()
    {
        using var connection = OpenWithSmallRound();
        var gen = Gen.Frequency(
            (4, MutatedFile.Select(Encoding.UTF8.GetBytes)),
            (1, MutatedFile.Select(Encoding.UTF8.GetBytes).SelectMany(MutateBytes)));
        new FuzzRunner(output).Run("SurveyImporter mutated rows", gen, 4_000, bytes => ImportChecked(connection, bytes),
            b => FuzzGen.Describe(Encoding.UTF8.GetString(b)));
        output.WriteLine($"written {_written}, refused {_refused}");
        Assert.True(_written > 0 && _refused > 1_000, $"written {_written}, refused {_refused}");
    }
}
