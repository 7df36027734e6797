Alpha.Greeter.Hello();
Beta.Greeter.Hello();
System.Console.WriteLine($"selected logging module: {Logging.Log.Version}");
