using System.Runtime.InteropServices;
using LibGit2Sharp;
using ModuleSdk.Diagnostics;

namespace ModuleSdk.Direct;

/// <summary>
/// Loads libgit2 once per process, before direct mode's first git operation, so that a host
/// without a loadable libgit2 (a platform LibGit2Sharp has no build for, or a package that lost its
/// <c>runtimes/&lt;rid&gt;/native/</c> folder, issue 8) fails with one error that says what is
/// missing and what to do (MOD9010), rather than LibGit2Sharp's "type initializer threw".
/// </summary>
internal static class NativeGit
{
    private static readonly Lazy<Exception?> Failure = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Throws MOD9010 when libgit2 cannot be loaded; returns at once after the first success.</summary>
    public static void EnsureLoaded()
    {
        if (Failure.Value is { } e)
            throw new ModuleException(DiagnosticCodes.NativeGitUnavailable, Describe(e), e);
    }

    private static Exception? Load()
    {
        try
        {
            // A native call (git_libgit2_features; the version strings are managed constants) runs
            // LibGit2Sharp's NativeMethods static constructor, which loads libgit2 and initialises
            // it; the runtime caches a failure there for the whole process.
            _ = GlobalSettings.Version.Features;
            return null;
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or BadImageFormatException or EntryPointNotFoundException)
        {
            return e;
        }
    }

    /// <summary>
    /// Where LibGit2Sharp.dll was loaded from: the task package's folder inside MSBuild, the app's
    /// folder otherwise. A single-file or Native AOT <c>dotnet-mod</c> has no assembly locations
    /// (the empty string), and its natives sit beside the executable.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("SingleFile", "IL3000",
        Justification = "An empty Location (single-file, Native AOT) falls back to AppContext.BaseDirectory.")]
    private static string LibGit2SharpFolder() =>
        Path.GetDirectoryName(typeof(Repository).Assembly.Location) is { Length: > 0 } dir ? dir : AppContext.BaseDirectory;

    private static string Describe(Exception e)
    {
        var root = e;
        while (root.InnerException is not null) root = root.InnerException;
        // The loader's message goes on with advice on strace and LD_DEBUG and every path it tried,
        // over many lines: its first sentence says what failed.
        string cause = root.Message.Split('\n', 2)[0].Trim();
        if (cause.IndexOf(". ", StringComparison.Ordinal) is > 0 and var end) cause = cause[..end];
        if (cause.Length > 240) cause = cause[..240] + "...";
        string folder = Path.Combine(LibGit2SharpFolder(), "runtimes", RuntimeInformation.RuntimeIdentifier, "native");
        return $"direct mode cannot read git repositories: libgit2 could not be loaded for {RuntimeInformation.RuntimeIdentifier} " +
            $"(looked for it in {folder}): {cause}. " +
            "Use a module proxy on this machine (MODPROXY=https://...), or reinstall ModuleSdk if it ships this platform";
    }
}
