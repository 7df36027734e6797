namespace ModuleSdk.Usage;

/// <summary>
/// The references a compilation used as the compiler counts them, written by the SDK's analyzer
/// (<c>src/ModuleSdk.Analyzers</c>, Roslyn's <c>Compilation.GetUsedAssemblyReferences</c>) to
/// <c>obj/&lt;configuration&gt;/&lt;tfm&gt;/modulesdk-used-references.txt</c>. Unlike the compiled
/// assembly's AssemblyRef table it counts uses that leave nothing in metadata: constants and enum
/// members the compiler inlines, <c>nameof</c>, constants in attribute arguments.
/// </summary>
/// <remarks>
/// The format (the analyzer writes the same; it cannot reference this library):
/// <code>
/// modulesdk-used-references 1
/// /app/obj/modules/example.com/alpha@v1.0.0/obj/Debug/net10.0/ref/Alpha.dll
/// /usr/share/dotnet/packs/Microsoft.NETCore.App.Ref/10.0.0/ref/net10.0/System.Runtime.dll
/// </code>
/// One reference path a line, sorted; paths are those the compiler was given (<c>@(ReferencePath)</c>).
/// </remarks>
public static class UsedReferencesFile
{
    /// <summary>The file's first line.</summary>
    public const string Header = "modulesdk-used-references 1";

    /// <summary>The file's name in the intermediate output folder.</summary>
    public const string FileName = "modulesdk-used-references.txt";

    /// <summary>The reference paths in <paramref name="text"/>, or null when it is not such a list (then it says nothing).</summary>
    public static IReadOnlyList<string>? Parse(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines[0] != Header) return null;
        return lines.Skip(1).Where(l => l.Length > 0).ToArray();
    }

    /// <summary>Reads <paramref name="file"/>; null when it does not exist or is not such a list.</summary>
    public static IReadOnlyList<string>? Read(string file) => File.Exists(file) ? Parse(File.ReadAllText(file)) : null;
}
