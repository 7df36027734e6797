namespace ModuleSdk.Diagnostics;

/// <summary>How a <see cref="WorkflowNote"/> is reported.</summary>
public enum WorkflowNoteKind
{
    /// <summary>Information at the build's normal verbosity: a build cache hit or miss, why the cache is not used.</summary>
    Message,

    /// <summary>Information only a detailed log shows: what a usage or fix record says.</summary>
    Detail,

    /// <summary>A problem the build goes on after (compiling, not storing, not recording), with its <c>MODxxxx</c> code.</summary>
    Warning,
}
