using ModuleSdk.Modules;

namespace ModuleSdk.Tests.Modules;

[TestClass]
public class SemverTests
{
    // (input, canonical output or "" when invalid) — the shape of golang/mod's semver tests.
    [TestMethod]
    [DataRow("bad", "")]
    [DataRow("v1-alpha.beta.gamma", "")]
    [DataRow("v1-pre", "")]
    [DataRow("v1+meta", "")]
    [DataRow("v1-pre+meta", "")]
    [DataRow("v1.2-pre", "")]
    [DataRow("v1.2+meta", "")]
    [DataRow("v1.2-pre+meta", "")]
    [DataRow("v1.0.0-alpha", "v1.0.0-alpha")]
    [DataRow("v1.0.0-alpha.1", "v1.0.0-alpha.1")]
    [DataRow("v1.0.0-alpha.beta", "v1.0.0-alpha.beta")]
    [DataRow("v1.0.0-beta", "v1.0.0-beta")]
    [DataRow("v1.0.0-beta.2", "v1.0.0-beta.2")]
    [DataRow("v1.0.0-beta.11", "v1.0.0-beta.11")]
    [DataRow("v1.0.0-rc.1", "v1.0.0-rc.1")]
    [DataRow("v1", "v1.0.0")]
    [DataRow("v1.0", "v1.0.0")]
    [DataRow("v1.0.0", "v1.0.0")]
    [DataRow("v1.2", "v1.2.0")]
    [DataRow("v1.2.0", "v1.2.0")]
    [DataRow("v1.2.3-456", "v1.2.3-456")]
    [DataRow("v1.2.3-456.789", "v1.2.3-456.789")]
    [DataRow("v1.2.3-456-789", "v1.2.3-456-789")]
    [DataRow("v1.2.3-456a", "v1.2.3-456a")]
    [DataRow("v1.2.3-pre", "v1.2.3-pre")]
    [DataRow("v1.2.3-pre+meta", "v1.2.3-pre")]
    [DataRow("v1.2.3-pre.1", "v1.2.3-pre.1")]
    [DataRow("v1.2.3-zzz", "v1.2.3-zzz")]
    [DataRow("v1.2.3", "v1.2.3")]
    [DataRow("v1.2.3+meta", "v1.2.3")]
    [DataRow("v1.2.3+meta-pre", "v1.2.3")]
    [DataRow("v1.2.3+meta-pre.sha.256a", "v1.2.3")]
    [DataRow("v2.0.0+incompatible", "v2.0.0")]
    [DataRow("v1.2.3-01", "")]
    [DataRow("v01.2.3", "")]
    [DataRow("v1.02.3", "")]
    [DataRow("v1.2.03", "")]
    [DataRow("v1.2.3-", "")]
    [DataRow("v1.2.3-a..b", "")]
    [DataRow("v1.2.3+", "")]
    [DataRow("1.2.3", "")]
    [DataRow("v1.2.3-a_b", "")]
    [DataRow("v99999999999999999999999.0.0", "v99999999999999999999999.0.0")]
    public void Canonical_MatchesGo(string input, string expected)
    {
        Assert.AreEqual(expected, Semver.Canonical(input));
        Assert.AreEqual(expected.Length > 0, Semver.IsValid(input));
    }

    [TestMethod]
    public void Compare_OrdersAsSemVer()
    {
        // Increasing precedence; equal neighbours share a group.
        string[][] ordered =
        [
            ["bad", "v1.2.3-01"],
            ["v1.0.0-RC.2"],
            ["v1.0.0-alpha"],
            ["v1.0.0-alpha.1"],
            ["v1.0.0-alpha.beta"],
            ["v1.0.0-beta"],
            ["v1.0.0-beta.2"],
            ["v1.0.0-beta.11"],
            ["v1.0.0-rc.1"],
            ["v1", "v1.0", "v1.0.0", "v1.0.0+meta"],
            ["v1.2", "v1.2.0"],
            ["v1.2.3-456"],
            ["v1.2.3-456.789"],
            ["v1.2.3-456-789"],
            ["v1.2.3-456a"],
            ["v1.2.3-pre", "v1.2.3-pre+meta"],
            ["v1.2.3-pre.1"],
            ["v1.2.3-zzz"],
            ["v1.2.3", "v1.2.3+meta"],
            ["v1.10.0"],
            ["v2.0.0+incompatible"],
            ["v99999999999999999999999.0.0"],
        ];
        for (int i = 0; i < ordered.Length; i++)
            for (int j = 0; j < ordered.Length; j++)
                foreach (var a in ordered[i])
                    foreach (var b in ordered[j])
                        Assert.AreEqual(i.CompareTo(j), Semver.Compare(a, b), $"Compare({a}, {b})");
    }

    [TestMethod]
    [DataRow("v1.2.3", "v1", "v1.2", "", "")]
    [DataRow("v1.2", "v1", "v1.2", "", "")]
    [DataRow("v1", "v1", "v1.0", "", "")]
    [DataRow("v2.3.4-pre.1+meta", "v2", "v2.3", "-pre.1", "+meta")]
    [DataRow("bad", "", "", "", "")]
    public void Parts(string v, string major, string majorMinor, string pre, string build)
    {
        Assert.AreEqual(major, Semver.Major(v));
        Assert.AreEqual(majorMinor, Semver.MajorMinor(v));
        Assert.AreEqual(pre, Semver.Prerelease(v));
        Assert.AreEqual(build, Semver.Build(v));
    }

    [TestMethod]
    public void Max_Canonicalizes() => Assert.AreEqual("v1.3.0", Semver.Max("v1.2.3", "v1.3"));
}
