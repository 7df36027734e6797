using ModuleSdk.Diagnostics;

namespace ModuleSdk.Zips;

/// <summary>
/// The outcome of checking a file set, directory or zip against the module zip rules
/// (Go's <c>zip.CheckedFiles</c>): the files that go in, those left out on purpose, those that
/// break a rule, and whether the whole is too large.
/// </summary>
public sealed class CheckedFiles
{
    internal CheckedFiles(List<string> valid, List<FileError> omitted, List<FileError> invalid, ModuleException? sizeError)
    {
        Valid = valid;
        Omitted = omitted;
        Invalid = invalid;
        SizeError = sizeError;
    }

    /// <summary>Paths of the files that go into the zip, in the order they were offered.</summary>
    public IReadOnlyList<string> Valid { get; }

    /// <summary>Files left out by rule (version control directories, submodules, links, ...): not errors.</summary>
    public IReadOnlyList<FileError> Omitted { get; }

    /// <summary>Files that break a rule: any one makes the set unusable.</summary>
    public IReadOnlyList<FileError> Invalid { get; }

    /// <summary>Set when the files together (or the zip file itself) exceed the size limit.</summary>
    public ModuleException? SizeError { get; }

    /// <summary>Reports whether the set may be zipped or extracted.</summary>
    public bool IsValid => SizeError is null && Invalid.Count == 0;

    /// <summary>
    /// The error of the set, as Go's <c>CheckedFiles.Err</c>: the size error, else every
    /// invalid file on its own line under the code of the first; null when valid.
    /// </summary>
    public ModuleException? Error
    {
        get
        {
            if (SizeError is not null) return SizeError;
            if (Invalid.Count == 0) return null;
            return new ModuleException(Invalid[0].Code, string.Join("\n", Invalid.Select(e => e.ToString())));
        }
    }

    /// <summary>Throws <see cref="Error"/> when there is one.</summary>
    public void ThrowIfInvalid()
    {
        if (Error is { } e) throw e;
    }
}
