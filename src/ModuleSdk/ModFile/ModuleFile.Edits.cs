using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;

namespace ModuleSdk.ModFile;

// Edits, as Go's modfile File methods. Edits that drop lines only mark them (an empty path in
// the typed view, no tokens in the syntax) so that many edits stay linear; call Cleanup (or
// FormatCanonical) once they are done. Every edit keeps the comments of the lines it touches.
public sealed partial class ModuleFile
{
    /// <summary>Sets the module path, adding a <c>module</c> line if there is none.</summary>
    public void AddModuleStmt(string path)
    {
        if (Module is null)
        {
            Module = new ModuleDirective { Path = path, Syntax = Syntax.AddLine(null, "module", GoQuote.AutoQuote(path)) };
        }
        else
        {
            Module.Path = path;
            FileSyntax.UpdateLine(Module.Syntax, "module", GoQuote.AutoQuote(path));
        }
    }

    /// <summary>Appends a top-level comment (<paramref name="text"/> includes the <c>//</c>).</summary>
    public void AddComment(string text)
    {
        var block = new CommentBlock();
        block.Comments.Before.Add(new Comment(default, text));
        Syntax.Statements.Add(block);
    }

    /// <summary>
    /// Requires <paramref name="path"/> at <paramref name="version"/>: the first line for the path
    /// gets the new version (keeping its comments), other lines for it are dropped; with no line,
    /// one is added at the end of the last require block.
    /// </summary>
    public void AddRequire(string path, string version)
    {
        bool need = true;
        foreach (var r in Require)
        {
            if (r.Mod.Path != path) continue;
            if (need)
            {
                r.Mod = new ModuleId(path, version);
                FileSyntax.UpdateLine(r.Syntax!, "require", GoQuote.AutoQuote(path), version);
                need = false;
            }
            else
            {
                r.MarkRemoved();
            }
        }
        if (need) AddNewRequire(path, version, indirect: false);
    }

    /// <summary>Adds a require line at the end of the last require block, whatever lines the path already has.</summary>
    public void AddNewRequire(string path, string version, bool indirect)
    {
        var line = Syntax.AddLine(null, "require", GoQuote.AutoQuote(path), version);
        var r = new Require { Mod = new ModuleId(path, version), Syntax = line };
        SetIndirect(r, indirect);
        Require.Add(r);
    }

    /// <summary>Drops every require line for <paramref name="path"/>.</summary>
    public void DropRequire(string path)
    {
        foreach (var r in Require)
            if (r.Mod.Path == path) r.MarkRemoved();
    }

    /// <summary>Adds or removes the <c>// indirect</c> marker on every require line for <paramref name="path"/>.</summary>
    public void SetIndirect(string path, bool indirect)
    {
        foreach (var r in Require)
            if (r.Mod.Path == path) SetIndirect(r, indirect);
    }

    /// <summary>
    /// Makes the requirements exactly <paramref name="requirements"/>, keeping the block layout
    /// and the comments of the first existing line for each path (except <c>indirect</c>
    /// markers, which follow the new requirement). New paths join the last require block; blocks
    /// are sorted. At most one version per path.
    /// </summary>
    public void SetRequire(IEnumerable<Require> requirements)
    {
        var need = new Dictionary<string, (string Version, bool Indirect)>();
        var order = new List<string>();
        foreach (var r in requirements)
        {
            if (need.TryGetValue(r.Mod.Path, out var prev) && prev.Version != r.Mod.Version)
                throw new ArgumentException(
                    $"SetRequire called with conflicting versions for path {r.Mod.Path} ({prev.Version} and {r.Mod.Version})", nameof(requirements));
            if (!need.ContainsKey(r.Mod.Path)) order.Add(r.Mod.Path);
            need[r.Mod.Path] = (r.Mod.Version, r.Indirect);
        }
        foreach (var r in Require)
        {
            string path = r.Mod.Path;
            if (need.TryGetValue(path, out var e))
            {
                SetVersion(r, e.Version);
                SetIndirect(r, e.Indirect);
            }
            else
            {
                r.MarkRemoved();
            }
            need.Remove(path);
        }
        foreach (var path in order)
            if (need.TryGetValue(path, out var e)) AddNewRequire(path, e.Version, e.Indirect);
        SortBlocks();
    }

    /// <summary>Excludes <paramref name="path"/>@<paramref name="version"/> (a canonical version), next to other excludes of the path.</summary>
    public void AddExclude(string path, string version)
    {
        CheckCanonicalVersion(path, version);
        Line? hint = null;
        foreach (var x in Exclude)
        {
            if (x.Mod.Path == path && x.Mod.Version == version) return;
            if (x.Mod.Path == path) hint = x.Syntax;
        }
        // Without an exclude of the same path the line goes at the end of the file, not into an
        // existing exclude block: what go mod edit does (Go passes a typed nil hint here).
        Exclude.Add(new Exclude { Mod = new ModuleId(path, version), Syntax = AddLineNear(hint, "exclude", GoQuote.AutoQuote(path), version) });
    }

    /// <summary>Drops the exclude lines for <paramref name="path"/>@<paramref name="version"/>.</summary>
    public void DropExclude(string path, string version)
    {
        foreach (var x in Exclude)
        {
            if (x.Mod.Path == path && x.Mod.Version == version)
            {
                x.Syntax.MarkRemoved();
                x.Mod = new ModuleId("", "");
            }
        }
    }

    /// <summary>
    /// Replaces <paramref name="oldPath"/> (at <paramref name="oldVersion"/>, or every version when
    /// it is empty) by <paramref name="newPath"/>@<paramref name="newVersion"/> (a directory when the
    /// version is empty). An existing replacement of the same old module is updated in place.
    /// </summary>
    public void AddReplace(string oldPath, string oldVersion, string newPath, string newVersion)
    {
        var tokens = new List<string> { "replace", GoQuote.AutoQuote(oldPath) };
        if (oldVersion.Length > 0) tokens.Add(oldVersion);
        tokens.Add("=>");
        tokens.Add(GoQuote.AutoQuote(newPath));
        if (newVersion.Length > 0) tokens.Add(newVersion);
        var tokenArray = tokens.ToArray();

        bool need = true;
        Line? hint = null;
        foreach (var r in Replace)
        {
            if (r.Old.Path == oldPath && (oldVersion.Length == 0 || r.Old.Version == oldVersion))
            {
                if (need)
                {
                    r.New = new ModuleId(newPath, newVersion);
                    FileSyntax.UpdateLine(r.Syntax, tokenArray);
                    need = false;
                    continue;
                }
                r.Syntax.MarkRemoved();
                r.Old = new ModuleId("", "");
                r.New = new ModuleId("", "");
            }
            if (r.Old.Path == oldPath) hint = r.Syntax;
        }
        if (need)
            Replace.Add(new Replace
            {
                Old = new ModuleId(oldPath, oldVersion),
                New = new ModuleId(newPath, newVersion),
                Syntax = AddLineNear(hint, tokenArray), // end of file without a hint, as for excludes
            });
    }

    /// <summary>Drops the replacement of exactly <paramref name="oldPath"/>@<paramref name="oldVersion"/> (empty version: the all-versions one).</summary>
    public void DropReplace(string oldPath, string oldVersion)
    {
        foreach (var r in Replace)
        {
            if (r.Old.Path == oldPath && r.Old.Version == oldVersion)
            {
                r.Syntax.MarkRemoved();
                r.Old = new ModuleId("", "");
                r.New = new ModuleId("", "");
            }
        }
    }

    /// <summary>Retracts an interval of canonical versions, with the rationale as comments above the line.</summary>
    public void AddRetract(VersionInterval interval, string rationale = "")
    {
        string path = Module?.Path ?? "";
        CheckCanonicalVersion(path, interval.High);
        CheckCanonicalVersion(path, interval.Low);
        var line = interval.Low == interval.High
            ? Syntax.AddLine(null, "retract", GoQuote.AutoQuote(interval.Low))
            : Syntax.AddLine(null, "retract", "[", GoQuote.AutoQuote(interval.Low), ",", GoQuote.AutoQuote(interval.High), "]");
        if (rationale.Length > 0)
            foreach (var text in rationale.Split('\n')) line.Comments.Before.Add(new Comment(default, "// " + text));
        Retract.Add(new Retract { Interval = interval, Rationale = rationale, Syntax = line });
    }

    /// <summary>Drops the retract lines for exactly <paramref name="interval"/>.</summary>
    public void DropRetract(VersionInterval interval)
    {
        foreach (var r in Retract)
        {
            if (r.Interval == interval)
            {
                r.Syntax.MarkRemoved();
                r.Interval = default;
            }
        }
    }

    private Line AddLineNear(Line? hint, params string[] tokens)
    {
        if (hint is not null) return Syntax.AddLine(hint, tokens);
        var line = new Line(tokens);
        Syntax.Statements.Add(line);
        return line;
    }

    /// <summary>Removes what edits dropped from the typed lists and from the syntax tree.</summary>
    public void Cleanup()
    {
        Require.RemoveAll(r => r.IsRemoved);
        Exclude.RemoveAll(x => x.IsRemoved);
        Replace.RemoveAll(r => r.IsRemoved);
        Retract.RemoveAll(r => r.IsRemoved);
        Syntax.Cleanup();
    }

    /// <summary>
    /// Drops duplicate excludes (the first wins) and replacements (the last wins), then sorts the
    /// lines of every block: by tokens, and retract blocks by interval, newest first. Empty blocks go.
    /// </summary>
    public void SortBlocks()
    {
        RemoveDuplicates();
        foreach (var stmt in Syntax.Statements)
        {
            if (stmt is not LineBlock block) continue;
            Comparison<Line> compare = block.Tokens[0] == "retract" ? CompareRetractLines : CompareLines;
            // Stable, as Go's sort.SliceStable: equal lines keep their order.
            block.Lines = block.Lines.Order(Comparer<Line>.Create(compare)).ToList();
        }
    }

    private void RemoveDuplicates()
    {
        var kill = new HashSet<Line>(ReferenceEqualityComparer.Instance);
        var haveExclude = new HashSet<ModuleId>();
        foreach (var x in Exclude)
            if (!haveExclude.Add(x.Mod)) kill.Add(x.Syntax);
        Exclude.RemoveAll(x => kill.Contains(x.Syntax));

        var haveReplace = new HashSet<ModuleId>();
        for (int i = Replace.Count - 1; i >= 0; i--)
            if (!haveReplace.Add(Replace[i].Old)) kill.Add(Replace[i].Syntax);
        Replace.RemoveAll(r => kill.Contains(r.Syntax));

        var kept = new List<SyntaxNode>(Syntax.Statements.Count);
        foreach (var stmt in Syntax.Statements)
        {
            if (stmt is Line line && kill.Contains(line)) continue;
            if (stmt is LineBlock block)
            {
                block.Lines.RemoveAll(kill.Contains);
                if (block.Lines.Count == 0) continue;
            }
            kept.Add(stmt);
        }
        Syntax.Statements = kept;
    }

    private static int CompareLines(Line a, Line b)
    {
        for (int k = 0; k < a.Tokens.Count && k < b.Tokens.Count; k++)
        {
            if (a.Tokens[k] != b.Tokens[k]) return string.CompareOrdinal(a.Tokens[k], b.Tokens[k]) < 0 ? -1 : 1;
        }
        return a.Tokens.Count.CompareTo(b.Tokens.Count);
    }

    private static int CompareRetractLines(Line a, Line b)
    {
        static VersionInterval Interval(Line l) =>
            l.Tokens.Count == 1 ? VersionInterval.Single(l.Tokens[0])
            : l.Tokens.Count == 5 && l.Tokens[0] == "[" && l.Tokens[2] == "," && l.Tokens[4] == "]" ? new VersionInterval(l.Tokens[1], l.Tokens[3])
            : new VersionInterval("", "");
        var x = Interval(a);
        var y = Interval(b);
        // Newest first: descending by low, then by high.
        int c = Semver.Compare(x.Low, y.Low);
        if (c != 0) return -c;
        return -Semver.Compare(x.High, y.High);
    }

    private static void SetVersion(Require r, string version)
    {
        r.Mod = r.Mod with { Version = version };
        var line = r.Syntax;
        if (line is null || line.Tokens.Count == 0) return;
        if (line.InBlock)
        {
            // A requirement whose version changes loses the blank line above it (golang.org/issue/33779).
            if (line.Comments.Before.Count == 1 && line.Comments.Before[0].Token.Length == 0) line.Comments.Before.Clear();
            if (line.Tokens.Count >= 2) line.Tokens[1] = version;
        }
        else if (line.Tokens.Count >= 3)
        {
            line.Tokens[2] = version;
        }
    }

    /// <summary>Adds or removes the line's <c>// indirect</c> marker, keeping any other comment text.</summary>
    private static void SetIndirect(Require r, bool indirect)
    {
        r.Indirect = indirect;
        var line = r.Syntax;
        if (line is null || DirectiveParser.IsIndirect(line) == indirect) return;
        var suffix = line.Comments.Suffix;
        if (indirect)
        {
            if (suffix.Count == 0)
            {
                line.Comments.Suffix = [new Comment(default, "// indirect", Suffix: true)];
                return;
            }
            string text = DirectiveParser.TrimSlashes(suffix[0].Token).Trim();
            suffix[0] = suffix[0] with { Token = text.Length == 0 ? "// indirect" : "// indirect; " + text };
            return;
        }
        if (DirectiveParser.TrimSlashes(suffix[0].Token).Trim() == "indirect")
        {
            line.Comments.Suffix = [];
            return;
        }
        string token = suffix[0].Token;
        int i = token.IndexOf("indirect;", StringComparison.Ordinal);
        suffix[0] = suffix[0] with { Token = "//" + token[(i + "indirect;".Length)..] };
    }

    /// <summary>Go's <c>checkCanonicalVersion</c>: the version must be canonical and agree with the path's major.</summary>
    private static void CheckCanonicalVersion(string path, string version)
    {
        bool pathMajorOk = ModulePath.SplitPathVersion(path, out _, out var pathMajor);
        if (version.Length == 0 || version != ModuleVersion.Canonical(version))
        {
            string form = pathMajor.Length == 0 ? "v1.2.3" : ModulePath.PathMajorPrefix(pathMajor) + ".2.3";
            throw new ModuleException(DiagnosticCodes.InvalidModFileEdit, $"version {GoQuote.Quote(version)} invalid: must be of the form {form}");
        }
        if (!pathMajorOk) return;
        try
        {
            ModulePath.CheckPathMajor(version, pathMajor);
        }
        catch (ModuleException e)
        {
            if (pathMajor.Length == 0)
            {
                // Without a /vN suffix, v2.3.4 most likely meant v2.3.4+incompatible.
                throw new ModuleException(DiagnosticCodes.InvalidModFileEdit,
                    $"version {GoQuote.Quote(version)} invalid: should be {version}+incompatible (or module {path}/{Semver.Major(version)})", e);
            }
            throw new ModuleException(DiagnosticCodes.InvalidModFileEdit, e.Message, e);
        }
    }
}
