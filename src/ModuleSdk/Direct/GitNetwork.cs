using System.Runtime.InteropServices;
using LibGit2Sharp;

namespace ModuleSdk.Direct;

/// <summary>
/// Bounds on how long libgit2 waits for a git server. By default libgit2 waits for a TCP connect
/// as long as the operating system does (minutes for a blackholed address) and for a server's
/// answer forever, so a repository behind an unreachable host would hang a build. The go command
/// has no setting of its own for this (it leaves it to git), so these are constants: long
/// enough for a slow network, short enough to fail well inside a CI step. The read timeout
/// applies to each wait for data, not to a whole fetch, so a large but progressing fetch is never
/// cut off. libgit2 holds them per process; LibGit2Sharp 0.32 does not expose them, so they are
/// set through <c>git_libgit2_opts</c> of the same native library LibGit2Sharp loads.
/// </summary>
internal static class GitNetwork
{
    /// <summary>How long connecting to a git server may take.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long one wait for a git server's data may take.</summary>
    public static readonly TimeSpan DefaultReadTimeout = TimeSpan.FromSeconds(30);

    // The native library LibGit2Sharp 0.32.0 ships (LibGit2Sharp.NativeBinaries 2.0.324, libgit2
    // 1.8). A package update that renames it makes GitNetworkTests fail rather than silently
    // dropping the timeouts.
    private const string NativeLibrary = "git2-5853918";

    // git_libgit2_opt_t of libgit2 1.8 (include/git2/common.h).
    private const int SetServerConnectTimeout = 39;
    private const int GetServerConnectTimeout = 40;
    private const int SetServerTimeout = 41;
    private const int GetServerTimeout = 42;

    private static readonly Lock Gate = new();
    private static (TimeSpan Connect, TimeSpan Read)? _applied;
    private static bool _tried;

    /// <summary>The connect and read timeouts in force, for messages; null when libgit2 could not be reached to set them.</summary>
    public static (TimeSpan Connect, TimeSpan Read)? Current => _applied;

    /// <summary>
    /// Applies the default timeouts once per process, before the first network operation. A host
    /// that loads the native library where this assembly's default probing cannot find it (an
    /// unusual plug-in layout) keeps libgit2's defaults rather than failing every git operation.
    /// </summary>
    public static void EnsureConfigured()
    {
        if (_tried) return;
        try
        {
            Configure(DefaultConnectTimeout, DefaultReadTimeout);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            _tried = true;
        }
    }

    /// <summary>Sets both timeouts for the whole process (tests use short ones).</summary>
    public static void Configure(TimeSpan connect, TimeSpan read)
    {
        lock (Gate)
        {
            // Touching LibGit2Sharp first makes it load and initialise the native library, so the
            // options below land in the instance that its transports use.
            _ = GlobalSettings.Version;
            Check(git_libgit2_opts(SetServerConnectTimeout, Milliseconds(connect)), "connect");
            Check(git_libgit2_opts(SetServerTimeout, Milliseconds(read)), "read");
            _applied = (connect, read);
            _tried = true;
        }
    }

    /// <summary>The timeouts libgit2 reports it holds, in milliseconds (for tests).</summary>
    public static (int Connect, int Read) Read()
    {
        _ = GlobalSettings.Version;
        Check(git_libgit2_opts(GetServerConnectTimeout, out int connect), "connect");
        Check(git_libgit2_opts(GetServerTimeout, out int read), "read");
        return (connect, read);
    }

    private static int Milliseconds(TimeSpan t) => (int)Math.Clamp(t.TotalMilliseconds, 1, int.MaxValue);

    private static void Check(int result, string which)
    {
        if (result < 0) throw new InvalidOperationException($"libgit2 refused the server {which} timeout (error {result})");
    }

    // git_libgit2_opts is variadic. On x64 and on Linux/Windows arm64 a variadic int or pointer
    // travels like a fixed second argument, which is how LibGit2Sharp binds it too (Apple arm64
    // passes variadic arguments on the stack: there the options would not take effect).
    [DllImport(NativeLibrary, EntryPoint = "git_libgit2_opts", CallingConvention = CallingConvention.Cdecl)]
    private static extern int git_libgit2_opts(int option, int value);

    [DllImport(NativeLibrary, EntryPoint = "git_libgit2_opts", CallingConvention = CallingConvention.Cdecl)]
    private static extern int git_libgit2_opts(int option, out int value);
}
