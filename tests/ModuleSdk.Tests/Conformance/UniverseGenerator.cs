using ModuleSdk.Modules;

namespace ModuleSdk.Tests.Conformance;

/// <summary>
/// Generates random module universes from a seed (deterministic: same seed and size, same
/// universe). What it exercises: cycles, /v2 and /v3 paths next to their v0/v1 module, nested
/// module paths, uppercase letters in paths and prereleases (ASCII ordering: <c>RC.2</c> &lt;
/// <c>alpha</c> &lt; <c>rc.1</c>), pseudo-versions that are served but not listed, requirements of
/// versions nothing else mentions, dependencies that require the main module's own path,
/// retractions, main-module-only directives inside dependencies (to be ignored), versions whose
/// zip is missing (download errors), and in the main module: excludes of reachable versions,
/// version-specific and whole-module replacements (same module, another module path whose file
/// declares either path, and directories).
/// </summary>
/// <remarks>
/// Restrictions added because Go 1.19 refuses the universe for reasons that are not MVS (see
/// docs/conformance.md): a module version used as a replacement is never also reachable under its
/// own path ("used for two different module paths"), so replacement targets with another path are
/// dedicated fork modules nothing requires; a fork is used for one original module only; the main
/// module never requires its own path.
/// </remarks>
public static class UniverseGenerator
{
    /// <summary>The main module's path.</summary>
    public const string MainPath = "example.com/main";

    private static readonly string[] Prereleases =
        ["alpha", "alpha.1", "alpha.beta", "beta", "beta.2", "beta.11", "rc.1", "RC.2", "rc.10", "Rc.3", "0.1", "1", "x-y", "pre.7"];

    /// <summary>Generates a universe of about <paramref name="moduleCount"/> modules (plus forks).</summary>
    public static Universe Generate(int seed, int moduleCount)
    {
        var rng = new Random(seed);
        var u = new Universe(seed, new MainModule(MainPath));
        var paths = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { MainPath };

        for (int i = 0; i < moduleCount; i++)
        {
            string path = PickPath(rng, i, u.Modules);
            if (!paths.Add(path)) paths.Add(path = "example.com/m" + i); // unique: only index i makes it
            var m = new UniverseModule(path);
            AddVersions(rng, m);
            u.Modules.Add(m);
        }

        // Dependencies that require the main module's own path at some published version: the main
        // module ("" version) wins over every version of itself, but the edges still appear in the graph.
        if (rng.NextDouble() < 0.4)
        {
            var self = new UniverseModule(MainPath);
            foreach (var v in new[] { "v0.1.0", "v1.0.0", "v1.1.0-rc.1" }) self.Versions.Add(new UniverseVersion(v) { DeclaredPath = MainPath });
            u.Modules.Add(self);
        }

        var requirable = u.Modules.ToList();
        int forkCount = Math.Max(2, moduleCount / 25);
        var forks = new List<UniverseModule>();
        for (int j = 0; j < forkCount; j++)
        {
            var f = new UniverseModule(j % 3 == 2 ? $"example.net/Fork{j}" : $"example.net/fork{j}") { IsFork = true };
            int n = 1 + rng.Next(3);
            var seen = new HashSet<string>();
            while (f.Versions.Count < n)
            {
                string v = $"v1.{rng.Next(4)}.{rng.Next(3)}";
                if (seen.Add(v)) f.Versions.Add(new UniverseVersion(v) { DeclaredPath = f.Path });
            }
            forks.Add(f);
            u.Modules.Add(f);
        }

        foreach (var m in u.Modules)
            foreach (var v in m.Versions)
                AddRequirements(rng, v.Requires, requirable, m.Path);

        AddRetractions(rng, u);
        AddIgnoredDirectives(rng, u, requirable);
        BuildMain(rng, u, requirable, forks);
        return u;
    }

    private static string PickPath(Random rng, int i, List<UniverseModule> existing)
    {
        double r = rng.NextDouble();
        // Bases without a major suffix that a /vN or nested module can be built on.
        var bases = existing.Where(m => !HasMajorSuffix(m.Path) && !m.Path.Contains("/sub")).ToList();
        if (r < 0.58) return $"example.com/m{i}";
        if (r < 0.70) return rng.Next(3) == 0 ? $"test.org/UPPER{i}/Lib" : $"test.org/Pkg{i}";
        if (r < 0.82) return bases.Count > 0 && rng.Next(2) == 0 ? bases[rng.Next(bases.Count)].Path + "/v2" : $"example.com/m{i}/v2";
        if (r < 0.88) return rng.Next(2) == 0 ? $"example.org/Big{i}/v3" : $"example.com/m{i}/v3";
        if (r < 0.94) return bases.Count > 0 ? bases[rng.Next(bases.Count)].Path + $"/sub{i}" : $"example.com/m{i}/sub{i}";
        return $"example.com/a-b_c.d~x{i}";
    }

    private static bool HasMajorSuffix(string path)
    {
        int slash = path.LastIndexOf('/');
        string last = path[(slash + 1)..];
        return last.Length >= 2 && last[0] == 'v' && last[1..].All(char.IsAsciiDigit);
    }

    private static int SuffixMajor(string path) => HasMajorSuffix(path) ? int.Parse(path[(path.LastIndexOf('/') + 2)..]) : -1;

    private static void AddVersions(Random rng, UniverseModule m)
    {
        int suffix = SuffixMajor(m.Path);
        int count = rng.Next(10) switch { 0 => 1, < 3 => 2, < 6 => 3, < 8 => 4, 8 => 5, _ => 7 };
        int firstMajor = suffix >= 0 ? suffix : rng.Next(2);
        var seen = new HashSet<string>();
        int guard = 0;
        while (m.Versions.Count < count && guard++ < 100)
        {
            int major = suffix >= 0 ? suffix : (rng.NextDouble() < 0.8 ? firstMajor : 1 - firstMajor);
            string v = $"v{major}.{rng.Next(4)}.{rng.Next(4)}";
            if (rng.NextDouble() < 0.25) v += "-" + Prereleases[rng.Next(Prereleases.Length)];
            if (seen.Add(v)) m.Versions.Add(new UniverseVersion(v) { DeclaredPath = m.Path, HasZip = rng.NextDouble() >= 0.015 });
        }

        if (rng.NextDouble() < 0.12)
        {
            // A pseudo-version: served by the proxy, absent from @v/list, reachable only by requirement.
            var time = new DateTimeOffset(2020, 1 + rng.Next(12), 1 + rng.Next(28), rng.Next(24), rng.Next(60), rng.Next(60), TimeSpan.Zero);
            string rev = string.Concat(Enumerable.Range(0, 12).Select(_ => "0123456789abcdef"[rng.Next(16)]));
            int major = suffix >= 0 ? suffix : firstMajor;
            string older = rng.Next(2) == 0 ? "" : m.Versions.Select(x => x.Version).Where(x => Semver.Major(x) == "v" + major).DefaultIfEmpty("").First();
            string pseudo = PseudoVersion.Build("v" + major, older, time, rev);
            if (seen.Add(pseudo)) m.Versions.Add(new UniverseVersion(pseudo) { DeclaredPath = m.Path, Listed = false });
        }
    }

    private static void AddRequirements(Random rng, List<Req> into, List<UniverseModule> requirable, string self)
    {
        int k = rng.Next(20) switch { < 5 => 0, < 10 => 1, < 15 => 2, < 18 => 3, _ => 4 + rng.Next(2) };
        var used = new HashSet<string> { self };
        for (int tries = 0; into.Count < k && tries < 4 * k; tries++)
        {
            var target = requirable[rng.Next(requirable.Count)];
            if (!used.Add(target.Path)) continue;
            into.Add(new Req(target.Path, target.Versions[rng.Next(target.Versions.Count)].Version));
        }
    }

    private static void AddRetractions(Random rng, Universe u)
    {
        foreach (var m in u.Modules.Where(m => m.Versions.Count >= 2 && rng.NextDouble() < 0.2))
        {
            var sorted = m.Versions.Select(v => v.Version).ToList();
            Semver.Sort(sorted);
            var latest = m.Versions.First(v => v.Version == sorted[^1]);
            latest.Retracts.Add(sorted[rng.Next(sorted.Count - 1)]);
            if (sorted.Count >= 3 && rng.Next(2) == 0) latest.Retracts.Add($"[{sorted[0]}, {sorted[1]}]");
            if (rng.Next(5) == 0) latest.Retracts.Add(latest.Version); // a version that retracts itself
        }
    }

    private static void AddIgnoredDirectives(Random rng, Universe u, List<UniverseModule> requirable)
    {
        foreach (var v in u.Modules.SelectMany(m => m.Versions).Where(_ => rng.NextDouble() < 0.06))
        {
            var a = requirable[rng.Next(requirable.Count)];
            var b = requirable[rng.Next(requirable.Count)];
            v.IgnoredDirectives.Add($"exclude {a.Path} {a.Versions[0].Version}");
            v.IgnoredDirectives.Add($"replace {a.Path} => {b.Path} {b.Versions[^1].Version}");
        }
    }

    private static void BuildMain(Random rng, Universe u, List<UniverseModule> requirable, List<UniverseModule> forks)
    {
        var main = u.Main;
        var candidates = requirable.Where(m => m.Path != MainPath).ToList();
        int r = 3 + rng.Next(13);
        var used = new HashSet<string>();
        for (int tries = 0; main.Requires.Count < r && tries < 10 * r; tries++)
        {
            var m = candidates[rng.Next(candidates.Count)];
            if (!used.Add(m.Path)) continue;
            main.Requires.Add(new Req(m.Path, m.Versions[rng.Next(m.Versions.Count)].Version));
        }

        // Versions something requires: excluding those changes the graph (edges are dropped).
        var required = u.Modules.Where(m => !m.IsFork).SelectMany(m => m.Versions).SelectMany(v => v.Requires)
            .Where(q => q.Path != MainPath).Distinct().OrderBy(q => q.Path, StringComparer.Ordinal).ThenBy(q => q.Version, StringComparer.Ordinal).ToList();
        var mainRequired = main.Requires.ToHashSet();
        int e = 1 + rng.Next(6);
        for (int tries = 0; main.Excludes.Count < e && tries < 50 && required.Count > 0; tries++)
        {
            var q = required[rng.Next(required.Count)];
            if (!mainRequired.Contains(q) && !main.Excludes.Contains(q)) main.Excludes.Add(q);
        }
        if (rng.NextDouble() < 0.15 && main.Requires.Count > 1)
            main.Excludes.Add(main.Requires[rng.Next(main.Requires.Count)]); // "dropping requirement on excluded version"
        if (rng.NextDouble() < 0.5)
        {
            var m = candidates[rng.Next(candidates.Count)];
            var q = new Req(m.Path, m.Versions[^1].Version);
            if (!main.Excludes.Contains(q)) main.Excludes.Add(q); // possibly unreachable: harmless
        }

        var wholeReplaced = new HashSet<string>();
        var exactReplaced = new HashSet<Req>();
        bool TryReserve(string path, string? version) =>
            version is null ? wholeReplaced.Add(path) : exactReplaced.Add(new Req(path, version));

        // The original of a replacement: preferably a module and version that is actually required.
        Req PickOriginal()
        {
            if (required.Count > 0 && rng.Next(4) != 0) return required[rng.Next(required.Count)];
            if (main.Requires.Count > 0 && rng.Next(2) == 0) return main.Requires[rng.Next(main.Requires.Count)];
            var m = candidates[rng.Next(candidates.Count)];
            return new Req(m.Path, m.Versions[rng.Next(m.Versions.Count)].Version);
        }

        // Same module, another version: version-specific and whole-module.
        int sameCount = rng.Next(4);
        for (int i = 0; i < sameCount; i++)
        {
            var o = PickOriginal();
            var versions = u.Module(o.Path).Versions.Where(v => v.Version != o.Version).ToList();
            if (versions.Count == 0) continue;
            string? oldVersion = rng.Next(3) == 0 ? null : o.Version;
            if (!TryReserve(o.Path, oldVersion)) continue;
            main.Replaces.Add(new Replacement(o.Path, oldVersion, o.Path, versions[rng.Next(versions.Count)].Version));
        }

        // Another module path: each fork stands in for one original only.
        foreach (var f in forks)
        {
            var o = PickOriginal();
            string? oldVersion = rng.Next(2) == 0 ? null : o.Version;
            if (!TryReserve(o.Path, oldVersion)) continue;
            bool declaresOriginal = rng.Next(2) == 0;
            foreach (var v in f.Versions) v.DeclaredPath = declaresOriginal ? o.Path : f.Path;
            main.Replaces.Add(new Replacement(o.Path, oldVersion, f.Path, f.Versions[rng.Next(f.Versions.Count)].Version));
        }

        // Directories next to the main module.
        int dirCount = 1 + rng.Next(3);
        for (int i = 0; i < dirCount; i++)
        {
            var o = PickOriginal();
            string? oldVersion = rng.Next(2) == 0 ? null : o.Version;
            if (!TryReserve(o.Path, oldVersion)) continue;
            var dir = new LocalDirectory($"./local/x{i}", o.Path);
            AddRequirements(rng, dir.Requires, requirable, o.Path);
            u.LocalDirectories.Add(dir);
            main.Replaces.Add(new Replacement(o.Path, oldVersion, dir.RelativePath, null));
        }

        // Go prints replacements in file order but applies them by lookup; shuffle so neither side
        // can rely on an order.
        for (int i = main.Replaces.Count - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (main.Replaces[i], main.Replaces[j]) = (main.Replaces[j], main.Replaces[i]);
        }
    }
}
