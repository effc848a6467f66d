namespace Bai.Core.Postgres;

using System.Runtime.InteropServices;

/// <summary>
/// The last resort that stops the server when its owner is not disposed: a normal exit or SIGTERM
/// (AppDomain.ProcessExit) and a Ctrl+C, SIGQUIT or SIGHUP that nobody handles. A host that handles the signal
/// (the Generic Host cancels SIGINT and SIGTERM to shut down gracefully, having registered first) disposes
/// the server in order instead; stopping it here would pull the database from under that shutdown.
/// </summary>
internal sealed class ShutdownHooks : IDisposable
{
    private readonly Action stop;
    private readonly PosixSignalRegistration[] registrations;

    public ShutdownHooks(Action stop)
    {
        this.stop = stop;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal),
        ];
    }

    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        foreach (var registration in registrations)
        {
            registration.Dispose();
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => stop();

    private void OnSignal(PosixSignalContext context)
    {
        // Cancel set means an earlier handler keeps the process alive to shut down in order; it disposes us.
        if (!context.Cancel)
        {
            stop();
        }
    }
}
