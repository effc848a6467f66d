namespace Bai.Core;

/// <summary>
/// Files that hold customers' data (a snapshot, a report listing rejected rows) are created readable and writable by
/// their owner only. A mode set once the file was complete left the whole copy open to every local user, who could
/// open it meanwhile and keep reading through that descriptor after the mode changed.
/// </summary>
public static class OwnerOnlyFile
{
    public static FileStream Open(string path, FileMode mode, FileAccess access, FileShare share, int bufferSize = 4096, FileOptions options = FileOptions.None)
    {
        var settings = new FileStreamOptions { Mode = mode, Access = access, Share = share, BufferSize = bufferSize, Options = options };
        if (!OperatingSystem.IsWindows())
        {
            settings.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, settings);
    }
}
