using System.Text;
using ModuleSdk.Cli;
using ModuleSdk.Tests.Fetching;

namespace ModuleSdk.Tests.Cli;

/// <summary>
/// Ctrl+C in <c>dotnet mod</c>: Program cancels <see cref="CliContext.CancellationToken"/>; the
/// token reaches the core, the command exits 130 and leaves no half-written file: no partial zip
/// or extraction in the cache, module.mod as it was, no module.sum lines for work not finished.
/// </summary>
[TestClass]
public sealed class CancellationTests
{
    private static async Task<CliResult> Run(CliFixture f, CancellationToken token, params string[] args)
    {
        var o = new StringWriter { NewLine = "\n" };
        var e = new StringWriter { NewLine = "\n" };
        var run = CliApp.RunAsync(new CliContext(f.Work, f.Env, o, e) { CancellationToken = token }, args);
        Assert.AreSame(run, await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(20))), "a canceled command must stop promptly");
        return new CliResult(await run, o.ToString(), e.ToString());
    }

    [TestMethod]
    public async Task Download_CanceledMidZip_Exits130_NoPartialZipNoSum()
    {
        using var f = new CliFixture();
        f.Proxy.Add("example.com/a", "v1.0.0");
        f.WriteMod("module example.com/app\n\nrequire example.com/a v1.0.0\n");
        string modBefore = f.Mod!;
        using var cancel = new CancellationTokenSource();
        var serve = LoopbackServer.Directory(f.Proxy.Root);
        await using var server = new LoopbackServer(async (request, connection, ct) =>
        {
            if (!request.Target.EndsWith(".zip", StringComparison.Ordinal))
            {
                await serve(request, connection, ct);
                return;
            }
            // Half of the zip, then Ctrl+C while the rest is still on its way.
            byte[] zip = await File.ReadAllBytesAsync(Path.Combine(f.Proxy.Root, request.Target.TrimStart('/')), ct);
            var head = Encoding.ASCII.GetBytes(
                $"HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nContent-Length: {zip.Length}\r\nConnection: close\r\n\r\n");
            await connection.WriteAsync(head, ct);
            await connection.WriteAsync(zip.AsMemory(0, zip.Length / 2), ct);
            await connection.FlushAsync(ct);
            cancel.Cancel();
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
        });
        f.Env["MODPROXY"] = server.BaseUrl;

        var r = await Run(f, cancel.Token, "download");

        Assert.AreEqual(CliApp.CanceledExitCode, r.ExitCode, r.ToString());
        Assert.AreEqual("dotnet mod: canceled\n", r.Error);
        Assert.AreEqual(1, server.Count(".zip"), "the zip was being downloaded when Ctrl+C came");
        Assert.IsFalse(File.Exists(f.CacheFile("example.com/a", "v1.0.0", "zip")));
        Assert.IsFalse(Directory.Exists(f.CacheDir("example.com/a", "v1.0.0")));
        var leftovers = Directory.EnumerateFiles(f.CacheDownload("example.com/a")).Select(Path.GetFileName)
            .Where(n => n!.Contains(".tmp", StringComparison.Ordinal) || n.EndsWith(".zip", StringComparison.Ordinal)
                || n.EndsWith(".partial", StringComparison.Ordinal)).ToList();
        Assert.AreEqual(0, leftovers.Count, "half-written: " + string.Join(", ", leftovers));
        Assert.AreEqual(modBefore, f.Mod);
        Assert.IsNull(f.Sum, "no module.sum for a download that did not finish");

        // The next run starts clean and finishes.
        f.Env["MODPROXY"] = f.Proxy.Url;
        await f.Ok("download");
        Assert.IsTrue(File.Exists(f.CacheFile("example.com/a", "v1.0.0", "zip")));
    }

    [TestMethod]
    [DataRow("tidy")]
    [DataRow("get", "example.com/a@v1.1.0")]
    [DataRow("list", "-m", "-u", "all")]
    [DataRow("verify")]
    [DataRow("why", "-m", "example.com/a")]
    [DataRow("vendor")]
    public async Task CanceledBeforeItStarts_Exits130_AndWritesNothing(params string[] args)
    {
        using var f = new CliFixture();
        f.Proxy.Add("example.com/a", "v1.0.0").Add("example.com/a", "v1.1.0");
        f.WriteMod("module example.com/app\n\nrequire example.com/a v1.0.0\n");
        string modBefore = f.Mod!;
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        var r = await Run(f, cancel.Token, args);

        Assert.AreEqual(CliApp.CanceledExitCode, r.ExitCode, r.ToString());
        StringAssert.EndsWith(r.Error, "dotnet mod: canceled\n");
        Assert.AreEqual(modBefore, f.Mod);
        Assert.IsNull(f.Sum);
        Assert.IsFalse(Directory.Exists(Path.Combine(f.Work, "vendor")));
        Assert.IsFalse(f.CacheHasAnything("example.com/a", "v1.0.0"));
    }
}
