using ModuleSdk.Diagnostics;

namespace ModuleSdk.SumDb;

public static partial class Tlog
{
    /// <summary>
    /// The inclusion proof that record <paramref name="n"/> is in the tree of size
    /// <paramref name="t"/>: the sibling subtree hashes from the leaf up (RFC 6962 audit path).
    /// </summary>
    public static async ValueTask<IReadOnlyList<LogHash>> ProveRecordAsync(long t, long n, IHashReader reader, CancellationToken cancellationToken)
    {
        if (t < 0 || n < 0 || n >= t) throw new ArgumentException($"tlog: invalid inputs in ProveRecord (t={t}, n={n})");
        var indexes = LeafProofIndex(0, t, n, []);
        if (indexes.Count == 0) return [];
        var hashes = await ReadExactlyAsync(reader, indexes, cancellationToken).ConfigureAwait(false);
        var proof = new List<LogHash>();
        int used = LeafProof(0, t, n, hashes, 0, proof);
        if (used != hashes.Count) throw new InvalidOperationException("tlog: bad index math in ProveRecord");
        return proof;
    }

    /// <summary>
    /// Checks that <paramref name="proof"/> proves record <paramref name="n"/> with hash
    /// <paramref name="recordHash"/> is in the tree of size <paramref name="t"/> and hash
    /// <paramref name="treeHash"/>; throws MOD6607 when it does not.
    /// </summary>
    public static void CheckRecord(IReadOnlyList<LogHash> proof, long t, LogHash treeHash, long n, LogHash recordHash)
    {
        if (t < 0 || n < 0 || n >= t) throw ProofFailed($"invalid inputs (record {n} of a tree of {t})");
        var th = RunRecordProof(proof, proof.Count, 0, t, n, recordHash);
        if (th != treeHash) throw ProofFailed($"record {n} is not in the tree of size {t}");
    }

    /// <summary>
    /// The consistency proof that the tree of size <paramref name="n"/> is a prefix of the tree of
    /// size <paramref name="t"/> (RFC 6962 consistency proof).
    /// </summary>
    public static async ValueTask<IReadOnlyList<LogHash>> ProveTreeAsync(long t, long n, IHashReader reader, CancellationToken cancellationToken)
    {
        if (t < 1 || n < 1 || n > t) throw new ArgumentException($"tlog: invalid inputs in ProveTree (t={t}, n={n})");
        var indexes = TreeProofIndex(0, t, n, []);
        if (indexes.Count == 0) return [];
        var hashes = await ReadExactlyAsync(reader, indexes, cancellationToken).ConfigureAwait(false);
        var proof = new List<LogHash>();
        int used = TreeProof(0, t, n, hashes, 0, proof);
        if (used != hashes.Count) throw new InvalidOperationException("tlog: bad index math in ProveTree");
        return proof;
    }

    /// <summary>
    /// Checks that <paramref name="proof"/> proves the tree of size <paramref name="n"/> and hash
    /// <paramref name="oldHash"/> is a prefix of the tree of size <paramref name="t"/> and hash
    /// <paramref name="treeHash"/>; throws MOD6607 when it does not.
    /// </summary>
    public static void CheckTree(IReadOnlyList<LogHash> proof, long t, LogHash treeHash, long n, LogHash oldHash)
    {
        if (t < 1 || n < 1 || n > t) throw ProofFailed($"invalid inputs (tree {n} against tree {t})");
        var (h2, th2) = RunTreeProof(proof, proof.Count, 0, t, n, oldHash);
        if (th2 != treeHash || h2 != oldHash) throw ProofFailed($"the tree of size {n} is not a prefix of the tree of size {t}");
    }

    private static ModuleException ProofFailed(string what) =>
        new(DiagnosticCodes.SumDbProofFailed, "invalid transparency proof: " + what);

    private static List<long> LeafProofIndex(long lo, long hi, long n, List<long> need)
    {
        if (lo + 1 == hi) return need;
        var (k, _) = MaxPow2(hi - lo);
        if (n < lo + k)
        {
            LeafProofIndex(lo, lo + k, n, need);
            SubTreeIndex(lo + k, hi, need);
        }
        else
        {
            SubTreeIndex(lo, lo + k, need);
            LeafProofIndex(lo + k, hi, n, need);
        }
        return need;
    }

    // The proof lists hashes from the leaf's sibling upwards: recurse first, then append this level.
    private static int LeafProof(long lo, long hi, long n, IReadOnlyList<LogHash> hashes, int at, List<LogHash> proof)
    {
        if (lo + 1 == hi) return at;
        var (k, _) = MaxPow2(hi - lo);
        LogHash th;
        if (n < lo + k)
        {
            at = LeafProof(lo, lo + k, n, hashes, at, proof);
            (th, at) = SubTreeHash(lo + k, hi, hashes, at);
        }
        else
        {
            (th, at) = SubTreeHash(lo, lo + k, hashes, at);
            at = LeafProof(lo + k, hi, n, hashes, at, proof);
        }
        proof.Add(th);
        return at;
    }

    // Uses proof[0..count): the last element is this level's sibling.
    private static LogHash RunRecordProof(IReadOnlyList<LogHash> p, int count, long lo, long hi, long n, LogHash leaf)
    {
        if (lo + 1 == hi)
        {
            if (count != 0) throw ProofFailed("the record proof is too long");
            return leaf;
        }
        if (count == 0) throw ProofFailed("the record proof is too short");
        var (k, _) = MaxPow2(hi - lo);
        if (n < lo + k) return NodeHash(RunRecordProof(p, count - 1, lo, lo + k, n, leaf), p[count - 1]);
        return NodeHash(p[count - 1], RunRecordProof(p, count - 1, lo + k, hi, n, leaf));
    }

    private static List<long> TreeProofIndex(long lo, long hi, long n, List<long> need)
    {
        if (n == hi)
        {
            if (lo == 0) return need;
            return SubTreeIndex(lo, hi, need);
        }
        var (k, _) = MaxPow2(hi - lo);
        if (n <= lo + k)
        {
            TreeProofIndex(lo, lo + k, n, need);
            SubTreeIndex(lo + k, hi, need);
        }
        else
        {
            SubTreeIndex(lo, lo + k, need);
            TreeProofIndex(lo + k, hi, n, need);
        }
        return need;
    }

    private static int TreeProof(long lo, long hi, long n, IReadOnlyList<LogHash> hashes, int at, List<LogHash> proof)
    {
        LogHash th;
        if (n == hi)
        {
            if (lo == 0) return at;
            (th, at) = SubTreeHash(lo, hi, hashes, at);
            proof.Add(th);
            return at;
        }
        var (k, _) = MaxPow2(hi - lo);
        if (n <= lo + k)
        {
            at = TreeProof(lo, lo + k, n, hashes, at, proof);
            (th, at) = SubTreeHash(lo + k, hi, hashes, at);
        }
        else
        {
            (th, at) = SubTreeHash(lo, lo + k, hashes, at);
            at = TreeProof(lo + k, hi, n, hashes, at, proof);
        }
        proof.Add(th);
        return at;
    }

    // Returns (the old tree's hash, the new tree's hash) as the proof rebuilds them.
    private static (LogHash Old, LogHash Tree) RunTreeProof(IReadOnlyList<LogHash> p, int count, long lo, long hi, long n, LogHash old)
    {
        if (n == hi)
        {
            if (lo == 0)
            {
                if (count != 0) throw ProofFailed("the tree proof is too long");
                return (old, old);
            }
            if (count != 1) throw ProofFailed("the tree proof has the wrong length");
            return (p[0], p[0]);
        }
        if (count == 0) throw ProofFailed("the tree proof is too short");
        var (k, _) = MaxPow2(hi - lo);
        var sibling = p[count - 1];
        if (n <= lo + k)
        {
            var (oh, th) = RunTreeProof(p, count - 1, lo, lo + k, n, old);
            return (oh, NodeHash(th, sibling));
        }
        else
        {
            var (oh, th) = RunTreeProof(p, count - 1, lo + k, hi, n, old);
            return (NodeHash(sibling, oh), NodeHash(sibling, th));
        }
    }
}
