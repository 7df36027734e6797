using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using ModuleSdk.Diagnostics;

namespace ModuleSdk.BuildInfo;

/// <summary>
/// Reads the module build information stamped into an assembly without loading it (Go's
/// <c>buildinfo.ReadFile</c>): the assembly's <c>AssemblyMetadataAttribute</c>s are read from
/// its metadata tables, so any assembly of any target framework can be inspected safely.
/// </summary>
public static class AssemblyBuildInfoReader
{
    /// <summary>What one assembly carries.</summary>
    /// <param name="TargetFramework">The <c>TargetFrameworkAttribute</c> value (<c>.NETCoreApp,Version=v10.0</c>), or empty.</param>
    /// <param name="Info">The module build information.</param>
    public sealed record Result(string TargetFramework, ModuleBuildInfo Info);

    /// <summary>
    /// Reads <paramref name="file"/>. Throws MOD9005 when it is not a .NET assembly or has no
    /// module build information; I/O errors propagate.
    /// </summary>
    public static Result Read(string file)
    {
        using var stream = File.OpenRead(file);
        using var pe = new PEReader(stream);
        MetadataReader md;
        try
        {
            if (!pe.HasMetadata) throw NotModule(file, "not a .NET assembly");
            md = pe.GetMetadataReader();
            if (!md.IsAssembly) throw NotModule(file, "not a .NET assembly");
        }
        catch (BadImageFormatException)
        {
            throw NotModule(file, "not a .NET assembly");
        }
        string? info = null;
        string framework = "";
        foreach (var handle in md.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = md.GetCustomAttribute(handle);
            string type = AttributeTypeName(md, attribute);
            if (type == "System.Reflection.AssemblyMetadataAttribute")
            {
                var (key, value) = ReadStrings(md, attribute);
                if (key == ModuleBuildInfo.MetadataKey) info = value;
            }
            else if (type == "System.Runtime.Versioning.TargetFrameworkAttribute")
            {
                framework = ReadStrings(md, attribute).First ?? "";
            }
        }
        if (info is null) throw NotModule(file, "no module build information");
        return new Result(framework, ModuleBuildInfo.Parse(info));
    }

    /// <summary>Reports whether <paramref name="file"/> is an assembly carrying module build information (for directory scans).</summary>
    public static bool TryRead(string file, out Result? result)
    {
        try
        {
            result = Read(file);
            return true;
        }
        catch (Exception e) when (e is ModuleException or IOException or UnauthorizedAccessException or BadImageFormatException)
        {
            result = null;
            return false;
        }
    }

    private static ModuleException NotModule(string file, string why) =>
        new(DiagnosticCodes.NoBuildInfo, $"{file}: {why}");

    private static string AttributeTypeName(MetadataReader md, CustomAttribute attribute)
    {
        EntityHandle type;
        switch (attribute.Constructor.Kind)
        {
            case HandleKind.MemberReference:
                type = md.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
                break;
            case HandleKind.MethodDefinition:
                type = md.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType();
                break;
            default:
                return "";
        }
        return type.Kind switch
        {
            HandleKind.TypeReference => Name(md, md.GetTypeReference((TypeReferenceHandle)type).Namespace, md.GetTypeReference((TypeReferenceHandle)type).Name),
            HandleKind.TypeDefinition =>
                Name(md, md.GetTypeDefinition((TypeDefinitionHandle)type).Namespace, md.GetTypeDefinition((TypeDefinitionHandle)type).Name),
            _ => "",
        };
    }

    private static string Name(MetadataReader md, StringHandle ns, StringHandle name) => md.GetString(ns) + "." + md.GetString(name);

    // The value blob of a constructor taking strings: prolog 0x0001, then SerString arguments.
    private static (string? First, string? Second) ReadStrings(MetadataReader md, CustomAttribute attribute)
    {
        var blob = md.GetBlobReader(attribute.Value);
        if (blob.Length < 2 || blob.ReadUInt16() != 1) return (null, null);
        string? first = blob.RemainingBytes > 0 ? blob.ReadSerializedString() : null;
        string? second = blob.RemainingBytes > 0 ? blob.ReadSerializedString() : null;
        return (first, second);
    }
}
