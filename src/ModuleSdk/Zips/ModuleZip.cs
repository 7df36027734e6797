using ModuleSdk.Modules;

namespace ModuleSdk.Zips;

/// <summary>
/// Module zips exactly as Go's golang.org/x/mod/zip, with <c>module.mod</c> in place of
/// <c>go.mod</c>: creation from a directory or a file list, checking, and safe extraction.
/// </summary>
public static class ModuleZip
{
    /// <summary>Writes the zip of the module rooted at <paramref name="directory"/> (files left out by Go's rules).</summary>
    public static void CreateFromDirectory(Stream output, ModuleId module, string directory) => throw new NotImplementedException();

    /// <summary>Extracts a module zip into <paramref name="directory"/>, which must be empty or absent; files read-only. Refuses anything outside the rules; leaves nothing on failure.</summary>
    public static void Extract(string zipFile, ModuleId module, string directory) => throw new NotImplementedException();

    /// <summary>Checks a zip against the rules without extracting; throws MOD4xxx on the first problem.</summary>
    public static void Check(string zipFile, ModuleId module) => throw new NotImplementedException();
}
