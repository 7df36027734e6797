using System.Text;

namespace ModuleSdk.Building;

/// <summary>
/// MSBuild's escaping, for the props files restore writes (<see cref="BuildFiles"/>): the
/// characters MSBuild would interpret in a property or item value become <c>%XX</c>.
/// </summary>
public static class MSBuildText
{
    /// <summary>Escapes <paramref name="value"/> for a property or item value in a project file.</summary>
    public static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (char c in value)
        {
            if (c is '%' or '$' or '@' or '\'' or ';' or '?' or '*' or '\n' or '\r' or '\t')
                sb.Append('%').Append(((int)c).ToString("X2"));
            else
                sb.Append(c);
        }
        return sb.ToString();
    }
}
