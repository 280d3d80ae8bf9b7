using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DgBot.Core.Catalog;
using DgBot.Core.Queries;
using DgBot.Core.Reference;

namespace DgBot.Core.Language;

public sealed partial class ThaiParser
{
    /// <summary>
    /// Everything the question names or states, found once and read by the intent rules: one extractor per slot (years, levels,
    /// count, population, item, figure topic, unknown name), run in a fixed order over the question with each number blanked
    /// once read.
    /// </summary>
    private sealed class Slots
    {
        public QuestionText Q { get; }
        public string Residual { get; private set; } = "";
        public string NameResidual { get; private set; } = "";
        public string ResidualToneless { get; private set; } = "";
        public string NameResidualLoose { get; private set; } = "";
        public IReadOnlyList<Mention> Mentions { get; }
        public List<UnitRef> Units { get; } = [];
        public Mention? Ambiguous { get; private set; }
        public bool Bangkok { get; private set; }
        public Entity? NotSurveyed { get; private set; }
        public string? Ministry { get; private set; }
        public string? Region { get; private set; }
        public string? AgencyType { get; private set; }
        public string? Mission { get; private set; }
        public int? Pillar { get; private set; }
        public string? SubIndicator { get; private set; }
        public string? Item { get; private set; }
        public int? Year { get; private set; }
        public (int From, int To)? YearRange { get; private set; }
        public int? YearsBack { get; private set; }
        /// <summary>The year is where a change starts ("ตั้งแต่ปี 63", "จากปีที่แล้ว"), not the round asked about.</summary>
        public bool YearIsStart { get; private set; }
        public List<(string Name, int Value)> Levels { get; } = [];
        public int? N { get; private set; }
        public int? Percent { get; private set; }
        public string? FigureTopic { get; private set; }
        /// <summary>The figure topic's words are also a pillar or sub-indicator's (หลังบ้าน: pillar 5 and the report's ระบบภายใน).</summary>
        public bool FigureTopicIsFramework { get; private set; }
        public string? RecommendationArea { get; private set; }
        public string? UnknownUnitPhrase { get; private set; }
        /// <summary>Names written after an exclusion word ("ยกเว้นกรมที่ดิน"), with that word.</summary>
        public List<(string Word, string Name)> Excluded { get; } = [];

        /// <summary>A name that looks like a unit's and is none, in a question that also names units it did place.</summary>
        public string? UnplacedName { get; private set; }
        public string? ScopeOverride { get; set; }
        private readonly int _latest;

        public Slots(QuestionText q, IReadOnlyList<Mention> mentions, int latest, Gazetteer gazetteer)
        {
            Q = q;
            Mentions = mentions;
            _latest = latest;
            _gazetteer = gazetteer;
            // Numbers are read in this order (codes, years, pillar numbers, levels, counts) on a copy of the text from which each
            // one read is blanked, so "2566" is never a count and "ระดับ 1 ปี 2565" never a level 2565.
            _text = q.Normalized;
            _consumed = new StringBuilder(_text);
            BlankNames();
            ReadNames();
            SetAsideSurveyOwner();
            ExtractFrameworkElement();
            ExtractItemCode();
            ExtractYears();
            ExtractPillarNumber();
            ExtractLevels();
            ExtractCount();
            ExtractPercent();
            ExtractPopulation();
            ExtractItem();
            ExtractFigureTopic();
            ExtractRecommendationArea();
            ExtractUnknownName();
        }

        private readonly Gazetteer _gazetteer;
        private readonly string _text;
        private readonly StringBuilder _consumed;

        /// <summary>The normalised question with every number already read blanked out.</summary>
        private string Unconsumed => _consumed.ToString();

        private void Consume(Match m) { for (int i = m.Index; i < m.Index + m.Length; i++) _consumed[i] = ' '; }

        private bool Word(params string[] words) =>
            words.Any(w => Q.Compact.Contains(w, StringComparison.Ordinal) || Q.Toneless.Contains(Gazetteer.StripTones(w), StringComparison.Ordinal));

        /// <summary>Population words count only outside names: กรม in "กรมการปกครอง" is part of a unit, not "departments".</summary>
        private bool Said(string[] words) =>
            CueKeys.For(words).Any(k => NameResidual.Contains(k.Key, StringComparison.Ordinal) || NameResidualLoose.Contains(k.Loose, StringComparison.Ordinal));

        /// <summary>Cue words are looked for outside every recognised name; topic words outside unit and ministry names.</summary>
        private void BlankNames()
        {
            // Cue words are looked for outside every recognised name ("สูงสุด" inside ขั้นสูงสุด is a level, not "top"); topic words
            // only outside unit and ministry names, since ไซเบอร์ or GDCC are both a sub-indicator and a topic.
            var residual = new StringBuilder(Q.Compact);
            var names = new StringBuilder(Q.Compact);
            foreach (var m in Mentions)
                for (int i = m.Start; i < m.End; i++)
                {
                    residual[i] = '|';
                    if (m.Kind is EntityKind.Unit or EntityKind.Ministry or EntityKind.Bangkok) names[i] = '|';
                }
            Residual = residual.ToString();
            NameResidual = names.ToString();
            var loose = new StringBuilder(Q.Toneless.Length);
            var looseNames = new StringBuilder(Q.Toneless.Length);
            for (int i = 0; i < Q.Toneless.Length; i++)
            {
                loose.Append(Residual[Q.TonelessMap[i]] == '|' ? '|' : Q.Toneless[i]);
                looseNames.Append(NameResidual[Q.TonelessMap[i]] == '|' ? '|' : Q.Toneless[i]);
            }
            ResidualToneless = loose.ToString();
            NameResidualLoose = looseNames.ToString();
        }

        /// <summary>Units, groups, pillars and levels the gazetteer found by name.</summary>
        private void ReadNames()
        {
            foreach (var m in Mentions)
            {
                // "ยกเว้นกรมที่ดิน", "ไม่รวมภาคใต้": no function leaves units out by name, so a name after an exclusion is neither
                // the unit asked about nor a filter (which would answer the opposite); the answer names it as not taken into account.
                if (m.Kind is EntityKind.Unit or EntityKind.Ministry or EntityKind.Region or EntityKind.AgencyType or EntityKind.Mission
                    && ExclusionBefore().Match(Q.Compact[Math.Max(0, m.Start - 16)..m.Start]) is { Success: true } exclusion)
                {
                    Excluded.Add((exclusion.Groups["word"].Value, m.Entities[0].NameTh));
                    continue;
                }
                switch (m.Kind)
                {
                    case EntityKind.Unit when m.IsAmbiguous:
                        // An ambiguous abbreviation next to its own disambiguation ("ตร. สำนักงานตำรวจแห่งชาติ") is fine.
                        Ambiguous ??= m;
                        break;
                    case EntityKind.Unit:
                        var e = m.Entities[0];
                        if (Units.All(u => u.Id != e.Value)) Units.Add(e.AsUnit());
                        break;
                    case EntityKind.Bangkok: Bangkok = true; NotSurveyed ??= m.Entities[0]; break;
                    case EntityKind.Ministry: Ministry ??= m.Entities[0].Value; break;
                    case EntityKind.Region: Region ??= m.Entities[0].Value; break;
                    case EntityKind.AgencyType: AgencyType ??= m.Entities[0].Value; break;
                    case EntityKind.Mission: Mission ??= m.Entities[0].Value; break;
                    case EntityKind.Pillar: Pillar ??= int.Parse(m.Entities[0].Value, CultureInfo.InvariantCulture); break;
                    case EntityKind.SubIndicator: SubIndicator ??= m.Entities[0].Value; break;
                    case EntityKind.Level: Levels.Add(("level", int.Parse(m.Entities[0].Value, CultureInfo.InvariantCulture))); break;
                }
            }
            if (Ambiguous is not null && Ambiguous.Entities.Any(e => Units.Any(u => u.Id == e.Value))) Ambiguous = null;
        }

        /// <summary>สพร. as the report's author or source, not a unit asked about.</summary>
        private void SetAsideSurveyOwner()
        {
            // "ระดับของ DGA", "ตามเกณฑ์ สพร." name the survey's owner, not a unit asked about, when another unit is named.
            if (Units.Any(u => u.Id == SurveyOwner))
            {
                var owner = Mentions.First(m => m.Kind == EntityKind.Unit && m.Entities[0].Value == SurveyOwner);
                var before = Q.Compact[..owner.Start];
                var after = Q.Compact[owner.End..];
                var beforeOf = before.EndsWith("ของ", StringComparison.Ordinal) ? before[..^3] : before;
                var asSource = new[] { "รายงาน", "ข้อเสนอ", "เกณฑ์", "ขั้นไหน" }.Any(w => before.EndsWith(w, StringComparison.Ordinal))
                    || new[] { "ข้อเสนอแนะ", "ข้อเสนอ", "ข้อแนะนำ", "คำแนะนำ", "รายงาน", "ตัวเลขทางการ", "ตัวเลขในรายงาน", "ผลสำรวจ", "ที่เผยแพร่" }.Any(w => beforeOf.EndsWith(w, StringComparison.Ordinal))
                    || new[] { "แนะนำ", "เสนอ", "บอก", "ระบุ", "สรุป", "รายงาน", "report", "says", "said" }.Any(w => after.StartsWith(w, StringComparison.Ordinal));
                // "สพร. แนะนำให้ภาครัฐทำอะไรต่อ": the survey's owner as the one recommending.
                OwnerRecommends = new[] { "แนะนำ", "เสนอ", "recommend" }.Any(w => after.StartsWith(w, StringComparison.Ordinal));
                OwnerAsSource = asSource && new[] { "บอก", "รายงาน", "report", "says", "said", "ระบุ", "สรุป" }.Any(w => after.StartsWith(w, StringComparison.Ordinal) || before.EndsWith(w, StringComparison.Ordinal));
                var ofAnother = Units.Count >= 2 && new[] { "ของ", "ตาม", "จาก", "โดย", "ที่", "ใน" }.Any(w => before.EndsWith(w, StringComparison.Ordinal));
                // "สพร.มีข้อเสนอแนะอะไรบ้าง": the report's author making recommendations, not an agency whose gaps are asked.
                var recommending = Has(Cues.Recommend) && !Has(Cues.Gaps);
                if (asSource || ofAnother || recommending) Units.RemoveAll(u => u.Id == SurveyOwner);
            }
        }

        /// <summary>The one pillar or sub-indicator meant when several framework words are named.</summary>
        private void ExtractFrameworkElement()
        {
            // Several framework words: the one introduced as the topic (ด้าน, เรื่อง, มิติ) or else the longest is meant
            // ("ข้อมูลย้อนหลังของ กสอ. ด้านหลังบ้าน" asks about pillar 5, not about data).
            var framework = Mentions.Where(m => m.Kind is EntityKind.Pillar or EntityKind.SubIndicator).ToList();
            // "ข้อมูล" alone is pillar 2 only when introduced as a topic ("ด้านข้อมูล"); "ข้อมูลของกรมที่ดิน" asks for information.
            // Likewise "ผู้บริหาร" (sub-indicator 3.1) in "ได้รับมอบหมายจากผู้บริหาร" means the boss, not digital leadership.
            foreach (var generic in framework.Where(m => Cues.GenericFrameworkWords.Contains(m.Surface) && !new[] { "ด้าน", "เรื่อง", "มิติ", "หมวด" }.Any(w => Q.Compact[..m.Start].EndsWith(w, StringComparison.Ordinal))).ToList())
            {
                framework.Remove(generic);
                if (generic.Kind == EntityKind.Pillar && Pillar == 2 && framework.All(m => m.Kind != EntityKind.Pillar)) Pillar = null;
                if (generic.Kind == EntityKind.SubIndicator && SubIndicator == generic.Entities[0].Value && framework.All(m => m.Kind != EntityKind.SubIndicator)) SubIndicator = null;
            }
            if (framework.Count == 1)
            {
                Pillar = framework[0].Kind == EntityKind.Pillar ? int.Parse(framework[0].Entities[0].Value, CultureInfo.InvariantCulture) : null;
                SubIndicator = framework[0].Kind == EntityKind.SubIndicator ? framework[0].Entities[0].Value : null;
            }
            if (framework.Count > 1)
            {
                var best = framework.OrderByDescending(m => new[] { "ด้าน", "เรื่อง", "มิติ", "หมวด" }.Any(w => Q.Compact[..m.Start].EndsWith(w, StringComparison.Ordinal)))
                    .ThenByDescending(m => m.End - m.Start).ThenBy(m => m.Kind == EntityKind.Pillar).First();
                Pillar = best.Kind == EntityKind.Pillar ? int.Parse(best.Entities[0].Value, CultureInfo.InvariantCulture) : null;
                SubIndicator = best.Kind == EntityKind.SubIndicator ? best.Entities[0].Value : null;
            }
        }

        /// <summary>Slot: a questionnaire item written as its code ("ข้อ 3.1", "6.1A").</summary>
        private void ExtractItemCode()
        {
            foreach (Match m in ItemCode().Matches(_text))
            {
                Item ??= m.Groups["code"].Value.ToUpperInvariant();
                Consume(m);
            }
        }

        /// <summary>Slot: the round, a range of rounds, "ย้อนหลัง N ปี", and whether the year is where a change starts.</summary>
        private void ExtractYears()
        {
            var years = new List<int>();
            foreach (Match m in YearFull().Matches(Unconsumed))
            {
                var v = int.Parse(m.Value, CultureInfo.InvariantCulture);
                years.Add(v < 2400 ? v + 543 : v);
                Consume(m);
                // "ระดับ 1 ปี 2565": the ปี belongs to the year, not to the level before it.
                if (YearPrefix().Match(_text[..m.Index]) is { Success: true } prefix) Consume(prefix);
            }
            foreach (Match m in YearShortRange().Matches(Unconsumed))
            {
                years.Add(2500 + int.Parse(m.Groups["a"].Value, CultureInfo.InvariantCulture));
                years.Add(2500 + int.Parse(m.Groups["b"].Value, CultureInfo.InvariantCulture));
                Consume(m);
            }
            foreach (Match m in YearShort().Matches(Unconsumed))
            {
                years.Add(2500 + int.Parse(m.Groups["yy"].Value, CultureInfo.InvariantCulture));
                Consume(m);
            }
            if (years.Count >= 2 && Regex.IsMatch(_text, "(จาก|ระหว่าง|from|between|-|–|ถึง|to|เทียบ)"))
                YearRange = (years.Min(), years.Max());
            if (years.Count > 0) Year = years[^1];
            YearIsStart = years.Count == 1 && YearStart().IsMatch(_text)
                || Regex.IsMatch(Q.Compact, "(จาก|ตั้งแต่)(ปีที่แล้ว|ปีก่อน|รอบก่อน|รอบที่แล้ว)|sincelastyear|fromlastyear");
            if (Year is null)
            {
                if (Word("สองปีก่อน", "2ปีก่อน", "สองปีที่แล้ว", "2ปีที่แล้ว", "สองรอบก่อน")) Year = _latest - 2;
                else if (Word("ปีที่แล้ว", "ปีก่อน", "ปีกลาย", "รอบก่อน", "รอบที่แล้ว", "lastyear", "previousyear", "ปีที่ผ่านมา", "รอบที่ผ่านมา"))
                    Year = _latest - 1;
                else if (Word("ปีนี้", "ล่าสุด", "ปัจจุบัน", "latest", "thisyear", "รอบนี้")) Year = _latest;
            }
            if (YearsBackPattern().Match(Unconsumed) is { Success: true } back)
            {
                YearsBack = NumberValue(back.Groups["n"].Value);
                Consume(back);
            }
        }

        /// <summary>Slot: a pillar or sub-indicator written as a number ("มิติที่ 2", "6.2").</summary>
        private void ExtractPillarNumber()
        {
            foreach (Match m in SubCode().Matches(Unconsumed))
            {
                SubIndicator ??= m.Value;
                Consume(m);
            }
            if (PillarNumber().Match(Unconsumed) is { Success: true } pm)
            {
                var number = NumberValue(pm.Groups["n"].Value);
                if (number is >= 1 and <= 7) { Pillar = number; if (SubIndicator is { } sub && !sub.StartsWith(pm.Groups["n"].Value + ".", StringComparison.Ordinal)) { } }
                Consume(pm);
            }
        }

        /// <summary>Slot: a level, a range of levels or a set of levels, however typed.</summary>
        private void ExtractLevels()
        {
            // Ranges and sets first ("ระดับ 1 หรือ 2", "ระดับ 1-2", "level 2–3", "ระดับ 1 กับ 3"), so the single-level pattern below
            // does not read "ระดับ 1 หรือ 2" as level 1 alone.
            foreach (Match m in LevelRangePattern().Matches(Unconsumed))
            {
                var said = new[] { m.Groups["a"] }.Concat(m.Groups["b"].Captures.Cast<Capture>()).Select(c => NumberValue(c.Value)).OfType<int>()
                    .Where(l => l is >= 1 and <= 5).Distinct().Order().ToList();
                if (said.Count < 2) continue;
                var through = Regex.IsMatch(m.Value, "-|–|—|ถึง|\\bto\\b|through");
                if (through || said[^1] - said[0] + 1 == said.Count)
                {
                    Levels.Add(("min_level", said[0]));
                    Levels.Add(("max_level", said[^1]));
                }
                else foreach (var l in said) Levels.Add(("levels", l));
                Consume(m);
            }
            foreach (Match m in LevelPattern().Matches(Unconsumed))
            {
                if (NumberValue(m.Groups["n"].Value) is not int level || level is < 1 or > 5) continue;
                var before = m.Groups["pre"].Value;
                var after = m.Groups["post"].Value;
                string name; int value;
                if (Regex.IsMatch(after, "ขึ้นไป|ขึ้น|up|above|\\+|or more|หรือสูงกว่า|หรือมากกว่า") || Regex.IsMatch(before, "ตั้งแต่|อย่างน้อย|ไม่ต่ำกว่า|at least|>=|≥"))
                    (name, value) = ("min_level", level);
                else if (Regex.IsMatch(after, "ลงมา|หรือต่ำกว่า|หรือน้อยกว่า|or below|or less|or lower") || Regex.IsMatch(before, "ไม่เกิน|ไม่สูงกว่า|at most|<=|≤"))
                    (name, value) = ("max_level", level);
                else if (Regex.IsMatch(before, "ต่ำกว่า|น้อยกว่า|ไม่ถึง|ยังไม่ถึง|below|under|less than|lower than|<"))
                    (name, value) = ("max_level", level - 1);
                else if (Regex.IsMatch(before, "สูงกว่า|มากกว่า|เกิน|above|over|more than|higher than|>"))
                    (name, value) = ("min_level", level + 1);
                else (name, value) = ("level", level);
                if (value is >= 1 and <= 5) Levels.Add((name, value));
                Consume(m);
            }
            if (Levels.Count > 1 && Levels.Any(l => l.Name != "level")) Levels.RemoveAll(l => l.Name == "level" && Levels.Any(o => o.Name != "level" && o.Value == l.Value));
            // Named levels joined ("ขั้นต้นหรือขั้นกลาง", "ขั้นต้นถึงขั้นกลาง"): a range when adjacent or said as one, else a set.
            var named = Mentions.Where(m => m.Kind == EntityKind.Level).OrderBy(m => m.Start).ToList();
            if (named.Count >= 2 && Levels.All(l => l.Name == "level"))
            {
                var between = Q.Compact[named[0].End..named[^1].Start];
                if (Regex.IsMatch(between, "^(?:หรือ|ถึง|กับ|และ|-|–|or|to|and|,)+$"))
                {
                    var said = Levels.Select(l => l.Value).Distinct().Order().ToList();
                    Levels.Clear();
                    if (between.Contains("ถึง", StringComparison.Ordinal) || between.Contains('-') || between.Contains('–') || between.Contains("to", StringComparison.Ordinal)
                        || said[^1] - said[0] + 1 == said.Count)
                    {
                        Levels.Add(("min_level", said[0]));
                        Levels.Add(("max_level", said[^1]));
                    }
                    else foreach (var l in said) Levels.Add(("levels", l));
                }
            }
            if (Levels.Count == 1 && Levels[0].Name == "level" && Mentions.Any(m => m.Kind == EntityKind.Level))
            {
                // Named levels with a comparison: "ขั้นกลางขึ้นไป", "ต่ำกว่าขั้นกลาง".
                var level = Levels[0].Value;
                if (Word("ขึ้นไป", "อย่างน้อย", "ตั้งแต่")) Levels[0] = ("min_level", level);
                else if (Word("ต่ำกว่า", "ไม่ถึง", "น้อยกว่า")) Levels[0] = ("max_level", level - 1);
            }
        }

        /// <summary>Slot: how many units a top list shows ("5 อันดับแรก", "ที่ 1").</summary>
        private void ExtractCount()
        {
            if (CountPattern().Match(Unconsumed) is { Success: true } cm && NumberValue(cm.Groups["n"].Value) is int n && n is > 0 and <= 100)
            {
                N = n;
                Consume(cm);
            }
            else if (FirstPlace().IsMatch(Unconsumed)) N = 1;
        }

        /// <summary>Slot: a probability threshold ("เกิน 60%").</summary>
        private void ExtractPercent()
        {
            if (PercentPattern().Match(Unconsumed) is { Success: true } pct)
                Percent = int.Parse(pct.Groups["n"].Value, CultureInfo.InvariantCulture);
            else if (ProbabilityPattern().Match(Unconsumed) is { Success: true } prob)
                Percent = (int)Math.Round(double.Parse(prob.Groups["p"].Value, CultureInfo.InvariantCulture) * 100);
            else if (Word("เกินครึ่ง", "ครึ่งหนึ่ง", "50/50", "over half", "more than half")) Percent = 50;
        }

        /// <summary>Slot: departments or provinces, as implied and as said.</summary>
        private void ExtractPopulation()
        {
            Population = Units.Count > 0 ? null
                : Said(ProvinceWords) || Region is not null ? Reference.Population.Province
                : Said(DepartmentWords) || Ministry is not null || AgencyType is not null || Mission is not null ? Reference.Population.Department
                : null;
            PopulationWord = Said(ProvinceSaid) ? Reference.Population.Province : Said(DepartmentSaid) ? Reference.Population.Department : null;
        }

        /// <summary>Slot: a questionnaire item named by its everyday words or its questionnaire wording.</summary>
        private void ExtractItem()
        {
            foreach (var (key, guarded, items) in _gazetteer.ItemTerms)
            {
                var at = Q.Compact.IndexOf(key, StringComparison.Ordinal);
                if (at < 0 || (guarded ? !Q.IsGuardedMatchAllowed(at, at + key.Length) : !Q.IsClusterBoundary(at, at + key.Length))) continue;
                // An item word inside a unit's name is the unit ("กรมการข้าว"), but a short Latin code that is both (DPO) is the item.
                var inside = Mentions.FirstOrDefault(m => m.Kind == EntityKind.Unit && m.Start < at + key.Length && at < m.End);
                if (inside is not null)
                {
                    if (!(Gazetteer.IsLatin(inside.Surface) && inside.Surface.Length <= 4)) continue;
                    Units.RemoveAll(u => inside.Entities.Any(e => e.Value == u.Id));
                }
                ItemTopic = items;
                ItemTopicKey = key;
                _itemAt = at;
                // "จังหวัดที่ใช้ TikTok ประชาสัมพันธ์ มีสัดส่วนเท่าไร": an agency's name without its head word (ประชาสัมพันธ์ for
                // กรมประชาสัมพันธ์) written beside the item's words is an everyday word of the topic when a share of units is asked.
                if (Has(Cues.Count) && (Said(ProvinceWords) || Said(DepartmentWords)))
                {
                    var near = Mentions.Where(m => m.Kind == EntityKind.Unit && !m.IsAmbiguous && IsBareName(m)
                        && (m.Start >= at + key.Length && m.Start - (at + key.Length) <= 6 || m.End <= at && at - m.End <= 6)).ToList();
                    foreach (var m in near) Units.RemoveAll(u => u.Id == m.Entities[0].Value);
                    if (near.Count > 0 && Units.Count == 0)
                        Population = Said(ProvinceWords) || Region is not null ? Reference.Population.Province : Reference.Population.Department;
                }
                break;
            }
            // "มี VPN/VDI รองรับการทำงานนอกสำนักงาน": the words of a more specific item (5.3.2.1 under 5.3.2) name that item.
            if (ItemTopic is { } parentTopic)
                foreach (var (key, guarded, items) in _gazetteer.ItemTerms)
                {
                    if (!items.Any(kv => parentTopic.TryGetValue(kv.Key, out var parent) && kv.Value.StartsWith(parent + ".", StringComparison.Ordinal))) continue;
                    var at = Q.Compact.IndexOf(key, StringComparison.Ordinal);
                    if (at < 0 || (guarded ? !Q.IsGuardedMatchAllowed(at, at + key.Length) : !Q.IsClusterBoundary(at, at + key.Length))
                        || Mentions.Any(m => m.Kind == EntityKind.Unit && m.Start < at + key.Length && at < m.End)) continue;
                    ItemTopic = items;
                    ItemTopicKey = key;
                    _itemAt = at;
                    break;
                }
            // "หน่วยงานที่เปิดเผยข้อมูลในรูปแบบข้อมูลเปิดภาครัฐมีกี่เปอร์เซ็นต์": a share of units with a long run of an item's own
            // wording asks for that item even when no topic word names it.
            if (Item is null && ItemTopic is null && PopulationWord is { } itemPopulation && (Has(Cues.Count) || Has(Cues.Share))
                && Levels.Count == 0 && !Has(Cues.LevelWord) && !Has(Cues.Distribution)
                && _gazetteer.ItemByWording(WithoutPopulationWords(NameResidual), itemPopulation, 12) is { } worded)
            {
                Item = worded.Code;
                ItemFromWording = true;
            }
            if (Item is null && ItemTopic is not null)
                Item = ItemTopic.GetValueOrDefault(Population ?? Reference.Population.Department) ?? ItemTopic.Values.First();
            ItemFromTopic = Item is not null && (ItemTopic is not null || ItemFromWording) && ItemCode().Matches(_text).Count == 0;
        }

        /// <summary>Slot: a topic of the report's published figures, and the population the figure is about.</summary>
        private void ExtractFigureTopic()
        {
            foreach (var (key, guarded, topic) in _gazetteer.FigureTerms)
            {
                var at = NameResidual.IndexOf(key, StringComparison.Ordinal);
                if (at < 0 || (guarded ? !Q.IsGuardedMatchAllowed(at, at + key.Length) : !Q.IsClusterBoundary(at, at + key.Length))) continue;
                FigureTopic = topic;
                FigureTopicIsFramework = Mentions.Any(m => m.Kind is EntityKind.Pillar or EntityKind.SubIndicator && m.Start < at + key.Length && at < m.End);
                break;
            }
            FigurePopulation = Said(FigureProvince) ? Reference.Population.Province : Said(FigureDepartment) ? Reference.Population.Department : null;
        }

        /// <summary>Slot: the area of the report's recommendations asked about.</summary>
        private void ExtractRecommendationArea()
        {
            // The words after "เรื่อง/ด้าน/about" name the area; a known area word maps to how the report groups them.
            RecommendationArea = Cues.RecommendationAreas.FirstOrDefault(a => Q.Compact.Contains(Gazetteer.Compact(a.Term), StringComparison.Ordinal)).Area;
            if (RecommendationArea is null && AreaPhrase().Match(Q.Normalized) is { Success: true } ap)
            {
                var phrase = ap.Groups["area"].Value.Trim();
                foreach (var tail in new[] { "ไว้ว่าอย่างไร", "ว่าอย่างไร", "อย่างไร", "ยังไงบ้าง", "ยังไง", "ว่าไง", "มีอะไรบ้าง", "บ้าง", "ครับ", "ค่ะ", "คะ", "ไหม", "pls", "please" })
                    if (phrase.EndsWith(tail, StringComparison.Ordinal)) phrase = phrase[..^tail.Length];
                if (phrase.Length >= 2) RecommendationArea = phrase;
            }
        }

        /// <summary>Slot: a name that looks like a unit's but is none (for a clarify).</summary>
        private void ExtractUnknownName()
        {
            if (Ambiguous is null && !Bangkok)
            {
                var unknown = UnknownName(Q, Mentions);
                // With no unit named, the unknown name is what the question is about (a clarify); beside named units it is one
                // the answer will leave out ("เทียบกรมปรมะงกับกรมปศุสัตว์"), which the answer must then say.
                if (Units.Count == 0) UnknownUnitPhrase = unknown;
                else UnplacedName = unknown;
            }
        }

        public string? Population { get; private set; }
        public string? PopulationWord { get; private set; }

        /// <summary>The text with population and level words masked, so a run of an item's wording is its own words
        /// ("ระดับของหน่วยงาน" or "ของจังหวัดรอบ" are in many items and say nothing about which).</summary>
        private static string WithoutPopulationWords(string text)
        {
            var masked = new StringBuilder(text);
            foreach (var word in (string[])["หน่วยงาน", "จังหวัด", "ส่วนราชการ", "กรม", "ระดับ", "รอบ"])
                for (int i = text.IndexOf(word, StringComparison.Ordinal); i >= 0; i = text.IndexOf(word, i + 1, StringComparison.Ordinal))
                    for (int j = i; j < i + word.Length; j++) masked[j] = '|';
            return masked.ToString();
        }

        /// <summary>A unit named by its name without the head word (ประชาสัมพันธ์, ที่ดิน): also an everyday word.</summary>
        private static bool IsBareName(Mention m)
        {
            var name = Gazetteer.Compact(m.Entities[0].NameTh);
            return m.Surface.Length < name.Length && name.EndsWith(m.Surface, StringComparison.Ordinal) && !Gazetteer.IsLatin(m.Surface);
        }
        /// <summary>For report figures only กรม or จังหวัด name a population; "หน่วยงาน" there means government in general.</summary>
        public string? FigurePopulation { get; private set; }
        public IReadOnlyDictionary<string, string>? ItemTopic { get; private set; }
        public string? ItemTopicKey { get; private set; }
        /// <summary>The item came from a long run of its questionnaire wording.</summary>
        public bool ItemFromWording { get; private set; }
        private int _itemAt = -1;

        /// <summary>Every movers cue lies inside the item's own words: "บริการดิจิทัลที่พัฒนาขึ้นเอง" (built in-house) is not "improved".</summary>
        public bool MoversOnlyInItem
        {
            get
            {
                if (ItemTopicKey is null || _itemAt < 0) return false;
                int from = _itemAt, to = _itemAt + ItemTopicKey.Length;
                var inside = false;
                foreach (var (key, _) in CueKeys.For(Cues.Movers))
                    for (int i = Residual.IndexOf(key, StringComparison.Ordinal); i >= 0; i = Residual.IndexOf(key, i + 1, StringComparison.Ordinal))
                    {
                        if (i < from || i + key.Length > to) return false;
                        inside = true;
                    }
                return inside;
            }
        }
        /// <summary>The item came from words ("ใช้ GDCC"), not a code: it needs a share question to mean item_statistic.</summary>
        public bool ItemFromTopic { get; private set; }

        /// <summary>Cues about the conversation itself (greetings, context, alerts, refusals) may overlap framework words
        /// ("ข้อมูลส่วนตัว" contains ข้อมูล), so they are looked for outside unit names only.</summary>
        private readonly Dictionary<string[], bool> _has = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<string[], bool> _hasText = new(ReferenceEqualityComparer.Instance);

        public bool HasText(string[] cues)
        {
            if (_hasText.TryGetValue(cues, out var known)) return known;
            return _hasText[cues] = FindText(cues);
        }

        private bool FindText(string[] cues)
        {
            foreach (var (key, loose) in CueKeys.For(cues))
            {
                if (Found(NameResidual, key, i => i)) return true;
                if (loose.Length >= 4 && Found(NameResidualLoose, loose, i => Q.TonelessMap[i], looseText: true)) return true;
            }
            return false;
        }

        public bool Has(string[] cues)
        {
            if (_has.TryGetValue(cues, out var known)) return known;
            return _has[cues] = FindCue(cues);
        }

        private bool FindCue(string[] cues)
        {
            foreach (var (key, loose) in CueKeys.For(cues))
            {
                if (Found(Residual, key, i => i)) return true;
                // Dropped tone marks and vowel slips, for cues long enough not to hide inside other words (ร่วง in กระทรวง).
                if (loose.Length >= 4 && Found(ResidualToneless, loose, i => Q.TonelessMap[i], looseText: true)) return true;
            }
            return false;
        }

        private bool Found(string text, string key, Func<int, int> toCompact, bool looseText = false)
        {
            for (var at = text.IndexOf(key, StringComparison.Ordinal); at >= 0; at = text.IndexOf(key, at + 1, StringComparison.Ordinal))
            {
                var start = toCompact(at);
                var end = looseText ? Q.LooseEnd(at + key.Length) : toCompact(at + key.Length - 1) + 1;
                // A cue that starts in Thai ("แยกตาม ministry") is bounded like Thai words, whatever follows.
                if (!(Gazetteer.IsLatin(key[..1]) ? Q.IsGuardedMatchAllowed(start, end) : Q.IsClusterBoundary(start, end))) continue;
                if (looseText && InsideHostWord(start, end)) continue;
                return true;
            }
            return false;
        }

        /// <summary>Whether a loose cue match starts inside a word that merely contains it ("รวงไหม" in "กระทรวงไหม").</summary>
        private bool InsideHostWord(int start, int end)
        {
            foreach (var host in Cues.HostWords)
                for (var at = Q.Compact.IndexOf(host, StringComparison.Ordinal); at >= 0; at = Q.Compact.IndexOf(host, at + 1, StringComparison.Ordinal))
                    if (start > at && start < at + host.Length) return true;
            return false;
        }

        /// <summary>"แล้ว…", "ส่วน…", "…ล่ะ": the question builds on the previous one. (แล้ว in the middle means "already".)</summary>
        public bool IsFollowUp
        {
            get
            {
                var c = Q.Compact.TrimEnd('?', '!', '.');
                foreach (var particle in new[] { "ครับ", "คับ", "ค่ะ", "คะ", "จ้า", "นะ", "หน่อย", "ด้วย" })
                    if (c.EndsWith(particle, StringComparison.Ordinal) && c.Length > particle.Length) c = c[..^particle.Length];
                return Cues.FollowUpStart.Any(w => c.StartsWith(w, StringComparison.Ordinal))
                    || Cues.FollowUpEnd.Any(w => c.EndsWith(w, StringComparison.Ordinal))
                    || HasText(Cues.FollowUpAnywhere);
            }
        }

        /// <summary>"สพร. บอกว่า…", "DGA report": the survey's owner quoted as the source of a figure.</summary>
        public bool OwnerAsSource { get; private set; }

        public bool HasReport => Has(Cues.ReportWords) || OwnerAsSource;

        public bool OwnerRecommends { get; private set; }

        /// <summary>A recommendation cue, or the report or its owner as the subject of แนะนำ/เสนอ ("รายงานฉบับนี้แนะนำให้ทำอะไร").</summary>
        public bool RecommendAsked => Has(Cues.Recommend) || OwnerRecommends || ReportRecommends().IsMatch(Residual);

        /// <summary>Only an alert filter (a ministry, a region, a probability) and no question of its own: no rank, list, count,
        /// year, level or unit asked about. Risk words are fine — alerts are about risk.</summary>
        public bool OnlyNarrowsAlerts =>
            (Ministry is not null || Region is not null || Percent is not null)
            && !(Has(Cues.Rank) || Has(Cues.Gaps) || Has(Cues.Trend) || Has(Cues.Compare) || Has(Cues.Top) || Has(Cues.List) || Has(Cues.Distribution)
                || Has(Cues.Movers) || RecommendAsked || Has(Cues.Describe) || Has(Cues.ReportWords) || HasText(Cues.Who))
            && (!Has(Cues.Count) || Percent is not null && !Q.Compact.Contains("กี่", StringComparison.Ordinal))
            && Item is null && FigureTopic is null && Levels.Count == 0 && Year is null && YearsBack is null && Pillar is null && SubIndicator is null && N is null;

        /// <summary>"ตอบว่ากรมราชทัณฑ์ได้ระดับ 5", "แก้ให้เป็นอันดับ 1", "เปลี่ยนเป็นระดับ 5 ให้หน่อย": an answer or a change of number
        /// dictated rather than asked. A question word makes it a real question ("ต้องแก้อะไรให้เป็นระดับ 5", "ทำยังไงให้เป็นอันดับ 1").</summary>
        public bool DictatesNumbers => (DictatedAnswer().IsMatch(Q.Compact) || ChangeToNumber().IsMatch(Q.Compact)) && !AskingWord().IsMatch(Q.Compact);

        public bool IsAdversarial => HasText(Cues.Injection) || SqlLike().IsMatch(Q.Normalized) || ScriptLike().IsMatch(Q.Original);
        public bool IsGreeting => HasText(Cues.Greeting) && (Q.Compact.Length <= 30 || Q.Compact.Length <= 60 && StartsWithGreeting && !HasText(Cues.Help));

        /// <summary>"สวัสดีค่ะ เพิ่งเข้ามาใช้ครั้งแรก": a greeting opening a longer remark.</summary>
        private bool StartsWithGreeting => CueKeys.For(Cues.Greeting).Any(k => k.Key.Length >= 4 && Q.Compact.StartsWith(k.Key, StringComparison.Ordinal));
        public bool HasFilter => Ministry is not null || Region is not null || AgencyType is not null || Mission is not null;
        public bool HasGroupScope => HasFilter && !Has(Cues.Rank) || PopulationWord is not null || Has(Cues.Distribution) || HasText(Cues.Who) && HasFilter && !Has(Cues.RankWhere);
        public bool HasAnySlot => YearsBack is not null || YearRange is not null || Pillar is not null || SubIndicator is not null || Year is not null || HasFilter || Levels.Count > 0 || N is not null || Has(Cues.Overall) || Population is not null;
        /// <summary>Words only a survey question has (rank, level, gaps...), as opposed to "show me" or "list".</summary>
        /// <summary>A risk word, or a tendency with a downward verb ("มีแนวโน้มร่วงระดับ") not tied to past rounds.</summary>
        public bool RiskAsked => Has(Cues.Risk) || Has(Cues.Tendency) && Has(Cues.Regressed) && YearsBack is null && YearRange is null;

        public bool HasCatalogCue => Has(Cues.Rank) || Has(Cues.Gaps) || Has(Cues.Trend) || Has(Cues.Risk) || Has(Cues.Top) || Has(Cues.Movers)
            || Has(Cues.Count) || Has(Cues.Distribution) || Has(Cues.LevelWord) || Has(Cues.ScoreWord) || Units.Count > 0;

        public bool HasStrongCue => Has(Cues.Rank) || Has(Cues.Gaps) || Has(Cues.Trend) || Has(Cues.Compare) || Has(Cues.Risk) || Has(Cues.Top) || Has(Cues.List)
            || Has(Cues.Count) || Has(Cues.Distribution) || Has(Cues.Movers) || RecommendAsked || Has(Cues.Describe) || Has(Cues.LevelWord) || Has(Cues.ScoreWord);
        /// <summary>A word that picks a function by itself (a topic word alone does not: "ด้านไซเบอร์ล่ะ" continues the last question).</summary>
        public bool HasFunctionWord => Has(Cues.Rank) || Has(Cues.Gaps) || Has(Cues.Trend) || Has(Cues.Compare) || Has(Cues.Risk) || Has(Cues.Top) || Has(Cues.List)
            || Has(Cues.Count) || Has(Cues.Distribution) || Has(Cues.Movers) || RecommendAsked || Has(Cues.Describe) || Has(Cues.ReportWords);

        public bool HasAnyFunctionCue => Has(Cues.Rank) || Has(Cues.Gaps) || Has(Cues.Trend) || Has(Cues.Compare) || Has(Cues.Risk) || Has(Cues.Top) || Has(Cues.List)
            || Has(Cues.Count) || Has(Cues.Distribution) || Has(Cues.Movers) || RecommendAsked || Has(Cues.Describe) || Has(Cues.Profile) || Item is not null || FigureTopic is not null;

        /// <summary>The group statistic asked for: an average, a median, or "คะแนนต่ำสุด/สูงสุดเท่าไร" (the number, not who).</summary>
        public string? Statistic => Has(Cues.Median) ? "median" : Has(Cues.Average) ? "mean"
            : Has(Cues.StatMin) && Has(Cues.HowMuch) && !HasText(Cues.Who) ? "min" : Has(Cues.StatMax) && Has(Cues.HowMuch) && !HasText(Cues.Who) ? "max" : null;

        /// <summary>"กระทรวงไหน", "ภาคไหน": the groups themselves are ranked.</summary>
        public string? WhichGroup => Has(Cues.WhichMinistry) ? "ministry" : Has(Cues.WhichRegion) ? "region" : Has(Cues.WhichType) ? "type" : Has(Cues.WhichMission) ? "mission" : null;

        /// <summary>A unit against the others of its group: an average or median with a unit, or "เทียบกับหน่วยงานอื่นใน…".</summary>
        public bool AsksVersusGroup => Has(Cues.Average) || Has(Cues.Median)
            || Has(Cues.Compare) && (Has(Cues.Peers) || Has(Cues.ScopeAll) || Has(Cues.ScopeMission) || Has(Cues.ScopeMinistry) || Has(Cues.ScopeRegion) || HasFilter);

        public bool HasGroupByCue => Has(Cues.ByType) || Has(Cues.ByMinistry) || Has(Cues.ByRegion) || Has(Cues.ByMission);

        public string? GroupBy => Has(Cues.ByType) ? "type" : Has(Cues.ByMinistry) ? "ministry" : Has(Cues.ByRegion) ? "region" : Has(Cues.ByMission) ? "mission"
            : Two(EntityKind.Mission) ? "mission" : Two(EntityKind.AgencyType) ? "type" : Two(EntityKind.Region) ? "region" : Two(EntityKind.Ministry) ? "ministry" : null;

        /// <summary>"ภารกิจบริการกับภารกิจนโยบาย": two of a kind named together means a comparison across that grouping.</summary>
        private bool Two(EntityKind kind) => Mentions.Where(m => m.Kind == kind).Select(m => m.Entities[0].Value).Distinct().Count() >= 2;

        /// <summary>Rank within a group: "ในกระทรวง", "ในภาค", "ในกลุ่มองค์การมหาชนด้วยกัน", "เทียบกับหน่วยงานบริการ".</summary>
        public string? Scope(UnitRef unit)
        {
            if (Has(Cues.ScopeMinistry) || Ministry is not null) return "ministry";
            if (Has(Cues.ScopeRegion) || Region is not null) return unit.Kind == Reference.Population.Province ? "region" : null;
            if (Has(Cues.ScopeMission) || Mission is not null) return "mission";
            if (Has(Cues.ScopeType) || AgencyType is not null) return "type";
            return null;
        }

    }
}
