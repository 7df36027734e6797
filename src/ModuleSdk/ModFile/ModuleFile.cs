using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;

namespace ModuleSdk.ModFile;

/// <summary>
/// A parsed module.mod file (Go's <c>modfile.File</c>): typed views of its directives, each
/// pointing at its line in <see cref="Syntax"/>, the comment-preserving syntax tree that
/// <see cref="Format"/> prints and the edit methods change.
/// </summary>
/// <remarks>
/// Grammar: <c>module path</c>; <c>require path version</c>; <c>exclude path version</c>;
/// <c>replace path [version] =&gt; path version</c> or <c>=&gt; directory</c>;
/// <c>retract version</c> or <c>retract [low, high]</c>; each also as a block
/// <c>verb ( ... )</c>. Named <c>ModuleFile</c>, not <c>ModFile</c>, so that it never clashes
/// with its namespace <c>ModuleSdk.ModFile</c>.
/// </remarks>
public sealed partial class ModuleFile
{
    /// <summary>Creates an empty file (for <c>dotnet mod init</c>: add a module statement next).</summary>
    public ModuleFile(string fileName = "module.mod") => Syntax = new FileSyntax(fileName);

    private ModuleFile(FileSyntax syntax) => Syntax = syntax;

    /// <summary>The <c>module</c> directive, or null when the file has none.</summary>
    public ModuleDirective? Module { get; internal set; }

    /// <summary>The <c>require</c> lines, in file order.</summary>
    public List<Require> Require { get; } = [];

    /// <summary>The <c>exclude</c> lines, in file order.</summary>
    public List<Exclude> Exclude { get; } = [];

    /// <summary>The <c>replace</c> lines, in file order.</summary>
    public List<Replace> Replace { get; } = [];

    /// <summary>The <c>retract</c> lines, in file order.</summary>
    public List<Retract> Retract { get; } = [];

    /// <summary>The syntax tree, with every comment.</summary>
    public FileSyntax Syntax { get; }

    /// <summary>
    /// Parses a main module's file strictly, as Go's <c>modfile.Parse</c>: unknown directives
    /// (<c>go</c>, <c>toolchain</c>, ...) are errors. Without <paramref name="fix"/>, versions
    /// must be valid semver and are canonicalized (<c>v1.2</c> is read and written as
    /// <c>v1.2.0</c>), as <c>go mod edit</c> does. Throws <see cref="ModFileException"/> listing
    /// every error.
    /// </summary>
    public static ModuleFile Parse(string fileName, string text, VersionFixer? fix = null) => ParseCore(fileName, text, fix, strict: true);

    /// <summary>
    /// Parses a dependency's file leniently, as Go's <c>modfile.ParseLax</c>: only
    /// <c>module</c>, <c>require</c> and <c>retract</c> are read, other directives and blocks
    /// are ignored, and retract lines this parser cannot understand are skipped.
    /// </summary>
    public static ModuleFile ParseLax(string fileName, string text, VersionFixer? fix = null) => ParseCore(fileName, text, fix, strict: false);

    /// <summary>
    /// Parses the main module's file for a build: <see cref="Parse"/> with canonical versions
    /// required (<see cref="VersionFixers.CanonicalOnly"/>), a <c>module</c> directive required,
    /// and every module path checked with Go's rules. All problems are reported together.
    /// </summary>
    public static ModuleFile ParseMain(string fileName, string text)
    {
        var errors = new ModFileErrors(fileName);
        var file = ParseInto(fileName, text, VersionFixers.CanonicalOnly, strict: true, errors);
        if (file is not null)
        {
            if (file.Module is null)
                errors.Add(DiagnosticCodes.MissingModule, default,
                    $"no module declaration in {fileName}. To specify the module path:\n\tdotnet mod edit -module=example.com/mod");
            else if (file.Module.Path.Length > 0)
                CheckPath(errors, file.Module.Syntax, "module", file.Module.Path);
            foreach (var r in file.Require) CheckPath(errors, r.Syntax!, "require", r.Mod.Path);
            foreach (var x in file.Exclude) CheckPath(errors, x.Syntax, "exclude", x.Mod.Path);
            foreach (var r in file.Replace)
            {
                CheckPath(errors, r.Syntax, "replace", r.Old.Path);
                if (!r.IsDirectory) CheckPath(errors, r.Syntax, "replace", r.New.Path);
            }
        }
        errors.ThrowIfAny();
        return file!;
    }

    private static void CheckPath(ModFileErrors errors, Line line, string verb, string path)
    {
        try
        {
            ModulePath.CheckPath(path);
        }
        catch (ModuleException e)
        {
            errors.Add(DiagnosticCodes.ModFileInvalidPath, line.Start, $"{verb} {path}: {e.Message}");
        }
    }

    private static ModuleFile ParseCore(string fileName, string text, VersionFixer? fix, bool strict)
    {
        var errors = new ModFileErrors(fileName);
        var file = ParseInto(fileName, text, fix, strict, errors);
        errors.ThrowIfAny();
        return file!;
    }

    private static ModuleFile? ParseInto(string fileName, string text, VersionFixer? fix, bool strict, ModFileErrors errors)
    {
        FileSyntax syntax;
        try
        {
            syntax = SyntaxParser.Parse(fileName, text);
        }
        catch (ModFileSyntaxException e)
        {
            errors.Add(e.Code, e.Pos, e.Message);
            return null;
        }
        var file = new ModuleFile(syntax);
        var parser = new DirectiveParser(file, errors, fix, strict);
        parser.Run();
        // Retract versions are checked against the module path, which may come last.
        parser.FixRetract();
        return file;
    }

    /// <summary>
    /// Reports whether a replacement target is a directory (<c>./x</c>, <c>../x</c>, rooted, or a
    /// Windows spelling of those): the rule the parser applies to <c>replace</c> lines, for tools
    /// that build them.
    /// </summary>
    public static bool IsDirectoryPath(string path) => DirectiveParser.IsDirectoryPath(path);

    /// <summary>Parses only the syntax (Go's unexported <c>parse</c>): no directive is interpreted.</summary>
    public static FileSyntax ParseSyntax(string fileName, string text)
    {
        try
        {
            return SyntaxParser.Parse(fileName, text);
        }
        catch (ModFileSyntaxException e)
        {
            var errors = new ModFileErrors(fileName);
            errors.Add(e.Code, e.Pos, e.Message);
            errors.ThrowIfAny();
            throw; // unreachable
        }
    }

    /// <summary>
    /// Prints the file in canonical form (Go's <c>Format</c>). To get exactly what
    /// <c>go mod edit -fmt</c> writes, call <see cref="SortBlocks"/> and <see cref="Cleanup"/> first,
    /// as <see cref="FormatCanonical"/> does.
    /// </summary>
    public string Format() => ModFileFormatter.Format(Syntax);

    /// <summary>
    /// Sorts blocks, drops duplicates and edited-away lines, then prints: what
    /// <c>go mod edit -fmt</c> (and every <c>go mod edit</c>) writes.
    /// </summary>
    public string FormatCanonical()
    {
        SortBlocks();
        Cleanup();
        return Format();
    }
}
