using ModuleSdk.Diagnostics;

namespace ModuleSdk.ModFile;

/// <summary>
/// All the errors found in one module.mod file (Go's <c>modfile.ErrorList</c>). With one error
/// it is that error: its code, file, line and column. With several, <see cref="Exception.Message"/>
/// holds one located line per error (<c>module.mod:3:2: ...</c>) and <see cref="Errors"/> each
/// of them for tools that report errors one by one (MSBuild).
/// </summary>
public sealed class ModFileException : ModuleException
{
    private ModFileException(IReadOnlyList<ModuleException> errors, string code, string message, string? file, int line, int column)
        : base(code, message, file, line, column)
    {
        Errors = errors;
    }

    /// <summary>Each error, in file order of discovery, with its own code and location.</summary>
    public IReadOnlyList<ModuleException> Errors { get; }

    internal static ModFileException From(IReadOnlyList<ModuleException> errors)
    {
        var first = errors[0];
        if (errors.Count == 1) return new ModFileException(errors, first.Code, first.Message, first.File, first.Line, first.Column);
        return new ModFileException(errors, first.Code, string.Join("\n", errors.Select(e => e.LocatedMessage)), null, 0, 0);
    }
}

/// <summary>Collects errors while interpreting a file, located as Go locates them.</summary>
internal sealed class ModFileErrors(string fileName)
{
    private readonly List<ModuleException> _errors = [];

    public int Count => _errors.Count;

    /// <summary>
    /// Records an error at <paramref name="pos"/>. The column is always given (SPEC §2:
    /// <c>file:line:col</c>), where Go leaves out a column of 1.
    /// </summary>
    public void Add(string code, Position pos, string message) =>
        _errors.Add(new ModuleException(code, message, fileName, pos.Line, Math.Max(pos.Column, 1)));

    public void ThrowIfAny()
    {
        if (_errors.Count > 0) throw ModFileException.From(_errors);
    }
}
