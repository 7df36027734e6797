using System.Reflection;
using ModuleSdk.Diagnostics;

namespace ModuleSdk.Tests;

/// <summary>Every diagnostic code is unique and documented in docs/diagnostics.md.</summary>
[TestClass]
public class DiagnosticsDocumentationTests
{
    private static IEnumerable<(string Name, string Code)> Codes() =>
        typeof(DiagnosticCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (f.Name, (string)f.GetRawConstantValue()!));

    [TestMethod]
    public void Codes_AreUniqueAndWellFormed()
    {
        var codes = Codes().ToList();
        Assert.IsTrue(codes.Count > 50, "the codes were found by reflection");
        foreach (var (name, code) in codes)
            StringAssert.Matches(code, new System.Text.RegularExpressions.Regex("^MOD[1-9][0-9]{3}$"), name);
        var duplicates = codes.GroupBy(c => c.Code).Where(g => g.Count() > 1).Select(g => g.Key + ": " + string.Join(", ", g.Select(c => c.Name))).ToList();
        Assert.AreEqual(0, duplicates.Count, string.Join("\n", duplicates));
    }

    [TestMethod]
    public void Codes_AreDocumented()
    {
        string docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "diagnostics.md"));
        var missing = Codes().Where(c => !docs.Contains("| " + c.Code + " |", StringComparison.Ordinal)).Select(c => $"{c.Code} ({c.Name})").ToList();
        Assert.AreEqual(0, missing.Count, "undocumented in docs/diagnostics.md: " + string.Join(", ", missing));
    }

    internal static string RepositoryRoot() => ModuleSdk.Tests.TestSupport.RepositoryRoot.Path;
}
