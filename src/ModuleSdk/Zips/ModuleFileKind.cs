namespace ModuleSdk.Zips;

/// <summary>The kind of an <see cref="IModuleFile"/>, as the zip rules see it.</summary>
public enum ModuleFileKind
{
    /// <summary>A regular file: zipped.</summary>
    Regular,

    /// <summary>A symbolic link: always left out (a git blob of mode 120000, too).</summary>
    Symlink,

    /// <summary>A directory: takes part in collision checks only.</summary>
    Directory,

    /// <summary>Anything else (device, socket, git submodule): left out.</summary>
    Other,
}
