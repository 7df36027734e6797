using Microsoft.Build.Framework;
using ModuleSdk.Usage;

namespace ModuleSdk.Tasks;

/// <summary>The compilation's <c>@(ReferencePath)</c> items as the core's usage recorder reads them.</summary>
internal static class CompilerReferences
{
    /// <summary>Each reference's full path and, for a project reference, the project that built it (<c>MSBuildSourceProjectFile</c>).</summary>
    public static IEnumerable<UsageRecorder.Reference> From(ITaskItem[] references) =>
        references.Select(r =>
        {
            string project = r.GetMetadata("MSBuildSourceProjectFile");
            return new UsageRecorder.Reference(r.GetMetadata("FullPath"), project.Length > 0 ? project : null);
        });
}
