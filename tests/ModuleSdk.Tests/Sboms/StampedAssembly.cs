using System.Reflection;
using System.Reflection.Emit;
using ModuleSdk.BuildInfo;

namespace ModuleSdk.Tests.Sboms;

/// <summary>
/// Writes a real assembly file carrying module build information in an
/// <c>AssemblyMetadataAttribute</c>, as the SDK's build stamps it, without a build
/// (<see cref="PersistedAssemblyBuilder"/>): what <c>version -m</c> reads it reads from these.
/// </summary>
internal static class StampedAssembly
{
    public static void Write(string file, ModuleBuildInfo info)
    {
        var builder = new PersistedAssemblyBuilder(new AssemblyName(Path.GetFileNameWithoutExtension(file)), typeof(object).Assembly);
        var ctor = typeof(AssemblyMetadataAttribute).GetConstructor([typeof(string), typeof(string)])!;
        builder.SetCustomAttribute(new CustomAttributeBuilder(ctor, [ModuleBuildInfo.MetadataKey, info.ToString()]));
        builder.DefineDynamicModule(Path.GetFileName(file)).DefineType("Stamp", TypeAttributes.Public).CreateType();
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        builder.Save(file);
    }
}
