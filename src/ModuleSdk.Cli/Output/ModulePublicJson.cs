using ModuleSdk.Resolution;

namespace ModuleSdk.Cli.Output;

/// <summary><c>list -m -json</c>'s object for a <see cref="ModulePublic"/>: Go's field names and order.</summary>
internal static class ModulePublicJson
{
    public static GoJson ToJson(this ModulePublic m) => new GoJson()
        .Add("Path", m.Path)
        .Add("Version", m.Version)
        .Add("Query", m.Query)
        .Add("Versions", m.Versions)
        .Add("Replace", m.Replace?.ToJson())
        .Add("Time", m.Time)
        .Add("Update", m.Update?.ToJson())
        .Add("Main", m.Main)
        .Add("Indirect", m.Indirect)
        .Add("Dir", m.Dir)
        .Add("Mod", m.ModFile)
        .Add("Retracted", m.Retracted)
        .Add("Deprecated", m.Deprecated)
        .Add("Error", m.Error is null ? null : new GoJson().Add("Err", m.Error))
        .Add("Origin", GoJson.Origin(m.Origin));
}
