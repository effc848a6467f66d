namespace Bai.Core.Postgres;

using System.Security.Cryptography;

/// <summary>
/// A generated password kept in a file only its owner can read (0600 from the moment it exists, so there is
/// no window in which it is readable by others). The value is never logged.
/// </summary>
internal static class SecretFile
{
    public const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static string? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        // Someone may have copied the folder with a permissive umask: put the mode back before using it.
        if (!OperatingSystem.IsWindows() && File.GetUnixFileMode(path) != OwnerReadWrite)
        {
            File.SetUnixFileMode(path, OwnerReadWrite);
        }

        return File.ReadAllText(path).Trim();
    }

    public static string ReadOrCreate(string path) => Read(path) ?? Create(path, Generate());

    public static string Create(string path, string secret)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerReadWrite;
        }

        using (var writer = new StreamWriter(path, options))
        {
            writer.Write(secret);
        }

        return secret;
    }

    /// <summary>160 random bits as hex: safe inside SQL literals, psql variables and connection strings.</summary>
    public static string Generate() => RandomNumberGenerator.GetHexString(40, lowercase: true);
}
