namespace Cdr.Orleans.Domain.Campaigns;

/// <summary>
/// What changed between two revisions of a campaign, as lines of its campaign-file JSON: "- " a line removed, "+ " a
/// line added (the longest common subsequence of lines kept, so a change of one field is two lines).
/// </summary>
public static class CampaignDiff
{
    public static IReadOnlyList<string> Lines(string before, string after)
    {
        var a = before.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var b = after.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        // Lengths of the longest common subsequences of the suffixes: campaign files are tens of lines.
        var common = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                common[i, j] = a[i] == b[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }
        var lines = new List<string>();
        var (x, y) = (0, 0);
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                (x, y) = (x + 1, y + 1);
            }
            else if (x < a.Length && (y == b.Length || common[x + 1, y] >= common[x, y + 1]))
            {
                lines.Add("- " + a[x++].Trim());
            }
            else
            {
                lines.Add("+ " + b[y++].Trim());
            }
        }
        return lines;
    }
}
