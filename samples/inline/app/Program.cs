using P;

Foo.EnableFoo();
System.Console.WriteLine($"foo enabled: {Foo.Enabled}");
Foo.DisableFoo();
System.Console.WriteLine($"foo enabled: {Foo.Enabled}");
