namespace ModuleSdk.Tasks.Tests;

/// <summary>VerifyModules in-process: a clean cache, then one tampered module file.</summary>
[TestClass]
public sealed class VerifyTaskTests
{
    [TestMethod]
    public void Verify_CleanThenTampered_ReportsTheModifiedDirectory()
    {
        using var w = new TaskWorld("module example.com/app\n\nrequire example.com/lib v1.0.0\n");
        w.Module("example.com/lib", "v1.0.0");
        Assert.IsTrue(w.Restore().Ok);

        var clean = w.Verify();
        Assert.IsTrue(clean.Ok, clean.Engine.ErrorText);
        StringAssert.Contains(clean.Engine.Output(Microsoft.Build.Framework.MessageImportance.High), "all modules verified");

        string file = Path.Combine(w.Cache, "example.com", "lib@v1.0.0", "Lib.cs");
        File.SetAttributes(file, FileAttributes.Normal);
        File.AppendAllText(file, "// tampered\n");

        var tampered = w.Verify();
        Assert.IsFalse(tampered.Ok);
        var error = tampered.Engine.Errors.Single();
        StringAssert.StartsWith(error.Code, "MOD7", tampered.Engine.ErrorText);
        StringAssert.Contains(error.Message, "example.com/lib v1.0.0: dir has been modified");
        Assert.AreEqual(w.SumFile, error.File);
    }
}
