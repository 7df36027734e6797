using System.Text.RegularExpressions;

namespace ModuleSdk.Tests;

/// <summary>
/// The core library's folders form layers (docs/design.md, "Layers"): a folder may use the folders
/// of lower layers, never a higher one, and within one layer only the pairs listed in
/// <see cref="SameLayerEdges"/>. Read from the sources, as <see cref="DiagnosticsDocumentationTests"/>
/// reads the codes: a <c>using ModuleSdk.X</c>, a fully qualified <c>ModuleSdk.X.</c>, or a
/// sibling-relative <c>X.Type</c> naming a type of folder X is an edge from the file's folder to X.
/// </summary>
[TestClass]
public partial class LayeringTests
{
    /// <summary>The layers of src/ModuleSdk, bottom first; keep docs/design.md's layer table in step.</summary>
    internal static readonly string[][] Layers =
    [
        ["Diagnostics", "Modules"],
        ["IO", "Configuration", "BuildInfo", "ModFile", "Mvs", "Zips", "Fetching"],
        ["Sums", "Sboms", "BuildCache", "Projects"],
        ["Cache", "SumDb"],
        ["Direct", "Verification", "Trust"],
        ["Usage"],
        ["Resolution"],
        ["Building"],
        ["Vendoring", "Fixing"],
        ["Restoring"],
    ];

    /// <summary>
    /// The edges allowed inside one layer. Diagnostics and Modules are the bottom together: module
    /// paths and versions throw <c>ModuleException</c>, which names the <c>ModuleId</c> it concerns.
    /// </summary>
    internal static readonly (string From, string To)[] SameLayerEdges =
    [
        ("Diagnostics", "Modules"),
        ("Modules", "Diagnostics"),
    ];

    [TestMethod]
    public void EveryFolder_HasALayer()
    {
        var placed = Layers.SelectMany(l => l).ToHashSet(StringComparer.Ordinal);
        var missing = Folders().Where(f => !placed.Contains(f)).ToList();
        Assert.AreEqual(0, missing.Count,
            "folders of src/ModuleSdk in no layer (add them to LayeringTests.Layers and docs/design.md): " + string.Join(", ", missing));
        var gone = placed.Where(f => !Folders().Contains(f)).ToList();
        Assert.AreEqual(0, gone.Count, "layers name folders that do not exist: " + string.Join(", ", gone));
    }

    [TestMethod]
    public void DesignTable_ListsEveryFolderInItsLayer()
    {
        string design = File.ReadAllText(Path.Combine(DiagnosticsDocumentationTests.RepositoryRoot(), "docs", "design.md"));
        var missing = new List<string>();
        for (int i = 0; i < Layers.Length; i++)
            foreach (var f in Layers[i])
                if (!design.Contains($"| {i} | `{f}/` |", StringComparison.Ordinal)) missing.Add($"{f} (layer {i})");
        Assert.AreEqual(0, missing.Count, "docs/design.md's layer table lacks rows: " + string.Join(", ", missing));
    }

    [TestMethod]
    public void Folders_UseOnlyLowerLayers()
    {
        var rank = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < Layers.Length; i++)
            foreach (var f in Layers[i]) rank[f] = i;
        var peers = SameLayerEdges.ToHashSet();
        var wrong = new List<string>();
        foreach (var (from, to, where) in Edges())
        {
            if (!rank.TryGetValue(from, out int rf) || !rank.TryGetValue(to, out int rt)) continue;
            if (rt < rf || (rt == rf && peers.Contains((from, to)))) continue;
            wrong.Add($"{from} -> {to} ({where})");
        }
        Assert.AreEqual(0, wrong.Count, "edges against the layer order (docs/design.md):\n" + string.Join("\n", wrong.Distinct()));
    }

    [TestMethod]
    public void SameLayerEdges_AreAllStillUsed()
    {
        // An allowance nobody needs any more would let a new cycle in unnoticed.
        var actual = Edges().Select(e => (e.From, e.To)).ToHashSet();
        var unused = SameLayerEdges.Where(e => !actual.Contains(e)).Select(e => $"{e.From} -> {e.To}").ToList();
        Assert.AreEqual(0, unused.Count,
            "same-layer edges no longer used (remove them from SameLayerEdges and docs/design.md): " + string.Join(", ", unused));
    }

    [TestMethod]
    public void Edges_AreFound()
    {
        // The scanner itself: known edges of each kind are seen.
        var edges = Edges().Select(e => (e.From, e.To)).ToHashSet();
        Assert.IsTrue(edges.Contains(("Cache", "IO")), "using ModuleSdk.IO in Cache");
        Assert.IsTrue(edges.Contains(("Cache", "Configuration")), "Configuration.ModuleSettings in Cache");
        Assert.IsTrue(edges.Contains(("Sums", "Zips")), "Zips.ZipRules in Sums");
    }

    private static string CoreDirectory() => Path.Combine(DiagnosticsDocumentationTests.RepositoryRoot(), "src", "ModuleSdk");

    private static List<string> Folders() =>
        Directory.GetDirectories(CoreDirectory())
            .Select(Path.GetFileName)
            .Where(n => n is not (null or "bin" or "obj")
                && Directory.EnumerateFiles(Path.Combine(CoreDirectory(), n), "*.cs", SearchOption.AllDirectories).Any())
            .Select(n => n!)
            .ToList();

    /// <summary>Every (folder, used folder, file) of the core's sources; a folder's use of itself is left out.</summary>
    private static IEnumerable<(string From, string To, string Where)> Edges()
    {
        var folders = Folders();
        // One concept per file: a folder's types are its file names (DiagnosticCodes.Zips.cs declares DiagnosticCodes).
        var types = folders.ToDictionary(
            f => f,
            f => Directory.EnumerateFiles(Path.Combine(CoreDirectory(), f), "*.cs", SearchOption.AllDirectories)
                .Select(p => Path.GetFileName(p).Split('.')[0]).ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal);
        foreach (var from in folders)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(CoreDirectory(), from), "*.cs", SearchOption.AllDirectories))
            {
                string text = File.ReadAllText(file);
                string where = Path.GetFileName(file);
                foreach (Match m in Qualified().Matches(text))
                {
                    string to = m.Groups[1].Value;
                    if (to != from && types.ContainsKey(to)) yield return (from, to, where);
                }
                foreach (Match m in Relative().Matches(text))
                {
                    string to = m.Groups[1].Value;
                    if (to != from && types.TryGetValue(to, out var names) && names.Contains(m.Groups[2].Value))
                        yield return (from, to, $"{where}: {m.Value}");
                }
            }
        }
    }

    // using ModuleSdk.X; using static ModuleSdk.X.T; ModuleSdk.X.T anywhere.
    [GeneratedRegex(@"\bModuleSdk\.([A-Z]\w*)")]
    private static partial Regex Qualified();

    // X.T with X not itself qualified: from inside namespace ModuleSdk.Y, X.T names ModuleSdk.X.T.
    [GeneratedRegex(@"(?<![\w.])([A-Z]\w*)\.([A-Z]\w*)")]
    private static partial Regex Relative();
}
