namespace ModuleSdk.Modules;

/// <summary>
/// Case-encoding of module paths and versions for cache directories and proxy URLs: every
/// uppercase letter becomes <c>!</c> followed by its lowercase form (golang.org/x/mod/module).
/// </summary>
public static class PathEscaping
{
    /// <summary>Escapes a module path; throws <see cref="Diagnostics.ModuleException"/> if the path is invalid.</summary>
    public static string EscapePath(string path) => throw new NotImplementedException();

    /// <summary>Escapes a version; throws if it contains <c>!</c> or is not a valid element.</summary>
    public static string EscapeVersion(string version) => throw new NotImplementedException();

    /// <summary>Unescapes an escaped module path; throws <c>MOD1008</c> on a bare uppercase letter or a <c>!</c> not followed by a-z.</summary>
    public static string UnescapePath(string escaped) => throw new NotImplementedException();

    /// <summary>Unescapes an escaped version.</summary>
    public static string UnescapeVersion(string escaped) => throw new NotImplementedException();
}
