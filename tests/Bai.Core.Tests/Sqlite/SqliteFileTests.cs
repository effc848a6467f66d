namespace Bai.Core.Tests.Sqlite;

using Bai.Core.Sqlite;
using Microsoft.Data.Sqlite;

public sealed class SqliteFileTests
{
    [Fact]
    public void A_utf16_database_is_refused_before_its_text_could_be_misread()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bai-utf16-{Guid.NewGuid():N}.db");
        try
        {
            using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA encoding = 'UTF-16le'; CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('é');";
                command.ExecuteNonQuery();
            }

            var error = Assert.Throws<BaiEnvironmentException>(() => SqliteFile.OpenForRows(path).Dispose());
            Assert.Contains("UTF-16", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_utf8_database_opens()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bai-utf8-{Guid.NewGuid():N}.db");
        try
        {
            using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "CREATE TABLE t (x TEXT);";
                command.ExecuteNonQuery();
            }

            using var opened = SqliteFile.OpenForRows(path);
            Assert.Equal(System.Data.ConnectionState.Open, opened.State);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
