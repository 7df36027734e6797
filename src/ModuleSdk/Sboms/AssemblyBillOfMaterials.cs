using System.Globalization;
using System.Runtime.ExceptionServices;
using ModuleSdk.BuildInfo;
using ModuleSdk.Diagnostics;

namespace ModuleSdk.Sboms;

/// <summary>
/// The bill of materials of the assemblies an <see cref="AssemblyScan"/> found (<c>dotnet mod version
/// -m --sbom</c>): every module assembly, one bill for them all, dated reproducibly.
/// </summary>
public static class AssemblyBillOfMaterials
{
    /// <summary>
    /// The bill of <paramref name="scanned"/>'s module assemblies. A named file that could not be
    /// read fails it; files of a directory without module information are left out. Its time,
    /// when no build info records <c>vcs.time</c>, is <paramref name="sourceDateEpoch"/> (the
    /// reproducible-builds convention, Unix seconds) when set, else the newest assembly's
    /// modification time.
    /// </summary>
    /// <param name="scanned">The scan of <paramref name="arguments"/>.</param>
    /// <param name="arguments">The files and directories scanned, named in the error when none holds a module assembly.</param>
    /// <param name="sourceDateEpoch"><c>SOURCE_DATE_EPOCH</c>; null, empty or not a number means unset.</param>
    /// <param name="tool">The writing tool's name and version.</param>
    /// <exception cref="ModuleException">A named file is not a module assembly, or <see cref="DiagnosticCodes.SbomNoAssemblies"/>.</exception>
    public static BillOfMaterials From(
        IReadOnlyList<ScannedAssembly> scanned, IReadOnlyList<string> arguments, string? sourceDateEpoch, (string Name, string Version) tool)
    {
        var assemblies = new List<BillOfMaterials.Assembly>();
        var newest = DateTimeOffset.MinValue;
        foreach (var s in scanned)
        {
            if (s.Failure is ModuleException e) throw new ModuleException(e.Code, s.FailureMessage!);
            if (s.Failure is not null) ExceptionDispatchInfo.Throw(s.Failure);
            if (s.Result is null) continue;
            assemblies.Add(new BillOfMaterials.Assembly(s.Name, s.Result.Info));
            var time = new DateTimeOffset(File.GetLastWriteTimeUtc(s.File), TimeSpan.Zero);
            if (time > newest) newest = time;
        }
        if (assemblies.Count == 0)
            throw new ModuleException(DiagnosticCodes.SbomNoAssemblies,
                $"{string.Join(", ", arguments)}: no assembly with module build information; name the output folder or assembly of a ModuleSdk build");
        if (long.TryParse(sourceDateEpoch, CultureInfo.InvariantCulture, out long seconds)) newest = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return BillOfMaterials.From(assemblies, newest, tool);
    }
}
