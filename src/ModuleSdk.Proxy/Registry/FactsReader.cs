using System.IO.Compression;
using System.Text;
using ModuleSdk.Diagnostics;
using ModuleSdk.Fetching;
using ModuleSdk.ModFile;
using ModuleSdk.Modules;
using ModuleSdk.Proxy.Storage;
using ModuleSdk.Sums;

namespace ModuleSdk.Proxy.Registry;

/// <summary>
/// Derives a stored version's <see cref="VersionFacts"/> from its files: the <c>.info</c> (date),
/// the <c>.mod</c> (requirements, retractions, its <c>h1:</c>), the <c>.ziphash</c> and the zip's
/// central directory (file list, README and licence at the module root; the README is the only
/// entry read). Module content is untrusted: what does not parse is left out and reported
/// (MOD6802) rather than failing the page.
/// </summary>
public static class FactsReader
{
    private static readonly string[] ReadmeNames = ["README.md", "README.markdown", "README", "README.txt"];
    private static readonly string[] LicenseStems = ["LICENSE", "LICENCE", "COPYING", "UNLICENSE"];

    /// <summary>The facts of a committed version; null when it is not (or no longer) stored.</summary>
    public static async Task<VersionFacts?> ReadAsync(IModuleStorage storage, string path, string version, CancellationToken ct)
    {
        byte[]? infoBytes = await ReadSmallAsync(storage, path, version, StoredFileKind.Info, ct).ConfigureAwait(false);
        if (infoBytes is null) return null;
        var problems = new List<string>();
        DateTimeOffset? time = null;
        try
        {
            time = RevInfoJson.Parse(infoBytes, path + "@" + version, "storage").Time;
        }
        catch (ModuleException e)
        {
            problems.Add(e.Message);
        }
        byte[] mod = await ReadSmallAsync(storage, path, version, StoredFileKind.Mod, ct).ConfigureAwait(false) ?? [];
        string modText = Encoding.UTF8.GetString(mod);
        var requires = new List<ModuleId>();
        var retractions = new List<RetractionFact>();
        try
        {
            var file = ModuleFile.ParseLax("module.mod", modText);
            requires.AddRange(file.Require.Select(r => r.Mod));
            retractions.AddRange(file.Retract.Select(r => new RetractionFact(r.Low, r.High, r.Rationale)));
        }
        catch (ModuleException e)
        {
            problems.Add("module.mod: " + e.Message);
        }
        byte[]? zipHash = await ReadSmallAsync(storage, path, version, StoredFileKind.ZipHash, ct).ConfigureAwait(false);

        var facts = new VersionFacts
        {
            Path = path,
            Version = version,
            Time = time,
            ModText = modText,
            ModHash = Hash1.HashModFile(mod),
            ZipHash = zipHash is null ? null : Encoding.UTF8.GetString(zipHash).Trim(),
            Requires = requires,
            Retractions = retractions,
        };
        try
        {
            facts = await ReadZipAsync(storage, facts, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ModuleException or DecoderFallbackException)
        {
            problems.Add("zip: " + e.Message);
        }
        return problems.Count == 0
            ? facts
            : facts with { Problem = $"{DiagnosticCodes.RegistryVersionUnreadable}: {path}@{version}: " + string.Join("; ", problems) };
    }

    private static async Task<VersionFacts> ReadZipAsync(IModuleStorage storage, VersionFacts facts, CancellationToken ct)
    {
        var opened = await storage.OpenAsync(facts.Path, facts.Version, StoredFileKind.Zip, ct).ConfigureAwait(false);
        if (opened is null) return facts;
        string? temp = null;
        try
        {
            Stream zipStream = opened.Content;
            if (!zipStream.CanSeek)
            {
                // A blob stream: the central directory is at the end, so the zip goes to a temp file first.
                temp = Path.Combine(Path.GetTempPath(), "modproxy-registry-" + Guid.NewGuid().ToString("N") + ".zip");
                await using (var f = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
                    await zipStream.CopyToAsync(f, ct).ConfigureAwait(false);
                zipStream = new FileStream(temp, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.DeleteOnClose);
            }
            await using var _ = zipStream;
            using var zip = new ZipArchive(zipStream, ZipArchiveMode.Read, leaveOpen: true);
            string prefix = facts.Path + "@" + facts.Version + "/";
            var files = new List<FileFact>();
            var root = new Dictionary<string, ZipArchiveEntry>(StringComparer.OrdinalIgnoreCase);
            foreach (var e in zip.Entries)
            {
                if (!e.FullName.StartsWith(prefix, StringComparison.Ordinal) || e.FullName.EndsWith('/')) continue;
                string name = e.FullName[prefix.Length..];
                files.Add(new FileFact(name, e.Length));
                if (!name.Contains('/')) root.TryAdd(name, e);
            }
            files.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            string? license = root.Keys.Where(IsLicense).Order(StringComparer.Ordinal).FirstOrDefault();
            ZipArchiveEntry? readme = null;
            foreach (var n in ReadmeNames)
            {
                if (root.TryGetValue(n, out var r)) { readme = r; break; }
            }
            string? readmeHtml = null, description = "";
            if (readme is not null)
            {
                string text;
                await using (var s = await readme.OpenAsync(ct).ConfigureAwait(false))
                {
                    var buffer = new byte[(int)Math.Min(readme.Length, ReadmeRenderer.MaxBytes)];
                    await s.ReadExactlyAsync(buffer, ct).ConfigureAwait(false);
                    text = Encoding.UTF8.GetString(buffer);
                }
                string name = readme.FullName[prefix.Length..];
                (readmeHtml, description) = ReadmeRenderer.Render(name, text);
            }
            return facts with
            {
                Files = files,
                ZipBytes = opened.Length,
                HasModFile = root.ContainsKey("module.mod") && root["module.mod"].Name == "module.mod",
                ReadmeName = readme?.FullName[prefix.Length..],
                ReadmeHtml = readmeHtml,
                Description = description,
                LicenseName = license,
            };
        }
        finally
        {
            await opened.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Whether a root file name is a licence (<c>LICENSE</c>, <c>LICENCE</c>, <c>COPYING</c>,
    /// <c>UNLICENSE</c>, with an extension or a <c>-MIT</c> style suffix).</summary>
    public static bool IsLicense(string name)
    {
        foreach (var stem in LicenseStems)
        {
            if (!name.StartsWith(stem, StringComparison.OrdinalIgnoreCase)) continue;
            if (name.Length == stem.Length || name[stem.Length] is '.' or '-' or '_') return true;
        }
        return false;
    }

    private static async Task<byte[]?> ReadSmallAsync(IModuleStorage storage, string path, string version, StoredFileKind kind, CancellationToken ct)
    {
        await using var f = await storage.OpenAsync(path, version, kind, ct).ConfigureAwait(false);
        return f is null ? null : await f.ReadAllAsync(ct).ConfigureAwait(false);
    }
}
