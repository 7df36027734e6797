using System.Text.Json;
using Json.Schema;

namespace ModuleSdk.Tests.Sboms;

/// <summary>
/// The published JSON schemas the bills of materials are validated against, as the npm package
/// <c>@cyclonedx/cyclonedx-library</c> ships them (CycloneDX's own maintained library: bom-1.5
/// with the SPDX license-id and JSF schemas it references). <c>.ci/run</c> installs the package
/// into <c>.tools/sbom-schemas</c>; without it the tests are inconclusive locally and fail under
/// <c>CI=true</c>. JsonSchema.Net validates: it implements draft-07 (the schemas' dialect) on
/// System.Text.Json, which the writers use, so no second JSON stack comes in (NJsonSchema
/// evaluates through Newtonsoft.Json).
/// </summary>
internal static class SbomSchemas
{
    private const string Base = "http://cyclonedx.org/schema/";

    public static string Folder =>
        Path.Combine(DiagnosticsDocumentationTests.RepositoryRoot(), ".tools", "sbom-schemas", "node_modules", "@cyclonedx", "cyclonedx-library",
            "res", "schema");

    /// <summary>The CycloneDX 1.5 schema, built with the schemas it references.</summary>
    public static JsonSchema CycloneDx15()
    {
        string folder = Folder;
        if (!File.Exists(Path.Combine(folder, "bom-1.5.SNAPSHOT.schema.json")))
        {
            string message = $"the CycloneDX schemas are not installed ({folder}): run .ci/run's npm step (npm install @cyclonedx/cyclonedx-library in " +
                ".tools/sbom-schemas)";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)) Assert.Fail(message);
            Assert.Inconclusive(message);
        }
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        // bom-1.5 refers to its neighbours by file name, relative to its $id.
        foreach (var name in new[] { "spdx.SNAPSHOT.schema.json", "jsf-0.82.SNAPSHOT.schema.json" })
        {
            var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(folder, name)), options, new Uri(Base + name));
            options.SchemaRegistry.Register(new Uri(Base + name), schema);
        }
        return JsonSchema.FromText(File.ReadAllText(Path.Combine(folder, "bom-1.5.SNAPSHOT.schema.json")), options);
    }

    /// <summary>Asserts <paramref name="json"/> is valid against <paramref name="schema"/>, listing the schema's complaints.</summary>
    public static void AssertValid(JsonSchema schema, string json)
    {
        using var doc = JsonDocument.Parse(json);
        var results = schema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (results.IsValid) return;
        var errors = (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"));
        Assert.Fail("not valid against the schema:\n" + string.Join("\n", errors.Take(30)) + "\n" + json);
    }
}
