namespace DgBot.Cli;

internal static class Help
{
    public const string Main = """
        dgbot — DgBot's command line (Digital Government Readiness survey, DGA)

        usage: dgbot <command> [options]

        commands:
          build-db        build data/dgbot.db from scratch: reference data, scoring rules, the report's
                          published figures and the seeded demo rounds 2563–2567
          generate-demo   replace every round in the database with a new demo dataset (--seed N)
          import <file>   import a real survey export (CSV or XLSX: unit, year, item, value per row);
                          everything is validated first, and a file with any error changes nothing
          score           recompute every score from the stored responses
          ask "<question>"  answer a Thai question exactly as POST /api/ask does (--json for its JSON);
                          with no question, reads one question per line from stdin as one conversation
          eval [corpus]   run the Thai question corpus (tests/corpus) through the parser: accuracy, confusions, misses
          parse "<q>"...  show what the parser reads in questions (names found, intent, arguments), one conversation
          train           train the risk model (units likely to drop a level next round), validated forward in
                          time; writes data/models/risk-model.zip and its model card, and prints the card
          alerts run      run the risk-alert job once: queue each subscriber's news and deliver it to Teams and LINE
          users <action>  the access roster: add, remove, list users; code issues a one-time registration code;
                          unlock lifts a sign-in or registration lockout

        common options:
          --data <dir>    the data/ folder (default: found from the current directory)
          --db <file>     the database (default: Data__Path, else data/dgbot.db)
          -q, --quiet     no progress bar
          -h, --help      help for a command: dgbot <command> --help
        """;

    public static string For(string command) => command switch
    {
        "build-db" => """
            dgbot build-db [--seed N] [--no-demo] [--db file] [--data dir]
              Builds the database from scratch (written beside the target, then moved into place).
              --seed N     demo generator seed (default 2567); the same seed always gives the same data
              --no-demo    reference data and published figures only, no survey rounds
            """,
        "generate-demo" => """
            dgbot generate-demo --seed N [--db file]
              Replaces all survey rounds with the seeded synthetic dataset (flagged synthetic) and re-scores.
            """,
        "import" => """
            dgbot import <file.csv|file.xlsx> [--db file]
              Columns (header row required): unit, year, item, value (or หน่วยงาน, ปี, ข้อ, คำตอบ); other columns are ignored.
                unit   unit id (e.g. D001, TH-50) or the unit's exact Thai name
                year   survey year, Buddhist Era from 2560 to next year, or CE (converted, +543); Thai digits are accepted
                item   questionnaire item code of the unit's form (e.g. 3.1, 6.1A); in Excel, type codes as text
                value  the answer: an option code or its Thai label, or a number for numeric items;
                       a blank value records the item as unanswered
              Each round present in the file replaces that round in the database, then is re-scored.
              Any error (unknown unit or item, answer outside the item's options, duplicate row, wrong year,
              bad encoding) is reported with file, line and column, and nothing is written.
            """,
        "score" => """
            dgbot score [--db file]
              Recomputes every score row from the stored responses with data/scoring/rules.json.
            """,
        "ask" => """
            dgbot ask "<question>" [--json] [--conversation id] [--db file]
              Answers like POST /api/ask: same parser, functions, numbers and Thai wording.
              --json            print the /api/ask JSON (answer, intent, calls with resolved arguments, dataset, suggestions)
              --conversation id keep context across runs in this process (follow-ups such as "แล้วอันดับล่ะ")
              With no question, reads stdin line by line as one conversation.
              Builds the database first if it does not exist yet.
            examples:
              dgbot ask "กรมที่ดินอยู่ระดับไหน"
              dgbot ask --json "จังหวัดขอนแก่นอันดับเท่าไรในภาคอีสาน"
            """,
        "eval" => """
            dgbot eval [corpus.json] [--verbose]
              Parses every turn of the Thai question corpus (default tests/corpus/questions.th.json) in conversation order
              and prints intent accuracy, full-argument accuracy, per intent and per tag, a confusion summary and the misses.
              Exits 1 when intent accuracy is below 97% or full-argument accuracy below 93%.
            """,
        "alerts" => """
            dgbot alerts run [--db file] [--wait seconds] [-q] [-v]
              Scores the latest round with the trained model, compares it with what each subscriber was last told and queues one
              message per subscriber with news (newly flagged, risen, cleared) in the durable outbox, then delivers what is due.
              Failed sends are retried with back-off; --wait keeps delivering retries that come due for that many seconds
              (default 0: one pass, the web host sends the rest). Running it again for the same round sends nothing new, and
              finishes what an interrupted run left. Exit code 0 when nothing is left waiting, 3 when retries are still pending.
              Channel settings: the web host's keys as environment variables (Teams__AppId, Teams__AppPassword,
              Teams__TenantId, Line__ChannelAccessToken, Line__ApiBaseUrl, Alerts__*).
            """,
        "users" => """
            dgbot users add <channel> <user-id> <role> [unit] [--name "ชื่อ"] [--password-stdin]
            dgbot users remove <channel> <user-id>
            dgbot users list [--json]
            dgbot users code <role> [unit] [--hours N] [--json]
            dgbot users unlock <channel> <user-id>
              The access roster (who sees what when the web host runs with Access__Mode=Roster), kept in the state database
              beside the survey database (<db>-state.db, or Data__StatePath).
                channel   teams (the user's aadObjectId), line (the LINE userId) or web (a login name for the web chat)
                role      dcio (own unit in full, other units as ranks and aggregates), analyst, executive (may subscribe
                          to alerts) or admin
                unit      a dcio's unit: id (D116, TH-40) or its Thai or English name or abbreviation
              add replaces the user's role and unit if they exist. --password-stdin reads a web user's password from the first
              line of stdin (never from the command line); it is stored as a salted PBKDF2 hash.
              code prints a one-time code (default valid 72 hours) that registers whoever types "ลงทะเบียน <code>" in Teams or
              LINE with that role and unit. Only its hash is stored: copy it now.
              unlock lifts a lockout at once and forgives the failures counted so far: a web login name is locked after 5
              wrong passwords in 15 minutes (Access__LoginFailuresPerAccount, Access__LockoutMinutes), a Teams or LINE user's
              registration codes after 5 wrong codes (Access__CodeFailuresPerUser). Locks end by themselves after 15 minutes.
            examples:
              dgbot users code dcio กรมที่ดิน --hours 24
              dgbot users add line U4af4980629 analyst
              dgbot users unlock web somchai
              echo 'รหัสผ่าน' | dgbot users add web somchai analyst --password-stdin
            """,
        "parse" => """
            dgbot parse "<question>" ["<follow-up>" ...]
              Prints the names the gazetteer finds in each question (span, how close, what they mean) and the intent and
              arguments the parser chooses; the questions are one conversation, so follow-ups can be checked too.
            """,
        "train" => """
            dgbot train [--db file] [--seed N] [--data dir]
              Trains the risk model on every survey round of the database: the trainer (FastTree or LightGbm) is chosen
              and the model tested forward in time (train on earlier transitions, test on the latest one), then refit on
              every transition to score the latest round. Prints the model card: AUC-ROC, AUC-PR, precision@10/20,
              recall@10/20, Brier score and a reliability table, beside the two baselines (fell last round; within 5
              points of the band below).
              Writes risk-model.zip, risk-model-card.json and risk-model-card.md to data/models (for the default
              database) or to <database name>-models beside any other database file; the web host loads them there.
              --seed N     the training seed (default 2567); the same seed and data give the same model
            """,
        _ => Main,
    };
}
