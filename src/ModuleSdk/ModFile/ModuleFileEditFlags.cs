using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;

namespace ModuleSdk.ModFile;

/// <summary>
/// The edit flags of <c>go mod edit</c> (<c>-require=path@v</c>, <c>-replace=old[@v]=new[@w]</c>,
/// <c>-retract=[lo,hi]</c>...): each checked as the go command checks it, so an edit never writes a
/// line the parser would refuse, and applied to a <see cref="ModuleFile"/>.
/// </summary>
public static class ModuleFileEditFlags
{
    /// <summary>The edit flags, without their dash.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["module", "require", "droprequire", "exclude", "dropexclude", "replace", "dropreplace", "retract", "dropretract"];

    /// <summary>
    /// Applies one flag (<paramref name="flag"/> without its dash, <paramref name="arg"/> its
    /// value) to <paramref name="mod"/> in memory, checking its argument as <c>go mod edit</c>
    /// does; a bad argument is <see cref="DiagnosticCodes.InvalidEditArgument"/> naming the flag.
    /// A name not in <see cref="Names"/> changes nothing. The caller sorts, cleans up and writes.
    /// </summary>
    public static void Apply(ModuleFile mod, string flag, string arg)
    {
        switch (flag)
        {
            case "module":
                Check(flag, arg, () => ModulePath.CheckPath(arg));
                mod.AddModuleStmt(arg);
                break;
            case "require":
            {
                var (p, v) = PathVersion(flag, arg);
                mod.AddRequire(p, v);
                break;
            }
            case "droprequire":
                Check(flag, arg, () => ModulePath.CheckPath(arg));
                mod.DropRequire(arg);
                break;
            case "exclude":
            {
                var (p, v) = PathVersion(flag, arg);
                mod.AddExclude(p, v);
                break;
            }
            case "dropexclude":
            {
                var (p, v) = PathVersion(flag, arg);
                mod.DropExclude(p, v);
                break;
            }
            case "replace":
            {
                int eq = arg.IndexOf('=');
                if (eq < 0) throw Bad(flag, arg, "need old[@v]=new[@w] (missing =)");
                var (oldPath, oldVersion) = OptionalVersion(flag, arg, arg[..eq], allowDirectory: false);
                var (newPath, newVersion) = OptionalVersion(flag, arg, arg[(eq + 1)..], allowDirectory: true);
                if (newVersion.Length == 0 && !IsDirectory(newPath))
                    throw Bad(flag, arg, "unversioned new path must be local directory");
                mod.AddReplace(oldPath, oldVersion, newPath, newVersion);
                break;
            }
            case "dropreplace":
            {
                var (p, v) = OptionalVersion(flag, arg, arg, allowDirectory: false);
                mod.DropReplace(p, v);
                break;
            }
            case "retract":
                mod.AddRetract(Interval(flag, arg));
                break;
            case "dropretract":
                mod.DropRetract(Interval(flag, arg));
                break;
        }
    }

    private static (string Path, string Version) PathVersion(string flag, string arg)
    {
        int at = arg.IndexOf('@');
        if (at < 0) throw Bad(flag, arg, "need path@version");
        string p = arg[..at], v = arg[(at + 1)..];
        Check(flag, arg, () => ModulePath.CheckPath(p));
        CheckVersion(flag, arg, v);
        return (p, v);
    }

    private static (string Path, string Version) OptionalVersion(string flag, string arg, string part, bool allowDirectory)
    {
        if (allowDirectory && IsDirectory(part)) return (part, "");
        int at = part.IndexOf('@');
        string p = at < 0 ? part : part[..at], v = at < 0 ? "" : part[(at + 1)..];
        Check(flag, arg, () => ModulePath.CheckPath(p));
        if (at >= 0) CheckVersion(flag, arg, v);
        return (p, v);
    }

    private static void CheckVersion(string flag, string arg, string v)
    {
        if (!Semver.IsValid(v)) throw Bad(flag, arg, $"invalid version \"{v}\"");
        string canonical = ModuleVersion.Canonical(v);
        if (canonical != v) throw Bad(flag, arg, $"version \"{v}\" is not canonical (use {canonical})");
    }

    private static VersionInterval Interval(string flag, string arg)
    {
        if (arg.StartsWith('[') && arg.EndsWith(']'))
        {
            var parts = arg[1..^1].Split(',');
            if (parts.Length != 2) throw Bad(flag, arg, "need [lo,hi]");
            string lo = parts[0].Trim(), hi = parts[1].Trim();
            CheckVersion(flag, arg, lo);
            CheckVersion(flag, arg, hi);
            if (Semver.Compare(lo, hi) > 0) throw Bad(flag, arg, "low version is above high version");
            return new VersionInterval(lo, hi);
        }
        CheckVersion(flag, arg, arg);
        return VersionInterval.Single(arg);
    }

    // The parser's own rule, so that edit never writes a replace line the parser would refuse.
    private static bool IsDirectory(string p) => ModuleFile.IsDirectoryPath(p);

    private static void Check(string flag, string arg, Action check)
    {
        try { check(); }
        catch (ModuleException e) { throw Bad(flag, arg, e.Message); }
    }

    private static ModuleException Bad(string flag, string arg, string why) =>
        new(DiagnosticCodes.InvalidEditArgument, $"-{flag}={arg}: {why}");
}
