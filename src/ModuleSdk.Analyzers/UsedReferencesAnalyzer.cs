using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ModuleSdk.Analyzers;

/// <summary>
/// Writes the file paths of the references a compilation used, as the compiler itself counts
/// them (<see cref="Compilation.GetUsedAssemblyReferences"/>), for <c>dotnet mod tidy</c>'s usage
/// analysis. Unlike the emitted assembly's AssemblyRef table, the compiler's count includes uses
/// that leave nothing in metadata: constants and enum members it inlines, <c>nameof</c>, and
/// constants in attribute arguments. The file named by the MSBuild property
/// <c>ModuleSdkUsedReferencesFile</c> (a <c>CompilerVisibleProperty</c>) holds a header line and
/// one path a line, sorted. Without that property the analyzer does nothing; it reports no
/// diagnostics and never fails a build: any error leaves no file, and the build then falls back
/// to reading the assembly's AssemblyRef table.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UsedReferencesAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The MSBuild property naming the output file, as the compiler sees it.</summary>
    public const string OutputOption = "build_property.ModuleSdkUsedReferencesFile";

    /// <summary>The file's first line; <c>ModuleSdk.Usage.UsedReferencesFile</c> reads the same format.</summary>
    public const string Header = "modulesdk-used-references 1";

    // Never reported. The compiler skips an analyzer all of whose diagnostics are disabled, and
    // one with none counts as all disabled: this descriptor, on by default, keeps it running.
    // Warning severity because command-line builds may skip analyzers that can only report
    // hidden or info diagnostics. (MOD9072 in docs/diagnostics.md.)
#pragma warning disable RS2008 // Release tracking is for diagnostics a user can see; this one is never reported.
    private static readonly DiagnosticDescriptor UsageProbe = new(
        id: "MOD9072",
        title: "ModuleSdk usage analysis",
        messageFormat: "ModuleSdk records the references this compilation used for dotnet mod tidy (never reported)",
        category: "ModuleSdk",
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Writes the references the compilation used to the file named by the ModuleSdkUsedReferencesFile property.",
        customTags: WellKnownDiagnosticTags.NotConfigurable);
#pragma warning restore RS2008

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(UsageProbe);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        // A compilation action runs once, after the whole compilation is bound, which is when the
        // compiler knows every reference it used. No state is kept between calls: the analyzer
        // instance may serve many compilations in the shared compiler server.
        context.RegisterCompilationAction(Record);
    }

    private static void Record(CompilationAnalysisContext context)
    {
        string? file = null;
        try
        {
            if (!context.Options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(OutputOption, out file) || string.IsNullOrWhiteSpace(file))
                return;
            var paths = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var reference in context.Compilation.GetUsedAssemblyReferences(context.CancellationToken))
                if (reference is PortableExecutableReference { FilePath: { Length: > 0 } path })
                    paths.Add(path);
            var text = new StringBuilder();
            text.Append(Header).Append('\n');
            foreach (var path in paths) text.Append(path).Append('\n');
            Write(file!, text.ToString());
        }
        catch (Exception)
        {
            // The analyzer must never break a build, and a half-done answer is worse than none:
            // drop any file so the build falls back to the assembly's AssemblyRef table.
            TryDelete(file);
        }
    }

    // Atomic (a temporary file beside the target, then a rename) so that a reader never sees a
    // torn list, and skipped when the file already says the same.
#pragma warning disable RS1035 // File IO is the analyzer's purpose: its output is read by the build, not reported as diagnostics.
    private static void Write(string file, string text)
    {
        file = Path.GetFullPath(file);
        if (File.Exists(file) && File.ReadAllText(file) == text) return;
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        string temp = file + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
        try
        {
            File.WriteAllText(temp, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            if (File.Exists(file)) File.Replace(temp, file, null);
            else File.Move(temp, file);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static void TryDelete(string? file)
    {
        try
        {
            if (!string.IsNullOrWhiteSpace(file)) File.Delete(file);
        }
        catch (Exception)
        {
            // Nothing more can be done from inside the compiler; the build removes stale lists itself.
        }
    }
#pragma warning restore RS1035
}
