namespace DgBot.Core.Language;

/// <summary>
/// The words that tell one question from another, as DCIOs type them (with common slips and English). They are matched
/// on the question with every recognised name blanked out, so "บริการ" inside an agency's name never reads as a cue. The
/// words themselves live in data/language/cues.json (one list per name below), so a new wording is a data change.
/// </summary>
internal static class Cues
{
    public static readonly string[] Greeting = Vocabulary.Cue("greeting");
    public static readonly string[] Help = Vocabulary.Cue("help");
    public static readonly string[] Mine = Vocabulary.Cue("mine");
    public static readonly string[] SetContext = Vocabulary.Cue("setContext");
    public static readonly string[] Subscribe = Vocabulary.Cue("subscribe");
    public static readonly string[] Unsubscribe = Vocabulary.Cue("unsubscribe");

    public static readonly string[] Rank = Vocabulary.Cue("rank");
    public static readonly string[] Gaps = Vocabulary.Cue("gaps");
    public static readonly string[] Trend = Vocabulary.Cue("trend");
    public static readonly string[] Compare = Vocabulary.Cue("compare");
    public static readonly string[] And = Vocabulary.Cue("and");
    public static readonly string[] Risk = Vocabulary.Cue("risk");
    /// <summary>"มีแนวโน้ม(ที่จะ)…": with a downward verb the question is about what may happen, not what did.</summary>
    public static readonly string[] Tendency = Vocabulary.Cue("tendency");
    public static readonly string[] RiskLater = Vocabulary.Cue("riskLater");
    public static readonly string[] Negation = Vocabulary.Cue("negation");
    public static readonly string[] Profile = Vocabulary.Cue("profile");
    public static readonly string[] Overall = Vocabulary.Cue("overall");
    public static readonly string[] FollowUpStart = Vocabulary.Cue("followUpStart");
    public static readonly string[] FollowUpEnd = Vocabulary.Cue("followUpEnd");
    public static readonly string[] FollowUpAnywhere = Vocabulary.Cue("followUpAnywhere");
    public static readonly string[] Who = Vocabulary.Cue("who");
    public static readonly string[] Both = Vocabulary.Cue("both");
    public static readonly string[] OtherSurvey = Vocabulary.Cue("otherSurvey");
    public static readonly string[] Why = Vocabulary.Cue("why");
    public static readonly string[] GapsStrong = Vocabulary.Cue("gapsStrong");
    public static readonly string[] ThisLevel = Vocabulary.Cue("thisLevel");
    public static readonly string[] ThisTopic = Vocabulary.Cue("thisTopic");
    public static readonly string[] Only = Vocabulary.Cue("only");
    public static readonly string[] Add = Vocabulary.Cue("add");

    public static readonly string[] Top = Vocabulary.Cue("top");
    public static readonly string[] Best = Vocabulary.Cue("best");
    public static readonly string[] Worst = Vocabulary.Cue("worst");
    public static readonly string[] RankWord = Vocabulary.Cue("rankWord");
    public static readonly string[] List = Vocabulary.Cue("list");
    public static readonly string[] Count = Vocabulary.Cue("count");
    public static readonly string[] Distribution = Vocabulary.Cue("distribution");
    public static readonly string[] Share = Vocabulary.Cue("share");
    public static readonly string[] ReportWords = Vocabulary.Cue("reportWords");
    public static readonly string[] LevelWord = Vocabulary.Cue("levelWord");
    public static readonly string[] ScoreWord = Vocabulary.Cue("scoreWord");
    public static readonly string[] Movers = Vocabulary.Cue("movers");
    public static readonly string[] Improved = Vocabulary.Cue("improved");
    public static readonly string[] Regressed = Vocabulary.Cue("regressed");
    public static readonly string[] Recommend = Vocabulary.Cue("recommend");
    public static readonly string[] Describe = Vocabulary.Cue("describe");
    /// <summary>What a level, pillar or sub-indicator requires ("ขั้นสูงสุดต้องเป็นยังไง", "ธรรมาภิบาลข้อมูลเค้าดูอะไรบ้าง"): a description
    /// when no unit is in question, while with a unit in focus "ต้องทำอะไรบ้าง" asks for its gaps.</summary>
    public static readonly string[] DescribeAsk = Vocabulary.Cue("describeAsk");
    public static readonly string[] FrameworkQuestion = Vocabulary.Cue("frameworkQuestion");
    public static readonly string[] Framework = Vocabulary.Cue("framework");

    public static readonly string[] ByType = Vocabulary.Cue("byType");
    public static readonly string[] ByMinistry = Vocabulary.Cue("byMinistry");
    public static readonly string[] ByRegion = Vocabulary.Cue("byRegion");
    public static readonly string[] ByMission = Vocabulary.Cue("byMission");

    /// <summary>A group statistic (group_summary) or, with a unit, the unit against its group (unit_vs_group).</summary>
    public static readonly string[] Average = Vocabulary.Cue("average");
    public static readonly string[] Median = Vocabulary.Cue("median");
    /// <summary>Summary figures of a group without one statistic named.</summary>
    public static readonly string[] GroupStatistics = Vocabulary.Cue("groupStatistics");
    /// <summary>"คะแนนต่ำสุด/สูงสุดเท่าไร": the number itself, not who got it.</summary>
    public static readonly string[] StatMin = Vocabulary.Cue("statMin");
    public static readonly string[] StatMax = Vocabulary.Cue("statMax");
    public static readonly string[] HowMuch = Vocabulary.Cue("howMuch");
    /// <summary>"กระทรวงไหน…มากที่สุด": a ranking of groups, not of units.</summary>
    public static readonly string[] WhichMinistry = Vocabulary.Cue("whichMinistry");
    public static readonly string[] WhichRegion = Vocabulary.Cue("whichRegion");
    public static readonly string[] WhichType = Vocabulary.Cue("whichType");
    public static readonly string[] WhichMission = Vocabulary.Cue("whichMission");
    public static readonly string[] Most = Vocabulary.Cue("most");
    /// <summary>A unit against the others of its group: "เทียบกับหน่วยงานอื่นในกระทรวง", "เทียบกับเพื่อนในภาค".</summary>
    public static readonly string[] Peers = Vocabulary.Cue("peers");
    /// <summary>The whole population as the group: "ทั้งประเทศ", "among all departments".</summary>
    public static readonly string[] ScopeAll = Vocabulary.Cue("scopeAll");

    public static readonly string[] ScopeMinistry = Vocabulary.Cue("scopeMinistry");
    public static readonly string[] ScopeRegion = Vocabulary.Cue("scopeRegion");
    public static readonly string[] ScopeType = Vocabulary.Cue("scopeType");
    public static readonly string[] ScopeMission = Vocabulary.Cue("scopeMission");

    /// <summary>Everyday topics far from the survey: the question is out of scope even when it names a province.</summary>
    public static readonly string[] OffTopic = Vocabulary.Cue("offTopic");

    /// <summary>Requests to change or invent numbers: refused whatever else the question asks.</summary>
    public static readonly string[] Tamper = Vocabulary.Cue("tamper");

    /// <summary>"ที่ใช้ TikTok", "ที่มี DPO": with a population word, an item's share is asked even without "กี่ %".</summary>
    public static readonly string[] Uses = Vocabulary.Cue("uses");

    /// <summary>Framework names that are everyday words ("ข้อมูล" is pillar 2, "ผู้บริหาร" sub-indicator 3.1): a pillar only when
    /// introduced as a topic ("ด้านข้อมูล").</summary>
    public static readonly string[] GenericFrameworkWords = Vocabulary.Cue("genericFrameworkWords");

    /// <summary>"ไหน" asking where a unit stands ("อยู่อันดับไหน"), not which units: the question stays about the unit.</summary>
    public static readonly string[] RankWhere = Vocabulary.Cue("rankWhere");

    /// <summary>A request for the units' names ("ขอชื่อด้วย"): a list, even beside a count ("มีกี่หน่วย ขอชื่อด้วย").</summary>
    public static readonly string[] Names = Vocabulary.Cue("names");

    /// <summary>Words a cue can hide inside, written without its tone mark: ร่วง ("fell") in กระทรวง ("ministry").</summary>
    public static readonly string[] HostWords = Vocabulary.Cue("hostWords");

    public static readonly string[] Injection = Vocabulary.Cue("injection");
    public static readonly string[] Private = Vocabulary.Cue("private");

    /// <summary>Terms of the report's published figures (data/reference/figure_topics.csv), longest first.</summary>
    public static readonly string[] FigureTopics = Vocabulary.Cue("figureTopics").OrderByDescending(t => t.Length).ToArray();

    /// <summary>Words for the recommendation areas, mapped to the word the report's areas are searched by.</summary>
    public static readonly (string Term, string Area)[] RecommendationAreas = Vocabulary.CuePairs("recommendationAreas");
}

/// <summary>Compact and loose forms of each cue, computed once per list.</summary>
internal static class CueKeys
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<string[], (string Key, string Loose)[]> Keys = new();

    public static (string Key, string Loose)[] For(string[] cues) =>
        Keys.GetValue(cues, list => list.Select(c => (Gazetteer.Compact(c), Gazetteer.Loose(Gazetteer.Compact(c)))).Where(k => k.Item1.Length > 0).ToArray());
}
