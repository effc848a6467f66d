namespace Bai.SampleData;

/// <summary>The five classes SQLite stores a value in, whatever the column declares (what <c>typeof()</c> returns).</summary>
public enum SqliteStorageClass
{
    Null,
    Integer,
    Real,
    Text,
    Blob,
}
