using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace ModuleSdk.Inlining.Tests;

/// <summary>Roslyn's code-fix test (diagnostics as markup, the fixed text, Fix All) against modules compiled with the generator.</summary>
internal sealed class InlineFixTest : CSharpCodeFixTest<InlineCallAnalyzer, InlineCodeFixProvider, DefaultVerifier>
{
    public InlineFixTest(string before, string after, params MetadataReference[] modules)
    {
        // The runtime's own assemblies: no reference-assembly package is downloaded.
        ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        TestState.AdditionalReferences.AddRange(Compiler.Runtime);
        TestState.AdditionalReferences.AddRange(modules);
        TestState.OutputKind = OutputKind.DynamicallyLinkedLibrary;
        TestCode = before;
        FixedCode = after;
        // One fix per iteration, then Fix All: both must give the expected text.
        NumberOfIncrementalIterations = null;
        CodeActionValidationMode = CodeActionValidationMode.None;
    }

    protected override ParseOptions CreateParseOptions() => Compiler.Parse;
}
