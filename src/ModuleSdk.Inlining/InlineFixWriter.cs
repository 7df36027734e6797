using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ModuleSdk.Inlining;

/// <summary>
/// Writes what a fix build found: for each file with sites, its path, the checksum of the text
/// the compiler read (so that a file edited since is never overwritten), the rewritten text in a
/// file of its own (in the original encoding), how many sites were inlined, and the sites left
/// with their reasons; then the references the rewritten compilation uses, which the build maps
/// to modules so that <c>dotnet mod fix</c> can require them. The list is written last and
/// atomically; on any failure it is deleted and the fix reports that the build recorded nothing.
/// Format (<c>ModuleSdk.Fixing.InlineFixList</c> reads it): a header line, then tab-separated lines.
/// </summary>
internal static class InlineFixWriter
{
#pragma warning disable RS1035 // File IO is the fix build's purpose: its output is read by the build, not reported as diagnostics.
    public static void Write(string file, Compilation compilation, IReadOnlyList<SyntaxTree> trees, CancellationToken cancellationToken)
    {
        try
        {
            file = Path.GetFullPath(file);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            foreach (var stale in Directory.GetFiles(Path.GetDirectoryName(file)!, Path.GetFileName(file) + ".*.cs")) File.Delete(stale);
            var list = new StringBuilder();
            list.Append(InlineNames.FixesHeader).Append('\n');
            int index = 0;
            foreach (var original in trees.Where(t => t.FilePath.Length > 0).OrderBy(t => t.FilePath, StringComparer.Ordinal))
            {
                var tree = compilation.SyntaxTrees.First(t => t.FilePath == original.FilePath);
                var text = tree.GetText(cancellationToken);
                var result = InlineDocumentRewriter.Rewrite(compilation, tree, cancellationToken);
                // A safety net: a rewritten file with an error the original did not have is not written.
                var before = compilation.GetSemanticModel(tree).GetDiagnostics(null, cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);
                var broken = result.Compilation.GetSemanticModel(result.Tree).GetDiagnostics(null, cancellationToken)
                    .FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error);
                if (result.Inlined > 0 && broken is not null && before == 0)
                {
                    list.Append("file\t").Append(tree.FilePath).Append('\n');
                    list.Append("checksum\t").Append(text.ChecksumAlgorithm).Append('\t').Append(Hex(text.GetChecksum())).Append('\n');
                    list.Append("skipped\t1\t(the whole file)\t")
                        .Append(Clean("the rewritten file would not compile (" + broken.Id + ": "
                            + broken.GetMessage(System.Globalization.CultureInfo.InvariantCulture) + "); please report it, and inline by hand"))
                        .Append('\n');
                    continue;
                }
                compilation = result.Compilation;
                list.Append("file\t").Append(tree.FilePath).Append('\n');
                list.Append("checksum\t").Append(text.ChecksumAlgorithm).Append('\t').Append(Hex(text.GetChecksum())).Append('\n');
                if (result.Inlined > 0)
                {
                    string rewritten = file + "." + (index++).ToString(System.Globalization.CultureInfo.InvariantCulture) + ".cs";
                    var encoding = text.Encoding ?? new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
                    using (var stream = new FileStream(rewritten, FileMode.Create, FileAccess.Write))
                    using (var writer = new StreamWriter(stream, encoding))
                        result.Tree.GetText(cancellationToken).Write(writer, cancellationToken);
                    list.Append("rewritten\t").Append(rewritten).Append('\t').Append(result.Inlined).Append('\n');
                }
                foreach (var skip in result.Skipped)
                    list.Append("skipped\t").Append(skip.Line).Append('\t').Append(Clean(skip.Member)).Append('\t').Append(Clean(skip.Reason)).Append('\n');
            }
            foreach (var reference in compilation.GetUsedAssemblyReferences(cancellationToken))
                if (reference is PortableExecutableReference { FilePath: { Length: > 0 } path })
                    list.Append("uses\t").Append(path).Append('\n');
            string temp = file + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
            File.WriteAllText(temp, list.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            if (File.Exists(file)) File.Delete(file);
            File.Move(temp, file);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Never break the build; a missing list tells dotnet mod fix the fix build recorded nothing.
            try { File.Delete(file); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
#pragma warning restore RS1035

    private static string Clean(string s) => s.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');

    private static string Hex(IEnumerable<byte> bytes)
    {
        var s = new StringBuilder();
        foreach (byte b in bytes) s.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        return s.ToString();
    }
}
