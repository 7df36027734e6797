namespace ModuleSdk.Tests.TestSupport;

/// <summary>The clone the tests run from: the directory holding <c>ModuleSdk.sln</c>, found above the test assembly.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string?> Found = new(() =>
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(System.IO.Path.Combine(d.FullName, "ModuleSdk.sln"))) return d.FullName;
        return null;
    });

    /// <summary>The repository root, or null when the tests run outside a clone (a copied output folder).</summary>
    public static string? Find() => Found.Value;

    /// <summary>The repository root; throws when the tests run outside a clone.</summary>
    public static string Path => Found.Value ?? throw new InvalidOperationException("ModuleSdk.sln not found above " + AppContext.BaseDirectory);

    /// <summary>A path under the repository root.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);
}
