namespace Bai.Core;

using System.Buffers.Binary;
using System.Runtime.InteropServices;

/// <summary>
/// What a path is on disk, which .NET does not say: a character device, a FIFO or a socket reads as a plain file in
/// <see cref="FileInfo.Attributes"/>. A report renamed over <c>/dev/null</c> turned the machine's /dev/null into a
/// root-only regular file, and the next PostgreSQL start failed on it. libc's <c>stat</c> (following links), for
/// Linux on x64 and arm64, the machines the tools run on; elsewhere every existing non-folder counts as a regular file.
/// </summary>
public static partial class FileKind
{
    private const uint TypeMask = 0xF000; // S_IFMT
    private const uint Regular = 0x8000; // S_IFREG
    private const uint Folder = 0x4000; // S_IFDIR

    /// <summary>Whether <paramref name="path"/> exists and is neither a regular file nor a folder (a device, a FIFO,
    /// a socket), after following links: something to write into, never to replace.</summary>
    public static bool IsSpecial(string path) => ModeOf(path) is { } mode && (mode & TypeMask) is not (Regular or Folder);

    private static uint? ModeOf(string path)
    {
        // struct stat is 128 bytes on both; st_mode follows st_dev, st_ino and (on x64) st_nlink.
        var offset = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 24,
            Architecture.Arm64 => 16,
            _ => -1,
        };
        if (!OperatingSystem.IsLinux() || offset < 0)
        {
            return null;
        }

        Span<byte> buffer = stackalloc byte[256];
        return Stat(path, ref MemoryMarshal.GetReference(buffer)) == 0 ? BinaryPrimitives.ReadUInt32LittleEndian(buffer[offset..]) : null;
    }

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Stat(string path, ref byte buffer);
}
