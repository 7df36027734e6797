using ModuleSdk.Mvs;

namespace ModuleSdk.Tests.Mvs;

[TestClass]
public class ModuleVersionOrderTests
{
    [TestMethod]
    [DataRow("none", "v0.0.0-20191209103129-1dc569916cba", -1)]
    [DataRow("none", "none", 0)]
    [DataRow("v1.0.0", "", -1)]
    [DataRow("", "v99.0.0", 1)]
    [DataRow("", "", 0)]
    [DataRow("none", "", -1)]
    [DataRow("v1.0.0-rc.1", "v1.0.0", -1)]
    [DataRow("v1.10.0", "v1.9.0", 1)]
    [DataRow("v2.0.0+incompatible", "v1.9.9", 1)]
    [DataRow("v1.2.3", "v1.2.3", 0)]
    public void Compare_NoneLowestMainHighest(string v1, string v2, int want)
    {
        Assert.AreEqual(want, ModuleVersionOrder.Compare(v1, v2));
        Assert.AreEqual(-want, ModuleVersionOrder.Compare(v2, v1));
        Assert.AreEqual(want < 0 ? v2 : v1, ModuleVersionOrder.Max(v1, v2));
    }
}
