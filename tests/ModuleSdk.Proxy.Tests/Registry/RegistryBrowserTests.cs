using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ModuleSdk.Proxy.Tests.Registry;

/// <summary>
/// The registry's pages in a real browser: Debian's <c>chromium</c> (<c>apt-get install -y
/// chromium</c>; <c>.ci/run</c> installs it) driven by Playwright, never a downloaded browser.
/// Each page is loaded from a running proxy with real stored modules, its content and landmarks
/// checked, search driven from the keyboard alone, the hostile README shown to stay inert (no
/// script ran, no dialog opened, no <c>javascript:</c> link), axe-core's WCAG 2 A/AA rules run on
/// each page (contrast, names, labels, landmarks) with no violation, and a screenshot of each page kept as
/// a test artifact (in <c>TestResults/registry-screenshots/</c> beside the test assembly). Without chromium the
/// tests are inconclusive locally and fail under <c>CI=true</c>.
/// </summary>
[TestClass]
[TestCategory("Browser")]
public sealed class RegistryBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";
    private static RegistryModules? _m;
    private static IPlaywright? _playwright;
    private static IBrowser? _browser;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _)
    {
        if (!File.Exists(Chromium)) return;
        _m = await RegistryModules.StartAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true });
    }

    [ClassCleanup]
    public static async Task Stop()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_m is not null) await _m.DisposeAsync();
    }

    private async Task<(IPage Page, List<string> Dialogs, IBrowserContext Context)> OpenAsync(string path)
    {
        if (_browser is null) throw ServerProcess.Missing($"{Chromium} is not installed (apt-get install -y chromium; .ci/run does)");
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _m!.Proxy.Url,
            ViewportSize = new ViewportSize { Width = 1000, Height = 760 } });
        var page = await context.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += async (_, d) => { dialogs.Add(d.Message); await d.DismissAsync(); };
        var response = await page.GotoAsync(path);
        Assert.AreEqual(200, response!.Status, path);
        return (page, dialogs, context);
    }

    private async Task ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        // Microsoft.Testing.Platform's default results folder (bin/<configuration>/<tfm>/TestResults);
        // AddResultFile also attaches each file to its test's result.
        string dir = Path.Combine(AppContext.BaseDirectory, "TestResults", "registry-screenshots");
        Directory.CreateDirectory(dir);
        string file = Path.Combine(dir, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = fullPage });
        Assert.IsTrue(new FileInfo(file).Length > 1000, file);
        TestContext.AddResultFile(file);
    }

    private static async Task AssertLandmarksAsync(IPage page)
    {
        Assert.AreEqual(1, await page.GetByRole(AriaRole.Banner).CountAsync());
        Assert.AreEqual(1, await page.GetByRole(AriaRole.Main).CountAsync());
        Assert.AreEqual(1, await page.GetByRole(AriaRole.Search).CountAsync());
        Assert.AreEqual(1, await page.GetByRole(AriaRole.Contentinfo).CountAsync());
        Assert.AreEqual(1, await page.Locator("h1").CountAsync());
        Assert.AreEqual(1, await page.GetByLabel("Search modules").CountAsync());
        Assert.AreEqual("en", await page.Locator("html").GetAttributeAsync("lang"));
        // Every image has a text alternative; no element takes script from a page attribute.
        Assert.AreEqual(0, await page.Locator("img:not([alt])").CountAsync());
        Assert.AreEqual(0, await page.Locator("script").CountAsync());
        // axe-core's WCAG 2.0/2.1 A and AA rules (contrast, names, labels, structure).
        var axe = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        Assert.IsTrue(axe.Passes.Any(p => p.Id == "color-contrast"), "axe did not check contrast");
        Assert.AreEqual(0, axe.Violations.Length,
            string.Join("\n", axe.Violations.Select(v => $"{v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Html))}")));
    }

    [TestMethod]
    public async Task SearchPage_WorksFromTheKeyboard()
    {
        var (page, dialogs, context) = await OpenAsync("/");
        await using var _ = context;
        await AssertLandmarksAsync(page);
        Assert.AreEqual("Modules", await page.Locator("h1").InnerTextAsync());
        StringAssert.Contains(await page.Locator("ol.results").InnerTextAsync(), "example.com/lib");
        await ScreenshotAsync(page, "search");

        // Tab order: the skip link, the home link, the search field.
        await page.Keyboard.PressAsync("Tab");
        Assert.AreEqual("Skip to content", await page.EvaluateAsync<string>("document.activeElement.textContent"));
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        Assert.AreEqual("q", await page.EvaluateAsync<string>("document.activeElement.id"));
        await page.Keyboard.TypeAsync("tool");
        await page.Keyboard.PressAsync("Enter");
        // (Expect polls; WaitForURL's wait for "load" after a form submission is not reliable.)
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/\?q=tool$"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Search results for “tool”");
        StringAssert.Contains(await page.GetByRole(AriaRole.Status).InnerTextAsync(), "1 module");
        await ScreenshotAsync(page, "search-results");

        // On to the first result, by Tab alone, and open it with Enter.
        for (int i = 0; i < 10 && await page.EvaluateAsync<string>("document.activeElement.getAttribute('href') || ''") != "/example.com/tool"; i++)
            await page.Keyboard.PressAsync("Tab");
        Assert.AreEqual("/example.com/tool", await page.EvaluateAsync<string>("document.activeElement.getAttribute('href')"));
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/example\\.com/tool$"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("example.com/tool");
        Assert.AreEqual(0, dialogs.Count);
    }

    [TestMethod]
    public async Task ModulePage_ShowsEverything_AndTheReadmeIsInert()
    {
        var (page, dialogs, context) = await OpenAsync("/example.com/lib");
        await using var _ = context;
        await AssertLandmarksAsync(page);
        Assert.AreEqual("example.com/lib", await page.Locator("h1").InnerTextAsync());
        string text = await page.Locator("main").InnerTextAsync();
        StringAssert.Contains(text, "Latest: v1.2.0");
        StringAssert.Contains(text, "used by 2 modules");
        StringAssert.Contains(text, "broken build: Info.Version was wrong");
        StringAssert.Contains(text, "dotnet mod get example.com/lib@v1.2.0");
        StringAssert.Contains(text, "<ModuleReference Include=\"example.com/lib\" />");
        StringAssert.Contains(text, "example.com/app");
        // The README: its script is text, it never ran, and no link leads to script.
        var readme = page.Locator("section.readme");
        StringAssert.Contains(await readme.InnerTextAsync(), "<script>document.title = 'pwned'");
        Assert.AreEqual("example.com/lib · modproxy registry", await page.TitleAsync());
        Assert.IsTrue(await page.EvaluateAsync<bool>("typeof window.pwned === 'undefined'"));
        Assert.AreEqual(0, await page.Locator("a[href^='javascript' i], a[href^='data' i], img[src^='javascript' i], [onerror]").CountAsync());
        Assert.AreEqual("https://example.com/docs", await readme.GetByRole(AriaRole.Link, new() { Name = "safe" }).GetAttributeAsync("href"));
        Assert.AreEqual(0, await readme.GetByRole(AriaRole.Link, new() { Name = "click me" }).CountAsync());
        // module.mod of a version opens from the keyboard.
        var details = page.Locator("tr", new() { HasText = "v1.2.0" }).Locator("summary");
        await details.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("tr", new() { HasText = "v1.2.0" }).Locator("pre")).ToContainTextAsync("retract v1.1.0");
        Assert.AreEqual(0, dialogs.Count);
        await ScreenshotAsync(page, "module");
        // The first screen alone (README's picture of the registry, docs/images/registry-module.png).
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await ScreenshotAsync(page, "module-top", fullPage: false);
    }

    [TestMethod]
    public async Task VersionPage_FilesHashAndScorecard()
    {
        var (page, dialogs, context) = await OpenAsync("/example.com/lib@v1.1.0");
        await using var _ = context;
        await AssertLandmarksAsync(page);
        Assert.AreEqual("example.com/lib@v1.1.0", await page.Locator("h1").InnerTextAsync());
        string text = await page.Locator("main").InnerTextAsync();
        StringAssert.Contains(text, "Retracted: broken build");
        StringAssert.Contains(text, "h1:");
        var files = page.GetByRole(AriaRole.Table).Filter(new() { HasText = "in the module zip" });
        StringAssert.Contains(await files.InnerTextAsync(), "src/Lib.cs");
        StringAssert.Contains(text, "5 of 6 checks pass");
        await page.GetByRole(AriaRole.Link, new() { Name = "example.com/lib", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/example\\.com/lib$"));
        Assert.AreEqual(0, dialogs.Count);
        await page.GoBackAsync();
        await ScreenshotAsync(page, "version");
    }

    [TestMethod]
    public async Task IncompatibleModulePage()
    {
        var (page, _, context) = await OpenAsync("/example.com/old");
        await using var __ = context;
        StringAssert.Contains(await page.Locator("main").InnerTextAsync(), "+incompatible");
        await ScreenshotAsync(page, "incompatible");
    }
}
