using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Proxy.Tests;

/// <summary>
/// A helper server the tests start on 127.0.0.1 and a free port, with its data in a temp folder,
/// and always stop (process tree killed on dispose, and at process exit should a test run die):
/// Azurite (<c>npm install azurite</c> into <c>.tools/azurite</c>, as <c>.ci/run</c> does) and
/// Debian's <c>redis-server</c>. Tests needing one that is not installed are inconclusive, and
/// fail under CI (<c>CI=true</c>), whose <c>.ci/run</c> installs both (<see cref="Missing"/>).
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly TempDir _dir;

    private ServerProcess(Process process, TempDir dir, int port)
    {
        _process = process;
        _dir = dir;
        Port = port;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Kill();
    }

    public int Port { get; }

    /// <summary>Azurite's well-known development account, on this server's port.</summary>
    public string AzuriteConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
        + "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
        + $"BlobEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    public static string? AzuritePath()
    {
        if (RepositoryRoot.Find() is { } root)
        {
            string local = Path.Combine(root, ".tools", "azurite", "node_modules", ".bin", "azurite-blob");
            if (File.Exists(local)) return local;
        }
        return Which("azurite-blob");
    }

    public static string? RedisPath() => Which("redis-server");

    private static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    public const string AzuriteMissing = "Azurite is not installed (npm install azurite into .tools/azurite; .ci/run does)";

    /// <summary>
    /// The outcome for a test whose server is not installed: inconclusive on a developer's
    /// machine, a failure under CI, which installs it, so a broken install step is never a silent skip.
    /// </summary>
    public static UnitTestAssertException Missing(string message) =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
            ? new AssertFailedException(message + " under CI=true")
            : new AssertInconclusiveException(message);

    public static ServerProcess StartAzurite()
    {
        string exe = AzuritePath() ?? throw Missing(AzuriteMissing);
        return Start(exe,
            (dir, port) => ["--blobHost", "127.0.0.1", "--blobPort", port.ToString(), "--location", dir, "--silent", "--skipApiVersionCheck", "--loose",
                "--disableTelemetry"]);
    }

    public static ServerProcess StartRedis()
    {
        string exe = RedisPath() ?? throw Missing("redis-server is not installed (apt-get install -y redis-server; .ci/run does)");
        return Start(exe, (dir, port) => ["--bind", "127.0.0.1", "--port", port.ToString(), "--dir", dir, "--save", "", "--appendonly", "no"]);
    }

    private static ServerProcess Start(string exe, Func<string, int, string[]> args)
    {
        var dir = new TempDir("server");
        int port = FreePort();
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir.Path };
        foreach (var a in args(dir.Path, port)) psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        var server = new ServerProcess(p, dir, port);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                if (p.HasExited) throw new InvalidOperationException($"{exe} exited with {p.ExitCode}");
                try
                {
                    using var c = new TcpClient();
                    c.Connect(IPAddress.Loopback, port);
                    return server;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline)
                {
                    Thread.Sleep(100);
                }
            }
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>A port on 127.0.0.1 nothing listens on now, for a server a test starts.</summary>
    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        _dir.Dispose();
    }
}
