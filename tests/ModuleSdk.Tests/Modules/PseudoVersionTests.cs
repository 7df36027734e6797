using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;

namespace ModuleSdk.Tests.Modules;

[TestClass]
public class PseudoVersionTests
{
    private static readonly DateTimeOffset Time = new(2019, 12, 9, 10, 31, 29, TimeSpan.Zero);
    private const string Rev = "1dc569916cba";

    // (major, older tag, expected pseudo-version) — the three forms and +incompatible.
    [TestMethod]
    [DataRow("", "", "v0.0.0-20191209103129-1dc569916cba")]
    [DataRow("v2", "", "v2.0.0-20191209103129-1dc569916cba")]
    [DataRow("", "v1.2.3", "v1.2.4-0.20191209103129-1dc569916cba")]
    [DataRow("", "v1.2.99", "v1.2.100-0.20191209103129-1dc569916cba")]
    [DataRow("", "v1.2.3-pre", "v1.2.3-pre.0.20191209103129-1dc569916cba")]
    [DataRow("", "v1.3.0-pre", "v1.3.0-pre.0.20191209103129-1dc569916cba")]
    [DataRow("", "v2.0.0+incompatible", "v2.0.1-0.20191209103129-1dc569916cba+incompatible")]
    [DataRow("", "v2.1.0-pre+incompatible", "v2.1.0-pre.0.20191209103129-1dc569916cba+incompatible")]
    public void Build_MatchesGoForms(string major, string older, string expected)
    {
        string v = PseudoVersion.Build(major, older, Time, Rev);
        Assert.AreEqual(expected, v);
        Assert.IsTrue(PseudoVersion.IsPseudoVersion(v));
        Assert.AreEqual(Time, PseudoVersion.Time(v));
        Assert.AreEqual(Rev, PseudoVersion.Revision(v));
        Assert.AreEqual(older, PseudoVersion.Base(v));
    }

    [TestMethod]
    public void Build_ConvertsToUtc() =>
        Assert.AreEqual("v0.0.0-20191209103129-1dc569916cba",
            PseudoVersion.Build("", "", new DateTimeOffset(2019, 12, 9, 12, 31, 29, TimeSpan.FromHours(2)), Rev));

    [TestMethod]
    [DataRow("v1.2.3", false)]
    [DataRow("v1.2.3-pre", false)]
    [DataRow("v0.0.0-20191209103129-1dc569916cba", true)]
    [DataRow("v1.2.4-0.20191209103129-1dc569916cba", true)]
    [DataRow("v1.2.3-pre.0.20191209103129-1dc569916cba", true)]
    [DataRow("v1.2.3-0.20191209103129-1dc569916cba+incompatible", true)]
    [DataRow("v1.2.3-1.20191209103129-1dc569916cba", false)]
    [DataRow("v0.0.0-2019120910312-1dc569916cba", false)]
    [DataRow("v0.0.0-20191209103129-", false)]
    public void IsPseudoVersion_MatchesGo(string v, bool expected) =>
        Assert.AreEqual(expected, PseudoVersion.IsPseudoVersion(v));

    [TestMethod]
    public void Base_RejectsNonsense()
    {
        Assert.AreEqual("pseudo-version \"v1.2.3\" invalid: syntax error",
            Assert.ThrowsExactly<ModuleException>(() => PseudoVersion.Base("v1.2.3")).Message);
        var e = Assert.ThrowsExactly<ModuleException>(() => PseudoVersion.Base("v2.0.0-20191209103129-1dc569916cba+incompatible"));
        Assert.AreEqual(DiagnosticCodes.InvalidPseudoVersion, e.Code);
        StringAssert.Contains(e.Message, "lacks base version, but has build metadata");
        e = Assert.ThrowsExactly<ModuleException>(() => PseudoVersion.Base("v1.0.0-0.20191209103129-1dc569916cba"));
        StringAssert.Contains(e.Message, "negative patch number");
    }

    [TestMethod]
    public void Time_RejectsImpossibleDates() =>
        Assert.ThrowsExactly<ModuleException>(() => PseudoVersion.Time("v0.0.0-20191339103129-1dc569916cba"));

    [TestMethod]
    public void Zero_IsRecognised()
    {
        Assert.AreEqual("v0.0.0-00010101000000-000000000000", PseudoVersion.Zero(""));
        Assert.IsTrue(PseudoVersion.IsZeroPseudoVersion("v2.0.0-00010101000000-000000000000"));
        Assert.IsFalse(PseudoVersion.IsZeroPseudoVersion("v0.0.0-20191209103129-1dc569916cba"));
    }

    [TestMethod]
    [DataRow("v2.0.0+incompatible", "v2.0.0+incompatible")]
    [DataRow("v2.0+incompatible", "")]
    [DataRow("v1.2.3+meta", "v1.2.3")]
    [DataRow("bad", "")]
    public void ModuleVersionCanonical_KeepsIncompatible(string v, string expected) =>
        Assert.AreEqual(expected, ModuleVersion.Canonical(v));
}
