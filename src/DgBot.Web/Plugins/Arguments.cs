// Closed sets the language model may choose from; member names are the wire values of DESIGN §4.
#pragma warning disable IDE1006
namespace DgBot.Web.Plugins;

public enum PopulationArg { department, province }

public enum RankScopeArg { all, ministry, type, region, mission }

public enum OrderArg { best, worst }

public enum DirectionArg { improved, regressed }

public enum GroupByArg { type, ministry, region, mission }
