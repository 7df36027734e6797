using System.Text.Json;
using ModuleSdk.Fetching;
using ModuleSdk.Modules;

namespace ModuleSdk.Tests.Cache;

/// <summary>A minimal <see cref="IModuleSource"/> over a directory in proxy layout (what GOPROXY=file:///dir serves).</summary>
internal sealed class DirectorySource(string root) : IModuleSource
{
    private string File(string path, string name) =>
        Path.Combine([root, .. PathEscaping.EscapePath(path).Split('/'), "@v", name]);

    private string VersionFile(string path, string version, string ext) => File(path, PathEscaping.EscapeVersion(version) + "." + ext);

    public Task<IReadOnlyList<string>> VersionsAsync(string path, string prefix = "", CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(Read(File(path, "list"), System.IO.File.ReadAllLines)
            .Where(v => v.StartsWith(prefix, StringComparison.Ordinal)).ToList());

    public Task<RevInfo> StatAsync(string path, string revision, CancellationToken cancellationToken = default)
    {
        var json = Read(VersionFile(path, revision, "info"), System.IO.File.ReadAllText);
        using var doc = JsonDocument.Parse(json);
        return Task.FromResult(new RevInfo(doc.RootElement.GetProperty("Version").GetString()!, doc.RootElement.GetProperty("Time").GetDateTimeOffset()));
    }

    public Task<RevInfo> LatestAsync(string path, CancellationToken cancellationToken = default) => throw new ModuleNotFoundException($"{path}: no @latest");

    public Task<byte[]> GetModAsync(string path, string version, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(VersionFile(path, version, "mod"), System.IO.File.ReadAllBytes));

    public async Task DownloadZipAsync(string path, string version, Stream destination, CancellationToken cancellationToken = default)
    {
        await using var zip = Read(VersionFile(path, version, "zip"), System.IO.File.OpenRead);
        await zip.CopyToAsync(destination, cancellationToken);
    }

    private static T Read<T>(string file, Func<string, T> read)
    {
        try
        {
            return read(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ModuleNotFoundException($"{file}: not found", e);
        }
    }
}
