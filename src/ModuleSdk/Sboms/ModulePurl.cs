using System.Text;

namespace ModuleSdk.Sboms;

/// <summary>
/// The package URL of a module version: <c>pkg:golang/&lt;path&gt;@&lt;version&gt;</c>, the form the
/// Go tools (cyclonedx-gomod, syft, govulncheck's SBOM readers) emit for Go modules. ModuleSdk
/// modules are named and served exactly as Go modules are (domain-rooted paths, semantic versions,
/// the GOPROXY protocol), so a scanner that knows Go module coordinates finds ours under the same
/// key, and a Go module in a mixed build list gets the purl it gets from Go's own tools; a purl
/// type of our own would be one no scanner reads.
/// </summary>
public static class ModulePurl
{
    /// <summary>The purl of <paramref name="path"/>@<paramref name="version"/>; each path element percent-encoded as the purl spec says.</summary>
    public static string For(string path, string version) =>
        "pkg:golang/" + string.Join('/', path.Split('/').Select(Encode)) + "@" + Encode(version);

    // purl: segments keep unreserved characters (RFC 3986) and are percent-encoded otherwise; '+' of +incompatible becomes %2B.
    private static string Encode(string segment)
    {
        var sb = new StringBuilder(segment.Length);
        foreach (byte b in Encoding.UTF8.GetBytes(segment))
        {
            char c = (char)b;
            if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '-' or '_' or '~') sb.Append(c);
            else sb.Append('%').Append(b.ToString("X2"));
        }
        return sb.ToString();
    }
}
