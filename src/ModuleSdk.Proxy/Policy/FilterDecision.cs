namespace ModuleSdk.Proxy.Policy;

/// <summary>What the filter file says about a module version (Athens' rules).</summary>
public enum FilterDecision
{
    /// <summary><c>+</c>: served, fetched from the upstream when missing.</summary>
    Include,
    /// <summary><c>-</c>: refused (403), neither fetched nor served.</summary>
    Exclude,
    /// <summary><c>D</c>: not this proxy's business: 404, so that a client's <c>,</c> list goes on to its next entry (<c>direct</c>).</summary>
    Direct,
}
