namespace ModuleSdk.Diagnostics;

public static partial class DiagnosticCodes
{
}
