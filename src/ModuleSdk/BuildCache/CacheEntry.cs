namespace ModuleSdk.BuildCache;

/// <summary>A complete entry of the build cache: the outputs of one compilation, by role.</summary>
/// <param name="Key">The compilation's key (<see cref="CompileInputs.Key"/>).</param>
/// <param name="Directory">The entry's directory.</param>
/// <param name="Files">The stored outputs.</param>
public sealed record CacheEntry(string Key, string Directory, IReadOnlyList<CachedFile> Files)
{
    /// <summary>The stored output with <paramref name="role"/>; null when the entry has none.</summary>
    public CachedFile? File(string role) => Files.FirstOrDefault(f => f.Role == role);
}

/// <summary>One stored output: its role (<c>assembly</c>, <c>ref</c>, <c>pdb</c>, <c>doc</c>), length and SHA-256.</summary>
public sealed record CachedFile(string Role, long Length, string Sha256);
