using System.Text.Json;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;

namespace ModuleSdk.Tests.GoVectors;

/// <summary>x/mod module/pseudo_test.go, on <see cref="PseudoVersion"/>, from the extracted tables.</summary>
[TestClass]
public class PseudoVectorTests
{
    private static JsonElement Table => GoVectorFiles.Json("xmod/module_pseudo_test.json");

    private static readonly DateTimeOffset PseudoTime = new(2006, 1, 2, 15, 4, 5, TimeSpan.Zero);

    private static T? Try<T>(Func<T> f, out bool failed)
    {
        try
        {
            failed = false;
            return f();
        }
        catch (ModuleException)
        {
            failed = true;
            return default;
        }
    }

    [TestMethod]
    public void PseudoVersion_Build_IsPseudo_Time_Rev_Base()
    {
        var table = Table;
        Assert.AreEqual(PseudoTime, DateTimeOffset.Parse(table.GetProperty("pseudoTime").GetString()!));
        var f = new VectorFailures();
        foreach (var t in table.GetProperty("pseudoTests").EnumerateArray())
        {
            string major = t.Str("major"), older = t.Str("older"), version = t.Str("version");
            f.Equal(version, PseudoVersion.Build(major, older, PseudoTime, "hash"), $"PseudoVersion({major}, {older})");
            f.Check(PseudoVersion.IsPseudoVersion(version), $"IsPseudoVersion({version}) = false, want true");
            f.Check(!PseudoVersion.IsPseudoVersion(older), $"IsPseudoVersion({older}) = true, want false");
            var time = Try(() => PseudoVersion.Time(version), out bool bad);
            f.Check(!bad && time == PseudoTime, $"PseudoVersionTime({version}) = {time}, want {PseudoTime}");
            Try(() => PseudoVersion.Time(older), out bad);
            f.Check(bad, $"PseudoVersionTime({older}) succeeded, want error");
            var rev = Try(() => PseudoVersion.Revision(version), out bad);
            f.Check(!bad && rev == "hash", $"PseudoVersionRev({version}) = {rev}, want hash");
            Try(() => PseudoVersion.Revision(older), out bad);
            f.Check(bad, $"PseudoVersionRev({older}) succeeded, want error");
            var b = Try(() => PseudoVersion.Base(version), out bad);
            f.Check(!bad && b == older, $"PseudoVersionBase({version}) = {b}, want {older}");
        }
        foreach (var v in table.GetProperty("TestInvalidPseudoVersionBase.range1").EnumerateArray().Select(e => e.GetString()!))
        {
            var b = Try(() => PseudoVersion.Base(v), out bool bad);
            f.Check(bad, $"PseudoVersionBase({v}) = {b}, want error");
        }
        string invalidTime = table.GetProperty("TestInvalidPseudoVersionTime.v").GetString()!;
        Try(() => PseudoVersion.Time(invalidTime), out bool timeBad);
        f.Check(timeBad, $"PseudoVersionTime({invalidTime}) succeeded, want error");
        f.AssertNone("pseudoTests");
    }

    [TestMethod]
    public void IncDecimal_DecDecimal()
    {
        var f = new VectorFailures();
        foreach (var t in Table.GetProperty("TestIncDecimal.cases").EnumerateArray())
            f.Equal(t.Str("want"), PseudoVersion.IncDecimal(t.Str("in")), $"incDecimal({t.Str("in")})");
        foreach (var t in Table.GetProperty("TestDecDecimal.cases").EnumerateArray())
            f.Equal(t.Str("want"), PseudoVersion.DecDecimal(t.Str("in")), $"decDecimal({t.Str("in")})");
        f.AssertNone("inc/decDecimal");
    }
}
