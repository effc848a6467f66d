namespace Bai.Testing;

using Xunit;

/// <summary>
/// For a test that only means something as root (it mounts a file system, makes a folder immutable, or checks what
/// happens when a root process hands the embedded server to the postgres account). CI runs the tests as root. As a
/// normal user such a test fails with a sentence saying it needs root and why, instead of returning early and passing
/// without checking anything: xunit 2 has no dynamic skip, and a skipped test is not a passed test anyway.
/// </summary>
public static class RootOnly
{
    /// <summary>Fails the test unless this process runs as root.</summary>
    /// <param name="why">What needs root, to end the sentence "This test needs root: ..." (e.g. "it mounts a tmpfs").</param>
    public static void Require(string why)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Assert.Fail($"This test needs root: {why}. Run it as root, as CI does; as a normal user it fails rather than passing without checking anything.");
        }
    }
}
