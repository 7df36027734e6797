using System.Globalization;
using ModuleSdk.BuildInfo;

namespace ModuleSdk.Sboms;

/// <summary>
/// What a set of built assemblies contains, from their stamped module build information alone:
/// the main module(s) (<see cref="Roots"/>), every module of their build lists
/// (<see cref="Components"/>, sorted, each once) with its <c>h1:</c> hash and replacement, and,
/// where a module's own assembly lies beside them, the repository and commit direct mode recorded
/// for it. Nothing is read from project files or the network: the bill describes what is inside
/// the binary, not what a project asked for.
/// </summary>
/// <param name="Roots">The main modules, sorted by path.</param>
/// <param name="Components">The other modules of the build lists, sorted by path then version.</param>
/// <param name="Created">When the binary was built: the <c>vcs.time</c> its build info records, else the caller's fallback.</param>
/// <param name="Tool">The writing tool's name and version (<c>dotnet-mod</c>, <c>1.0.0</c>).</param>
public sealed record BillOfMaterials(
    IReadOnlyList<SbomComponent> Roots, IReadOnlyList<SbomComponent> Components, DateTimeOffset Created, (string Name, string Version) Tool)
{
    /// <summary>An assembly and the build information read from it.</summary>
    public sealed record Assembly(string Name, ModuleBuildInfo Info);

    /// <summary>
    /// Builds the bill for <paramref name="assemblies"/>. Main assemblies (those that carry a build
    /// list) are the roots; when none does, every assembly's own module is one. A module assembly
    /// among them contributes its recorded repository and commit to its module's entry.
    /// </summary>
    /// <param name="assemblies">The assemblies; at least one.</param>
    /// <param name="fallbackCreated">The creation time when no build info records one (the caller's choice: SOURCE_DATE_EPOCH, the file's time).</param>
    /// <param name="tool">The writing tool.</param>
    public static BillOfMaterials From(IReadOnlyList<Assembly> assemblies, DateTimeOffset fallbackCreated, (string Name, string Version) tool)
    {
        if (assemblies.Count == 0) throw new ArgumentException("no assemblies", nameof(assemblies));
        var mains = assemblies.Where(a => a.Info.Deps.Count > 0).ToList();
        if (mains.Count == 0) mains = assemblies.ToList();

        // What module assemblies record about their own module: Go's vcs.* build settings.
        var origins = new Dictionary<(string, string), (string? Url, string? Revision)>();
        foreach (var a in assemblies)
        {
            string? url = Setting(a.Info, "vcs.url"), rev = Setting(a.Info, "vcs.revision");
            if (url is not null || rev is not null) origins.TryAdd((a.Info.Main.Path, a.Info.Main.Version), (url, rev));
        }
        SbomComponent Component(BuildModule m)
        {
            origins.TryGetValue((m.Path, m.Version), out var o);
            string sum = m.Replace is null ? m.Sum : m.Replace.Sum;
            return new SbomComponent(m.Path, m.Version, sum, m.Replace?.Path, m.Replace?.Version, o.Url, o.Revision);
        }

        var roots = mains.Select(a => Component(a.Info.Main)).DistinctBy(c => c.Key).OrderBy(c => c.Path, StringComparer.Ordinal).ToList();
        var rootPaths = roots.Select(r => r.Path).ToHashSet(StringComparer.Ordinal);
        var components = mains.SelectMany(a => a.Info.Deps).Select(Component)
            .Where(c => !rootPaths.Contains(c.Path))
            .DistinctBy(c => c.Key)
            .OrderBy(c => c.Path, StringComparer.Ordinal).ThenBy(c => c.Version, StringComparer.Ordinal)
            .ToList();

        var created = mains.Select(a => Setting(a.Info, "vcs.time")).Where(t => t is not null)
            .Select(t => DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : (DateTimeOffset?)null)
            .Where(d => d is not null).Select(d => d!.Value).DefaultIfEmpty(fallbackCreated).Max();
        created = new DateTimeOffset(created.UtcDateTime.Ticks - created.UtcDateTime.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        return new BillOfMaterials(roots, components, created, tool);
    }

    /// <summary>The UTC creation time in the <c>yyyy-MM-ddTHH:mm:ssZ</c> form both formats accept.</summary>
    public string CreatedText => Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The document's content-derived UUID: the same modules, time and tool give the same serial number.</summary>
    public string Uuid(string format) =>
        ContentUuid.Of(format + "\n" + CreatedText + "\n" + Tool.Name + " " + Tool.Version + "\n" +
                       string.Join("\n", Roots.Select(r => "root " + r.Key)) + "\n" + string.Join("\n", Components.Select(c => c.Key)));

    private static string? Setting(ModuleBuildInfo info, string key) =>
        info.Settings.Where(s => s.Key == key).Select(s => s.Value).FirstOrDefault(v => v.Length > 0);
}
