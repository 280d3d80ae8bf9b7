-- DgBot SQLite schema, version 1. Applied at start-up by DgBot.Core.Storage.Migrations (PRAGMA user_version).
-- Names marked FIXED are read by checks outside this repository (DESIGN.md section 3): keep them.

-- Survey framework ---------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS pillar (
  id INTEGER PRIMARY KEY, name_th TEXT NOT NULL, name_en TEXT NOT NULL,
  everyday_terms TEXT NOT NULL DEFAULT '', description_th TEXT NOT NULL, source_line INTEGER);
CREATE TABLE IF NOT EXISTS sub_indicator (
  code TEXT PRIMARY KEY, pillar INTEGER NOT NULL REFERENCES pillar(id), name_th TEXT NOT NULL, name_en TEXT NOT NULL,
  everyday_terms TEXT NOT NULL DEFAULT '', description_th TEXT NOT NULL, numbering TEXT, source_line INTEGER);
CREATE TABLE IF NOT EXISTS level (
  level INTEGER PRIMARY KEY, name_th TEXT NOT NULL, name_en TEXT NOT NULL, stage_en TEXT NOT NULL, min_score REAL NOT NULL);
CREATE TABLE IF NOT EXISTS pillar_level_label (
  pillar INTEGER NOT NULL REFERENCES pillar(id), level INTEGER NOT NULL REFERENCES level(level), label_en TEXT NOT NULL,
  PRIMARY KEY (pillar, level));
CREATE TABLE IF NOT EXISTS item (
  population TEXT NOT NULL, code TEXT NOT NULL, sub_indicator TEXT REFERENCES sub_indicator(code),
  answer_type TEXT NOT NULL, condition TEXT, unit TEXT, max_value REAL, max_points INTEGER NOT NULL DEFAULT 0,
  text_th TEXT NOT NULL, PRIMARY KEY (population, code));
-- Points a sub-indicator's score is out of, per population (the sum of its items' maxima, or the rules' cap).
CREATE TABLE IF NOT EXISTS sub_indicator_max (
  population TEXT NOT NULL, sub_indicator TEXT NOT NULL REFERENCES sub_indicator(code), max_points INTEGER NOT NULL,
  PRIMARY KEY (population, sub_indicator));
CREATE TABLE IF NOT EXISTS item_option (
  population TEXT NOT NULL, item TEXT NOT NULL, code TEXT NOT NULL, label_th TEXT NOT NULL, points INTEGER NOT NULL,
  ordinal INTEGER NOT NULL, PRIMARY KEY (population, item, code));

-- Organisations ------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS region (code TEXT PRIMARY KEY, name_th TEXT NOT NULL UNIQUE, name_en TEXT NOT NULL, aliases TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS ministry (code TEXT PRIMARY KEY, name_th TEXT NOT NULL UNIQUE, name_en TEXT NOT NULL, abbreviation_th TEXT, aliases TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS agency_type (code TEXT PRIMARY KEY, name_th TEXT NOT NULL UNIQUE, name_en TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS mission (code TEXT PRIMARY KEY, name_th TEXT NOT NULL, name_en TEXT NOT NULL);

-- FIXED: unit(id, kind, name_th, name_en, ministry, agency_type, mission, region)
CREATE TABLE IF NOT EXISTS unit (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('department','province')),
  name_th TEXT NOT NULL UNIQUE,
  name_en TEXT NOT NULL,
  ministry TEXT,              -- canonical Thai ministry name, NULL for provinces and units under no ministry
  agency_type TEXT,           -- canonical Thai type name (หน่วยงานราชการ ...), NULL for provinces
  mission TEXT CHECK (mission IN ('service','policy') OR mission IS NULL),
  region TEXT,                -- canonical Thai region name, NULL for departments
  ministry_code TEXT, agency_type_code TEXT, region_code TEXT);
CREATE INDEX IF NOT EXISTS unit_kind ON unit(kind);

-- Every name a unit is known by (canonical, English, abbreviations, aliases), for the Thai parser.
CREATE TABLE IF NOT EXISTS unit_alias (unit_id TEXT NOT NULL REFERENCES unit(id), alias TEXT NOT NULL, source TEXT NOT NULL,
  PRIMARY KEY (unit_id, alias));
CREATE INDEX IF NOT EXISTS unit_alias_alias ON unit_alias(alias);

-- Survey rounds ------------------------------------------------------------------------------
-- Units DGA sent the form to in a round; a unit with no response row that round did not respond.
CREATE TABLE IF NOT EXISTS surveyed (unit_id TEXT NOT NULL REFERENCES unit(id), year INTEGER NOT NULL, PRIMARY KEY (unit_id, year));

-- FIXED: response(unit_id, year, item, value)
CREATE TABLE IF NOT EXISTS response (
  unit_id TEXT NOT NULL REFERENCES unit(id), year INTEGER NOT NULL, item TEXT NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY (unit_id, year, item));
CREATE INDEX IF NOT EXISTS response_year_item ON response(year, item);

-- FIXED: score(unit_id, year, scope, key, score, level); rows exist for a year exactly when the unit responded.
CREATE TABLE IF NOT EXISTS score (
  unit_id TEXT NOT NULL REFERENCES unit(id), year INTEGER NOT NULL,
  scope TEXT NOT NULL CHECK (scope IN ('overall','pillar','sub_indicator')), key TEXT NOT NULL,
  score REAL NOT NULL, level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
  PRIMARY KEY (unit_id, year, scope, key));
CREATE INDEX IF NOT EXISTS score_year_scope ON score(year, scope, key);

-- The per-item breakdown behind each sub-indicator score: which items earned and which missed points.
CREATE TABLE IF NOT EXISTS item_score (
  unit_id TEXT NOT NULL, year INTEGER NOT NULL, item TEXT NOT NULL, sub_indicator TEXT NOT NULL,
  points INTEGER NOT NULL, max_points INTEGER NOT NULL, outcome TEXT NOT NULL,
  PRIMARY KEY (unit_id, year, item));
CREATE INDEX IF NOT EXISTS item_score_year ON item_score(year);

-- The report's own figures ------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS published_figure (
  id TEXT PRIMARY KEY, population TEXT NOT NULL, year INTEGER NOT NULL, topic TEXT NOT NULL, value REAL NOT NULL,
  unit TEXT NOT NULL, source_line INTEGER NOT NULL, thai_text TEXT NOT NULL, pillar INTEGER, sub_indicator TEXT);

-- FIXED: dataset_meta(key, value) with synthetic = '1'|'0' and latest_year.
CREATE TABLE IF NOT EXISTS dataset_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS import_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT, file TEXT NOT NULL, sha256 TEXT NOT NULL, imported_at TEXT NOT NULL,
  rows INTEGER NOT NULL, units INTEGER NOT NULL, years TEXT NOT NULL);

-- Where each round's responses came from: the seeded demo generator ('synthetic') or `dgbot import` ('import').
CREATE TABLE IF NOT EXISTS survey_source (year INTEGER PRIMARY KEY, source TEXT NOT NULL CHECK (source IN ('synthetic','import')),
  detail TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL);

-- Thai topic words that find the report's figures (published_figure), and the report's own errors to mention with a figure.
CREATE TABLE IF NOT EXISTS figure_topic (topic_th TEXT PRIMARY KEY, terms TEXT NOT NULL, figure_patterns TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS figure_caveat (figure TEXT PRIMARY KEY REFERENCES published_figure(id), caveat_th TEXT NOT NULL, digest_ref TEXT NOT NULL);

-- The report's policy recommendations (ข้อเสนอแนะเชิงนโยบาย, l.3036-3157).
CREATE TABLE IF NOT EXISTS recommendation (code TEXT PRIMARY KEY, area TEXT NOT NULL, area_th TEXT NOT NULL, area_terms TEXT NOT NULL,
  title_th TEXT NOT NULL, body_th TEXT NOT NULL, source_line INTEGER NOT NULL);
