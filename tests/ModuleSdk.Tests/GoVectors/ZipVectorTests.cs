using System.IO.Compression;
using System.Text;
using System.Text.Json;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;
using ModuleSdk.Sums;
using ModuleSdk.Tests.TestSupport;
using ModuleSdk.Zips;

namespace ModuleSdk.Tests.GoVectors;

/// <summary>
/// x/mod zip/zip_test.go over its testdata (txtar archives) and tables, on the zip rules with
/// Go's module file name (<see cref="ZipRules.Go"/>): the cases name go.mod, and the hashes they
/// record are of zips holding go.mod. ModuleSdk's own rules differ only in that name.
/// </summary>
[TestClass]
public class ZipVectorTests
{
    private static string Format(CheckedFiles cf)
    {
        var sb = new StringBuilder("valid:\n");
        foreach (var v in cf.Valid) sb.Append(v).Append('\n');
        sb.Append("\nomitted:\n");
        foreach (var o in cf.Omitted) sb.Append(o.Path).Append(": ").Append(o.Reason).Append('\n');
        sb.Append("\ninvalid:\n");
        foreach (var o in cf.Invalid) sb.Append(o.Path).Append(": ").Append(o.Reason).Append('\n');
        return sb.ToString();
    }

    private static string Utf8(byte[] b) => Encoding.UTF8.GetString(b);

    private static ModuleId Module(Dictionary<string, string> p) => new(p.GetValueOrDefault("path", ""), p.GetValueOrDefault("version", ""));

    private static void WriteTree(string dir, IEnumerable<(string Name, byte[] Data)> files)
    {
        foreach (var (name, data) in files)
        {
            var path = Path.Combine([dir, .. name.Split('/')]);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, data);
        }
    }

    private static void WriteZip(string zipPath, IEnumerable<(string Name, byte[] Data)> files)
    {
        using var fs = File.Create(zipPath);
        using var zip = new ZipArchive(fs, ZipArchiveMode.Create);
        foreach (var (name, data) in files)
        {
            using var s = zip.CreateEntry(name).Open();
            s.Write(data);
        }
    }

    /// <summary>
    /// Cases whose expectation cannot apply as Go states it, with the expectation that stands in
    /// (each listed in docs/conformance.md). invalid_utf8_mod_path: the module path holds the byte
    /// 0xFF, which a .NET string cannot hold; read as UTF-8 it becomes U+FFFD, which ModuleSdk
    /// refuses with the same error, quoting the replacement character where Go prints \xff.
    /// </summary>
    private static readonly Dictionary<string, string> WantErrInstead = new(StringComparer.Ordinal)
    {
        ["invalid_utf8_mod_path"] = "malformed module path \"\uFFFD\": invalid UTF-8",
    };

    // Runs one create/unzip case: an error containing wantErr, or success with the recorded hash.
    private static void Expect(VectorFailures f, string name, Dictionary<string, string> p, Func<string> run)
    {
        string want = WantErrInstead.GetValueOrDefault(name) ?? p.GetValueOrDefault("wantErr", "");
        string got;
        try
        {
            got = run();
        }
        catch (ModuleException ex)
        {
            f.Check(want != "" && ex.Message.Contains(want, StringComparison.Ordinal),
                want == "" ? $"{name}: unexpected error: {ex.Message}"
                    : $"{name}: got error {GoQuote.Quote(ex.Message)}; want error containing {GoQuote.Quote(want)}");
            return;
        }
        if (want != "") { f.Check(false, $"{name}: unexpected success; want error containing {GoQuote.Quote(want)}"); return; }
        f.Equal(p["hash"], got, $"{name}: hash");
    }

    [TestMethod]
    public void CheckFiles()
    {
        var f = new VectorFailures();
        foreach (var (name, arc) in GoVectorFiles.Txtars("xmod/zip_testdata/check_files"))
        {
            string want = Utf8(arc.Files.Single(x => x.Name == "want").Data);
            var files = arc.Files.Where(x => x.Name != "want").Select(x => (IModuleFile)new MemoryModuleFile(x.Name, x.Data)).ToList();
            var cf = ZipRules.Go.CheckFiles(files, out _);
            f.Equal(want, Format(cf), name);
            f.Equal(cf.Invalid.Count > 0 ? string.Join("\n", cf.Invalid) : null, cf.Error?.Message, name + ": error");
        }
        f.AssertNone("check_files");
    }

    [TestMethod]
    public void CheckDir()
    {
        var f = new VectorFailures();
        foreach (var (name, arc) in GoVectorFiles.Txtars("xmod/zip_testdata/check_dir"))
        {
            // Go prints paths joined to the directory ("$work/…"); ModuleSdk's are relative.
            string want = Utf8(arc.Files.Single(x => x.Name == "want").Data).Replace("$work/", "");
            using var dir = new TempDir("vec-checkdir");
            WriteTree(dir.Path, arc.Files.Where(x => x.Name != "want"));
            var cf = ModuleZip.CheckDirectory(dir.Path, ZipRules.Go);
            f.Equal(want, Format(cf), name);
        }
        f.AssertNone("check_dir");
    }

    [TestMethod]
    public void CheckZip()
    {
        var f = new VectorFailures();
        foreach (var (name, arc) in GoVectorFiles.Txtars("xmod/zip_testdata/check_zip"))
        {
            var p = arc.Params();
            string want = Utf8(arc.Files.Single(x => x.Name == "want").Data);
            using var dir = new TempDir("vec-checkzip");
            string zip = Path.Combine(dir.Path, "m.zip");
            WriteZip(zip, arc.Files.Where(x => x.Name != "want"));
            var cf = ModuleZip.CheckZip(zip, Module(p), ZipRules.Go);
            f.Equal(want, Format(cf), name);
        }
        f.AssertNone("check_zip");
    }

    [TestMethod]
    public void Create()
    {
        var f = new VectorFailures();
        foreach (var (name, arc) in GoVectorFiles.Txtars("xmod/zip_testdata/create"))
        {
            var p = arc.Params();
            Expect(f, name, p, () =>
            {
                var ms = new MemoryStream();
                ZipCreator.Create(ms, Module(p), arc.Files.Select(x => (IModuleFile)new MemoryModuleFile(x.Name, x.Data)).ToList(), ZipRules.Go);
                return Hash1.HashZip(new MemoryStream(ms.ToArray()));
            });
        }
        f.AssertNone("create");
    }

    [TestMethod]
    public void CreateFromDir()
    {
        var f = new VectorFailures();
        foreach (var (name, arc) in GoVectorFiles.Txtars("xmod/zip_testdata/create_from_dir"))
        {
            var p = arc.Params();
            using var dir = new TempDir("vec-createdir");
            WriteTree(dir.Path, arc.Files);
            Expect(f, name, p, () =>
            {
                var ms = new MemoryStream();
                ModuleZip.CreateFromDirectory(ms, Module(p), dir.Path, ZipRules.Go);
                return Hash1.HashZip(new MemoryStream(ms.ToArray()));
            });
        }
        f.AssertNone("create_from_dir");
    }

    [TestMethod]
    public void CreateFromDirSpecial()
    {
        var json = GoVectorFiles.Json("xmod/zip_zip_test.json");
        string emptyHash = json.GetProperty("emptyHash").GetString()!;
        string goMod = json.GetProperty("TestCreateFromDirSpecial.goModData").GetString()!;
        var m = new ModuleId("example.com/m", "v1.0.0");
        var f = new VectorFailures();
        foreach (var t in json.GetProperty("TestCreateFromDirSpecial.range1").EnumerateArray())
        {
            string desc = t.Str("desc");
            string want = t.GetProperty("wantHash") is { ValueKind: JsonValueKind.String } s ? s.GetString()! : emptyHash;
            using var tmp = new TempDir("vec-special");
            string dir = tmp.Path;
            // The setup functions are Go code; their effect, transcribed.
            switch (desc)
            {
                case "ignore_empty_dir": Directory.CreateDirectory(Path.Combine(dir, "empty")); break;
                case "ignore_symlink": File.CreateSymbolicLink(Path.Combine(dir, "link"), dir); break;
                case "dir_is_vendor":
                    dir = Path.Combine(dir, "vendor");
                    Directory.CreateDirectory(dir);
                    File.WriteAllText(Path.Combine(dir, "go.mod"), goMod);
                    break;
                default: f.Check(false, $"{desc}: no transcription of its setup"); continue;
            }
            var ms = new MemoryStream();
            ModuleZip.CreateFromDirectory(ms, m, dir, ZipRules.Go);
            f.Equal(want, Hash1.HashZip(new MemoryStream(ms.ToArray())), desc);
        }
        f.AssertNone("TestCreateFromDirSpecial");
    }

    [TestMethod]
    public void Unzip()
    {
        var f = new VectorFailures();
        foreach (var (name, arc) in GoVectorFiles.Txtars("xmod/zip_testdata/unzip"))
        {
            var p = arc.Params();
            using var tmp = new TempDir("vec-unzip");
            string zip = Path.Combine(tmp.Path, "m.zip");
            WriteZip(zip, arc.Files);
            string target = Path.Combine(tmp.Path, "out");
            Expect(f, name, p, () =>
            {
                ZipExtractor.Extract(zip, Module(p), target, ZipRules.Go);
                return Hash1.HashDir(target, $"{p["path"]}@{p["version"]}/");
            });
        }
        f.AssertNone("unzip");
    }

    private static long Size(JsonElement size) => size.ValueKind == JsonValueKind.Number ? size.GetInt64() : size.GetProperty("$expr").GetString() switch
    {
        "modzip.MaxZipFile" => ZipRules.MaxZipFile,
        "modzip.MaxZipFile + 1" => ZipRules.MaxZipFile + 1,
        "modzip.MaxZipFile - 10" => ZipRules.MaxZipFile - 10,
        "modzip.MaxZipFile - 9" => ZipRules.MaxZipFile - 9,
        "modzip.MaxGoMod" => ZipRules.MaxModFile,
        "modzip.MaxGoMod + 1" => ZipRules.MaxModFile + 1,
        "modzip.MaxLICENSE" => ZipRules.MaxLicense,
        "modzip.MaxLICENSE + 1" => ZipRules.MaxLicense + 1,
        var e => throw new InvalidOperationException("unknown size expression " + e),
    };

    private static IEnumerable<(string Desc, List<(string Name, long Size)> Files, string CheckFilesErr, string CreateErr, string CheckZipErr,
        string UnzipErr)> SizeLimitTests()
    {
        foreach (var t in GoVectorFiles.Json("xmod/zip_zip_test.json").GetProperty("sizeLimitTests").EnumerateArray())
        {
            string wantErr = t.Str("wantErr");
            string Or(string s) => s != "" ? s : wantErr;
            yield return (t.Str("desc"), t.GetProperty("files").EnumerateArray().Select(x => (x.Str("name"), Size(x.GetProperty("size")))).ToList(),
                Or(t.Str("wantCheckFilesErr")), Or(t.Str("wantCreateErr")), Or(t.Str("wantCheckZipErr")), Or(t.Str("wantUnzipErr")));
        }
    }

    private static void ExpectError(VectorFailures f, string what, string want, Action run)
    {
        try
        {
            run();
            f.Check(want == "", $"{what}: unexpected success; want error containing {GoQuote.Quote(want)}");
        }
        catch (ModuleException ex)
        {
            f.Check(want != "" && ex.Message.Contains(want, StringComparison.Ordinal),
                $"{what}: got error {GoQuote.Quote(ex.Message)}; want {(want == "" ? "success" : "error containing " + GoQuote.Quote(want))}");
        }
    }

    private static readonly ModuleId SizeLimitVersion = new("example.com/large", "v1.0.0");

    [TestMethod]
    public void CreateSizeLimits()
    {
        var json = GoVectorFiles.Json("xmod/zip_zip_test.json").GetProperty("sizeLimitVersion");
        Assert.AreEqual(SizeLimitVersion, new ModuleId(json.Str("Path"), json.Str("Version")));
        var f = new VectorFailures();
        var tests = SizeLimitTests().ToList();
        // The two cases TestCreateSizeLimits adds to the shared table.
        tests.Add(("negative", [("neg.go", unchecked((long)0x8000000000000000UL))], "module source tree too large", "module source tree too large", "", ""));
        tests.Add(("size_is_a_lie", [("lie.go", 1)], "", "larger than declared size", "", ""));
        foreach (var t in tests)
        {
            IModuleFile File((string Name, long Size) x) => t.Desc == "size_is_a_lie"
                ? new ModuleSdk.Tests.Zips.ZipFiles.Lying(x.Name, x.Size, "package large"u8.ToArray())
                : new ZeroFile(x.Name, x.Size);
            var files = t.Files.Select(File).ToList();
            var cf = ZipRules.Go.CheckFiles(files, out _);
            f.Check(t.CheckFilesErr == "" ? cf.Error is null : cf.Error?.Message.Contains(t.CheckFilesErr, StringComparison.Ordinal) == true,
                $"{t.Desc}: CheckFiles error {GoQuote.Quote(cf.Error?.Message ?? "")}, want {GoQuote.Quote(t.CheckFilesErr)}");
            ExpectError(f, t.Desc + ": Create", t.CreateErr, () => ZipCreator.Create(Stream.Null, SizeLimitVersion, files, ZipRules.Go));
        }
        f.AssertNone("TestCreateSizeLimits");
    }

    [TestMethod]
    public void UnzipSizeLimits()
    {
        var f = new VectorFailures();
        string prefix = $"{SizeLimitVersion.Path}@{SizeLimitVersion.Version}/";
        foreach (var t in SizeLimitTests())
        {
            using var tmp = new TempDir("vec-unzipsize");
            string zipPath = Path.Combine(tmp.Path, "m.zip");
            using (var fs = File.Create(zipPath))
            using (var zip = new ZipArchive(fs, ZipArchiveMode.Create))
            {
                foreach (var (name, size) in t.Files)
                {
                    using var s = zip.CreateEntry(prefix + name, CompressionLevel.Fastest).Open();
                    using var zeros = new ZeroFile(name, size).Open();
                    zeros.CopyTo(s, 1 << 20);
                }
            }
            var cf = ModuleZip.CheckZip(zipPath, SizeLimitVersion, ZipRules.Go);
            f.Check(t.CheckZipErr == "" ? cf.Error is null : cf.Error?.Message.Contains(t.CheckZipErr, StringComparison.Ordinal) == true,
                $"{t.Desc}: CheckZip error {GoQuote.Quote(cf.Error?.Message ?? "")}, want {GoQuote.Quote(t.CheckZipErr)}");
            string target = Path.Combine(tmp.Path, "out");
            ExpectError(f, t.Desc + ": Unzip", t.UnzipErr, () => ZipExtractor.Extract(zipPath, SizeLimitVersion, target, ZipRules.Go));
        }
        f.AssertNone("TestUnzipSizeLimits");
    }

    [TestMethod]
    public void UnzipSizeLimitsSpecial()
    {
        var json = GoVectorFiles.Json("xmod/zip_zip_test.json");
        var f = new VectorFailures();
        foreach (var t in json.GetProperty("TestUnzipSizeLimitsSpecial.range1").EnumerateArray())
        {
            string desc = t.Str("desc");
            var m = new ModuleId(t.GetProperty("m").Str("Path"), t.GetProperty("m").Str("Version"));
            using var tmp = new TempDir("vec-unzipspecial");
            string zipPath = Path.Combine(tmp.Path, "m.zip");
            // The writeZip functions are Go code; their effect, transcribed.
            switch (desc)
            {
                case "large_zip":
                case "too_large_zip":
                    using (var fs = File.Create(zipPath)) fs.SetLength(desc == "large_zip" ? ZipRules.MaxZipFile : ZipRules.MaxZipFile + 1);
                    break;
                case "size_is_a_lie":
                    File.WriteAllBytes(zipPath, SizeIsALie(json));
                    break;
                default: f.Check(false, $"{desc}: no transcription of its writeZip"); continue;
            }
            string err1 = t.Str("wantErr1"), err2 = t.Str("wantErr2");
            string target = Path.Combine(tmp.Path, "out");
            try
            {
                ZipExtractor.Extract(zipPath, m, target, ZipRules.Go);
                f.Check(false, $"{desc}: unexpected success; want error containing {GoQuote.Quote(err1)}");
            }
            catch (ModuleException ex)
            {
                // size_is_a_lie: .NET's entry stream stops at the declared size, so ModuleSdk
                // refuses the entry by its CRC-32 instead of by its length (docs/conformance.md).
                bool refusedByCrc = desc == "size_is_a_lie" && ex.Message.Contains("does not match the zip's CRC-32", StringComparison.Ordinal);
                f.Check(refusedByCrc || ex.Message.Contains(err1, StringComparison.Ordinal)
                    || (err2 != "" && ex.Message.Contains(err2, StringComparison.Ordinal)),
                    $"{desc}: got error {GoQuote.Quote(ex.Message)}; want error " +
                    $"containing {GoQuote.Quote(err1)}{(err2 != "" ? " or " + GoQuote.Quote(err2) : "")}");
            }
        }
        f.AssertNone("TestUnzipSizeLimitsSpecial");
    }

    // A zip of example.com/m@v1.0.0/go.mod holding 0x0BAD zero bytes whose declared size (in the
    // local and central headers) is replaced with 0xAC, as the Go test does.
    private static byte[] SizeIsALie(JsonElement json)
    {
        byte[] real = json.GetProperty("TestUnzipSizeLimitsSpecial.realSizeData").EnumerateArray().Select(e => (byte)e.GetInt32()).ToArray();
        byte[] fake = json.GetProperty("TestUnzipSizeLimitsSpecial.fakeSizeData").EnumerateArray().Select(e => (byte)e.GetInt32()).ToArray();
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        using (var s = zip.CreateEntry("example.com/m@v1.0.0/go.mod").Open())
            s.Write(new byte[0x0BAD]);
        byte[] data = ms.ToArray();
        int n = 0;
        for (int i = data.AsSpan().IndexOf(real); i >= 0;)
        {
            fake.CopyTo(data, i);
            n++;
            int next = data.AsSpan(i + 1).IndexOf(real);
            i = next < 0 ? -1 : i + 1 + next;
        }
        Assert.AreEqual(2, n, "the real size should occur twice (local and central headers)");
        return data;
    }

    /// <summary>Go's fakeFile without data: <see cref="Size"/> zero bytes.</summary>
    private sealed class ZeroFile(string path, long size) : IModuleFile
    {
        public string Path { get; } = path;
        public ModuleFileKind Kind => ModuleFileKind.Regular;
        public long Size { get; } = size;
        public Stream Open() => new ZeroStream(Size);
    }

    private sealed class ZeroStream(long length) : Stream
    {
        private long _left = length;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = (int)Math.Min(count, Math.Max(_left, 0));
            Array.Clear(buffer, offset, n);
            _left -= n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
