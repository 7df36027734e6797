using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ModuleSdk.Inlining.Tests;

/// <summary>Compiles module sources the way a ModuleSdk build does: with the [Inline] generator and the author's analyzer.</summary>
internal static class Compiler
{
    /// <summary>The running runtime's assemblies, as references (no reference-assembly download).</summary>
    public static readonly ImmutableArray<MetadataReference> Runtime =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is var n
                && (n.StartsWith("System.", StringComparison.Ordinal) || n is "System.dll" or "netstandard.dll" or "mscorlib.dll"))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();

    // As most builds: documentation comments not parsed, so the compiler reports no unused usings (CS8019).
    public static readonly CSharpParseOptions Parse = new(LanguageVersion.CSharp12, DocumentationMode.None);

    /// <summary>Runs the generator over <paramref name="sources"/>; returns the compilation with its output.</summary>
    public static Compilation Generate(string assemblyName, IEnumerable<string> sources, IEnumerable<MetadataReference>? references = null)
    {
        var compilation = CSharpCompilation.Create(assemblyName,
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, Parse, path: $"/src/{assemblyName}/File{i}.cs")),
            Runtime.AddRange(references ?? []),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new InlineGenerator().AsSourceGenerator()], parseOptions: Parse);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.AreEqual(0, diagnostics.Length, string.Join("\n", diagnostics));
        return output;
    }

    /// <summary>The author analyzer's diagnostics, plus the compiler's errors.</summary>
    public static ImmutableArray<Diagnostic> Analyze(Compilation compilation) =>
        compilation.WithAnalyzers([new InlineMarkerAnalyzer()]).GetAllDiagnosticsAsync().GetAwaiter().GetResult()
            .Where(d => d.Severity == DiagnosticSeverity.Error || d.Id.StartsWith("MOD", StringComparison.Ordinal))
            .ToImmutableArray();

    /// <summary>A module compiled to an assembly image, as consumers reference it.</summary>
    public static MetadataReference Module(string assemblyName, string source, params MetadataReference[] references)
    {
        var compilation = Generate(assemblyName, [source], references);
        var errors = Analyze(compilation);
        Assert.AreEqual(0, errors.Length, "the module compiles without errors:\n" + string.Join("\n", errors));
        using var image = new MemoryStream();
        var emit = compilation.Emit(image);
        Assert.IsTrue(emit.Success, string.Join("\n", emit.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray(), filePath: $"/modules/{assemblyName}.dll");
    }
}
