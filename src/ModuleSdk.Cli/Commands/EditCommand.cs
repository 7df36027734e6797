using ModuleSdk.Cli.CommandLine;
using ModuleSdk.Diagnostics;
using ModuleSdk.ModFile;
using ModuleSdk.Modules;
using ModuleSdk.Resolution;

namespace ModuleSdk.Cli.Commands;

/// <summary><c>dotnet mod edit</c>: edit module.mod from scripts (go mod edit).</summary>
public sealed class EditCommand : Command
{
    public override string Name => "edit";
    public override string Summary => "edit module.mod from tools or scripts";
    public override string Usage => "dotnet mod edit [-fmt] [-json | -print] [-module=path] [-require=path@v] [-droprequire=path] [-exclude=path@v] [-dropexclude=path@v] [-replace=old[@v]=new[@v]] [-dropreplace=old[@v]] [-retract=v | -retract=[lo,hi]] [-dropretract=...] [module.mod]";
    public override string Description =>
        "Edit applies the flags in order to module.mod (or the file named), then writes it back in\n" +
        "canonical form. -fmt only reformats; -print prints the result and -json its JSON form\n" +
        "instead of writing.";
    public override IReadOnlyCollection<string> BoolFlags => ["fmt", "json", "print"];
    public override IReadOnlyCollection<string> ValueFlags => ["module", "require", "droprequire", "exclude", "dropexclude", "replace", "dropreplace", "retract", "dropretract"];

    public override async Task<int> RunAsync(CliContext context, ParsedArguments args)
    {
        if (args.Positionals.Count > 1) throw new UsageException("too many arguments");
        string file = args.Positionals.Count == 1
            ? Path.GetFullPath(Path.Combine(context.WorkingDirectory, args.Positionals[0]))
            : Path.Combine(MainModule.FindDirectory(context.WorkingDirectory) ?? throw new ModuleException(DiagnosticCodes.MainModuleNotFound,
                $"{MainModule.ModFileName} file not found in current directory or any parent directory"), MainModule.ModFileName);
        bool anyEdit = args.Flags.Any(f => ValueFlags.Contains(f.Name));
        if (!anyEdit && !args.Has("fmt") && !args.Has("json") && !args.Has("print"))
            throw new UsageException("no flags specified (see 'dotnet mod help edit')");

        string text = MainModuleIo.ReadText(file);
        var mod = ModuleFile.Parse(Path.GetFileName(file), text);
        foreach (var (name, value) in args.Flags) Apply(mod, name, value);
        mod.SortBlocks();
        mod.Cleanup();

        if (args.Has("json"))
        {
            context.Out.Write(ModFileJson.Serialize(mod)); // Serialize ends with the newline already
            return 0;
        }
        string output = mod.Format();
        if (args.Has("print"))
        {
            context.Out.Write(output);
            return 0;
        }
        if (output != text) MainModuleIo.WriteText(file, output);
        return 0;
    }

    private static void Apply(ModuleFile mod, string flag, string arg)
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
