using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests;

/// <summary>
/// Every tracked C# line fits in 160 characters, the <c>max_line_length</c> of the repository's
/// .editorconfig (issue 10 §4). Read from <c>git ls-files</c>, so generated and untracked files
/// (obj/, bin/, .tools/) do not count.
/// </summary>
[TestClass]
public sealed class LineLengthTests
{
    /// <summary>The .editorconfig's <c>max_line_length</c> for <c>*.cs</c>.</summary>
    internal const int MaxLineLength = 160;

    [TestMethod]
    public void TrackedCSharpLines_FitIn160Characters()
    {
        var ls = ProcessRunner.Run("git", ["-C", RepositoryRoot.Path, "ls-files", "-z", "--", "*.cs"]);
        Assert.AreEqual(0, ls.ExitCode, "git ls-files: " + ls);
        var files = ls.Stdout.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        Assert.IsTrue(files.Length > 0, "git ls-files listed no .cs file under " + RepositoryRoot.Path);
        var tooLong = new List<string>();
        foreach (var file in files)
        {
            string path = RepositoryRoot.Combine(file);
            if (!File.Exists(path)) continue; // deleted in the work tree, not yet committed
            int number = 0;
            foreach (var line in File.ReadLines(path))
            {
                number++;
                // Characters as an editor counts them; a tab is one, as the .editorconfig's indent is spaces.
                if (line.Length > MaxLineLength) tooLong.Add($"{file}:{number}: {line.Length} characters");
            }
        }
        Assert.AreEqual(0, tooLong.Count,
            $"{tooLong.Count} tracked C# line(s) over {MaxLineLength} characters (wrap them; .editorconfig max_line_length):\n"
            + string.Join("\n", tooLong.Take(200)) + (tooLong.Count > 200 ? $"\n... and {tooLong.Count - 200} more" : ""));
    }
}
