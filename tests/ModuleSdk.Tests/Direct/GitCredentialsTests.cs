using ModuleSdk.Diagnostics;
using ModuleSdk.Direct;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Direct;

[TestClass]
public class GitCredentialsTests
{
    private const string Secret = "s3cr3t-t0ken";

    [TestMethod]
    [DataRow("https://u:pw@host/r.git", "https://host/r.git")]
    [DataRow("https://host/r.git", "https://host/r.git")]
    [DataRow("https://u@host/r.git", "https://host/r.git")]
    [DataRow("/srv/git/r.git", "/srv/git/r.git")]
    public void StripUserInfo(string url, string expected) => Assert.AreEqual(expected, GitCredentials.StripUserInfo(url));

    [TestMethod]
    public void Find_UrlThenTokenThenNothing()
    {
        var env = new Dictionary<string, string?> { [GitCredentials.TokenVariable] = Secret, [GitCredentials.TokenHostsVariable] = "host" };
        var creds = new GitCredentials(env, useCredentialHelpers: false);
        Assert.AreEqual(("alice", "pw"), creds.Find("https://alice:pw@host/r.git"));
        Assert.AreEqual((GitCredentials.DefaultTokenUser, Secret), creds.Find("https://host/r.git"));
        var fallback = new GitCredentials(new Dictionary<string, string?> { [GitCredentials.FallbackTokenVariable] = "t2",
            [GitCredentials.UserVariable] = "oauth2", [GitCredentials.TokenHostsVariable] = "host" }, useCredentialHelpers: false);
        Assert.AreEqual(("oauth2", "t2"), fallback.Find("https://host/r.git"));
        Assert.IsNull(GitCredentials.None.Find("https://host/r.git"));
    }

    [TestMethod]
    public void Find_GitCredentialHelper()
    {
        using var dir = new TempDir("cred");
        string config = dir.Combine("gitconfig");
        File.WriteAllText(config, "[credential]\n\thelper = \"!f() { echo username=helper-user; echo password=helper-pw; }; f\"\n");
        var env = new Dictionary<string, string?> { ["GIT_CONFIG_GLOBAL"] = config, ["GIT_CONFIG_NOSYSTEM"] = "1", ["HOME"] = dir.Path };
        var creds = new GitCredentials(env);
        var found = creds.Find("https://git.corp.example/team/r.git");
        if (found is null) Assert.Inconclusive("git is not installed");
        Assert.AreEqual(("helper-user", "helper-pw"), found);
    }

    [TestMethod]
    public async Task Credentials_NeverInMessagesOrCacheNames()
    {
        using var g = new GitFixture();
        // Nothing listens on port 1: the fetch fails, and its message must not show the password.
        using var s = g.Source($"example.com/*=http://user:{Secret}@127.0.0.1:1/*.git", insecure: "127.0.0.1");
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => s.VersionsAsync("example.com/lib"));
        Assert.IsFalse(e.ToString().Contains(Secret), e.ToString());
        StringAssert.Contains(e.Message, "http://127.0.0.1:1/lib.git");
        foreach (var f in Directory.EnumerateFileSystemEntries(g.CacheRoot, "*", SearchOption.AllDirectories))
        {
            Assert.IsFalse(f.Contains(Secret), f);
            if (File.Exists(f)) Assert.IsFalse(File.ReadAllText(f).Contains(Secret), f);
        }
    }
}
