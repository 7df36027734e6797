using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ModuleSdk.Sboms;

/// <summary>
/// Writes a <see cref="BillOfMaterials"/> as an SPDX 2.3 JSON document: one package per module
/// (<c>filesAnalyzed: false</c>: the binary holds compiled code, not the module's files), the purl
/// as a <c>PACKAGE-MANAGER</c> reference, the <c>h1:</c> hash as an <c>OTHER</c> reference of type
/// <c>h1</c> (SPDX checksums are digests of one file, which <c>h1:</c> is not), the recorded
/// repository as the download location, and <c>DESCRIBES</c>/<c>DEPENDS_ON</c> relationships.
/// The document namespace is a <c>urn:uuid:</c> derived from the content: unique per build
/// list, reproducible, and claiming no web domain that does not serve it.
/// </summary>
public static class SpdxWriter
{
    /// <summary>The document text (indented, <c>\n</c> line ends, a final newline).</summary>
    public static string Write(BillOfMaterials bom)
    {
        var ids = Ids(bom);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer,
            new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, NewLine = "\n" }))
        {
            w.WriteStartObject();
            w.WriteString("spdxVersion", "SPDX-2.3");
            w.WriteString("dataLicense", "CC0-1.0");
            w.WriteString("SPDXID", "SPDXRef-DOCUMENT");
            w.WriteString("name", string.Join(", ", bom.Roots.Select(r => r.Path)));
            w.WriteString("documentNamespace", "urn:uuid:" + bom.Uuid("spdx-2.3"));
            w.WriteStartObject("creationInfo");
            w.WriteString("created", bom.CreatedText);
            w.WriteStartArray("creators");
            w.WriteStringValue($"Tool: {bom.Tool.Name}-{bom.Tool.Version}");
            w.WriteEndArray();
            w.WriteEndObject();

            w.WriteStartArray("packages");
            foreach (var c in bom.Roots.Concat(bom.Components)) Package(w, c, ids[c]);
            w.WriteEndArray();

            w.WriteStartArray("relationships");
            foreach (var r in bom.Roots) Relationship(w, "SPDXRef-DOCUMENT", "DESCRIBES", ids[r]);
            foreach (var r in bom.Roots)
                foreach (var c in bom.Components) Relationship(w, ids[r], "DEPENDS_ON", ids[c]);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void Package(Utf8JsonWriter w, SbomComponent c, string id)
    {
        w.WriteStartObject();
        w.WriteString("SPDXID", id);
        w.WriteString("name", c.EffectivePath);
        w.WriteString("versionInfo", c.EffectiveVersion);
        w.WriteString("downloadLocation", c.RepositoryUrl is { } url ? (c.Revision is { } rev ? $"git+{url}@{rev}" : $"git+{url}") : "NOASSERTION");
        w.WriteBoolean("filesAnalyzed", false);
        w.WriteString("licenseConcluded", "NOASSERTION");
        w.WriteString("licenseDeclared", "NOASSERTION");
        w.WriteString("copyrightText", "NOASSERTION");
        if (c.ReplacePath is not null)
            w.WriteString("comment", c.IsDirectoryReplacement
                ? $"{c.Path}@{c.Version} replaced by the directory {c.ReplacePath}"
                : $"replaces {c.Path}@{c.Version}");
        var refs = new List<(string Category, string Type, string Locator)>();
        if (c.Purl is { } purl) refs.Add(("PACKAGE-MANAGER", "purl", purl));
        if (c.Sum.Length > 0) refs.Add(("OTHER", "h1", c.Sum));
        if (refs.Count > 0)
        {
            w.WriteStartArray("externalRefs");
            foreach (var (category, type, locator) in refs)
            {
                w.WriteStartObject();
                w.WriteString("referenceCategory", category);
                w.WriteString("referenceType", type);
                w.WriteString("referenceLocator", locator);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static void Relationship(Utf8JsonWriter w, string from, string type, string to)
    {
        w.WriteStartObject();
        w.WriteString("spdxElementId", from);
        w.WriteString("relationshipType", type);
        w.WriteString("relatedSpdxElement", to);
        w.WriteEndObject();
    }

    // SPDX ids allow letters, digits, '.' and '-' only: other characters become '-', and a clash
    // (example.com/a_b and example.com/a-b) gets a counter, in the bill's sorted order.
    private static Dictionary<SbomComponent, string> Ids(BillOfMaterials bom)
    {
        var ids = new Dictionary<SbomComponent, string>(ReferenceEqualityComparer.Instance);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in bom.Roots.Concat(bom.Components))
        {
            var sb = new StringBuilder("SPDXRef-Module-");
            foreach (char ch in c.EffectivePath + "-" + c.EffectiveVersion)
                sb.Append(ch is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '-' ? ch : '-');
            string id = sb.ToString(), unique = id;
            for (int n = 2; !used.Add(unique); n++) unique = id + "-" + n;
            ids[c] = unique;
        }
        return ids;
    }
}
