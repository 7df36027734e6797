using System.Security.Cryptography;
using System.Text;
using ModuleSdk.Diagnostics;

namespace ModuleSdk.Proxy.Policy;

/// <summary>
/// Client authentication (<c>Auth:Tokens</c>): a file of accepted tokens, one per line, <c>#</c>
/// comments, re-read when it changes. A client presents a token as <c>Authorization: Bearer
/// &lt;token&gt;</c> or as the password of Basic authentication (what the go command and
/// ModuleSdk send for <c>https://user:token@host</c> in GOPROXY/MODPROXY, or from .netrc).
/// Tokens are compared in constant time (by their SHA-256) and never logged.
/// </summary>
public sealed class ClientTokens
{
    private readonly string? _path;
    private readonly object _gate = new();
    private HashSet<string> _hashes = new(StringComparer.Ordinal);
    private (DateTime, long) _stamp;
    private long _nextCheck;

    /// <summary>Loads the file; none means every client is welcome (and none is authenticated).</summary>
    public ClientTokens(string? path)
    {
        _path = path is null ? null : Path.GetFullPath(path);
        if (_path is not null) Load();
    }

    /// <summary>Whether clients must authenticate.</summary>
    public bool Required => _path is not null;

    /// <summary>Whether the request's Authorization header carries an accepted token.</summary>
    public bool IsAuthenticated(string? authorization)
    {
        if (_path is null || string.IsNullOrEmpty(authorization)) return false;
        string? token = null;
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = authorization[7..].Trim();
        }
        else if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                string pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
                int colon = pair.IndexOf(':');
                token = colon >= 0 ? pair[(colon + 1)..] : pair;
            }
            catch (FormatException)
            {
                return false;
            }
        }
        if (string.IsNullOrEmpty(token)) return false;
        Refresh();
        string hash = Hash(token);
        bool found = false;
        // Compare against every hash in constant time, so timing tells nothing about the tokens.
        foreach (var h in _hashes)
            found |= CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(h), Encoding.ASCII.GetBytes(hash));
        return found;
    }

    private void Refresh()
    {
        long now = Environment.TickCount64;
        if (now < Interlocked.Read(ref _nextCheck)) return;
        lock (_gate)
        {
            if (now < _nextCheck) return;
            _nextCheck = now + 1000;
            var f = new FileInfo(_path!);
            if ((f.Exists ? f.LastWriteTimeUtc : default, f.Exists ? f.Length : -1) != _stamp)
            {
                try
                {
                    Load();
                }
                catch (ModuleException)
                {
                    // Keep the tokens in force; the file is being rewritten or was removed by mistake.
                }
            }
        }
    }

    private void Load()
    {
        try
        {
            var f = new FileInfo(_path!);
            var lines = File.ReadAllLines(_path!);
            _hashes = lines.Select(l => l.Trim()).Where(l => l.Length > 0 && l[0] != '#').Select(Hash).ToHashSet(StringComparer.Ordinal);
            _stamp = (f.LastWriteTimeUtc, f.Length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModuleException(DiagnosticCodes.ProxyTokensFileInvalid, $"{_path}: cannot read the client tokens file: {e.Message}", e);
        }
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
