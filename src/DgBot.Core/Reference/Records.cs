namespace DgBot.Core.Reference;

public static class Population
{
    public const string Department = "department";
    public const string Province = "province";
    public static readonly IReadOnlyList<string> All = [Department, Province];
    public static bool IsValid(string value) => value is Department or Province;
}

public sealed record Pillar(int Id, string NameTh, string NameEn, IReadOnlyList<string> EverydayTerms, string DescriptionTh, int SourceLine);

public sealed record SubIndicator(string Code, int Pillar, string NameTh, string NameEn, IReadOnlyList<string> EverydayTerms,
    string DescriptionTh, string Numbering, int SourceLine);

public sealed record MaturityLevel(int Level, string NameTh, string NameEn, string StageEn, int SourceLine);

public sealed record PillarLevelLabel(int Pillar, int Level, string LabelEn, int SourceLine);

public enum AnswerType { SingleChoice, YesNo, Number }

public sealed record ItemOption(string Code, string LabelTh);

/// <summary>An item is asked only when an earlier item's answer is one of <see cref="Values"/>,
/// or, for a numeric parent, when its value is greater than <see cref="GreaterThan"/>.</summary>
public sealed record ItemCondition(string Item, IReadOnlyList<string> Values, double? GreaterThan)
{
    public override string ToString() => GreaterThan is { } g ? $"{Item}>{g}" : $"{Item}={string.Join('|', Values)}";
}

public sealed record QuestionItem(string Population, string Code, string? SubIndicator, AnswerType Type,
    IReadOnlyList<ItemOption> Options, ItemCondition? Condition, string? Unit, double? MaxValue, string TextTh)
{
    public bool IsNumeric => Type == AnswerType.Number;
    public ItemOption? Option(string code) => Options.FirstOrDefault(o => o.Code == code);
}

public sealed record Region(string Code, string NameTh, string NameEn, IReadOnlyList<string> Aliases);

public sealed record Province(string Id, string IsoCode, string NameTh, string NameEn, string RegionCode,
    string AbbreviationTh, IReadOnlyList<string> Aliases);

public sealed record Ministry(string Code, string NameTh, string NameEn, string? AbbreviationTh, IReadOnlyList<string> Aliases);

public sealed record AgencyType(string Code, string NameTh, string NameEn);

public sealed record Mission(string Code, string NameTh, string NameEn);

public sealed record Agency(string Id, string NameTh, string NameEn, string MinistryCode, string AgencyType, string Mission,
    IReadOnlyList<string> AbbreviationsTh, IReadOnlyList<string> AbbreviationsEn, IReadOnlyList<string> Aliases);

/// <summary>Words people use for one questionnaire item; population "both" when the two forms share the code.</summary>
public sealed record ItemTopic(string Population, string Item, IReadOnlyList<string> Terms);

/// <summary>One topic of the report's published figures and the words people use for it.</summary>
public sealed record FigureTopic(string TopicTh, IReadOnlyList<string> Terms);
