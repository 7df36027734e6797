using ModuleSdk.Diagnostics;
using ModuleSdk.Fetching;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Fetching;

/// <summary>file:// proxies: missing is not found, unreadable is a hard error.</summary>
[TestClass]
public class FileProxyTests
{
    private const string Mod = "example.com/lib";

    [TestMethod]
    public async Task PermissionDenied_IsHardError()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("Unix permissions");
            return;
        }
        using var dir = new TempDir("proxy");
        ProxyFixture.Add(dir.Path, Mod, "v1.0.0");
        var file = Path.Combine(dir.Path, Mod, "@v", "list");
        File.SetUnixFileMode(file, UnixFileMode.None);
        try
        {
            try
            {
                File.ReadAllBytes(file);
                Assert.Inconclusive("running as a user who can read any file (root)");
            }
            catch (UnauthorizedAccessException) { }
            var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => new ProxyClient(ProxyFixture.FileUrl(dir.Path)).VersionsAsync(Mod));
            Assert.AreEqual(DiagnosticCodes.ProxyRequestFailed, e.Code);
            StringAssert.EndsWith(e.Message, "/@v/list: permission denied");
        }
        finally
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [TestMethod]
    public async Task DirectoryInsteadOfFile_IsHardError()
    {
        using var dir = new TempDir("proxy");
        Directory.CreateDirectory(Path.Combine(dir.Path, Mod, "@v", "list"));
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => new ProxyClient(ProxyFixture.FileUrl(dir.Path)).VersionsAsync(Mod));
        Assert.IsNotInstanceOfType<ModuleNotFoundException>(e);
        Assert.AreEqual(DiagnosticCodes.ProxyRequestFailed, e.Code);
    }

    [TestMethod]
    public async Task MissingProxyDirectory_IsNotFound()
    {
        using var dir = new TempDir("proxy");
        var client = new ProxyClient(ProxyFixture.FileUrl(Path.Combine(dir.Path, "absent")));
        await Assert.ThrowsExactlyAsync<ModuleNotFoundException>(() => client.VersionsAsync(Mod));
    }

    [TestMethod]
    public async Task FileProxy_ServesWhatGoWouldRead()
    {
        // The layout Go's file:// proxy reads is the one these tests write: check with the oracle.
        GoTool.RequireGo();
        using var dir = new TempDir("proxy");
        ProxyFixture.Add(dir.Path, "example.com/Upper", "v1.0.0");
        using var work = new TempDir("work");
        var r = GoTool.Run(work.Path, work.Combine("gopath"), ProxyFixture.FileUrl(dir.Path), "list", "-m", "-versions", "example.com/Upper");
        Assert.AreEqual(0, r.ExitCode, r.Stderr);
        Assert.AreEqual("example.com/Upper v1.0.0", r.Stdout.Trim());
        var list = await new ProxyClient(ProxyFixture.FileUrl(dir.Path)).VersionsAsync("example.com/Upper");
        CollectionAssert.AreEqual(new[] { "v1.0.0" }, list.ToArray());
    }
}
