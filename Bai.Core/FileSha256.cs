namespace Bai.Core;

using System.Security.Cryptography;

/// <summary>A file's SHA-256, lower-case hex as <c>sha256sum</c> prints it: the snapshot's identity in the ledger.</summary>
public static class FileSha256
{
    /// <summary>Read once, in order, in large blocks through the page cache.</summary>
    public static async Task<string> ComputeAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan | FileOptions.Asynchronous);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}
