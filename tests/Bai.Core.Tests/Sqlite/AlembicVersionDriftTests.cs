namespace Bai.Core.Tests.Sqlite;

using Bai.Core.Schema;
using Bai.Core.Sqlite;

/// <summary>
/// The revision in alembic_version is the model's only as the TEXT the backend writes: the drift check read it through
/// CAST(... AS TEXT), so a BLOB of the same bytes passed (and its row was then rejected, leaving the target without a
/// revision), and the finding printed a NUL or a carriage return as it is, a revision that looked like the expected one.
/// </summary>
public sealed class AlembicVersionDriftTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bai-alembic-").FullName;

    [Theory]
    [InlineData("CAST('{0}' AS BLOB)", "BLOB x'{1}'")]
    [InlineData("'{0}' || char(0)", "'{0}\\u0000'")]
    [InlineData("'{0}' || char(13)", "'{0}\\u000D'")]
    [InlineData("CAST(x'{1}FF' AS TEXT)", "TEXT x'{1}FF' (not valid UTF-8)")]
    [InlineData("NULL", "NULL")]
    [InlineData("'NULL'", "'NULL'")]
    public void A_revision_that_is_not_the_models_text_is_drift_and_shown_as_stored(string stored, string shown)
    {
        var version = BaiSchema.ExpectedAlembicVersion;
        var hex = Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(version));
        var path = DriftFile.Create(folder, $"""
            DROP TABLE alembic_version;
            CREATE TABLE alembic_version (version_num VARCHAR(32), CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
            INSERT INTO alembic_version (version_num) VALUES ({string.Format(System.Globalization.CultureInfo.InvariantCulture, stored, version, hex)});
            """);

        var finding = Assert.Single(DriftFile.Inspect(path));

        Assert.Equal(DriftFinding.UnexpectedAlembicVersion, finding.Kind);
        Assert.Equal(
            $"alembic_version holds {string.Format(System.Globalization.CultureInfo.InvariantCulture, shown, version, hex)}; the model was built for '{version}' (upgrade the Python backend's database to that revision first, or set Bai:ExpectedAlembicVersion)",
            finding.Detail);
    }

    [Fact]
    public void The_models_revision_as_text_is_no_drift() => Assert.Empty(DriftFile.Inspect(DriftFile.Create(folder, "")));

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
