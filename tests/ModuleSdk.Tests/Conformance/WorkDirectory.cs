using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Conformance;

/// <summary>
/// A fresh directory for one universe. A universe plus both module caches is ~20,000 small files;
/// on the CI disk creating and deleting them costs far more than running both tools, so it lives
/// in memory (/dev/shm) when there is one. MODSDK_CONFORMANCE_DIR chooses another base.
/// </summary>
public sealed class WorkDirectory : IDisposable
{
    public WorkDirectory(string name)
    {
        string? baseDir = Environment.GetEnvironmentVariable("MODSDK_CONFORMANCE_DIR");
        if (string.IsNullOrEmpty(baseDir))
            baseDir = OperatingSystem.IsLinux() && Directory.Exists("/dev/shm") ? "/dev/shm" : System.IO.Path.GetTempPath();
        Path = System.IO.Path.Combine(baseDir, "modsdk-" + name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose() => TempDir.Delete(Path);
}
