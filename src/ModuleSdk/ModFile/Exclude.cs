using ModuleSdk.Modules;

namespace ModuleSdk.ModFile;

/// <summary>An <c>exclude</c> line: a module version the main module refuses to use.</summary>
public sealed class Exclude
{
    /// <summary>The excluded module and version.</summary>
    public ModuleId Mod { get; set; }

    /// <summary>The line.</summary>
    public required Line Syntax { get; set; }

    internal bool IsRemoved => string.IsNullOrEmpty(Mod.Path);
}
