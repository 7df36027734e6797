namespace ModuleSdkLib;

/// <summary>An example API of the example.com/yourmodule module.</summary>
public static class Greetings
{
    /// <summary>The module this code belongs to.</summary>
    public const string ModulePath = "example.com/yourmodule";

    /// <summary>Greets <paramref name="name"/>.</summary>
    public static string Hello(string name) => $"Hello, {name}, from {ModulePath}";
}
