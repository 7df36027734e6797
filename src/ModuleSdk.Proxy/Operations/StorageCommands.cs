using System.Globalization;
using ModuleSdk.Diagnostics;
using ModuleSdk.Fetching;
using ModuleSdk.Modules;
using ModuleSdk.Proxy.Storage;
using ModuleSdk.Sums;
using ModuleSdk.Zips;

namespace ModuleSdk.Proxy.Operations;

/// <summary>
/// The maintenance commands of <c>modproxy</c>, run against the configured storage (same
/// configuration keys as the server): <c>verify-storage</c> re-hashes every stored version
/// (Athens' <c>-verify-storage</c>), <c>retention --days N</c> deletes versions nobody asked for
/// in N days (Athens #2046).
/// </summary>
public static class StorageCommands
{
    /// <summary>
    /// Checks every stored version: the info parses and names the version, the module file is
    /// there, the zip passes the zip rules and still has the <c>h1:</c> recorded when it was
    /// stored. Prints one line per problem and a summary; returns 0 when all are intact, 1 otherwise.
    /// </summary>
    public static async Task<int> VerifyAsync(IModuleStorage storage, TextWriter output, CancellationToken cancellationToken)
    {
        int checkedCount = 0, bad = 0;
        string temp = Path.Combine(Path.GetTempPath(), "modproxy-verify-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(temp);
        try
        {
            await foreach (var id in storage.ListAllAsync(cancellationToken))
            {
                checkedCount++;
                string? problem = await VerifyOneAsync(storage, id, temp, cancellationToken);
                if (problem is null) continue;
                bad++;
                await output.WriteLineAsync($"{id.Path} {id.Version}: {DiagnosticCodes.ProxyStoredVersionCorrupt}: {problem}");
            }
        }
        finally
        {
            try { Directory.Delete(temp, recursive: true); } catch (IOException) { }
        }
        await output.WriteLineAsync(bad == 0
            ? $"all {checkedCount} stored versions verified"
            : $"{bad} of {checkedCount} stored versions failed verification");
        return bad == 0 ? 0 : 1;
    }

    private static async Task<string?> VerifyOneAsync(IModuleStorage storage, ModuleId id, string temp, CancellationToken ct)
    {
        try
        {
            await using (var info = await storage.OpenAsync(id.Path, id.Version, StoredFileKind.Info, ct))
            {
                if (info is null) return null; // deleted meanwhile
                var rev = RevInfoJson.Parse(await info.ReadAllAsync(ct), id.ToString(), "storage");
                if (rev.Version != id.Version) return $"info names version {rev.Version}";
            }
            await using (var mod = await storage.OpenAsync(id.Path, id.Version, StoredFileKind.Mod, ct))
                if (mod is null) return "module file missing";
            string recorded;
            await using (var h = await storage.OpenAsync(id.Path, id.Version, StoredFileKind.ZipHash, ct))
            {
                if (h is null) return "zip hash missing";
                recorded = System.Text.Encoding.UTF8.GetString(await h.ReadAllAsync(ct)).Trim();
            }
            // Copied to a local file: the zip reader needs to seek, and a blob stream cannot.
            string zipFile = Path.Combine(temp, "v.zip");
            await using (var zip = await storage.OpenAsync(id.Path, id.Version, StoredFileKind.Zip, ct))
            {
                if (zip is null) return "zip missing";
                await using var f = File.Create(zipFile);
                await zip.Content.CopyToAsync(f, ct);
            }
            if (ModuleZip.CheckZip(zipFile, id).Error is { } error) return "zip breaks the module zip rules: " + error.Message;
            string actual = Hash1.HashZip(zipFile);
            return actual == recorded ? null : $"zip has hash {actual}, recorded {recorded}";
        }
        catch (FileNotFoundException)
        {
            return "a file of the version is missing";
        }
        catch (ModuleException e)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// Deletes every version last asked for (or stored) more than <paramref name="days"/> days
    /// before <paramref name="now"/>; with <paramref name="dryRun"/> only lists them. Returns the
    /// number of versions deleted (or that would be).
    /// </summary>
    public static async Task<int> RetentionAsync(IModuleStorage storage, double days, bool dryRun,
        DateTimeOffset now, TextWriter output, CancellationToken cancellationToken)
    {
        var cutoff = now - TimeSpan.FromDays(days);
        var old = new List<(ModuleId Id, DateTimeOffset Last)>();
        await foreach (var id in storage.ListAllAsync(cancellationToken))
        {
            if (await storage.LastAccessAsync(id.Path, id.Version, cancellationToken) is { } last && last < cutoff)
                old.Add((id, last));
        }
        foreach (var (id, last) in old)
        {
            if (!dryRun) await storage.DeleteAsync(id.Path, id.Version, cancellationToken);
            await output.WriteLineAsync($"{(dryRun ? "would delete" : "deleted")} {id.Path} {id.Version} " +
                $"(last asked for {last.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})");
        }
        await output.WriteLineAsync($"{old.Count} versions not asked for in {days.ToString(CultureInfo.InvariantCulture)} " +
            $"days{(dryRun ? " (dry run: nothing deleted)" : " deleted")}");
        return old.Count;
    }
}
