using ModuleSdk.Diagnostics;
using ModuleSdk.Fetching;
using ModuleSdk.Modules;

namespace ModuleSdk.Resolution;

/// <summary>
/// One module an argument of <c>list -m</c> or <c>download</c> named, and how it was asked for
/// (<see cref="ModuleArguments"/>).
/// </summary>
/// <param name="Module">The module; an empty version for <c>list -m -versions</c> of a module outside the build list.</param>
/// <param name="IsMain">The main module.</param>
/// <param name="Query">For <c>path@query</c>: the query, when it says something the resolved version does not (Go prints it then).</param>
/// <param name="Origin">For <c>path@query</c>: where the query's answer came from.</param>
/// <param name="OutsideBuildList">Resolved by a query, outside the build list: neither indirect nor replaced.</param>
/// <param name="Error">Why the argument names no module (download reports it per module; list throws it).</param>
public sealed record ModuleArgument(ModuleId Module, bool IsMain = false, string? Query = null, RevOrigin? Origin = null, bool OutsideBuildList = false,
    ModuleException? Error = null);
