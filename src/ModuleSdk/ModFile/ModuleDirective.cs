namespace ModuleSdk.ModFile;

/// <summary>The <c>module</c> directive: the module's path and its deprecation notice, if any.</summary>
public sealed class ModuleDirective
{
    /// <summary>The module path (<c>""</c> when the directive was malformed).</summary>
    public string Path { get; internal set; } = "";

    /// <summary>
    /// The text of the first paragraph starting with <c>Deprecated:</c> in the directive's
    /// comments (without the prefix), or <c>""</c> when the module is not deprecated.
    /// </summary>
    public string Deprecated { get; internal set; } = "";

    /// <summary>The line the directive is on.</summary>
    public required Line Syntax { get; set; }
}
