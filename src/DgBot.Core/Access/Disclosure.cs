namespace DgBot.Core.Access;

/// <summary>
/// The disclosure rule for aggregates shown to a caller who may not see other units' results (a dcio; DESIGN §9):
/// <list type="number">
/// <item>an aggregate is over the whole population or over the groups of one fixed national partition (by ministry, type,
/// region or mission): never two filters combined, so no two groups such a caller can ask about are nested one inside the
/// other with a few units between them ("กระทรวงแรงงาน" and "หน่วยงานราชการในกระทรวงแรงงาน");</item>
/// <item>every group shown has at least <see cref="AccessLimits.MinimumGroup"/> units;</item>
/// <item>within a partition, the groups withheld by (2) add up to 0 or at least <see cref="AccessLimits.MinimumGroup"/> units,
/// withholding the next smallest groups when they do not (complementary suppression): the whole minus the groups shown is then
/// never a few units;</item>
/// <item>a group is never the whole population but a few units (the whole minus it would be those few).</item>
/// </list>
/// Together: the difference of any two aggregates such a caller can get is over no units or over at least four.
/// </summary>
public static class Disclosure
{
    /// <summary>The groups of one partition (group → units in it) that must be withheld.</summary>
    public static IReadOnlySet<string> Withheld(IReadOnlyDictionary<string, int> partition, int minimum = AccessLimits.MinimumGroup)
    {
        var total = partition.Values.Sum();
        var withheld = partition.Where(g => g.Value < minimum || total - g.Value is > 0 and var rest && rest < minimum).Select(g => g.Key).ToHashSet();
        var hidden = withheld.Sum(g => partition[g]);
        // Complementary suppression: a withheld remainder of one to three units could be read off the whole minus the groups shown.
        foreach (var next in partition.Where(g => !withheld.Contains(g.Key)).OrderBy(g => g.Value).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            if (hidden == 0 || hidden >= minimum) break;
            withheld.Add(next.Key);
            hidden += next.Value;
        }
        return withheld;
    }
}
