// Closed sets the language model may choose from; member names are the wire values of DESIGN §4.
#pragma warning disable IDE1006
namespace DgBot.Web.Plugins;

public enum PopulationArg { department, province }

public enum RankScopeArg { all, ministry, type, region, mission }

public enum OrderArg { best, worst }

public enum DirectionArg { improved, regressed }

public enum GroupByArg { type, ministry, region, mission }

public enum MissionArg { service, policy }

public enum StatisticArg { mean, median, min, max, count }

/// <summary>Parameter descriptions shared by every plugin, so the same argument reads the same to the model everywhere.</summary>
internal static class Args
{
    public const string Unit = "หน่วยงานหรือจังหวัด | unit id, name or abbreviation";
    public const string Population = "กรม (department) หรือจังหวัด (province) | population";
    public const string Pillar = "ตัวชี้วัด 1-7 | pillar 1-7";
    public const string SubIndicator = "ตัวชี้วัดย่อย เช่น 6.2 | sub-indicator code such as 6.2";
    public const string Year = "ปี พ.ศ. | survey year (Buddhist Era)";
    public const string Ministry = "ชื่อกระทรวงเต็มภาษาไทย | ministry, canonical Thai name";
    public const string AgencyType = "ประเภทหน่วยงาน เช่น หน่วยงานราชการ รัฐวิสาหกิจ องค์การมหาชน | agency type, canonical Thai name";
    public const string Region = "ภาค เช่น ภาคเหนือ | region, canonical Thai name";
    public const string Mission = "ภารกิจหลัก: service (ให้บริการ) หรือ policy (นโยบาย กำกับดูแล) เฉพาะกรม | main mission of departments: service or policy";
    public const string Level = "ระดับ 1-5 | level 1-5";
    public const string Levels = "ระดับที่ไม่ติดกัน เช่น [1,3] (ช่วงติดกันใช้ min_level/max_level) | a set of levels that is not a range, e.g. [1,3]";
    public const string MinLevel = "ระดับต่ำสุด 1-5 | lowest level 1-5";
    public const string MaxLevel = "ระดับสูงสุด 1-5 | highest level 1-5";
    public const string GroupBy = "แยกตาม ประเภท กระทรวง ภาค หรือพันธกิจ | group by type, ministry, region or mission";
}
