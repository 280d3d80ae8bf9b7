using DgBot.Core.Language;
using DgBot.Core.Text;

namespace DgBot.Web.Chat.Model;

/// <summary>
/// Which units and groups a piece of the model's text names, read with the parser's own gazetteer, so that an alias, an
/// abbreviation or a name without its tone marks counts as naming the unit just as it does in a question.
/// </summary>
public sealed class AnswerNames(Gazetteer gazetteer)
{
    /// <summary>A unit name as written and the ids it may mean (several for an ambiguous abbreviation).</summary>
    public sealed record UnitName(string Surface, IReadOnlyList<string> Ids);

    /// <summary>
    /// What a text names. <see cref="Owners"/> (unit:ID, group:NAME) counts every unit the gazetteer finds, near misses included,
    /// since a misspelt name still tells the reader whose figure stands beside it; <see cref="Units"/> are the names matched
    /// exactly, the ones an answer may only use for units a function returned.
    /// </summary>
    public sealed record Named(IReadOnlySet<string> Owners, IReadOnlyList<UnitName> Units);

    private static readonly EntityKind[] GroupKinds = [EntityKind.Ministry, EntityKind.AgencyType, EntityKind.Region, EntityKind.Mission];

    /// <param name="groups">The group names the results used, also recognised when written out in full even where the
    /// gazetteer has no entry for them.</param>
    public Named Find(string text, IEnumerable<string> groups)
    {
        var owners = new HashSet<string>(StringComparer.Ordinal);
        var units = new List<UnitName>();
        if (string.IsNullOrWhiteSpace(text)) return new Named(owners, units);
        foreach (var mention in gazetteer.Find(new QuestionText(text)))
        {
            if (mention.Kind == EntityKind.Unit)
            {
                var ids = mention.Entities.Where(e => e.Kind == EntityKind.Unit).Select(e => e.Value).Distinct().ToList();
                foreach (var id in ids) owners.Add(GuardEvidence.UnitOwner(id));
                if (mention.Distance == 0) units.Add(new UnitName(mention.Surface, ids));
            }
            else
            {
                foreach (var entity in mention.Entities.Where(e => GroupKinds.Contains(e.Kind)))
                {
                    owners.Add(GuardEvidence.GroupOwner(entity.Value));
                    owners.Add(GuardEvidence.GroupOwner(entity.NameTh));
                }
            }
        }
        var key = ThaiText.Key(text);
        foreach (var group in groups)
            if (ThaiText.Key(group) is { Length: > 0 } g && key.Contains(g, StringComparison.Ordinal)) owners.Add(GuardEvidence.GroupOwner(group));
        return new Named(owners, units);
    }
}
