// Closed sets the language model may choose from; member names are the wire values of DESIGN §4.
#pragma warning disable IDE1006
namespace DgBot.Web.Plugins;

public enum PopulationArg { department, province }

public enum RankScopeArg { all, ministry, type, region, mission }

public enum OrderArg { best, worst }

public enum DirectionArg { improved, regressed }

public enum GroupByArg { type, ministry, region, mission }

/// <summary>Parameter descriptions shared by every plugin, so the same argument reads the same to the model everywhere.</summary>
internal static class Args
{
    public const string Unit = "หน่วยงานหรือจังหวัด | unit id, name or abbreviation";
    public const string Population = "กรม (department) หรือจังหวัด (province) | population";
    public const string Pillar = "ตัวชี้วัด 1-7 | pillar 1-7";
    public const string SubIndicator = "ตัวชี้วัดย่อย เช่น 6.2 | sub-indicator code such as 6.2";
    public const string Year = "ปี พ.ศ. | survey year (Buddhist Era)";
}
