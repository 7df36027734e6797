using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ModuleSdk.Sboms;

/// <summary>
/// Writes a <see cref="BillOfMaterials"/> as a CycloneDX 1.5 JSON document. Modules are
/// <c>library</c> components keyed by purl (<see cref="ModulePurl"/>); the <c>h1:</c> hash is a
/// property (<c>modulesdk:h1</c>), not a CycloneDX hash, because it is the SHA-256 of Go's dirhash
/// summary of the module's files and no single artifact's digest, which is what a CycloneDX
/// <c>SHA-256</c> claims; a replacement is named by a <c>modulesdk:replaces</c> property on the
/// code that replaced it; a recorded repository is a <c>vcs</c> external reference.
/// </summary>
public static class CycloneDxWriter
{
    /// <summary>The document text (indented, <c>\n</c> line ends, a final newline).</summary>
    public static string Write(BillOfMaterials bom)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer,
            new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, NewLine = "\n" }))
        {
            w.WriteStartObject();
            w.WriteString("bomFormat", "CycloneDX");
            w.WriteString("specVersion", "1.5");
            w.WriteString("serialNumber", "urn:uuid:" + bom.Uuid("cyclonedx-1.5"));
            w.WriteNumber("version", 1);
            w.WriteStartObject("metadata");
            w.WriteString("timestamp", bom.CreatedText);
            w.WriteStartObject("tools");
            w.WriteStartArray("components");
            w.WriteStartObject();
            w.WriteString("type", "application");
            w.WriteString("name", bom.Tool.Name);
            w.WriteString("version", bom.Tool.Version);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            if (bom.Roots.Count == 1) Component(w, bom.Roots[0], "application");
            w.WriteEndObject();

            w.WriteStartArray("components");
            if (bom.Roots.Count > 1)
                foreach (var r in bom.Roots) { w.WriteStartObject(); ComponentBody(w, r, "application"); w.WriteEndObject(); }
            foreach (var c in bom.Components) { w.WriteStartObject(); ComponentBody(w, c, "library"); w.WriteEndObject(); }
            w.WriteEndArray();

            // The stamped build list is flat (MVS's graph is not in the binary): each main module depends on every module of its list.
            w.WriteStartArray("dependencies");
            foreach (var r in bom.Roots)
            {
                w.WriteStartObject();
                w.WriteString("ref", Ref(r));
                w.WriteStartArray("dependsOn");
                foreach (var c in bom.Components) w.WriteStringValue(Ref(c));
                w.WriteEndArray();
                w.WriteEndObject();
            }
            foreach (var c in bom.Components)
            {
                w.WriteStartObject();
                w.WriteString("ref", Ref(c));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>The component's <c>bom-ref</c>: its purl, or a reference of our own for code without coordinates.</summary>
    internal static string Ref(SbomComponent c) => c.Purl ?? $"modulesdk:{c.Path}@{c.Version}" + (c.ReplacePath is null ? "" : "=>" + c.ReplacePath);

    private static void Component(Utf8JsonWriter w, SbomComponent c, string type)
    {
        w.WriteStartObject("component");
        ComponentBody(w, c, type);
        w.WriteEndObject();
    }

    private static void ComponentBody(Utf8JsonWriter w, SbomComponent c, string type)
    {
        w.WriteString("type", type);
        w.WriteString("bom-ref", Ref(c));
        w.WriteString("name", c.EffectivePath);
        w.WriteString("version", c.EffectiveVersion);
        if (c.Purl is { } purl) w.WriteString("purl", purl);
        if (c.RepositoryUrl is { } url)
        {
            w.WriteStartArray("externalReferences");
            w.WriteStartObject();
            w.WriteString("type", "vcs");
            w.WriteString("url", url);
            if (c.Revision is { } rev) w.WriteString("comment", "revision " + rev);
            w.WriteEndObject();
            w.WriteEndArray();
        }
        var properties = new List<(string, string)>();
        if (c.Sum.Length > 0) properties.Add(("modulesdk:h1", c.Sum));
        if (c.ReplacePath is not null)
        {
            properties.Add(("modulesdk:replaces", c.Path + "@" + c.Version));
            if (c.IsDirectoryReplacement) properties.Add(("modulesdk:replacement-directory", c.ReplacePath));
        }
        if (c.Revision is not null) properties.Add(("modulesdk:vcs.revision", c.Revision));
        if (properties.Count == 0) return;
        w.WriteStartArray("properties");
        foreach (var (name, value) in properties)
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteString("value", value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
