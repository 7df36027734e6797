namespace ModuleSdk.Modules;

/// <summary>
/// Go's <c>module.MatchPrefixPatterns</c>: comma-separated glob patterns (Go's <c>path.Match</c>
/// syntax: <c>*</c>, <c>?</c>, <c>[a-z]</c>, <c>[^x]</c>, <c>\</c> escapes) matched against the
/// leading path elements of a module path, as used by <c>MODPRIVATE</c>. A pattern with N
/// slashes matches the first N+1 elements, so <c>corp.example.com</c> matches
/// <c>corp.example.com/team/lib</c> and <c>*.corp.example.com</c> any host below it.
/// </summary>
public static class PathPatterns
{
    /// <summary>Reports whether any pattern in the comma-separated <paramref name="globs"/> matches a prefix of <paramref name="target"/>.</summary>
    public static bool MatchPrefixPatterns(string? globs, string target)
    {
        if (string.IsNullOrEmpty(globs)) return false;
        foreach (var raw in globs.Split(','))
        {
            // Exactly Go's normalization: one trailing slash dropped ("corp.example.com/" is
            // "corp.example.com"), and no spaces trimmed (" a" is a pattern that matches nothing).
            var glob = raw.EndsWith('/') ? raw[..^1] : raw;
            if (glob.Length == 0) continue;
            int n = glob.Count('/');
            string prefix = target;
            for (int i = 0; i < target.Length; i++)
            {
                if (target[i] != '/') continue;
                if (n == 0) { prefix = target[..i]; break; }
                n--;
            }
            if (n > 0) continue; // the target has fewer elements than the pattern
            if (Match(glob, prefix)) return true;
        }
        return false;
    }

    /// <summary>
    /// Go's <c>path.Match</c>: reports whether <paramref name="name"/> matches the shell pattern.
    /// A malformed pattern matches nothing (Go returns ErrBadPattern, which callers treat as no match).
    /// </summary>
    public static bool Match(string pattern, string name) => Match(pattern.AsSpan(), name.AsSpan(), out bool bad) && !bad;

    private static bool Match(ReadOnlySpan<char> pattern, ReadOnlySpan<char> name, out bool bad)
    {
        bad = false;
        while (pattern.Length > 0)
        {
            bool star = false;
            while (pattern.Length > 0 && pattern[0] == '*') { pattern = pattern[1..]; star = true; }
            int end = ChunkEnd(pattern);
            var chunk = pattern[..end];
            pattern = pattern[end..];
            if (star && chunk.Length == 0)
                return !name.Contains('/'); // a trailing star matches the rest of the element

            // The chunk at the current position; the last chunk must consume the whole name.
            var here = MatchChunk(chunk, name, out bad);
            if (here is int r && (r == name.Length || pattern.Length > 0))
            {
                name = name[r..];
                continue;
            }
            if (bad) return false;

            bool advanced = false;
            if (star)
            {
                // Let the star swallow i+1 characters, never a slash.
                for (int i = 0; i < name.Length && name[i] != '/'; i++)
                {
                    var rest = name[(i + 1)..];
                    var t = MatchChunk(chunk, rest, out bad);
                    if (t is int k)
                    {
                        if (pattern.Length == 0 && k < rest.Length) continue;
                        name = rest[k..];
                        advanced = true;
                        break;
                    }
                    if (bad) return false;
                }
            }
            if (advanced) continue;

            // Like Go, a pattern that fails to match must still be well-formed to the end.
            while (pattern.Length > 0)
            {
                while (pattern.Length > 0 && pattern[0] == '*') pattern = pattern[1..];
                int e = ChunkEnd(pattern);
                MatchChunk(pattern[..e], "", out bad);
                if (bad) return false;
                pattern = pattern[e..];
            }
            return false;
        }
        return name.Length == 0;
    }

    private static int ChunkEnd(ReadOnlySpan<char> pattern)
    {
        bool inRange = false;
        for (int i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\': i++; break;
                case '[': inRange = true; break;
                case ']': inRange = false; break;
                case '*': if (!inRange) return i; break;
            }
        }
        return pattern.Length;
    }

    // Matches a star-free chunk at the start of s; returns how much of s it consumed, or null.
    private static int? MatchChunk(ReadOnlySpan<char> chunk, ReadOnlySpan<char> s, out bool bad)
    {
        bad = false;
        int consumed = 0;
        bool failed = false;
        while (chunk.Length > 0)
        {
            if (!failed && consumed >= s.Length) failed = true;
            switch (chunk[0])
            {
                case '[':
                {
                    char r = failed ? '\0' : s[consumed];
                    if (!failed) consumed++;
                    chunk = chunk[1..];
                    bool negated = chunk.Length > 0 && chunk[0] == '^';
                    if (negated) chunk = chunk[1..];
                    bool match = false;
                    int nrange = 0;
                    while (true)
                    {
                        if (chunk.Length > 0 && chunk[0] == ']' && nrange > 0) { chunk = chunk[1..]; break; }
                        if (!GetEscaped(ref chunk, out char lo)) { bad = true; return null; }
                        char hi = lo;
                        if (chunk.Length > 0 && chunk[0] == '-')
                        {
                            chunk = chunk[1..];
                            if (!GetEscaped(ref chunk, out hi)) { bad = true; return null; }
                        }
                        if (lo <= r && r <= hi) match = true;
                        nrange++;
                    }
                    if (match == negated) failed = true;
                    break;
                }
                case '?':
                    if (!failed)
                    {
                        if (s[consumed] == '/') failed = true;
                        consumed++;
                    }
                    chunk = chunk[1..];
                    break;
                case '\\':
                    chunk = chunk[1..];
                    if (chunk.Length == 0) { bad = true; return null; }
                    goto default;
                default:
                    if (!failed)
                    {
                        if (chunk[0] != s[consumed]) failed = true;
                        consumed++;
                    }
                    chunk = chunk[1..];
                    break;
            }
        }
        return failed ? null : consumed;
    }

    private static bool GetEscaped(ref ReadOnlySpan<char> chunk, out char r)
    {
        r = '\0';
        if (chunk.Length == 0 || chunk[0] == '-' || chunk[0] == ']') return false;
        if (chunk[0] == '\\')
        {
            chunk = chunk[1..];
            if (chunk.Length == 0) return false;
        }
        r = chunk[0];
        chunk = chunk[1..];
        return true;
    }
}
