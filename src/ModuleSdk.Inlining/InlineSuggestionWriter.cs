using System.Text;
using Microsoft.CodeAnalysis;

namespace ModuleSdk.Inlining;

/// <summary>
/// Command-line builds never print Info diagnostics (the compiler keeps them for the IDE and
/// SARIF logs), so a MOD9100 suggestion would be invisible in <c>dotnet build</c>. The analyzer
/// therefore lists the suggestions it reported at their effective Info severity (not those
/// configured to none, nor to warning or error, which the compiler prints itself) in the file
/// named by <c>ModuleSdkInlineSuggestionsFile</c>; the build prints them as messages. No
/// suggestion, no file.
/// </summary>
internal static class InlineSuggestionWriter
{
#pragma warning disable RS1035 // File IO: the build prints the list, it is not a diagnostic.
    public static void Write(string file, Compilation compilation, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        try
        {
            var lines = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var d in diagnostics)
            {
                if (Effective(compilation, d.Location.SourceTree, cancellationToken) != ReportDiagnostic.Info) continue;
                var span = d.Location.GetLineSpan();
                lines.Add($"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): " +
                    $"info {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}");
            }
            if (lines.Count == 0) return;
            file = Path.GetFullPath(file);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, string.Join("\n", lines) + "\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Suggestions in the build output are a courtesy: never break a build for them.
        }
    }
#pragma warning restore RS1035

    // MOD9100's severity where it was reported: .editorconfig (per tree), global config, NoWarn/WarningsAsErrors.
    internal static ReportDiagnostic Effective(Compilation compilation, SyntaxTree? tree, CancellationToken cancellationToken)
    {
        var provider = compilation.Options.SyntaxTreeOptionsProvider;
        if (tree is not null && provider is not null
            && provider.TryGetDiagnosticValue(tree, InlineNames.CallId, cancellationToken, out var perTree)) return Normalize(perTree);
        if (provider is not null && provider.TryGetGlobalDiagnosticValue(InlineNames.CallId, cancellationToken, out var global)) return Normalize(global);
        if (compilation.Options.SpecificDiagnosticOptions.TryGetValue(InlineNames.CallId, out var specific)) return Normalize(specific);
        return ReportDiagnostic.Info;
    }

    private static ReportDiagnostic Normalize(ReportDiagnostic value) => value == ReportDiagnostic.Default ? ReportDiagnostic.Info : value;
}
