using DgBot.Core.Risk;

namespace DgBot.Ml;

/// <summary>
/// Turns a unit's feature contributions into reasons. The contributions of the features behind one fact (e.g. the DCIO's
/// presence, tenure and newness) are added up; the facts that pushed the estimate up the most become reasons, each
/// carrying the unit's own numbers from the rounds the features came from. A fact that is only a reason in one direction
/// (a DCIO in post for years, an obstacle not reported) is not offered as a reason for risk.
/// </summary>
public static class RiskReasons
{
    public const int MaxReasons = 3;

    public static IReadOnlyList<RiskReason> Explain(RiskFeatureBuilder builder, UnitFeatures features, float[] contributions, int max = MaxReasons)
    {
        var keys = builder.Reasons;
        var reasonOf = builder.ReasonOf;
        var sums = new double[keys.Count];
        for (int i = 0; i < reasonOf.Count && i < contributions.Length; i++) sums[reasonOf[i]] += contributions[i];
        var order = Enumerable.Range(0, sums.Length).Where(k => sums[k] > 1e-6).ToArray();
        Array.Sort(order, (a, b) => sums[b].CompareTo(sums[a]) is var c && c != 0 ? c : string.CompareOrdinal(keys[a], keys[b]));
        var reasons = new List<RiskReason>(max);
        foreach (var k in order)
        {
            if (Describe(keys[k], sums[k], features.Facts) is { } r) reasons.Add(r);
            if (reasons.Count == max) break;
        }
        return reasons;
    }

    private static RiskReason? Describe(string key, double weight, UnitFacts f)
    {
        var parts = key.Split(':', 2);
        var kind = parts[0];
        var arg = parts.Length > 1 ? parts[1] : null;
        var cur = f.Current;
        var facts = new Dictionary<string, object>(StringComparer.Ordinal);
        RiskReason R(string k) => new(k, Math.Round(weight, 4), facts);
        switch (kind)
        {
            case "margin":
                facts["level"] = cur.Level; facts["floor"] = f.BandFloor; facts["margin"] = Math.Round(f.Margin, 2); facts["score"] = Math.Round(cur.Overall, 2);
                return R(RiskFeatureBuilder.IsNearLowerBand(cur.Level, f.Margin) ? "margin_thin" : "margin");
            case "overall_change":
                if (f.PreviousYear is not { } py) return null;
                facts["previous_year"] = py;
                if (f.Previous is null) return R("no_previous");
                facts["change"] = Math.Round(cur.Overall - f.Previous.Overall, 2);
                facts["previous_score"] = Math.Round(f.Previous.Overall, 2);
                facts["score"] = Math.Round(cur.Overall, 2);
                return R(cur.Overall < f.Previous.Overall ? "overall_down" : "overall_up");
            case "fell_last_round":
                if (f.Previous is null || cur.Level >= f.Previous.Level) return null;
                facts["previous_year"] = f.PreviousYear!.Value; facts["from"] = f.Previous.Level; facts["to"] = cur.Level; facts["year"] = f.Year;
                return R("fell_last_round");
            case "pillar_change":
            {
                var p = int.Parse(arg!, System.Globalization.CultureInfo.InvariantCulture);
                var now = cur.Pillars[p - 1];
                var before = f.Previous?.Pillars[p - 1] ?? double.NaN;
                if (double.IsNaN(now) || double.IsNaN(before) || f.PreviousYear is not { } year) return null;
                facts["pillar"] = p; facts["change"] = Math.Round(now - before, 2); facts["previous_year"] = year;
                facts["score"] = Math.Round(now, 2); facts["previous_score"] = Math.Round(before, 2);
                return R(now < before ? "pillar_down" : "pillar_up");
            }
            case "pillar_score":
            {
                var p = int.Parse(arg!, System.Globalization.CultureInfo.InvariantCulture);
                if (double.IsNaN(cur.Pillars[p - 1])) return null;
                facts["pillar"] = p; facts["score"] = Math.Round(cur.Pillars[p - 1], 2); facts["level"] = cur.PillarLevels[p - 1]; facts["year"] = f.Year;
                return R("pillar_score");
            }
            case "sub_score":
                if (!cur.SubIndicators.TryGetValue(arg!, out var sub)) return null;
                facts["code"] = arg!; facts["score"] = Math.Round(sub, 2); facts["year"] = f.Year;
                return R("sub_score");
            case "sub_change":
            {
                if (!cur.SubIndicators.TryGetValue(arg!, out var now) || f.Previous is null || !f.Previous.SubIndicators.TryGetValue(arg!, out var before)
                    || f.PreviousYear is not { } year) return null;
                facts["code"] = arg!; facts["change"] = Math.Round(now - before, 2); facts["previous_year"] = year;
                facts["score"] = Math.Round(now, 2); facts["previous_score"] = Math.Round(before, 2);
                return R(now < before ? "sub_down" : "sub_up");
            }
            case "lopsided":
            {
                var scored = Enumerable.Range(1, 7).Where(p => !double.IsNaN(cur.Pillars[p - 1])).ToList();
                if (scored.Count < 2) return null;
                var high = scored.OrderByDescending(p => cur.Pillars[p - 1]).First();
                var low = scored.OrderBy(p => cur.Pillars[p - 1]).First();
                facts["high"] = high; facts["high_score"] = Math.Round(cur.Pillars[high - 1], 2);
                facts["low"] = low; facts["low_score"] = Math.Round(cur.Pillars[low - 1], 2); facts["year"] = f.Year;
                return R("lopsided");
            }
            case "dcio":
                if (f.DcioPresent is not { } present) return null;
                if (!present)
                {
                    facts["answer"] = f.DcioAnswerLabel ?? f.DcioAnswer ?? "-"; facts["year"] = f.Year;
                    return R("no_dcio");
                }
                if (f.DcioTenureMonths is not { } months) return null;
                facts["months"] = (int)Math.Round(months); facts["year"] = f.Year;
                return months < 12 ? R("new_dcio") : null;
            case "dcio_turnover":
                if (f.DcioChanges == 0) return null;
                facts["changes"] = f.DcioChanges; facts["rounds"] = f.DcioRoundsObserved;
                return R("dcio_turnover");
            case "it_staff":
                if (f.ItSufficient is null && f.ItShare is null) return null;
                if (f.ItSufficient == true && f.ItShare is >= 0.02) return null;
                if (f.ItShare is { } share) { facts["share"] = Math.Round(share * 100, 2); facts["share_year"] = f.ItShareYear!.Value; }
                if (f.ItSufficient is { } enough) facts["sufficient"] = enough;
                facts["year"] = f.Year;
                return R("it_staff");
            case "obstacle":
                if (!f.Obstacles.Contains(arg!)) return null;
                facts["item"] = arg!; facts["label"] = f.ObstacleText.GetValueOrDefault(arg!, arg!); facts["year"] = f.Year;
                return R("obstacle");
            case "obstacles":
                if (f.Obstacles.Count == 0) return null;
                facts["count"] = f.Obstacles.Count; facts["year"] = f.Year;
                return R("obstacles");
            case "pcio":
                if (f.PcioMeeting != false) return null;
                facts["year"] = f.Year;
                return R("pcio_no_meeting");
            case "rounds":
                facts["count"] = f.RoundsAnswered;
                return R("rounds");
            case "group":
                if (f.Unit.AgencyType is { } type) facts["agency_type"] = type;
                if (f.Unit.Ministry is { } ministry) facts["ministry"] = ministry;
                if (f.Unit.Region is { } region) facts["region"] = region;
                return R("group");
            default:
                return null;
        }
    }
}
