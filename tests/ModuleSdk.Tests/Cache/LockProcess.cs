using System.Diagnostics;

namespace ModuleSdk.Tests.Cache;

/// <summary>
/// Other processes that take flock(2) locks, to prove that <see cref="ModuleSdk.IO.FileLock"/>
/// excludes across processes: .NET maps FileShare.None to flock(LOCK_EX) on Unix, so Python's
/// fcntl.flock and util-linux flock(1) contend with it.
/// </summary>
internal static class LockProcess
{
    private const string HoldScript = "import fcntl,sys,time\nf=open(sys.argv[1],'a')\nfcntl.flock(f,fcntl.LOCK_EX)\nprint('locked',flush=True)\n" +
        "time.sleep(120)\n";
    private const string ProbeScript = "import fcntl,sys\nf=open(sys.argv[1],'a')\ntry:\n  fcntl.flock(f,fcntl.LOCK_EX|fcntl.LOCK_NB)\n  print('free')\n" +
        "except BlockingIOError:\n  print('busy')\n";

    // The system interpreter first: a version-manager shim (pyenv) is a shell script that runs
    // python as a grandchild, which made the holder's lock and kill unreliable.
    private static readonly string? Python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : Find("python3");

    public static void RequireUnixTools()
    {
        if (OperatingSystem.IsWindows()) Assert.Inconclusive("flock(2) interop is a Unix matter");
        if (Python is null) Assert.Inconclusive("python3 is not installed");
    }

    /// <summary>Starts a python3 process that holds an exclusive flock on <paramref name="file"/> until killed; returns once it holds it.</summary>
    public static Process Hold(string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var p = Start(Python!, "-c", HoldScript, file);
        var line = p.StandardOutput.ReadLine();
        // Standard error is read only on failure: reading it waits for the holder to exit.
        if (line != "locked") Assert.Fail("the python lock holder did not start: " + p.StandardError.ReadToEnd());
        return p;
    }

    /// <summary>Asks python3, in another process, whether the flock on <paramref name="file"/> is free: "free" or "busy".</summary>
    public static string Probe(string file)
    {
        using var p = Start(Python!, "-c", ProbeScript, file);
        var output = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return output;
    }

    /// <summary>Runs util-linux <c>flock -n file true</c>: exit code 0 when it got the lock, 1 when busy; null when flock(1) is absent.</summary>
    public static int? FlockTool(string file)
    {
        var tool = Find("flock");
        if (tool is null) return null;
        using var p = Start(tool, "-n", file, "true");
        p.WaitForExit();
        return p.ExitCode;
    }

    /// <summary>Kills a holder as a crash would (SIGKILL), and waits for it to be gone.</summary>
    public static void Kill(Process p)
    {
        p.Kill(entireProcessTree: true);
        p.WaitForExit();
        p.Dispose();
    }

    private static Process Start(string exe, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    private static string? Find(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            if (dir.Length == 0) continue;
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
