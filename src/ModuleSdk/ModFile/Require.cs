using ModuleSdk.Modules;

namespace ModuleSdk.ModFile;

/// <summary>A <c>require</c> line: a module at a minimum version, marked <c>// indirect</c> or not.</summary>
public sealed class Require
{
    /// <summary>The required module and version.</summary>
    public ModuleId Mod { get; set; }

    /// <summary>Whether the line carries an <c>// indirect</c> comment.</summary>
    public bool Indirect { get; set; }

    /// <summary>The line, or null for a requirement not yet in the file (an argument to SetRequire).</summary>
    public Line? Syntax { get; set; }

    /// <summary>Whether an edit dropped this requirement (its path is empty until Cleanup removes it).</summary>
    internal bool IsRemoved => string.IsNullOrEmpty(Mod.Path);

    internal void MarkRemoved()
    {
        Syntax?.MarkRemoved();
        Mod = new ModuleId("", "");
        Indirect = false;
    }

    /// <inheritdoc/>
    public override string ToString() => Mod + (Indirect ? " // indirect" : "");
}
