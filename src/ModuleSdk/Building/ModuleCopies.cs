namespace ModuleSdk.Building;

/// <summary>
/// The consumer's copies of module trees under <c>obj/modules/</c>, one directory per module
/// version (<c>example.com/lib@v1.2.0</c>, <c>example.com/lib/v2@v2.0.0</c>, <c>x@dir</c>).
/// </summary>
public static class ModuleCopies
{
    /// <summary>
    /// Deletes the copies under <paramref name="modulesRoot"/> that are not in
    /// <paramref name="keep"/> (versions no longer selected, modules no longer required), with
    /// their build outputs, and the folders left empty. A copy is a directory whose name holds
    /// <c>@</c> (no module path element does after escaping); the search does not descend into one.
    /// Returns the deleted copies.
    /// </summary>
    public static IReadOnlyList<string> RemoveStale(string modulesRoot, IEnumerable<string> keep)
    {
        var deleted = new List<string>();
        if (!Directory.Exists(modulesRoot)) return deleted;
        var kept = new HashSet<string>(keep.Select(k => Path.TrimEndingDirectorySeparator(Path.GetFullPath(k))), StringComparer.Ordinal);
        Sweep(Path.GetFullPath(modulesRoot), kept, deleted, isRoot: true);
        return deleted;
    }

    // Folders that are not copies are path elements (example.com/); removed once empty.
    private static void Sweep(string dir, HashSet<string> kept, List<string> deleted, bool isRoot)
    {
        foreach (var sub in Directory.GetDirectories(dir))
        {
            string name = Path.GetFileName(sub);
            // ".x@v.tmp" siblings of an interrupted copy are stale too.
            if (name.Contains('@'))
            {
                if (kept.Contains(sub)) continue;
                TreeCopy.Delete(sub);
                deleted.Add(sub);
            }
            else
            {
                Sweep(sub, kept, deleted, isRoot: false);
            }
        }
        if (!isRoot && !Directory.EnumerateFileSystemEntries(dir).Any()) Directory.Delete(dir);
    }
}
