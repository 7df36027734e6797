using System.Text.Json.Serialization;

namespace ModuleSdk.ModFile;

/// <summary>
/// Source-generated JSON metadata for <see cref="ModFileJson"/>'s view types, so that
/// <c>edit -json</c> needs no run-time reflection: the CLI can then be published with Native AOT,
/// whose start-up is what makes short commands as fast as the go command (docs/benchmarks.md).
/// </summary>
[JsonSerializable(typeof(ModFileJson.FileJson))]
internal sealed partial class ModFileJsonContext : JsonSerializerContext;
