namespace Bai.Core.Values;

/// <summary>
/// The five storage classes a SQLite value can have, whatever its column declares
/// (https://www.sqlite.org/datatype3.html). The numbers are SQLite's own <c>SQLITE_INTEGER</c>...
/// <c>SQLITE_NULL</c> codes, except <see cref="Null"/>, which is 0 so that <c>default(RawValue)</c> is NULL.
/// </summary>
public enum SqliteStorageClass
{
    Null = 0,
    Integer = 1,
    Real = 2,
    Text = 3,
    Blob = 4,
}
