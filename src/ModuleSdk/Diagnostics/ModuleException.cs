namespace ModuleSdk.Diagnostics;

/// <summary>
/// The one exception type the core throws for expected failures: bad input, a failed fetch,
/// a checksum mismatch. It carries a stable diagnostic code (see <see cref="DiagnosticCodes"/>)
/// and, where there is one, the file, line and column the problem was found at, so the CLI can
/// print <c>file:line:col: message</c> and the MSBuild tasks can log an error at that location.
/// </summary>
public class ModuleException : Exception
{
    /// <summary>Creates an exception with a diagnostic code and a message.</summary>
    public ModuleException(string code, string message, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
    }

    /// <summary>Creates an exception located in a file.</summary>
    public ModuleException(string code, string message, string? file, int line = 0, int column = 0, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        File = file;
        Line = line;
        Column = column;
    }

    /// <summary>The stable diagnostic code, for example <c>MOD1001</c>.</summary>
    public string Code { get; }

    /// <summary>The file the problem was found in, if any.</summary>
    public string? File { get; }

    /// <summary>The 1-based line in <see cref="File"/>, or 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>The 1-based column in <see cref="File"/>, or 0 when unknown.</summary>
    public int Column { get; }

    /// <summary>
    /// The module (path and version) the error concerns, when it concerns one; set by whoever
    /// knows it (the fetcher sets it on every failure of a module's fetch that lacks one).
    /// </summary>
    public Modules.ModuleId? RelatedModule { get; internal set; }

    /// <summary>For checksum errors (mismatch, missing line in locked mode): both hashes and the module.sum file and line.</summary>
    public ChecksumProblem? Checksum { get; init; }

    /// <summary>
    /// The message on one line (its lines joined with "; ", or with a space after a line ending
    /// in ':' such as Go's "to add it:", blank ones dropped), for logs that show each line of a
    /// message as an error of its own (MSBuild).
    /// </summary>
    public string OneLineMessage
    {
        get
        {
            var text = new System.Text.StringBuilder();
            foreach (var line in Message.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
            {
                if (text.Length > 0) text.Append(text[^1] == ':' ? " " : "; ");
                text.Append(line);
            }
            return text.ToString();
        }
    }

    /// <summary>The innermost <see cref="ModuleException"/> of this one's chain (itself when none is inside): the cause.</summary>
    public ModuleException Cause
    {
        get
        {
            var cause = this;
            for (var inner = InnerException; inner is not null; inner = inner.InnerException)
                if (inner is ModuleException m) cause = m;
            return cause;
        }
    }

    /// <summary>The first <see cref="RelatedModule"/> set along the chain, outermost first.</summary>
    public Modules.ModuleId? ConcernedModule
    {
        get
        {
            for (Exception? e = this; e is not null; e = e.InnerException)
                if (e is ModuleException { RelatedModule: { } m }) return m;
            return null;
        }
    }

    /// <summary>
    /// The message with its location prefix in the go command's form
    /// (<c>file:line:col: message</c>, <c>file:line: message</c> or just the message).
    /// </summary>
    public string LocatedMessage
    {
        get
        {
            if (File is null) return Message;
            if (Line <= 0) return $"{File}: {Message}";
            if (Column <= 0) return $"{File}:{Line}: {Message}";
            return $"{File}:{Line}:{Column}: {Message}";
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Code}: {LocatedMessage}";
}
