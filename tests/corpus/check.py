#!/usr/bin/env python3
"""Validate tests/corpus/questions.th.json against data/reference/*.csv and print its coverage.

Usage: python3 tests/corpus/check.py [--held-out MIN_TURNS] [path/to/questions.th.json]
--held-out: a smaller held-out set (holdout2 onwards): coverage minimums sized for about 200 turns, the turn minimum given;
every other check is the same.
--trust: a set written after group_summary, unit_vs_group, level ranges and sets and the mission filter existed (holdout7 and
trust.th.json): it must also cover those (the minimums in TRUST_TAGS and per new function); older sets are not held to them.
--focused: implies --trust, for a set about those classes only (trust.th.json): the per-function minimums of the older
functions and the special-tag minimums do not apply, and 30 agencies and 20 provinces suffice.
Exits 1 (after listing every problem) when an id, enum, item code or canonical name is wrong,
an argument does not belong to its intent, or a coverage minimum is not met.
"""
import collections
import csv
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REF = ROOT / "data" / "reference"
args = sys.argv[1:]
HELD_OUT_TURNS = None
TRUST = FOCUSED = False
while args[:1] in (["--held-out"], ["--trust"], ["--focused"]):
    if args[0] == "--trust":
        TRUST, args = True, args[1:]
    elif args[0] == "--focused":
        TRUST = FOCUSED = True
        args = args[1:]
    else:
        HELD_OUT_TURNS, args = int(args[1]), args[2:]
CORPUS = Path(args[0]) if args else Path(__file__).resolve().parent / "questions.th.json"


def rows(name):
    with open(REF / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


agencies = {r["id"]: r for r in rows("agencies.csv")}
provinces = {r["id"]: r for r in rows("provinces.csv")}
ministries = {r["name_th"] for r in rows("ministries.csv")}
agency_types = {r["name_th"] for r in rows("agency_types.csv")}
regions = {r["name_th"] for r in rows("regions.csv")}
pillars = {int(r["id"]) for r in rows("pillars.csv")}
sub_indicators = {r["code"]: int(r["pillar"]) for r in rows("sub_indicators.csv")}
levels = {int(r["level"]) for r in rows("levels.csv")}
items = collections.defaultdict(set)
for r in rows("items.csv"):
    items[r["population"]].add(r["code"])
topics = rows("figure_topics.csv")
recs = rows("recommendations.csv")
YEARS = range(2563, 2568)

FUNCTIONS = {
    "unit_profile": ({"unit"}, {"year", "pillar", "sub_indicator"}),
    "unit_rank": ({"unit"}, {"scope", "pillar", "sub_indicator", "year"}),
    "unit_gaps": ({"unit"}, {"pillar", "sub_indicator", "year"}),
    "unit_trend": ({"unit"}, {"pillar", "sub_indicator"}),
    "compare_units": ({"units"}, {"pillar", "sub_indicator", "year"}),
    "level_distribution": ({"population"}, {"pillar", "sub_indicator", "year", "group_by", "ministry", "agency_type", "region", "mission"}),
    "list_units": ({"population"}, {"pillar", "sub_indicator", "level", "levels", "min_level", "max_level", "ministry", "agency_type", "region", "mission", "year"}),
    "top_units": ({"population", "order"}, {"n", "pillar", "sub_indicator", "ministry", "agency_type", "region", "mission", "year"}),
    "movers": ({"population", "direction"}, {"pillar", "sub_indicator", "from_year", "to_year", "ministry", "region", "mission"}),
    "item_statistic": ({"item", "population"}, {"year", "ministry", "agency_type", "region", "mission"}),
    "group_summary": ({"population"}, {"statistic", "group_by", "pillar", "sub_indicator", "level", "levels", "min_level", "max_level", "ministry", "agency_type", "region", "mission", "year"}),
    "unit_vs_group": ({"unit"}, {"scope", "pillar", "sub_indicator", "year"}),
    "published_figure": ({"topic"}, {"population"}),
    "recommendations": (set(), {"area"}),
    "risk_watchlist": (set(), {"population", "n", "ministry", "region", "min_probability"}),
    "unit_risk": ({"unit"}, set()),
    "describe": (set(), {"pillar", "sub_indicator", "level"}),
}
CONVERSATION = {
    "greeting": (set(), set()),
    "help": (set(), set()),
    "out_of_scope": (set(), set()),
    "clarify": ({"candidates"}, set()),
    "set_context": ({"unit"}, set()),
    "subscribe_alerts": (set(), {"ministry", "region", "min_probability"}),
    "unsubscribe_alerts": (set(), set()),
}
INTENTS = {**FUNCTIONS, **CONVERSATION}
NEW_FUNCTIONS = {"group_summary", "unit_vs_group"}
TRUST_TAGS = {"summary": 12, "vs_group": 12, "range": 12, "scope_followup": 10, "mission": 6}

SPECIAL_TAGS = {"multi_turn": 30, "typo": 40, "english": 30, "abbreviation": 30, "digits_years": 30, "adversarial": 30}
CATEGORY_TAGS = {"profile", "rank", "gaps", "trend", "compare", "distribution", "list", "top", "movers", "item", "figure",
                 "recommendations", "risk", "unit_risk", "describe", "greeting", "help", "context", "clarify", "alerts", "pillar",
                 "summary", "vs_group", "range", "scope_followup", "mission"}
MIN_TURNS, MIN_PER_FUNCTION, MIN_PER_CONVERSATION_INTENT = 420, 15, 5
MIN_AGENCIES, MIN_PROVINCES = 80, 40
if HELD_OUT_TURNS is not None:
    SPECIAL_TAGS = {"multi_turn": 12, "typo": 12, "english": 12, "abbreviation": 12, "digits_years": 12, "adversarial": 10}
    MIN_TURNS, MIN_PER_FUNCTION, MIN_PER_CONVERSATION_INTENT = HELD_OUT_TURNS, 6, 2
    MIN_AGENCIES, MIN_PROVINCES = 60, 35

if FOCUSED:
    SPECIAL_TAGS = {tag: (20 if tag == "multi_turn" else 0) for tag in SPECIAL_TAGS}
    MIN_PER_FUNCTION, MIN_PER_CONVERSATION_INTENT = 0, 0
    MIN_AGENCIES, MIN_PROVINCES = 30, 20

errors = []


def err(where, msg):
    errors.append(f"{where}: {msg}")


def kind(uid):
    return "department" if uid in agencies else "province" if uid in provinces else None


def check_turn(where, turn, units_seen):
    text, intent, args = turn.get("text"), turn.get("intent"), turn.get("args")
    if not isinstance(text, str) or not text.strip() or len(text) > 2000:
        err(where, "text must be a non-empty string of at most 2,000 characters")
    if intent not in INTENTS:
        err(where, f"unknown intent {intent!r}")
        return
    if not isinstance(args, dict):
        err(where, "args must be an object")
        return
    required, optional = INTENTS[intent]
    for k in required - args.keys():
        err(where, f"{intent} needs {k!r}")
    for k in args.keys() - required - optional:
        err(where, f"{intent} takes no {k!r}")

    pop = args.get("population")
    if pop is not None and pop not in ("department", "province"):
        err(where, f"bad population {pop!r}")
    for k in ("unit",):
        if k in args:
            if kind(args[k]) is None:
                err(where, f"unknown unit id {args[k]!r}")
            else:
                units_seen.add(args[k])
    if "units" in args:
        us = args["units"]
        if not isinstance(us, list) or len(us) < 2 or len(set(us)) != len(us):
            err(where, "units must list at least two distinct ids")
        else:
            for u in us:
                if kind(u) is None:
                    err(where, f"unknown unit id {u!r}")
                else:
                    units_seen.add(u)
    if "candidates" in args:
        cs = args["candidates"]
        if not isinstance(cs, list) or len(cs) > 5:
            err(where, "candidates must be a list of at most 5 ids")
        else:
            for u in cs:
                if kind(u) is None:
                    err(where, f"unknown candidate id {u!r}")
    if "pillar" in args and args["pillar"] not in pillars:
        err(where, f"bad pillar {args['pillar']!r}")
    if "sub_indicator" in args:
        si = args["sub_indicator"]
        if si not in sub_indicators:
            err(where, f"bad sub_indicator {si!r}")
        elif "pillar" in args and sub_indicators[si] != args["pillar"]:
            err(where, f"sub_indicator {si} is not in pillar {args['pillar']}")
    for k in ("year", "from_year", "to_year"):
        if k in args and (type(args[k]) is not int or args[k] not in YEARS):
            err(where, f"{k} must be a BE int in 2563–2567, got {args[k]!r}")
    if "from_year" in args and "to_year" in args and not args["from_year"] < args["to_year"]:
        err(where, "from_year must be before to_year")
    for k in ("level", "min_level", "max_level"):
        if k in args and (type(args[k]) is not int or args[k] not in levels):
            err(where, f"{k} must be an int 1–5, got {args[k]!r}")
    if "levels" in args:
        ls = args["levels"]
        if not isinstance(ls, list) or len(ls) < 2 or len(set(ls)) != len(ls) or any(type(x) is not int or x not in levels for x in ls):
            err(where, f"levels must list at least two distinct ints 1–5, got {ls!r}")
        elif sorted(ls) == list(range(min(ls), max(ls) + 1)):
            err(where, "a contiguous set of levels is a range: min_level + max_level")
    if sum(k in args for k in ("level", "levels")) + (1 if ("min_level" in args or "max_level" in args) else 0) > 1:
        err(where, "level, levels and min_level/max_level exclude each other")
    if "mission" in args:
        if args["mission"] not in ("service", "policy"):
            err(where, f"bad mission {args['mission']!r}")
        if pop == "province":
            err(where, "mission filter on provinces")
    if "statistic" in args and args["statistic"] not in ("mean", "median", "min", "max", "count"):
        err(where, f"bad statistic {args['statistic']!r}")
    if "min_level" in args and "max_level" in args and args["min_level"] > args["max_level"]:
        err(where, "min_level > max_level")
    if "ministry" in args:
        if args["ministry"] not in ministries:
            err(where, f"ministry must be a canonical name_th, got {args['ministry']!r}")
        if pop == "province":
            err(where, "ministry filter on provinces")
    if "agency_type" in args:
        if args["agency_type"] not in agency_types:
            err(where, f"agency_type must be a canonical name_th, got {args['agency_type']!r}")
        if pop == "province":
            err(where, "agency_type filter on provinces")
    if "region" in args:
        if args["region"] not in regions:
            err(where, f"region must be a canonical name_th, got {args['region']!r}")
        if pop == "department":
            err(where, "region filter on departments")
    if "scope" in args:
        s = args["scope"]
        if s not in ("ministry", "type", "region", "mission", "all"):
            err(where, f"bad scope {s!r}")
        elif s == "all" and intent != "unit_vs_group":
            err(where, "scope all is the default of unit_rank: leave it out")
        elif "unit" in args and kind(args["unit"]) is not None:
            k = kind(args["unit"])
            if s != "all" and (s == "region") != (k == "province"):
                err(where, f"scope {s} does not fit a {k}")
    if "order" in args and args["order"] not in ("best", "worst"):
        err(where, f"bad order {args['order']!r}")
    if "direction" in args and args["direction"] not in ("improved", "regressed"):
        err(where, f"bad direction {args['direction']!r}")
    if "group_by" in args:
        g = args["group_by"]
        if g not in ("type", "ministry", "region", "mission"):
            err(where, f"bad group_by {g!r}")
        elif (g == "region") != (pop == "province"):
            err(where, f"group_by {g} does not fit population {pop}")
    if "n" in args and (type(args["n"]) is not int or args["n"] < 1):
        err(where, f"n must be a positive int, got {args['n']!r}")
    if "min_probability" in args:
        p = args["min_probability"]
        if not isinstance(p, (int, float)) or isinstance(p, bool) or not 0 < p < 1:
            err(where, f"min_probability must be a float in (0, 1), got {p!r}")
    if "item" in args and pop in items and args["item"] not in items[pop]:
        err(where, f"item {args['item']!r} is not a {pop} item")
    if "topic" in args:
        tp = args["topic"]
        ok = any(tp in r["topic_th"] or tp.lower() in [x.lower() for x in r["terms"].split("|")] for r in topics)
        if not ok:
            err(where, f"topic {tp!r} is neither part of a figure_topics topic_th nor one of its terms")
    if "area" in args:
        a = args["area"]
        ok = any(a in r["area_th"] or a in r["title_th"] or a in r["area_terms"].split("|") for r in recs)
        if not ok:
            err(where, f"area {a!r} matches no recommendation area, title or term")
    if intent == "describe" and len(args) > 1:
        err(where, "describe takes at most one of pillar / sub_indicator / level")
    if intent == "unit_trend" and "year" in args:
        err(where, "unit_trend takes no year")


def main():
    data = json.loads(CORPUS.read_text(encoding="utf-8"))
    if data.get("latestYear") != 2567:
        err("root", "latestYear must be 2567")
    convs = data.get("conversations", [])
    ids = collections.Counter(c.get("id") for c in convs)
    for i, n in ids.items():
        if n > 1:
            err(i, "duplicate conversation id")

    per_intent = collections.Counter()
    per_tag = collections.Counter()
    units_seen = set()
    first_texts = collections.Counter()
    multi = 0
    for c in convs:
        cid, tags, turns = c.get("id"), c.get("tags", []), c.get("turns", [])
        if not turns or len(turns) > 5:
            err(cid, "a conversation has 1–5 turns")
        for tg in tags:
            if tg not in SPECIAL_TAGS and tg not in CATEGORY_TAGS:
                err(cid, f"unknown tag {tg!r}")
        per_tag.update(set(tags))
        if ("multi_turn" in tags) != (len(turns) >= 2):
            err(cid, "tag multi_turn iff the conversation has 2 or more turns")
        if len(turns) >= 2:
            multi += 1
        if turns:
            first_texts[turns[0].get("text")] += 1
        all_text = " ".join(t.get("text", "") for t in turns)
        # Keep the special tags honest.
        has_digits = re.search(r"[๐-๙]", all_text) or re.search(r"(?<!\d)20[0-3]\d(?!\d)", all_text)
        if has_digits and "digits_years" not in tags:
            err(cid, "Thai digits or a CE year in the text: tag digits_years")
        if "digits_years" in tags and not re.search(r"[๐-๙]|(?<!\d)(20[0-3]\d|25[6-7]\d)(?!\d)|ปี ?\d\d(?!\d)", all_text):
            err(cid, "tagged digits_years but has no Thai digit, CE/BE year or short year")
        if "english" in tags and not re.search(r"[A-Za-z]{2,}", all_text):
            err(cid, "tagged english but has no Latin word")
        if "adversarial" in tags and not any(t.get("intent") == "out_of_scope" for t in turns) and "multi_turn" not in tags:
            pass  # an injection wrapped around a legitimate question keeps that question's intent
        for i, t in enumerate(turns):
            per_intent[t.get("intent")] += 1
            check_turn(f"{cid}#{i + 1}", t, units_seen)
    for text, n in first_texts.items():
        if n > 1:
            err("corpus", f"first turn repeated {n} times: {text!r}")

    total = sum(per_intent.values())
    agencies_seen = sorted(u for u in units_seen if u in agencies)
    provinces_seen = sorted(u for u in units_seen if u in provinces)

    print(f"conversations: {len(convs)}   turns: {total}   multi-turn conversations: {multi}")
    print(f"distinct agencies: {len(agencies_seen)}   distinct provinces: {len(provinces_seen)}")
    print("\nturns per intent:")
    for name in list(FUNCTIONS) + list(CONVERSATION):
        print(f"  {name:20s} {per_intent[name]:4d}")
    print("\nconversations per tag:")
    for tg, n in sorted(per_tag.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {tg:16s} {n:4d}")

    if total < MIN_TURNS:
        err("coverage", f"{total} turns < {MIN_TURNS}")
    for name in FUNCTIONS:
        if name in NEW_FUNCTIONS and not TRUST:
            continue
        minimum = max(MIN_PER_FUNCTION, 15) if name in NEW_FUNCTIONS else MIN_PER_FUNCTION
        if per_intent[name] < minimum:
            err("coverage", f"{name}: {per_intent[name]} turns < {minimum}")
    for name in CONVERSATION:
        if per_intent[name] < MIN_PER_CONVERSATION_INTENT:
            err("coverage", f"{name}: {per_intent[name]} turns < {MIN_PER_CONVERSATION_INTENT}")
    for tg, n in SPECIAL_TAGS.items():
        if per_tag[tg] < n:
            err("coverage", f"tag {tg}: {per_tag[tg]} < {n}")
    if TRUST:
        for tg, n in TRUST_TAGS.items():
            if per_tag[tg] < n:
                err("coverage", f"tag {tg}: {per_tag[tg]} < {n}")
    if multi < SPECIAL_TAGS["multi_turn"]:
        err("coverage", f"{multi} multi-turn conversations < {SPECIAL_TAGS['multi_turn']}")
    if len(agencies_seen) < MIN_AGENCIES:
        err("coverage", f"{len(agencies_seen)} distinct agencies < {MIN_AGENCIES}")
    if len(provinces_seen) < MIN_PROVINCES:
        err("coverage", f"{len(provinces_seen)} distinct provinces < {MIN_PROVINCES}")

    if errors:
        print(f"\n{len(errors)} problem(s):")
        for e in errors:
            print("  " + e)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
