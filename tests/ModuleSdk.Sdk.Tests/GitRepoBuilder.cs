using System.Security.Cryptography;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Sdk.Tests;

/// <summary>
/// A real git repository for end-to-end tests, made with the git command: a work tree whose
/// files are written, committed and tagged; direct mode reads it through its <c>file://</c> URL.
/// </summary>
public sealed class GitRepoBuilder
{
    private int _commits;

    public GitRepoBuilder(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        Git("init", "-q", "-b", "main");
    }

    public string Directory { get; }

    /// <summary>Writes files (path relative to the root, <c>/</c>-separated), overwriting.</summary>
    public GitRepoBuilder Write(params (string Path, string Text)[] files)
    {
        foreach (var (path, text) in files)
        {
            string file = Path.Combine(Directory, path.Replace('/', Path.DirectorySeparatorChar));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, text);
        }
        return this;
    }

    /// <summary>Writes a binary file.</summary>
    public GitRepoBuilder WriteBytes(string path, byte[] bytes)
    {
        string file = Path.Combine(Directory, path.Replace('/', Path.DirectorySeparatorChar));
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllBytes(file, bytes);
        return this;
    }

    /// <summary>Commits everything and tags the commit; returns the commit hash.</summary>
    public string CommitAndTag(string tag)
    {
        Git("add", "-A");
        string date = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(_commits++).ToString("yyyy-MM-ddTHH:mm:ssZ");
        Git(["commit", "-q", "-m", "release " + tag], ("GIT_AUTHOR_DATE", date), ("GIT_COMMITTER_DATE", date));
        Git("tag", tag);
        return Git("rev-parse", "HEAD").Trim();
    }

    private string Git(params string[] args) => Git(args, []);

    private string Git(string[] args, params (string Name, string Value)[] env)
    {
        var r = ProcessRunner.Run("git", ["-c", "user.name=Tester", "-c", "user.email=tester@example.com", "-c", "commit.gpgsign=false", .. args], Directory,
            env.Select(e => new KeyValuePair<string, string?>(e.Name, e.Value)));
        if (r.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)} failed in {Directory}: {r.Stderr}");
        return r.Stdout;
    }

    /// <summary>
    /// A new strong-name key pair as the <c>.snk</c> file <c>sn -k</c> writes: a CryptoAPI
    /// PRIVATEKEYBLOB (BLOBHEADER, RSAPUBKEY "RSA2", then the key's numbers little-endian).
    /// </summary>
    public static byte[] StrongNameKey()
    {
        using var rsa = RSA.Create(1024);
        var p = rsa.ExportParameters(includePrivateParameters: true);
        int bytes = 1024 / 8, half = bytes / 2;
        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms);
        w.Write((byte)0x07); // PRIVATEKEYBLOB
        w.Write((byte)0x02); // version
        w.Write((ushort)0);
        w.Write(0x00002400); // CALG_RSA_SIGN
        w.Write(0x32415352); // "RSA2"
        w.Write(1024);
        uint exponent = 0;
        foreach (var b in p.Exponent!) exponent = (exponent << 8) | b;
        w.Write(exponent);
        void Number(byte[] bigEndian, int length)
        {
            var le = new byte[length];
            for (int i = 0; i < bigEndian.Length && i < length; i++) le[i] = bigEndian[bigEndian.Length - 1 - i];
            w.Write(le);
        }
        Number(p.Modulus!, bytes);
        Number(p.P!, half);
        Number(p.Q!, half);
        Number(p.DP!, half);
        Number(p.DQ!, half);
        Number(p.InverseQ!, half);
        Number(p.D!, bytes);
        w.Flush();
        return ms.ToArray();
    }
}
