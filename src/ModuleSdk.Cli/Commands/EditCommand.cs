using ModuleSdk.Cli.CommandLine;
using ModuleSdk.Diagnostics;
using ModuleSdk.ModFile;
using ModuleSdk.Resolution;

namespace ModuleSdk.Cli.Commands;

/// <summary><c>dotnet mod edit</c>: edit module.mod from scripts (go mod edit).</summary>
public sealed class EditCommand : Command
{
    public override string Name => "edit";
    public override string Summary => "edit module.mod from tools or scripts";
    public override string Usage
        => "dotnet mod edit [-fmt] [-json | -print] [-module=path] [-require=path@v] [-droprequire=path] [-exclude=path@v] [-dropexclude=path@v] " +
            "[-replace=old[@v]=new[@v]] [-dropreplace=old[@v]] [-retract=v | -retract=[lo,hi]] [-dropretract=...] [module.mod]";
    public override string Description =>
        "Edit applies the flags in order to module.mod (or the file named), then writes it back in\n" +
        "canonical form. -fmt only reformats; -print prints the result and -json its JSON form\n" +
        "instead of writing.";
    public override IReadOnlyCollection<string> BoolFlags => ["fmt", "json", "print"];
    public override IReadOnlyCollection<string> ValueFlags => ModuleFileEditFlags.Names;

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
        foreach (var (name, value) in args.Flags) ModuleFileEditFlags.Apply(mod, name, value);
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
}
