// Add a module: `dotnet mod get <module path>@<version>` (or a require line in module.mod),
// then use its namespaces here; `dotnet build` compiles it from source.
Console.WriteLine("Hello from example.com/yourmodule");
