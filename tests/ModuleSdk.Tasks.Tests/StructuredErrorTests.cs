namespace ModuleSdk.Tasks.Tests;

/// <summary>
/// The tasks place errors from the exception's structure (module, hashes, module.sum file and
/// line), not from its wording, and one mismatch is one error on one line.
/// </summary>
[TestClass]
public sealed class StructuredErrorTests
{
    private const string AppMod = "module example.com/app\n\nrequire (\n\texample.com/dep v1.0.0\n\texample.com/lib v1.0.0\n)\n";
    private const string Wrong = "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    private static TaskWorld World()
    {
        var w = new TaskWorld(AppMod);
        w.Module("example.com/dep", "v1.0.0")
         .Module("example.com/dep", "v1.1.0")
         .Module("example.com/lib", "v1.0.0", ["example.com/dep v1.1.0"]);
        return w;
    }

    [TestMethod]
    [DataRow("example.com/lib v1.0.0/module.mod")]
    [DataRow("example.com/lib v1.0.0")]
    public void SumMismatch_OneErrorOneLine_AtTheRecordedLine(string key)
    {
        using var w = World();
        // The wrong line is the third: placing it needs the line the checker compared against.
        string sum = "example.com/aaa v1.0.0 h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n" +
                     "example.com/aab v1.0.0 h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n" +
                     $"{key} {Wrong}\n";
        if (!key.EndsWith("/module.mod", StringComparison.Ordinal))
        {
            // A zip line is only checked once the module files are known good: restore once for them.
            File.Delete(w.SumFile);
            var (first, firstEngine, _) = w.Restore();
            Assert.IsTrue(first, firstEngine.ErrorText);
            var good = File.ReadAllLines(w.SumFile).Where(l => !l.StartsWith("example.com/lib v1.0.0 ", StringComparison.Ordinal));
            sum = string.Concat(good.Select(l => l + "\n")) + $"{key} {Wrong}\n";
            foreach (var d in Directory.EnumerateDirectories(w.Cache)) MakeWritableAndDelete(d);
        }
        File.WriteAllText(w.SumFile, sum);
        int line = Array.IndexOf(sum.Split('\n'), $"{key} {Wrong}") + 1;

        var (ok, engine, _) = w.Restore();

        Assert.IsFalse(ok);
        Assert.AreEqual(1, engine.Errors.Count, engine.ErrorText);
        var error = engine.Errors[0];
        Assert.AreEqual("MOD7003", error.Code);
        Assert.AreEqual(w.SumFile, error.File);
        Assert.AreEqual(line, error.LineNumber, engine.ErrorText);
        Assert.IsFalse(error.Message!.Contains('\n'), "one error, one line: " + error.Message);
        StringAssert.Contains(error.Message, Wrong);
        StringAssert.Contains(error.Message, "SECURITY ERROR");
    }

    private static void MakeWritableAndDelete(string dir)
    {
        if (!OperatingSystem.IsWindows())
            foreach (var d in Directory.EnumerateDirectories(dir, "*", SearchOption.AllDirectories).Append(dir))
                File.SetUnixFileMode(d, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.Delete(dir, recursive: true);
    }
}
