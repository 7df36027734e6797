using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace ModuleSdk.Tests;

/// <summary>
/// Every public (not <c>_</c>-prefixed) property, item and target of the SDK's MSBuild files is
/// in docs/sdk-reference.md, as <see cref="DiagnosticsDocumentationTests"/> keeps every code in
/// docs/diagnostics.md: what the files define, and what they read that is the SDK's own (a
/// <c>Module…</c> or <c>…DependsOn</c> property, a <c>MOD…</c> variable, a <c>Module…</c> item).
/// Reads the files as XML: no build.
/// </summary>
[TestClass]
public class SdkReferenceDocumentationTests
{
    private static readonly string[] Files = ["Sdk.props", "Sdk.targets", "BuildCache.targets"];

    // Read by the SDK but not its own: MSBuild's Csc parameter for a netmodule's assembly name,
    // which the build cache's key includes (the reference says so, without documenting it as a setting).
    private static readonly HashSet<string> NotTheSdks = ["ModuleAssemblyName"];

    private static readonly Regex PropertyUse = new(@"\$\(([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.Compiled);
    private static readonly Regex ItemUse = new(@"@\(([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.Compiled);

    private static bool IsTheSdks(string property) =>
        property.StartsWith("Module", StringComparison.Ordinal) || property.EndsWith("DependsOn", StringComparison.Ordinal) ||
        property.Contains("ModuleSdk", StringComparison.Ordinal) || Regex.IsMatch(property, "^MOD[A-Z]+$");

    /// <summary>The public names of the SDK's files: (kind, name, file).</summary>
    internal static List<(string Kind, string Name, string File)> PublicNames()
    {
        var names = new List<(string, string, string)>();
        foreach (var file in Files)
        {
            string path = Path.Combine(DiagnosticsDocumentationTests.RepositoryRoot(), "sdk", "ModuleSdk", "Sdk", file);
            string text = File.ReadAllText(path);
            var xml = XDocument.Parse(text);
            foreach (var e in xml.Descendants())
            {
                switch (e.Name.LocalName)
                {
                    case "Target":
                        names.Add(("target", (string)e.Attribute("Name")!, file));
                        break;
                    case "PropertyGroup":
                        names.AddRange(e.Elements().Select(p => ("property", p.Name.LocalName, file)));
                        break;
                    case "ItemGroup":
                        names.AddRange(e.Elements().Select(i => ("item", i.Name.LocalName, file)));
                        break;
                }
            }
            names.AddRange(PropertyUse.Matches(text).Select(m => m.Groups[1].Value).Where(IsTheSdks).Select(n => ("property", n, file)));
            names.AddRange(ItemUse.Matches(text).Select(m => m.Groups[1].Value)
                .Where(n => n.StartsWith("Module", StringComparison.Ordinal)).Select(n => ("item", n, file)));
        }
        return names.Where(n => !n.Item2.StartsWith('_') && !NotTheSdks.Contains(n.Item2)).Distinct().ToList();
    }

    [TestMethod]
    public void PublicPropertiesItemsAndTargets_AreDocumented()
    {
        string docs = File.ReadAllText(Path.Combine(DiagnosticsDocumentationTests.RepositoryRoot(), "docs", "sdk-reference.md"));
        var names = PublicNames();
        Assert.IsTrue(names.Count(n => n.Kind == "target") >= 10 && names.Count(n => n.Kind == "property") >= 30, "the files were read: " + names.Count);

        // Named as code: `Name`, or as used, $(Name) and @(Name).
        var missing = names.Where(n => !Regex.IsMatch(docs, $@"(`|\$\(|@\(){Regex.Escape(n.Name)}(`|\))"))
            .Select(n => $"{n.Kind} {n.Name} ({n.File})").ToList();
        Assert.AreEqual(0, missing.Count, "not in docs/sdk-reference.md: " + string.Join(", ", missing));
    }

    [TestMethod]
    public void PublicNames_IncludeTheHooksAndExtensionPoints()
    {
        // The extraction itself: what it must find, so a change to it cannot quietly find nothing.
        var names = PublicNames().Select(n => n.Name).ToHashSet();
        foreach (var expected in new[]
                 {
                     "CustomBeforeModuleSdkProps", "CustomAfterModuleSdkTargets", "UsingModuleSdk", "ModuleRoot", "ModulePrivate",
                     "ModuleSdkRestoreDependsOn", "VerifyModulesDependsOn", "TidyModulesDependsOn", "ModuleBuildCache", "MODPROXY",
                     "VerifyModules", "GraphModules", "ExplainModules", "ModuleReference", "ModuleUse",
                 })
            Assert.IsTrue(names.Contains(expected), expected);
        Assert.IsFalse(names.Any(n => n.StartsWith('_')), "internal names are not documented");
    }
}
