using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using ModuleSdk.Diagnostics;

namespace ModuleSdk.IO;

/// <summary>
/// An exclusive lock on a lock file (Go's <c>lockedfile.MutexAt</c>): held while the file is open
/// with <see cref="FileShare.None"/>, released by <see cref="Dispose"/>. It excludes other
/// processes and other threads of the same process alike, because every holder opens the file
/// anew.
/// </summary>
/// <remarks>
/// <para>
/// How it works: on Windows, <see cref="FileShare.None"/> is a real sharing mode, so a second open
/// fails with a sharing violation. On Unix, .NET turns <see cref="FileShare.None"/> into
/// <c>flock(fd, LOCK_EX | LOCK_NB)</c> on the new descriptor (dotnet/runtime,
/// <c>SafeFileHandle.Unix.cs</c>, <c>Init</c>), and reports <c>EWOULDBLOCK</c> as an
/// <see cref="IOException"/>. flock locks belong to the open file description, so two opens in
/// one process exclude each other too, and a non-.NET process interoperates by calling
/// <c>flock(2)</c> on the same file (util-linux <c>flock</c>, Python's <c>fcntl.flock</c>).
/// Waiting is a retry loop with exponential backoff, since the non-blocking open is all .NET offers.
/// </para>
/// <para>
/// The lock is advisory: it binds only code that takes it; nothing stops a process from writing
/// the protected files without it. It is safe against stale locks: the lock lives in the kernel's
/// open file, not in the file's existence, so when a process dies, even by <c>kill -9</c> or a
/// power cut, the operating system releases it, and the lock file left behind is just an empty
/// file that the next holder opens again. Lock files are therefore never deleted (deleting one
/// while another process waits on it would let two holders in on two different files).
/// </para>
/// <para>
/// With <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c> (or the <c>System.IO.DisableFileLocking</c>
/// switch) .NET skips flock altogether; the lock would then exclude nothing, so taking it fails
/// with <see cref="DiagnosticCodes.FileLockingDisabled"/> instead of silently corrupting the cache.
/// </para>
/// </remarks>
public sealed class FileLock : IDisposable
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(200);

    private FileStream? _stream;

    private FileLock(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>Reports whether this instance still holds the lock.</summary>
    public bool IsHeld => _stream is not null;

    /// <summary>
    /// Takes the lock if it is free right now. Returns false when another holder (a process or
    /// a thread) has it. Creates the lock file and its directory when missing.
    /// </summary>
    public static bool TryAcquire(string path, [NotNullWhen(true)] out FileLock? fileLock)
    {
        EnsureLockingEnabled();
        path = System.IO.Path.GetFullPath(path);
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
                fileLock = new FileLock(path, stream);
                return true;
            }
            catch (IOException e) when (attempt < 2 && AtomicFile.MissingDirectory(e))
            {
                // The directory is created only when missing, not before every acquisition (a
                // failed mkdir and a stat each time, several times per module downloaded).
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            }
            catch (IOException e) when (IsContention(e))
            {
                fileLock = null;
                return false;
            }
        }
    }

    /// <summary>
    /// Takes the lock, waiting with exponential backoff while someone else holds it. Throws
    /// <see cref="ModuleException"/> (<see cref="DiagnosticCodes.CacheLockTimeout"/>) after
    /// <paramref name="timeout"/> (<see cref="Timeout.InfiniteTimeSpan"/> waits forever) and
    /// <see cref="OperationCanceledException"/> on cancellation.
    /// </summary>
    public static FileLock Acquire(string path, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var delay = FirstDelay;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TryAcquire(path, out var fileLock)) return fileLock;
            delay = NextDelay(path, timeout, clock, delay);
            if (cancellationToken.WaitHandle.WaitOne(delay)) cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The asynchronous form of <see cref="Acquire"/>: waits without blocking a thread.</summary>
    public static async Task<FileLock> AcquireAsync(string path, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var delay = FirstDelay;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TryAcquire(path, out var fileLock)) return fileLock;
            delay = NextDelay(path, timeout, clock, delay);
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Releases the lock. The lock file stays (see the remarks on why).</summary>
    public void Dispose()
    {
        _stream?.Dispose();
        _stream = null;
    }

    private static TimeSpan NextDelay(string path, TimeSpan timeout, Stopwatch clock, TimeSpan delay)
    {
        if (timeout != Timeout.InfiniteTimeSpan && clock.Elapsed >= timeout)
        {
            throw new ModuleException(DiagnosticCodes.CacheLockTimeout,
                $"timed out after {timeout.TotalSeconds:0.###}s waiting for lock {System.IO.Path.GetFullPath(path)}: " +
                "another process (a parallel build or restore) is using this part of the module cache; " +
                "wait for it to finish (a lock is released automatically when its process exits)");
        }
        // Jitter keeps waiters that started together from polling in lockstep.
        var next = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
        var jittered = TimeSpan.FromTicks(next.Ticks / 2 + Random.Shared.NextInt64(next.Ticks / 2 + 1));
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            var left = timeout - clock.Elapsed;
            if (left < jittered) jittered = left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
        return jittered;
    }

    /// <summary>
    /// Reports whether an open failed only because someone else holds the lock. Windows reports a
    /// sharing or lock violation (Win32 errors 32 and 33 in the HRESULT); .NET on Unix reports
    /// flock's <c>EWOULDBLOCK</c> with the raw errno as HResult (11 on Linux, 35 on macOS and BSD).
    /// </summary>
    internal static bool IsContention(IOException e)
    {
        if (e is FileNotFoundException or DirectoryNotFoundException or PathTooLongException) return false;
        if (OperatingSystem.IsWindows()) return (e.HResult & 0xFFFF) is 32 or 33;
        return e.HResult == (OperatingSystem.IsLinux() ? 11 : 35);
    }

    private static void EnsureLockingEnabled()
    {
        if (OperatingSystem.IsWindows()) return; // sharing modes are enforced by the OS there
        bool disabled = AppContext.TryGetSwitch("System.IO.DisableFileLocking", out bool on) && on;
        var env = Environment.GetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING");
        disabled |= env is not null && (env == "1" || env.Equals("true", StringComparison.OrdinalIgnoreCase));
        if (disabled)
        {
            throw new ModuleException(DiagnosticCodes.FileLockingDisabled,
                ".NET file locking is disabled (DOTNET_SYSTEM_IO_DISABLEFILELOCKING or System.IO.DisableFileLocking), " +
                "so the module cache cannot be shared safely between processes; unset it");
        }
    }
}
