using ModuleSdk.Modules;

namespace ModuleSdk.ModFile;

public sealed partial class ModuleFile
{
    /// <summary>
    /// Makes the requirements exactly <paramref name="requirements"/>, as Go ≥ 1.17 rewrites
    /// go.mod: direct requirements in one block and <c>// indirect</c> ones in another. Lines
    /// keep their comments (except <c>indirect</c> markers); lines whose marker changes move
    /// between the two uncommented blocks; blocks carrying comments are left where they are;
    /// a single uncommented mixed block is split in two. New paths join the matching block.
    /// </summary>
    public void SetRequireSeparateIndirect(IEnumerable<Require> requirements)
    {
        var req = requirements.ToList();
        var stmts = Syntax.Statements;

        int lastDirectIndex = -1, lastIndirectIndex = -1, lastRequireIndex = -1, requireCount = 0;
        var lineToBlock = new Dictionary<Line, LineBlock>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < stmts.Count; i++)
        {
            switch (stmts[i])
            {
                case Line line when line.Tokens.Count > 0 && line.Tokens[0] == "require":
                    lastRequireIndex = i;
                    requireCount++;
                    if (!HasComments(line.Comments))
                    {
                        if (DirectiveParser.IsIndirect(line)) lastIndirectIndex = i;
                        else lastDirectIndex = i;
                    }
                    break;
                case LineBlock block when block.Tokens.Count > 0 && block.Tokens[0] == "require":
                    lastRequireIndex = i;
                    requireCount++;
                    bool allDirect = block.Lines.Count > 0 && !HasComments(block.Comments);
                    bool allIndirect = allDirect;
                    foreach (var line in block.Lines)
                    {
                        lineToBlock[line] = block;
                        if (HasComments(line.Comments)) allDirect = allIndirect = false;
                        else if (DirectiveParser.IsIndirect(line)) allDirect = false;
                        else allIndirect = false;
                    }
                    if (allDirect) lastDirectIndex = i;
                    if (allIndirect) lastIndirectIndex = i;
                    break;
            }
        }

        bool oneFlatUncommentedBlock = requireCount == 1 && !HasComments(stmts[lastRequireIndex].Comments);

        LineBlock InsertBlock(int i)
        {
            var block = new LineBlock(["require"]);
            stmts.Insert(i, block);
            return block;
        }

        LineBlock EnsureBlock(int i)
        {
            switch (stmts[i])
            {
                case LineBlock block:
                    return block;
                case Line line:
                    var created = new LineBlock(["require"]);
                    created.Lines.Add(line);
                    line.Tokens = line.Tokens.Skip(1).ToList();
                    line.InBlock = true;
                    stmts[i] = created;
                    return created;
                default:
                    throw new InvalidOperationException($"unexpected statement {stmts[i]}");
            }
        }

        // Empty or one-line blocks made here are removed or collapsed by Cleanup.
        LineBlock lastDirectBlock;
        if (lastDirectIndex < 0)
        {
            if (lastIndirectIndex >= 0)
            {
                lastDirectIndex = lastIndirectIndex;
                lastIndirectIndex++;
            }
            else if (lastRequireIndex >= 0)
            {
                lastDirectIndex = lastRequireIndex + 1;
            }
            else
            {
                lastDirectIndex = stmts.Count;
            }
            lastDirectBlock = InsertBlock(lastDirectIndex);
        }
        else
        {
            lastDirectBlock = EnsureBlock(lastDirectIndex);
        }

        LineBlock lastIndirectBlock;
        if (lastIndirectIndex < 0)
        {
            lastIndirectIndex = lastDirectIndex + 1;
            lastIndirectBlock = InsertBlock(lastIndirectIndex);
        }
        else
        {
            lastIndirectBlock = EnsureBlock(lastIndirectIndex);
        }

        var need = new Dictionary<string, Require>();
        foreach (var r in req) need[r.Mod.Path] = r;
        var have = new Dictionary<string, Require>();
        foreach (var r in Require)
        {
            string path = r.Mod.Path;
            if (!need.TryGetValue(path, out var wanted) || have.ContainsKey(path))
            {
                // Not wanted any more, or a duplicate line.
                r.MarkRemoved();
                continue;
            }
            have[path] = r;
            SetVersion(r, wanted.Mod.Version);
            SetIndirect(r, wanted.Indirect);
            var inBlock = lineToBlock.GetValueOrDefault(r.Syntax!);
            if (wanted.Indirect && (oneFlatUncommentedBlock || inBlock == lastDirectBlock)) MoveRequire(r, lastIndirectBlock);
            else if (!wanted.Indirect && (oneFlatUncommentedBlock || inBlock == lastIndirectBlock)) MoveRequire(r, lastDirectBlock);
        }

        foreach (var r in req)
        {
            if (have.ContainsKey(r.Mod.Path)) continue;
            have[r.Mod.Path] = r;
            var added = new Require { Mod = r.Mod, Indirect = r.Indirect };
            MoveRequire(added, r.Indirect ? lastIndirectBlock : lastDirectBlock);
            Require.Add(added);
        }

        SortBlocks();
    }

    /// <summary>Whether a line or block has comments other than a lone <c>// indirect</c>.</summary>
    private static bool HasComments(Comments c) =>
        c.Before.Count > 0 || c.After.Count > 0 || c.Suffix.Count > 1 ||
        (c.Suffix.Count == 1 && DirectiveParser.TrimSlashes(c.Suffix[0].Token).Trim() != "indirect");

    /// <summary>Adds the requirement's line to <paramref name="block"/>, moving it (with its comments) from where it was.</summary>
    private static void MoveRequire(Require r, LineBlock block)
    {
        Line line;
        if (r.Syntax is null)
        {
            line = new Line([GoQuote.AutoQuote(r.Mod.Path), r.Mod.Version]);
            r.Syntax = line;
            if (r.Indirect) SetIndirect(r, true);
        }
        else
        {
            var old = r.Syntax;
            var tokens = !old.InBlock && old.Tokens.Count > 0 && old.Tokens[0] == "require" ? old.Tokens.Skip(1) : old.Tokens;
            line = new Line(tokens)
            {
                Start = old.Start,
                End = old.End,
                Comments = new Comments { Before = [.. old.Comments.Before], Suffix = [.. old.Comments.Suffix], After = [.. old.Comments.After] },
            };
            old.Tokens = []; // Cleanup drops the old line
            r.Syntax = line;
        }
        line.InBlock = true;
        block.Lines.Add(line);
    }
}
