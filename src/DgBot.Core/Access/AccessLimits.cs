namespace DgBot.Core.Access;

/// <summary>How far an aggregate may be narrowed before it stops being one, for callers who may not see single units (DESIGN §9).</summary>
public static class AccessLimits
{
    /// <summary>
    /// The fewest units an item statistic must count for a dcio. Four, so that even when the dcio's own unit is in the group,
    /// the shares mix at least three other units' answers and none of them can be read off.
    /// </summary>
    public const int MinimumGroup = 4;
}
