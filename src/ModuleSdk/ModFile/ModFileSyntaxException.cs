using ModuleSdk.Diagnostics;

namespace ModuleSdk.ModFile;

/// <summary>
/// Thrown inside the lexer and parser to stop at the first syntax error, as Go's parser does;
/// <see cref="SyntaxParser"/> turns it into the file's error list.
/// </summary>
internal sealed class ModFileSyntaxException(Position pos, string message) : Exception(message)
{
    public Position Pos { get; } = pos;

    public string Code { get; } = DiagnosticCodes.ModFileSyntax;
}
