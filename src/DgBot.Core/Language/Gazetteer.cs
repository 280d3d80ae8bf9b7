using System.Globalization;
using System.Text;
using DgBot.Core.Queries;
using DgBot.Core.Reference;
using DgBot.Core.Text;

namespace DgBot.Core.Language;

public enum EntityKind { Unit, Ministry, AgencyType, Region, Mission, Pillar, SubIndicator, Level, Bangkok, Survey }

/// <summary>One thing a name can mean: a unit id, a ministry's canonical name, a pillar number...</summary>
public sealed record Entity(EntityKind Kind, string Value, string NameTh, string? UnitKind = null)
{
    public UnitRef AsUnit() => new(Value, NameTh, UnitKind ?? "");
}

/// <summary>A name found in a question: where it is, what it may mean (several entities = ambiguous), and how it matched.</summary>
public sealed record Mention(int Start, int End, string Surface, IReadOnlyList<Entity> Entities, int Distance)
{
    public EntityKind Kind => Entities[0].Kind;
    public bool IsAmbiguous => Entities.Select(e => e.Value).Distinct().Count() > 1;
}

/// <summary>
/// Every name the survey knows (DESIGN §6): units with canonical names, aliases, abbreviations with and without dots and
/// English names; ministries, agency types, regions, missions, pillars, sub-indicators and levels. Matching runs on a
/// compact form of the question (lower case, no spaces or dots) so "สป.มท.", "สป มท" and "สปมท" are one name, on a
/// tone-mark-free copy for dropped or misplaced tone marks, and finally by edit distance for near misses.
/// </summary>
public sealed class Gazetteer
{
    private readonly Trie _exact = new();
    private readonly Trie _toneless = new();
    /// <summary>Canonical unit names (and จังหวัด/จ. + province), for spotting a name typed only in part.</summary>
    private readonly Trie _names = new();
    private readonly List<FuzzyForm> _fuzzy = [];
    private readonly Dictionary<int, List<int>> _bigrams = [];

    private static int Bigram(char a, char b) => a << 16 | b;

    public IReadOnlyList<SurveyUnit> Units { get; }
    public IReadOnlyDictionary<string, SurveyUnit> UnitsById { get; }
    public ReferenceData Reference { get; }

    /// <summary>Compact words for the report's figure topics, longest first, with the canonical topic each means.</summary>
    public IReadOnlyList<(string Key, bool Guarded, string Topic)> FigureTerms { get; }

    /// <summary>Compact item words, longest first, with the item each names on each form.</summary>
    public IReadOnlyList<(string Key, bool Guarded, IReadOnlyDictionary<string, string> ItemByPopulation)> ItemTerms { get; }

    private const int ItemGram = 4;
    private sealed record ItemWordingIndex(List<(string Population, string Code, string Text)> Texts, Dictionary<string, List<(int Item, int At)>> Grams);
    // Built on first use and published as one reference, so concurrent parses see either none or all of it.
    private ItemWordingIndex? _itemWording;

    /// <summary>
    /// The questionnaire item of <paramref name="population"/> whose wording shares the longest run of letters with the question
    /// ("มีแบบสอบถามความพึงพอใจออนไลน์" and 4.6.17's "แบบสอบถามความพึงพอใจ"), when that run is at least
    /// <paramref name="minimum"/> letters. Runs are chained through an index of four-letter pieces, so the cost follows the
    /// question's length and how often its pieces occur in the items, never the number of items.
    /// </summary>
    public (string Code, int Length)? ItemByWording(string compact, string population, int minimum)
    {
        var index = _itemWording;
        if (index is null)
        {
            var texts = Reference.Items.Select(i => (i.Population, i.Code, Text: Compact(i.TextTh))).ToList();
            var grams = new Dictionary<string, List<(int Item, int At)>>(StringComparer.Ordinal);
            for (int n = 0; n < texts.Count; n++)
                for (int j = 0; j + ItemGram <= texts[n].Text.Length; j++)
                {
                    var g = texts[n].Text.Substring(j, ItemGram);
                    if (!grams.TryGetValue(g, out var list)) grams[g] = list = [];
                    list.Add((n, j));
                }
            _itemWording = index = new ItemWordingIndex(texts, grams);
        }
        var best = (Item: -1, Length: 0);
        var previous = new Dictionary<(int, int), int>();
        var current = new Dictionary<(int, int), int>();
        for (int i = 0; i + ItemGram <= compact.Length; i++)
        {
            current.Clear();
            if (index.Grams.TryGetValue(compact.Substring(i, ItemGram), out var hits))
                foreach (var (item, at) in hits)
                {
                    if (index.Texts[item].Population != population) continue;
                    var run = previous.TryGetValue((item, at - 1), out var r) ? r + 1 : ItemGram;
                    current[(item, at)] = run;
                    if (run > best.Length) best = (item, run);
                }
            (previous, current) = (current, previous);
        }
        return best.Item >= 0 && best.Length >= minimum ? (index.Texts[best.Item].Code, best.Length) : null;
    }

    private sealed record Form(string Key, Entity Entity, bool Guarded, bool Strict, bool RequireDot = false);

    /// <summary>Province names that are also everyday words (เลย "at all", แพร่ in เผยแพร่ "publish", ตาก "to dry"):
    /// they count only after จังหวัด/จ. or standing alone.</summary>
    private static readonly HashSet<string> WordLikeNames = new(Vocabulary.Words("wordLikeNames"), StringComparer.Ordinal);
    private sealed record FuzzyForm(string Key, Entity Entity)
    {
        /// <summary>Framework words are everyday words: one slip at most, or "งานปีนี้กร" starts to look like งานบริการ.</summary>
        public int MaxEdits => Entity.Kind is EntityKind.Unit ? int.MaxValue : 1;
    }

    public Gazetteer(ReferenceData reference)
    {
        Reference = reference;
        Units = reference.Units();
        UnitsById = Units.ToDictionary(u => u.Id);
        var ministryAbbreviations = new HashSet<string>(StringComparer.Ordinal);

        foreach (var u in Units)
        {
            var entity = new Entity(EntityKind.Unit, u.Id, u.NameTh, u.Kind);
            foreach (var name in u.Kind == Population.Province ? [u.NameTh, "จังหวัด" + u.NameTh, "จ" + u.NameTh] : new[] { u.NameTh })
                _names.Add(Compact(name), new Form(Compact(name), entity, false, false));
            Add(u.NameTh, entity, fuzzy: true);
            Add(u.NameEn, entity, fuzzy: true);
            foreach (var english in ShortEnglishNames(u.NameEn)) Add(english, entity, fuzzy: true);
            foreach (var alias in u.Aliases)
            {
                Add(alias, entity, fuzzy: true);
                // A Thai alias with a head word of its own (กองทัพไทย for กองบัญชาการกองทัพไทย) is a name people start to type too.
                if (Compact(alias) is var a && !IsLatin(a) && Heads.Any(h => a.StartsWith(h, StringComparison.Ordinal) && a.Length > h.Length))
                    _names.Add(a, new Form(a, entity, false, false));
            }
            // Two-letter province codes (ขก., สป.) collide with agency abbreviations and ordinary words; people write the names.
            if (u.Kind == Population.Department)
                foreach (var abbreviation in u.Abbreviations.Where(a => !EnglishWords.Contains(a.ToLowerInvariant())))
                    Add(abbreviation, entity, fuzzy: false, guarded: true);
            if (u.Kind == Population.Province)
            {
                // ...but written with its dot (ตร.) a province code is meant, and may clash with an agency's: the parser asks.
                foreach (var abbreviation in u.Abbreviations.Where(a => a.Contains('.'))) AddDotted(abbreviation, entity);
                Add("จังหวัด" + u.NameTh, entity, fuzzy: false);
                Add("จ." + u.NameTh, entity, fuzzy: false);
                Add(u.NameEn + " province", entity, fuzzy: false);
            }
            else if (u.NameTh.StartsWith("กรม", StringComparison.Ordinal) && u.NameTh.Length > 6)
            {
                // "กรมที่ดิน" is often typed as just "ที่ดิน" after a verb ("ของที่ดิน") — too short to trust alone, so guarded.
                Add(u.NameTh[3..], entity, fuzzy: false, guarded: true);
            }
        }
        foreach (var m in reference.Ministries.Where(m => m.Code != "NONE"))
        {
            var entity = new Entity(EntityKind.Ministry, m.NameTh, m.NameTh);
            Add(m.NameTh, entity, fuzzy: true);
            Add(m.NameEn, entity, fuzzy: false);
            if (m.NameEn.StartsWith("Ministry of ", StringComparison.Ordinal))
            {
                var subject = m.NameEn["Ministry of ".Length..];
                Add(subject + " ministry", entity, fuzzy: false);
                Add("the " + subject + " ministry", entity, fuzzy: false);
            }
            if (m.AbbreviationTh is { Length: > 0 } a) { Add(a, entity, fuzzy: false, guarded: true); ministryAbbreviations.Add(Compact(a)); }
            foreach (var alias in m.Aliases) Add(alias, entity, fuzzy: false, guarded: Compact(alias).Length <= 4);
            var bare = m.NameTh.StartsWith("กระทรวง", StringComparison.Ordinal) ? m.NameTh["กระทรวง".Length..] : null;
            if (bare is { Length: > 0 }) Add("ก." + bare, entity, fuzzy: false);
        }
        foreach (var t in reference.AgencyTypes)
        {
            var entity = new Entity(EntityKind.AgencyType, t.NameTh, t.NameTh);
            if (t.Code != "other")
            {
                Add(t.NameTh, entity, fuzzy: true);
                Add(t.NameEn, entity, fuzzy: false);
            }
            foreach (var alias in AgencyTypeAliases.GetValueOrDefault(t.Code, [])) Add(alias, entity, fuzzy: false);
        }
        foreach (var r in reference.Regions)
        {
            var entity = new Entity(EntityKind.Region, r.NameTh, r.NameTh);
            Add(r.NameTh, entity, fuzzy: true);
            Add(r.NameEn, entity, fuzzy: false);
            // Bare direction words (เหนือ, ใต้, กลาง) are ordinary Thai ("ดีกว่าเหนือกว่า"), so only the ภาค forms are free.
            foreach (var alias in r.Aliases) Add(alias, entity, fuzzy: false, guarded: !alias.StartsWith("ภาค", StringComparison.Ordinal) && !IsLatin(alias));
        }
        foreach (var m in reference.Missions)
        {
            var entity = new Entity(EntityKind.Mission, m.Code, m.NameTh);
            Add(m.NameTh, entity, fuzzy: false);
            foreach (var alias in MissionAliases.GetValueOrDefault(m.Code, [])) Add(alias, entity, fuzzy: false);
        }
        var subTerms = new HashSet<string>(reference.SubIndicators.SelectMany(s => s.EverydayTerms).Select(Compact), StringComparer.Ordinal);
        foreach (var p in reference.Pillars)
        {
            var entity = new Entity(EntityKind.Pillar, p.Id.ToString(CultureInfo.InvariantCulture), p.NameTh);
            Add(p.NameTh, entity, fuzzy: true);
            Add(p.NameEn, entity, fuzzy: true);
            // A word that names a sub-indicator too (ไซเบอร์ → 6.2) means the narrower thing.
            foreach (var term in p.EverydayTerms.Where(t => !subTerms.Contains(Compact(t)))) Add(term, entity, fuzzy: false, guarded: Compact(term).Length <= 3);
        }
        foreach (var s in reference.SubIndicators)
        {
            var entity = new Entity(EntityKind.SubIndicator, s.Code, s.NameTh);
            Add(s.NameTh, entity, fuzzy: true);
            Add(s.NameEn, entity, fuzzy: true);
            foreach (var term in s.EverydayTerms) Add(term, entity, fuzzy: false, guarded: Compact(term).Length <= 3);
        }
        foreach (var (term, sub) in ExtraSubIndicatorTerms)
            Add(term, new Entity(EntityKind.SubIndicator, sub, reference.SubIndicators.First(s => s.Code == sub).NameTh), fuzzy: Compact(term).Length >= 8);
        foreach (var (term, pillar) in ExtraPillarTerms)
            Add(term, new Entity(EntityKind.Pillar, pillar.ToString(CultureInfo.InvariantCulture), reference.Pillars.First(p => p.Id == pillar).NameTh), fuzzy: Compact(term).Length >= 8);
        foreach (var l in reference.Levels)
        {
            var entity = new Entity(EntityKind.Level, l.Level.ToString(CultureInfo.InvariantCulture), l.NameTh);
            Add(l.NameTh, entity, fuzzy: false);
            Add(l.NameTh.Replace("ระดับ", "", StringComparison.Ordinal), entity, fuzzy: false);
            Add(l.NameEn, entity, fuzzy: false, guarded: true);
            Add(l.StageEn, entity, fuzzy: false, guarded: true);
        }
        FigureTerms = reference.FigureTopics
            .SelectMany(t => t.Terms.Append(t.TopicTh).Select(term => (Key: Compact(term), t.TopicTh)))
            .Where(x => x.Key.Length > 0 && !GenericFigureWords.Contains(x.Key)).DistinctBy(x => x.Key)
            .Select(x => (x.Key, Guarded: x.Key.Length <= 3 || IsLatin(x.Key) && x.Key.Length <= 4, Topic: x.TopicTh))
            .Concat(ExtraFigureTerms.Select(x => (Key: Compact(x.Term), Guarded: false, x.Topic)))
            .OrderByDescending(x => x.Key.Length).ToList();
        ItemTerms = reference.ItemTopics
            .SelectMany(t => t.Terms.Select(term => (Key: Compact(term), Topic: t)))
            .Where(x => x.Key.Length > 0)
            .GroupBy(x => x.Key)
            .Select(g => (g.Key, Guarded: g.Key.Length <= 3 || IsLatin(g.Key) && g.Key.Length <= 4,
                (IReadOnlyDictionary<string, string>)g.SelectMany(x => x.Topic.Population == "both" ? Population.All.Select(p => (p, x.Topic.Item)) : [(x.Topic.Population, x.Topic.Item)])
                    .GroupBy(x => x.Item1).ToDictionary(x => x.Key, x => x.First().Item2)))
            .OrderByDescending(x => x.Key.Length).ToList();
        foreach (var bangkok in new[] { "กรุงเทพ", "กรุงเทพมหานคร", "กรุงเทพฯ", "กทม", "กทม.", "bangkok", "bkk", "bma", "จังหวัดกรุงเทพ", "จ.กรุงเทพ" })
            Add(bangkok, new Entity(EntityKind.Bangkok, "bangkok", "กรุงเทพมหานคร"), fuzzy: false, guarded: bangkok.Length <= 4);
        // The survey's own name contains สพร.'s ("รัฐบาลดิจิทัล"): taking it as one span keeps it from reading as that agency.
        foreach (var survey in new[] { "ความพร้อมรัฐบาลดิจิทัล", "ระดับความพร้อมรัฐบาลดิจิทัล", "การพัฒนารัฐบาลดิจิทัล", "digital government readiness", "dg readiness", "รัฐบาลดิจิทัลของประเทศ", "แผนพัฒนารัฐบาลดิจิทัล" })
            Add(survey, new Entity(EntityKind.Survey, "survey", "การสำรวจระดับความพร้อมรัฐบาลดิจิทัล"), fuzzy: false);
        foreach (var pattaya in new[] { "เมืองพัทยา", "พัทยา", "pattaya", "จังหวัดพัทยา" })
            Add(pattaya, new Entity(EntityKind.Bangkok, "pattaya", "เมืองพัทยา"), fuzzy: false);
    }

    /// <summary>English abbreviations that are also words people type to the bot ("hello bot"): never read as an agency.</summary>
    private static readonly HashSet<string> EnglishWords = new(Vocabulary.Words("englishWords"), StringComparer.Ordinal);

    private static readonly Dictionary<string, string[]> AgencyTypeAliases = Vocabulary.Aliases("agencyTypeAliases");

    private static readonly Dictionary<string, string[]> MissionAliases = Vocabulary.Aliases("missionAliases");

    /// <summary>Everyday words the reference CSVs do not list, as DCIOs say them.</summary>
    private static readonly (string Term, string Sub)[] ExtraSubIndicatorTerms = Vocabulary.Pairs("extraSubIndicatorTerms");

    /// <summary>Words figure_topics.csv lists for the report search that are too common to mark a question as one about a figure.</summary>
    private static readonly HashSet<string> GenericFigureWords = new(Vocabulary.Words("genericFigureWords"), StringComparer.Ordinal);

    /// <summary>How people ask for a figure topic beyond the words in figure_topics.csv.</summary>
    private static readonly (string Term, string Topic)[] ExtraFigureTerms = Vocabulary.Pairs("extraFigureTerms");

    private static readonly (string Term, int Pillar)[] ExtraPillarTerms = Vocabulary.Pairs("extraPillarTerms").Select(p => (p.Item1, int.Parse(p.Item2, CultureInfo.InvariantCulture))).ToArray();

    /// <summary>The same questionnaire topic on another form ("GDCC": 6.1A on both; "ไม่เรียกสำเนา": 4.4 for agencies, 4.3 for provinces).</summary>
    public string? ItemFor(string item, string population, string? from = null)
    {
        // Item codes repeat across the two forms (4.5 is a department's vulnerable-group channel and a province's website), so
        // the code is read in the form it was asked in.
        if (from == population) return item;
        var topic = Reference.ItemTopics.FirstOrDefault(t => t.Item == item && (from is null || t.Population == from));
        if (topic is null) return null;
        var key = Compact(topic.Terms[0]);
        return ItemTerms.FirstOrDefault(t => t.Key == key).ItemByPopulation?.GetValueOrDefault(population);
    }

    /// <summary>"Expressway Authority" for "Expressway Authority of Thailand", "Thailand Post" for "Thailand Post Company Limited".</summary>
    private static IEnumerable<string> ShortEnglishNames(string name)
    {
        var n = name.Trim();
        if (n.StartsWith("The ", StringComparison.OrdinalIgnoreCase)) { n = n[4..]; yield return n; }
        foreach (var suffix in new[] { " of Thailand", " Company Limited", " Co., Ltd.", " Public Company Limited", " (Public Organization)", " Public Organization" })
            if (n.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && n.Length > suffix.Length + 6)
                yield return n[..^suffix.Length];
    }

    public static bool IsLatin(string s) => s.Any(c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z');

    private void Add(string? surface, Entity entity, bool fuzzy, bool guarded = false)
    {
        if (string.IsNullOrWhiteSpace(surface)) return;
        var key = Compact(surface);
        if (key.Length == 0) return;
        // Very short keys are always guarded: they hide inside ordinary words.
        var guard = guarded || key.Length <= 3 || IsLatin(key) && key.Length <= 4;
        var strict = WordLikeNames.Contains(key);
        _exact.Add(key, new Form(key, entity, guard || strict, strict));
        var toneless = StripTones(key);
        if (toneless.Length >= 4) _toneless.Add(toneless, new Form(toneless, entity, guard || strict, strict));
        if (fuzzy && toneless.Length >= (IsLatin(toneless) ? 6 : 5))
        {
            var index = _fuzzy.Count;
            _fuzzy.Add(new FuzzyForm(toneless, entity));
            var seen = new HashSet<int>();
            // A head word's bigrams (กร, รม of กรม) are shared by a hundred names and say nothing: only the distinctive part is indexed.
            var from = HeadOf(toneless) is { } head ? head.Length : 0;
            for (int i = from; i + 1 < toneless.Length; i++)
            {
                var bigram = Bigram(toneless[i], toneless[i + 1]);
                if (!seen.Add(bigram)) continue;
                if (!_bigrams.TryGetValue(bigram, out var list)) _bigrams[bigram] = list = [];
                list.Add(index);
            }
        }
    }

    private void AddDotted(string surface, Entity entity)
    {
        var key = Compact(surface);
        if (key.Length > 0) _exact.Add(key, new Form(key, entity, Guarded: true, Strict: false, RequireDot: true));
    }

    /// <summary>Lower case without spaces, dots and similar separators: the form names are compared in.</summary>
    /// <summary>The key a name or a cue is matched by (<see cref="ThaiText.Key"/>, shared with <c>UnitResolver</c>).</summary>
    public static string Compact(string s) => ThaiText.Key(s);

    public static bool IsSeparator(char c) => ThaiText.IsSeparator(c);

    public static bool IsTone(char c) => c is >= '\u0e48' and <= '\u0e4c';

    /// <summary>
    /// The loose spelling slips are compared in: tone marks, ั and ็ dropped; ใ/ไ, ศ/ษ/ส, ณ/น, ฎ/ด, ฏ/ต, ฑ/ท, ธ/ท,
    /// ภ/พ, ฬ/ล, ฆ/ค folded (letters that sound alike and are often swapped when typing fast).
    /// </summary>
    public static string Loose(string s)
    {
        var b = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            // A letter under ์ is silent (ตว์ in ปศุสัตว์, ถ์ in อุตรดิตถ์, ธุ์ in กาฬสินธุ์), and people often leave it out.
            if (IsSilent(s, i)) continue;
            if (LooseChar(s[i]) is { } l) b.Append(l);
        }
        return b.ToString();
    }

    /// <summary>Whether the letter at <paramref name="i"/> is silenced by a following ์ (also the consonant of a silenced ธุ์ or ทร์).</summary>
    public static bool IsSilent(string s, int i) =>
        i + 1 < s.Length && s[i + 1] == '\u0e4c'
        || i + 2 < s.Length && s[i + 2] == '\u0e4c' && s[i + 1] is >= '\u0e34' and <= '\u0e3a';

    public static char? LooseChar(char c) => c switch
    {
        >= '\u0e48' and <= '\u0e4c' or '\u0e31' or '\u0e47' => null,
        'ใ' => 'ไ',
        'ะ' => 'า',
        'ี' => 'ิ',
        'ื' => 'ึ',
        'ู' => 'ุ',
        'ศ' or 'ษ' => 'ส',
        'ณ' => 'น',
        'ฎ' => 'ด',
        'ฏ' => 'ต',
        'ฑ' or 'ธ' => 'ท',
        'ภ' => 'พ',
        'ฬ' => 'ล',
        'ฆ' => 'ค',
        _ => c,
    };

    /// <summary>Kept for callers that only need tone marks gone; the same as <see cref="Loose"/>.</summary>
    public static string StripTones(string s) => Loose(s);

    /// <summary>Every name in the question, longest first and without overlaps, ordered by position.</summary>
    public IReadOnlyList<Mention> Find(QuestionText q)
    {
        var candidates = new List<(int Start, int End, List<Form> Forms, int Distance)>();
        Collect(_exact, q.Compact, i => i, candidates, q);
        // Tone marks dropped or misplaced: the same walk over a tone-free copy, mapped back to compact positions.
        Collect(_toneless, q.Toneless, i => q.TonelessMap[i], candidates, q, loose: true);

        AbbreviatedNames(q, candidates);

        var taken = new bool[q.Compact.Length + 1];
        var mentions = new List<Mention>();
        foreach (var c in candidates.OrderByDescending(c => c.End - c.Start).ThenBy(c => c.Distance).ThenBy(c => c.Start))
        {
            if (Overlaps(taken, c.Start, c.End)) continue;
            Take(taken, c.Start, c.End);
            mentions.Add(ToMention(q, c.Start, c.End, c.Forms.Select(f => f.Entity), c.Distance));
        }
        FindPartialNames(q, taken, mentions);
        FindNearMisses(q, taken, mentions);
        return mentions.OrderBy(m => m.Start).ToList();
    }

    private static bool Overlaps(bool[] taken, int start, int end)
    {
        for (int i = start; i < end; i++) if (taken[i]) return true;
        return false;
    }

    private static void Take(bool[] taken, int start, int end)
    {
        for (int i = start; i < end; i++) taken[i] = true;
    }

    private static Mention ToMention(QuestionText q, int start, int end, IEnumerable<Entity> entities, int distance) =>
        new(start, end, q.Compact[start..end], entities.DistinctBy(e => (e.Kind, e.Value)).ToList(), distance);

    private static void Collect(Trie trie, string text, Func<int, int> map, List<(int, int, List<Form>, int)> into, QuestionText q, bool loose = false)
    {
        for (int i = 0; i < text.Length; i++)
        {
            var node = trie.Root;
            for (int j = i; j < text.Length; j++)
            {
                if (!node.Next.TryGetValue(text[j], out node!)) break;
                if (node.Forms.Count == 0) continue;
                var start = map(i);
                // A loose match ends after the marks it skipped (the tone on ม in เชียงไหม่ belongs to the match).
                var end = loose ? q.LooseEnd(j + 1) : map(j) + 1;
                if (!q.IsClusterBoundary(start, end)) continue;
                var forms = node.Forms.Where(f => f.RequireDot ? q.IsDotted(start, end)
                    : !f.Guarded || q.IsGuardedMatchAllowed(start, end, f.Strict) || f.Entity.Kind == EntityKind.Region && q.IsRegionBeforeGroup(start, end)).ToList();
                if (forms.Count > 0) into.Add((start, end, forms, 0));
            }
        }
    }

    /// <summary>"กรมชลฯ", "สำนักงานกองทุนหมู่บ้านฯ": a name cut short with ฯ; as long as what was typed, so it wins over "ชล".</summary>
    private void AbbreviatedNames(QuestionText q, List<(int Start, int End, List<Form> Forms, int Distance)> into)
    {
        var text = q.Compact;
        for (int end = 1; end <= text.Length; end++)
        {
            if (q.NormalizedAfter(end) != 'ฯ') continue;
            var found = false;
            for (int start = 0; start + 3 < end; start++)
            {
                if (!q.StartsCluster(start)) continue;
                var node = _names.Root;
                var ok = true;
                for (int j = start; j < end && ok; j++) ok = node.Next.TryGetValue(text[j], out node!);
                if (!ok) continue;
                var forms = new List<Form>();
                CollectForms(node, forms);
                if (forms.Count == 0) continue;
                into.Add((start, end, forms.DistinctBy(f => f.Entity.Value).ToList(), 0));
                found = true;
                break;
            }
            if (!found) ShortAbbreviation(end);
        }

        // "นราฯ", "ศุลฯ": a word of three letters or more cut short with ฯ, written on its own, that starts a unit's name (with or
        // without its head word กรม/สำนักงาน).
        void ShortAbbreviation(int end)
        {
            for (int start = end - 3; start >= Math.Max(0, end - 12); start--)
            {
                if (!q.StartsCluster(start)) continue;
                var n = q.CompactMap[start];
                if (n > 0 && q.Normalized[n - 1] is >= '\u0e01' and <= '\u0e4e') continue;
                var fragment = text[start..end];
                var entities = new List<Form>();
                foreach (var head in new[] { "", "กรม", "สำนักงาน" })
                {
                    var node = _names.Root;
                    var ok = true;
                    foreach (var ch in head + fragment) if (!(ok = node.Next.TryGetValue(ch, out node!))) break;
                    if (ok) CollectForms(node, entities);
                }
                var distinct = entities.DistinctBy(f => f.Entity.Value).ToList();
                // Several ("สระฯ": สระแก้ว, สระบุรี): offered together, so the parser asks which.
                if (distinct.Count is >= 1 and <= 8) into.Add((start, end, distinct, 0));
                return;
            }
        }

        static void CollectForms(Trie.Node node, List<Form> into)
        {
            into.AddRange(node.Forms);
            foreach (var child in node.Next.Values) CollectForms(child, into);
        }
    }

    /// <summary>
    /// The start of several names and no more ("การไฟฟ้า", "กรมทรัพยากร", "จังหวัดเพชร"): offered as an ambiguous mention, so the
    /// parser asks which one rather than picking.
    /// </summary>
    private void FindPartialNames(QuestionText q, bool[] taken, List<Mention> mentions)
    {
        var text = q.Compact;
        for (int i = 0; i < text.Length; i++)
        {
            if (taken[i] || !q.StartsCluster(i)) continue;
            var head = Heads.Append("จ").FirstOrDefault(h => string.CompareOrdinal(text, i, h, 0, h.Length) == 0);
            if (head is null) continue;
            var path = new List<Trie.Node> { _names.Root };
            for (int j = i; j < text.Length && !taken[j] && path[^1].Next.TryGetValue(text[j], out var next); j++) path.Add(next);
            if (path[^1].Forms.Count > 0) continue;
            // "กองทัพได้…" walks into กองทัพไ(ทย) before it stops: the name typed ends at the last word boundary on the way.
            var depth = path.Count - 1;
            while (depth >= head.Length + 2 && !(q.IsClusterBoundary(i, i + depth) && (q.NormalizedAfter(i + depth) == 'ฯ' || QuestionText.EndsAWord(text, i + depth)))) depth--;
            if (depth < head.Length + 2 || path[depth].Forms.Count > 0) continue;
            var node = path[depth];
            var end = i + depth;
            var abbreviated = q.NormalizedAfter(end) == 'ฯ';
            var units = new List<Entity>();
            Collect(node, units);
            units = units.DistinctBy(u => u.Value).ToList();
            // "กรมชลฯ": a name cut short with ฯ that only one unit starts with is that unit.
            if (units.Count < (abbreviated ? 1 : 2)) continue;
            Take(taken, i, end);
            mentions.Add(new Mention(i, end, text[i..end], units.Take(8).ToList(), 0));
            i = end - 1;
        }

        static void Collect(Trie.Node node, List<Entity> into)
        {
            foreach (var f in node.Forms) into.Add(f.Entity);
            foreach (var child in node.Next.Values) Collect(child, into);
        }
    }

    /// <summary>
    /// Names typed with a slip (เชียงไหม่, กรมส่งเสิรมการเกษตร): approximate substring search over the parts of the question no exact
    /// name covers, with an edit budget that grows with the name's length. Candidates come from shared bigrams first
    /// (a match with k errors keeps at least m−1−2k of the name's bigrams), so the expensive comparison runs on a few names.
    /// </summary>
    private void FindNearMisses(QuestionText q, bool[] taken, List<Mention> mentions)
    {
        var text = q.Toneless;
        // An exact unit name may be only the tail of a longer name typed with a slip: "การแพทย์" (an alias of กรมการแพทย์)
        // inside "กรมวิทยาศาตร์การแพทย์", or only its head: กรมการแพทย์ inside "กรมการแพทย์แผนไทยและการแพทย์ทางเลือ". Such a
        // mention stays open to a near miss that covers all of it and more.
        var soft = new int[q.Compact.Length];
        Array.Fill(soft, -1);
        for (int m = 0; m < mentions.Count; m++)
            if (mentions[m] is { Kind: EntityKind.Unit, Distance: 0, IsAmbiguous: false } exact
                && (exact.Start > 0 && !taken[exact.Start - 1] || exact.End < taken.Length && !taken[exact.End]))
                for (int i = exact.Start; i < exact.End; i++) soft[i] = m;
        var free = new bool[text.Length];
        var freeCount = 0;
        for (int i = 0; i < text.Length; i++)
        {
            free[i] = (!taken[q.TonelessMap[i]] || soft[q.TonelessMap[i]] >= 0) && q.Toneless[i] is >= '\u0e01' and <= '\u0e5b' or >= 'a' and <= 'z';
            if (free[i] && soft[q.TonelessMap[i]] < 0) freeCount++;
        }
        if (freeCount < 5) return;
        // Where each name's bigrams occur in the question (ascending), so the filter counts them within one name's length of
        // text, not over the whole question: a long message shares bigrams with nearly every name, and each name that got
        // through would cost a full pass of the comparison below.
        var positions = new Dictionary<int, List<int>>();
        for (int i = 0; i + 1 < text.Length; i++)
        {
            if (!free[i] || !free[i + 1]) continue;
            if (!_bigrams.TryGetValue(Bigram(text[i], text[i + 1]), out var forms)) continue;
            foreach (var f in forms)
            {
                if (!positions.TryGetValue(f, out var list)) positions[f] = list = [];
                list.Add(i);
            }
        }
        var hits = new List<(int Start, int End, FuzzyForm Form, int Distance)>();
        foreach (var (index, at) in positions)
        {
            var form = _fuzzy[index];
            var m = form.Key.Length;
            var headLength = HeadOf(form.Key)?.Length ?? 0;
            var k = Math.Min(form.MaxEdits, headLength > 0 ? HeadedBudget(m - headLength) : Budget(m));
            // A match with k edits spans at most m + 2k characters (an extra vowel mark or doubled letter is half an edit).
            var width = m + 2 * Math.Min(k, m);
            var ranges = Dense(at, width, Math.Max(headLength > 0 ? 1 : 2, m - headLength - 1 - 2 * k), text.Length);
            if (ranges.Count == 0) continue;
            (int Start, int End, int Distance, int HalfEdits)? found = null;
            foreach (var (from, to) in ranges)
                if (BestSubstringMatch(form.Key, text, free, k, from, to) is { } r && (found is null || r.HalfEdits < found.Value.HalfEdits)) found = r;
            if (found is not { } match) continue;
            var matched = text[match.Start..match.End];
            // Typos keep the start of a name, and a shared head word (กรม, สำนักงาน, จังหวัด) is not evidence: it must be typed
            // exactly, and the budget is measured on the distinctive rest ("กรมชลประทาร" is close to กรมชลประทาน; "งบประมาณ" is
            // not close to กรมประมง).
            var head = HeadOf(form.Key);
            // The first letter of the distinctive part is rarely the slip; short names allow only a sound-alike swap.
            // A short distinctive part must be typed to its end: "กรมที่ดี(ที่สุด)" is not กรมที่ดิน with its last letter dropped.
            if (head is not null ? !matched.StartsWith(head, StringComparison.Ordinal) || match.Distance > HeadedBudget(m - head.Length)
                    || matched.Length <= head.Length || matched[head.Length] != form.Key[head.Length]
                    || m - head.Length < 8 && matched.Length < m
                : !SameStart(matched, form.Key) || m <= 6 && (!matched.AsSpan(1).StartsWith(form.Key.AsSpan(1, 2), StringComparison.Ordinal) || match.HalfEdits > 1)) continue;
            if (!q.IsClusterBoundary(q.TonelessMap[match.Start], q.LooseEnd(match.End))) continue;
            // A short name typed with a slip is one word: "(หน่)อย กร(ม)" across a space is not อัยการ.
            if (head is null && m <= 6 && q.NormalizedSpan(q.TonelessMap[match.Start], q.LooseEnd(match.End)).Contains(' ', StringComparison.Ordinal)) continue;
            hits.Add((match.Start, match.End, form, match.Distance));
        }
        var replaced = new HashSet<int>();
        foreach (var group in hits.OrderBy(h => h.Distance).ThenByDescending(h => h.Form.Key.Length).GroupBy(h => h.Distance))
        {
            foreach (var h in group)
            {
                var start = q.TonelessMap[h.Start];
                var end = q.LooseEnd(h.End);
                if (!Replaces(start, end, out var inside) || inside.Count > 0 && h.Form.Entity.Kind != EntityKind.Unit) continue;
                foreach (var m in inside) { replaced.Add(m); for (int i = mentions[m].Start; i < mentions[m].End; i++) soft[i] = -1; }
                // Names as close as the best one for the same stretch of text are offered together: the parser asks which.
                var rivals = group.Where(o => o.Form.Entity.Value != h.Form.Entity.Value && Math.Abs(o.Start - h.Start) <= 2 && o.Distance == h.Distance)
                    .Select(o => o.Form.Entity);
                Take(taken, start, end);
                mentions.Add(ToMention(q, start, end, rivals.Prepend(h.Form.Entity), h.Distance));
            }
        }
        for (int m = mentions.Count - 1; m >= 0; m--) if (replaced.Contains(m)) mentions.RemoveAt(m);

        // Free text, or exact unit names the near miss covers whole with at least three more letters of its own: the exact
        // name then explains less of the word than the near miss does.
        bool Replaces(int start, int end, out List<int> inside)
        {
            inside = [];
            var own = 0;
            for (int i = start; i < end; i++)
            {
                if (!taken[i]) { own++; continue; }
                var m = soft[i];
                if (m < 0 || mentions[m].Start < start || mentions[m].End > end) return false;
                if (!inside.Contains(m)) inside.Add(m);
            }
            return inside.Count == 0 || own >= 3;
        }
    }

    /// <summary>
    /// The stretches of text (merged, in order, padded by <paramref name="width"/>) around every run of at least
    /// <paramref name="needed"/> sorted positions within <paramref name="width"/> characters: where a match could be.
    /// </summary>
    private static List<(int From, int To)> Dense(List<int> sorted, int width, int needed, int length)
    {
        var ranges = new List<(int From, int To)>();
        for (int lo = 0, hi = 0; hi < sorted.Count; hi++)
        {
            while (sorted[hi] - sorted[lo] >= width) lo++;
            if (hi - lo + 1 < needed) continue;
            int from = Math.Max(0, sorted[lo] - width), to = Math.Min(length, sorted[hi] + width + 2);
            if (ranges.Count > 0 && from <= ranges[^1].To) ranges[^1] = (ranges[^1].From, Math.Max(ranges[^1].To, to));
            else ranges.Add((from, to));
        }
        return ranges;
    }

    private static readonly string[] Heads = Vocabulary.Words("heads");

    /// <summary>The head words in the loose form the fuzzy keys are written in (สำนักงาน loses its ั there), so the head of
    /// "สำนักงาน กพ" is recognised and a question's own สำนักงาน is never most of a near miss.</summary>
    private static readonly string[] LooseHeads = Heads.Select(Loose).ToArray();

    private static string? HeadOf(string key) => LooseHeads.FirstOrDefault(h => key.StartsWith(h, StringComparison.Ordinal) && key.Length > h.Length);

    /// <summary>Edits allowed in the distinctive part after an exactly typed head word: the head anchors the match.</summary>
    private static int HeadedBudget(int rest) => rest switch { < 4 => 0, < 8 => 1, < 12 => 2, _ => 3 };

    private static int Budget(int length) => length switch { < 5 => 0, < 9 => 1, < 15 => 2, _ => 3 };

    /// <summary>
    /// Sellers' algorithm (the pattern may start anywhere in the text) with costs in half edits: swapping letters that sound
    /// alike at the end of a syllable (ด/ต/ส, น/ร/ณ, ก/ค, บ/พ) costs half an edit, as that is the commonest slip.
    /// Returns the best end, its start and the cost in whole edits rounded up.
    /// </summary>
    private static (int Start, int End, int Distance, int HalfEdits)? BestSubstringMatch(string pattern, string text, bool[] free, int k,
        int from, int to)
    {
        var m = pattern.Length;
        var budget = 2 * k;
        Span<int> prev = m < 128 ? stackalloc int[m + 1] : new int[m + 1];
        Span<int> cur = m < 128 ? stackalloc int[m + 1] : new int[m + 1];
        Span<int> startPrev = m < 128 ? stackalloc int[m + 1] : new int[m + 1];
        Span<int> startCur = m < 128 ? stackalloc int[m + 1] : new int[m + 1];
        Span<int> prev2 = m < 128 ? stackalloc int[m + 1] : new int[m + 1];
        Span<int> startPrev2 = m < 128 ? stackalloc int[m + 1] : new int[m + 1];
        for (int i = 0; i <= m; i++) { prev[i] = 2 * i; startPrev[i] = from; prev2[i] = 2 * i; startPrev2[i] = from; }
        (int, int, int)? best = null;
        // Only text[from..to] is searched: the bigram filter says no match lies elsewhere.
        for (int j = from + 1; j <= to; j++)
        {
            cur[0] = 0;
            startCur[0] = j;
            for (int i = 1; i <= m; i++)
            {
                var a = pattern[i - 1];
                var b = text[j - 1];
                // Sound-alike swaps are cheap only after the first letter: finals merge in speech, initials do not (สำรวจ ≠ ตำรวจ).
                var cost = !free[j - 1] ? 2 : a == b ? 0 : i > 1 && SoundClass(a) != 0 && SoundClass(a) == SoundClass(b) ? 1 : 2;
                var sub = prev[i - 1] + cost;
                // A dropped or extra vowel mark (ชัยภูม for ชัยภูมิ) or a doubled letter (อยุทธยา) is half an edit.
                var del = prev[i] + (IsVowelMark(b) || j >= 2 && text[j - 2] == b ? 1 : 2); // an extra letter typed
                var ins = cur[i - 1] + (IsVowelMark(a) ? 1 : 2);                               // a letter of the name left out
                if (sub <= del && sub <= ins) { cur[i] = sub; startCur[i] = startPrev[i - 1]; }
                else if (del <= ins) { cur[i] = del; startCur[i] = startPrev[i]; }
                else { cur[i] = ins; startCur[i] = startCur[i - 1]; }
                // Two neighbouring letters typed the wrong way round (สกลนรค) is one slip.
                if (i >= 2 && j >= 2 && a == text[j - 2] && pattern[i - 2] == b && a != b && free[j - 2] && prev2[i - 2] + 1 < cur[i])
                {
                    cur[i] = prev2[i - 2] + 1;
                    startCur[i] = startPrev2[i - 2];
                }
            }
            if (cur[m] <= budget && (best is null || cur[m] < best.Value.Item3))
                best = (startCur[m], j, cur[m]);
            // Rotate the rows: prev2 ← prev, prev ← cur, cur ← old prev2 (overwritten next column).
            var oldPrev2 = prev2; prev2 = prev; prev = cur; cur = oldPrev2;
            var oldStart2 = startPrev2; startPrev2 = startPrev; startPrev = startCur; startCur = oldStart2;
        }
        return best is { } r && r.Item2 - r.Item1 >= pattern.Length - k ? (r.Item1, r.Item2, (r.Item3 + 1) / 2, r.Item3) : null;
    }

    /// <summary>A name's first two letters are typed right, but the first may be its look-alike (ถูเก็ต for ภูเก็ต).</summary>
    private static bool SameStart(string matched, string key) =>
        matched.Length >= 2 && matched[1] == key[1] && (matched[0] == key[0] || LookAlike(matched[0], key[0]));

    private static bool LookAlike(char a, char b) => (a, b) switch
    {
        ('ถ', 'พ') or ('พ', 'ถ') or ('ถ', 'ภ') or ('ภ', 'ถ') or ('ข', 'ช') or ('ช', 'ข') or ('บ', 'ป') or ('ป', 'บ') or ('ผ', 'ฝ') or ('ฝ', 'ผ') => true,
        _ => false,
    };

    private static bool IsVowelMark(char c) => c is >= '\u0e34' and <= '\u0e3a' or 'ะ' or 'า';

    /// <summary>Thai final-consonant sound classes (after <see cref="Loose"/> folding): -t, -n, -k, -p; 0 for the rest.</summary>
    private static int SoundClass(char c) => c switch
    {
        'ด' or 'ต' or 'ถ' or 'ท' or 'ฐ' or 'ฒ' or 'ส' or 'ซ' or 'จ' or 'ช' => 1,
        'น' or 'ญ' or 'ร' or 'ล' => 2,
        'ก' or 'ข' or 'ค' => 3,
        'บ' or 'ป' or 'พ' or 'ฟ' => 4,
        _ => 0,
    };

    /// <summary>The closest unit names to a phrase that matched nothing, for "did you mean" suggestions.</summary>
    public IReadOnlyList<Entity> Suggest(string phrase, int max = 3)
    {
        var key = StripTones(Compact(phrase));
        if (key.Length < 3) return [];
        return _fuzzy.Where(f => f.Entity.Kind == EntityKind.Unit)
            .Select(f => (f.Entity, Distance: Levenshtein(key, f.Key)))
            .Where(x => x.Distance <= Math.Max(1, Math.Min(key.Length, x.Entity.NameTh.Length) / 3))
            .OrderBy(x => x.Distance).Select(x => x.Entity).DistinctBy(e => e.Value).Take(max).ToList();
    }

    private static int Levenshtein(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }

    private sealed class Trie
    {
        public Node Root { get; } = new();

        public void Add(string key, Form form)
        {
            var node = Root;
            foreach (var c in key)
            {
                if (!node.Next.TryGetValue(c, out var next)) node.Next[c] = next = new Node();
                node = next;
            }
            if (!node.Forms.Any(f => f.Entity == form.Entity)) node.Forms.Add(form);
        }

        public sealed class Node
        {
            public Dictionary<char, Node> Next { get; } = [];
            public List<Form> Forms { get; } = [];
        }
    }
}
