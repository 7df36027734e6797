using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ModuleSdk.Inlining.Tests;

/// <summary>The whole-file rewrite the fix build of dotnet mod fix runs (InlineDocumentRewriter), on top-level statements as in the sample.</summary>
[TestClass]
public sealed class InlineDocumentRewriterTests
{
    private static (string Text, InlineDocumentResult Result) Rewrite(string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source, Compiler.Parse, path: "/app/Program.cs");
        var compilation = CSharpCompilation.Create("App", [tree], Compiler.Runtime.Add(Modules.V2).Add(Modules.V1),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication));
        Assert.AreEqual(0, compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error), string.Join("\n", compilation.GetDiagnostics()));
        var result = InlineDocumentRewriter.Rewrite(compilation, tree, CancellationToken.None);
        var errors = result.Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.AreEqual(0, errors.Count, string.Join("\n", errors) + "\n" + result.Tree);
        return (result.Tree.ToString(), result);
    }

    [TestMethod]
    public void TopLevelStatements_AsTheSample()
    {
        var (text, result) = Rewrite("""
            using P;

            Foo.EnableFoo();
            System.Console.WriteLine($"foo: {Foo.Answer}");
            Foo.DisableFoo();

            """);
        Assert.AreEqual(3, result.Inlined);
        Assert.AreEqual("""
            using P.V2;

            Foo.SetFoo(true);
            System.Console.WriteLine($"foo: {Foo.Current}");
            Foo.SetFoo(false);

            """, text);
    }

    [TestMethod]
    public void SitesThatCannotBeInlined_AreReportedWithTheirLines()
    {
        var (text, result) = Rewrite("""
            using P;

            int x = 0;
            if (x == 0) x = Foo.Twice(F());
            Foo.EnableFoo();
            static int F() => 1;

            """);
        Assert.AreEqual(1, result.Inlined);
        Assert.AreEqual(1, result.Skipped.Count);
        Assert.AreEqual(4, result.Skipped[0].Line);
        StringAssert.Contains(result.Skipped[0].Reason, "add braces");
        StringAssert.Contains(text, "P.V2.Foo.SetFoo(true);");
        StringAssert.Contains(text, "using P;");
    }
}
