//! `tessera`: the command-line face of Tessera. Glue only: arguments → `Project` → stdout.
//!
//! Exit codes: 0 success, 1 something the user can fix (named in one line on stderr), 2 an
//! internal error.

use std::{path::PathBuf, process::ExitCode};

use clap::{Parser, Subcommand};
use std::io::Write;

/// mimalloc instead of the system allocator: imports and exports allocate a few strings per
/// field on one thread and free them on another, where glibc's arenas spend a quarter of an
/// export's time (perf); measured in the commit that chose it. The desktop binary and the
/// interchange bench use it too.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use tessera_core::{
    ConceptDetails, FileReport, LanguageTag, MemoryMatch, Project, ReviewDecision, Stats,
    TermStatus, TermTableFormat, TmxExport, UnitOrigin,
    matching::{Concordance, ConcordanceOptions, DiffOp, LookupOptions, Side},
    write_atomically,
};

const AFTER_HELP: &str = "\
The database:
  Tessera keeps one memory and termbase per user, shared with the desktop app. It lives in your
  data folder (on Linux ~/.local/share/tessera/tessera.db). Use --db PATH, or set TESSERA_DB, to
  work on another file; it is created when missing.

Exit codes:
  0  done
  1  something you can fix: a wrong path, a malformed file (the message names file, line and
     column), a database written by a newer Tessera
  2  an internal error: please report it with the message";

/// Tessera: translation memory and terminology for Chinese–English official news.
///
/// Build a memory and a termbase from past bilingual articles, look up fuzzy matches and
/// concordances, and check that names and titles are rendered the approved way.
#[derive(Debug, Parser)]
#[command(name = "tessera", version, after_help = AFTER_HELP)]
struct Cli {
    /// The database to use instead of your default one (also: TESSERA_DB).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Your name, recorded with every change in the history (default: TESSERA_USER, then USER).
    #[arg(long, global = true, value_name = "NAME")]
    user: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Import articles, TMX memories and TBX or table glossaries (folders recursively).
    ///
    /// Articles (.txt, .html, .docx) are cleaned (page noise, bylines, pinyin artefacts are
    /// dropped and listed), split into Chinese and English, segmented and aligned; the aligned
    /// pairs become units. Importing the same article again adds nothing.
    ///
    /// TMX memories (.tmx, .tmx.gz, .zip of .tmx files; UTF-8 or UTF-16, TMX 1.1 to 1.4b) keep
    /// inline tags, props, notes, dates and the original language codes. Glossaries go into the
    /// termbase: TBX (.tbx, v2 or v3) and tables (.csv, .tsv, .xlsx, .ods) whose header row
    /// names language columns (zh, en, zh-Hant, …) and optionally status, category, note,
    /// definition; of a workbook, the first sheet naming a language column is imported. Each such
    /// file is one import: it is stored completely or not at all, skipped items are listed with
    /// line (a workbook's row) and column, and `tessera undo-import ID` removes exactly what it
    /// added (`tessera imports` lists the IDs).
    Import {
        /// Files or folders to import.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Print a JSON report instead of one line per file.
        #[arg(long)]
        json: bool,
        /// Sentence-splitting rules to use (TOML, as in Tessera's segmentation-rules.toml);
        /// by default a segmentation-rules.toml beside the database, else the built-in rules.
        #[arg(long, value_name = "FILE")]
        rules: Option<PathBuf>,
        /// What to do with TMX units the memory already holds: `skip` units whose languages and
        /// texts are all identical, keep the `newest` of units with the same source text (by
        /// change or creation date, replacing older stored ones), or keep `all`.
        #[arg(long, value_name = "POLICY", default_value = "skip", value_parser = ["skip", "newest", "all"])]
        duplicates: String,
    },
    /// List TMX, TBX and glossary imports with their IDs, for undo-import.
    Imports {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Remove exactly what one TMX, TBX or glossary import added (its units or concepts).
    UndoImport {
        /// The import's ID, as listed by `tessera imports`.
        id: i64,
    },
    /// Export the memory as TMX, the termbase as TBX, or terms as TSV/CSV.
    Export {
        #[command(subcommand)]
        what: ExportKind,
    },
    /// Find fuzzy matches for a Chinese sentence in the memory.
    ///
    /// Scores run from 0 to 100 (100: identical text); each match lists what lowered its score
    /// (numbers, punctuation, case, simplified/traditional). When the sentence differs from a
    /// match only in numbers or approved terms, the match's translation is offered adjusted.
    Lookup {
        /// The sentence to look up (or use --file).
        #[arg(required_unless_present = "file")]
        text: Option<String>,
        /// Answer one query per line of this file, one JSON object per line (implies --json).
        #[arg(long, value_name = "QUERIES.txt", conflicts_with = "text")]
        file: Option<PathBuf>,
        /// At most this many matches.
        #[arg(long, default_value_t = 5)]
        limit: usize,
        /// Leave out matches scoring below this.
        #[arg(long = "min", default_value_t = 50, value_name = "SCORE")]
        min_score: u8,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Search the memory for a word or phrase and show how it was translated.
    ///
    /// Chinese is found without word segmentation and regardless of simplified/traditional
    /// script; English is case-insensitive. Results are grouped by rendering, most frequent first.
    Concordance {
        /// The text to search for.
        text: String,
        /// Search the English side instead of the Chinese.
        #[arg(long)]
        target: bool,
        /// English: only whole words.
        #[arg(long)]
        whole_word: bool,
        /// At most this many hits (newest first).
        #[arg(long, default_value_t = 1000)]
        limit: usize,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Mine, list and review terms (names, titles, organisations).
    Terms {
        #[command(subcommand)]
        action: TermsAction,
    },
    /// Check a translation against the approved termbase.
    ///
    /// Finds approved renderings missing from the target, deprecated or forbidden variants, and
    /// near-misses (a typo, swapped or missing words), each with the approved form as the fix.
    /// Offsets are in characters of the target.
    Check {
        /// The Chinese source sentence.
        #[arg(long, required_unless_present = "file")]
        source: Option<String>,
        /// Your English translation.
        #[arg(long, required_unless_present = "file")]
        target: Option<String>,
        /// Check many: one JSON object {"source", "target"} per line; prints one result per line.
        #[arg(long, value_name = "CASES.jsonl", conflicts_with_all = ["source", "target"])]
        file: Option<PathBuf>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Suggest approved term renderings for what you are typing.
    Complete {
        /// The Chinese source sentence (its terms are suggested first).
        #[arg(long, default_value = "")]
        source: String,
        /// What you have typed of the word (any word of a multi-word term matches).
        #[arg(long)]
        prefix: String,
        /// At most this many suggestions.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print the whole history of changes (reviews, edits, imports) as TSV, or JSON.
    Audit {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show how many units, articles and terms the database holds.
    Stats {
        /// Print a JSON object instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Add realistic synthetic units in one transaction (for benchmarks and tests).
    Generate {
        /// How many units to add.
        #[arg(long, value_name = "N")]
        units: u64,
        /// The generator's seed: the same seed gives the same units.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

#[derive(Debug, Subcommand)]
enum TermsAction {
    /// Mine candidate names, titles and organisations from the memory into the termbase.
    Extract,
    /// List concepts with their terms.
    List {
        /// Only concepts with this review status: candidate, approved, rejected.
        #[arg(long)]
        status: Option<String>,
        /// Only this category: person, title, organisation, publication, event, place, policy, other.
        #[arg(long)]
        category: Option<String>,
        /// Print a JSON array.
        #[arg(long)]
        json: bool,
    },
    /// Approve a concept: one English rendering becomes preferred, the others deprecated.
    Approve {
        /// The concept id (see `terms list`).
        id: i64,
        /// The English rendering to prefer (default: the most frequent).
        #[arg(long)]
        preferred: Option<String>,
        /// A comment for the history.
        #[arg(long, default_value = "")]
        comment: String,
    },
    /// Reject a candidate concept.
    Reject {
        /// The concept id.
        id: i64,
        /// A comment for the history.
        #[arg(long, default_value = "")]
        comment: String,
    },
    /// Show a concept's history (approvals, rejections, edits, with comments) and where each of
    /// its renderings was seen.
    History {
        /// The concept id.
        id: i64,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Set a concept's definition, note and validity dates (YYYY-MM-DD).
    Describe {
        /// The concept id.
        id: i64,
        /// The definition.
        #[arg(long, default_value = "")]
        definition: String,
        /// A note.
        #[arg(long, default_value = "")]
        note: String,
        /// From when it holds.
        #[arg(long)]
        valid_from: Option<String>,
        /// Until when it holds.
        #[arg(long)]
        valid_to: Option<String>,
    },
    /// Link two concepts, e.g. a short form to its full form.
    Link {
        /// The concept (e.g. the short form).
        from: i64,
        /// The other concept (e.g. the full form).
        to: i64,
        /// The kind of link.
        #[arg(long, default_value = "short-form")]
        kind: String,
    },
    /// Change a term's text or status (preferred, admitted, deprecated, forbidden).
    Edit {
        /// The concept id.
        concept: i64,
        /// The term id (see `terms list --json`).
        term: i64,
        /// The new text (default: unchanged).
        #[arg(long)]
        text: Option<String>,
        /// The new status (default: unchanged).
        #[arg(long)]
        status: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum ExportKind {
    /// Write the memory as TMX 1.4b (UTF-8), readable by OmegaT, memoQ, Trados and Phrase.
    Tmx {
        /// The file to write.
        out: PathBuf,
        /// Only these languages, comma-separated (`zh` means every Chinese variant).
        #[arg(long, value_delimiter = ',', value_name = "LANGS")]
        langs: Option<Vec<String>>,
        /// Only units a reviewer approved.
        #[arg(long)]
        approved: bool,
        /// Only units last changed (or created) on or after this day (2024-03-01, UTC) or
        /// moment (RFC 3339).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Only units last changed (or created) on or before this day, or before this moment.
        #[arg(long, value_name = "DATE")]
        until: Option<String>,
        /// Write a language under another tag, e.g. `zh-Hans=zh-CN` for tools that know only
        /// region codes; comma-separated or repeated. `--langs` still names stored tags.
        #[arg(long = "map", value_delimiter = ',', value_name = "FROM=TO")]
        rename: Vec<String>,
    },
    /// Write the termbase as TBX-Basic v3 (every concept except rejected ones).
    Tbx {
        /// The file to write.
        out: PathBuf,
    },
    /// Write the terms as a table: TSV, or CSV when the file name ends in .csv.
    Terms {
        /// The file to write.
        out: PathBuf,
    },
}

/// An error with the exit code it deserves.
struct Failure {
    code: u8,
    message: String,
}

impl From<tessera_core::Error> for Failure {
    fn from(error: tessera_core::Error) -> Failure {
        Failure { code: if error.is_user_error() { 1 } else { 2 }, message: error.to_string() }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() { 1 } else { 0 };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("tessera: {}", failure.message.replace('\n', " "));
            ExitCode::from(failure.code)
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Import { paths, json, rules, duplicates } => {
            let mut project = open_project(cli.db)?;
            if let Some(rules) =
                tessera_core::load_segmentation_rules(rules.as_deref(), project.path())?
            {
                project.use_segmentation_rules(rules);
            }
            let options = tessera_core::InterchangeOptions {
                duplicates: tessera_core::DuplicatePolicy::parse(&duplicates).unwrap_or_default(),
            };
            let reports = project.import_paths_with_options(&paths, &options, &mut |_| {
                tessera_core::ImportControl::Continue
            })?;
            if json {
                println!("{}", import_json(&reports));
            } else {
                for report in &reports {
                    println!("{}", import_line(report));
                }
            }
            // A TMX or TBX file with an import batch was imported; its problems are skipped items.
            let failed: Vec<&FileReport> = reports
                .iter()
                .filter(|report| !report.problems.is_empty() && report.import_batch.is_none())
                .collect();
            match failed.as_slice() {
                [] => Ok(()),
                [only] if reports.len() == 1 => {
                    Err(Failure { code: 1, message: import_line(only) })
                }
                [first, ..] => Err(Failure {
                    code: 1,
                    message: format!(
                        "{} of {} files were not imported (see above); first: {}",
                        failed.len(),
                        reports.len(),
                        import_line(first)
                    ),
                }),
            }
        }
        Command::Imports { json } => {
            let project = open_project(cli.db)?;
            let batches = project.imports()?;
            if json {
                println!("{}", imports_json(&batches));
            } else if batches.is_empty() {
                println!("no TMX or TBX imports");
            } else {
                for batch in &batches {
                    println!("{}", import_batch_line(batch));
                }
            }
            Ok(())
        }
        Command::UndoImport { id } => {
            let mut project = open_project(cli.db)?;
            let undone = project.undo_import(tessera_core::ImportBatchId(id))?;
            println!(
                "import {id} undone: {} units and {} concepts removed, {} replaced units restored",
                undone.units_removed, undone.concepts_removed, undone.units_restored
            );
            Ok(())
        }
        Command::Export {
            what: ExportKind::Tmx { out, langs, approved, since, until, rename },
        } => {
            let moment = |flag: &str, text: Option<String>, end_of_day: bool| {
                text.map(|text| {
                    tessera_core::parse_moment(&text, end_of_day).ok_or_else(|| Failure {
                        code: 1,
                        message: format!(
                            "--{flag} {text:?} is neither a day (2024-03-01) nor an RFC 3339 moment"
                        ),
                    })
                })
                .transpose()
            };
            let rename_languages = rename
                .iter()
                .map(|pair| match pair.split_once('=') {
                    Some((from, to)) if !from.trim().is_empty() && !to.trim().is_empty() => {
                        Ok((LanguageTag::parse(from.trim()), LanguageTag::parse(to.trim())))
                    }
                    _ => Err(Failure {
                        code: 1,
                        message: format!("--map {pair:?} is not FROM=TO, e.g. zh-Hans=zh-CN"),
                    }),
                })
                .collect::<Result<Vec<_>, Failure>>()?;
            let options = TmxExport {
                languages: langs
                    .map(|langs| langs.iter().map(|lang| LanguageTag::parse(lang)).collect()),
                approved_only: approved,
                source_lang: None,
                changed_from: moment("since", since, false)?,
                changed_before: moment("until", until, true)?,
                rename_languages,
            };
            let project = open_project(cli.db)?;
            let report = write_atomically(&out, |file| project.export_tmx(file, &options))?;
            println!("wrote {} units to {}", report.units_written, out.display());
            if report.units_outside_dates > 0 {
                println!(
                    "{} units changed outside the dates were left out",
                    report.units_outside_dates
                );
            }
            if report.units_without_languages > 0 {
                println!(
                    "{} units without enough of the chosen languages were left out",
                    report.units_without_languages
                );
            }
            Ok(())
        }
        Command::Export { what: ExportKind::Tbx { out } } => {
            let project = open_project(cli.db)?;
            let n_concepts = write_atomically(&out, |file| project.export_tbx(file))?;
            println!("wrote {n_concepts} concepts to {}", out.display());
            Ok(())
        }
        Command::Export { what: ExportKind::Terms { out } } => {
            let project = open_project(cli.db)?;
            let format = if out.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("csv")) {
                TermTableFormat::Csv
            } else {
                TermTableFormat::Tsv
            };
            let n_rows = write_atomically(&out, |file| project.export_term_table(file, format))?;
            println!("wrote {n_rows} concepts to {}", out.display());
            Ok(())
        }
        Command::Lookup { text, file, limit, min_score, json } => {
            let mut project = open_project(cli.db)?;
            let options = LookupOptions { limit, min_score };
            match (text, file) {
                (Some(text), _) => {
                    let matches = project.lookup(&text, &options)?;
                    if json {
                        println!("{}", lookup_json(&text, &matches));
                    } else {
                        print!("{}", lookup_table(&matches));
                    }
                }
                (None, Some(file)) => {
                    let queries = std::fs::read_to_string(&file).map_err(|error| Failure {
                        code: 1,
                        message: format!("{}: {error}", file.display()),
                    })?;
                    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
                    for query in queries.lines() {
                        let matches = project.lookup(query, &options)?;
                        writeln!(out, "{}", lookup_json(query, &matches)).map_err(internal)?;
                    }
                    out.flush().map_err(internal)?;
                }
                (None, None) => unreachable!("clap requires TEXT or --file"),
            }
            Ok(())
        }
        Command::Concordance { text, target, whole_word, limit, json } => {
            let mut project = open_project(cli.db)?;
            let options = ConcordanceOptions {
                side: if target { Side::Target } else { Side::Source },
                whole_word,
                limit,
            };
            let concordance = project.concordance(&text, &options)?;
            let ids: Vec<i64> = concordance.hits.iter().map(|hit| hit.unit_id).collect();
            let origins = project.unit_origins(&ids)?;
            if json {
                println!("{}", concordance_json(&text, &concordance, &origins));
            } else {
                print!("{}", concordance_table(&concordance));
            }
            Ok(())
        }
        Command::Terms { action } => run_terms(cli.db, cli.user, action),
        Command::Audit { json } => {
            let project = open_project(cli.db)?;
            let log = project.audit_log()?;
            if json {
                let items: Vec<serde_json::Value> = log
                    .iter()
                    .map(|entry| {
                        serde_json::json!({
                            "at": entry.at, "actor": entry.actor, "action": entry.action,
                            "object": entry.object_kind, "id": entry.object_id,
                            "comment": entry.comment, "detail": entry.detail,
                        })
                    })
                    .collect();
                println!("{}", serde_json::Value::Array(items));
            } else {
                println!("at\tactor\taction\tobject\tid\tdetail");
                for entry in &log {
                    println!(
                        "{}\t{}\t{}\t{}\t{}\t{}",
                        entry.at,
                        entry.actor,
                        entry.action,
                        entry.object_kind,
                        entry.object_id,
                        entry.detail.replace(['\t', '\n'], " ")
                    );
                }
            }
            Ok(())
        }
        Command::Check { source, target, file, json } => {
            let mut project = open_project(cli.db)?;
            match (source, target, file) {
                (Some(source), Some(target), _) => {
                    let findings = project.check_translation(&source, &target)?;
                    if json {
                        println!("{}", findings_json(&findings));
                    } else if findings.is_empty() {
                        println!("no findings");
                    } else {
                        for finding in &findings {
                            println!(
                                "{}-{} {:?}: \"{}\" → \"{}\"",
                                finding.start,
                                finding.end,
                                finding.kind,
                                finding.found,
                                finding.suggestion
                            );
                        }
                    }
                }
                (_, _, Some(file)) => {
                    let cases = std::fs::read_to_string(&file).map_err(|error| Failure {
                        code: 1,
                        message: format!("{}: {error}", file.display()),
                    })?;
                    for (line_idx, line) in
                        cases.lines().enumerate().filter(|(_, line)| !line.trim().is_empty())
                    {
                        let case: serde_json::Value =
                            serde_json::from_str(line).map_err(|error| Failure {
                                code: 1,
                                message: format!(
                                    "{}:{}:{}: {error}",
                                    file.display(),
                                    line_idx + 1,
                                    error.column()
                                ),
                            })?;
                        let field = |name: &str| {
                            case[name].as_str().map(str::to_owned).ok_or_else(|| Failure {
                                code: 1,
                                message: format!(
                                    "{}:{}:1: missing \"{name}\"",
                                    file.display(),
                                    line_idx + 1
                                ),
                            })
                        };
                        let findings =
                            project.check_translation(&field("source")?, &field("target")?)?;
                        println!("{}", findings_json(&findings));
                    }
                }
                _ => unreachable!("clap requires --source and --target, or --file"),
            }
            Ok(())
        }
        Command::Complete { source, prefix, limit, json } => {
            let mut project = open_project(cli.db)?;
            let completions = project.complete_term(&source, &prefix, limit)?;
            if json {
                let items: Vec<serde_json::Value> = completions
                    .iter()
                    .map(|completion| {
                        serde_json::json!({
                            "text": completion.text,
                            "concept_id": completion.concept_id,
                            "status": completion.status.as_str(),
                        })
                    })
                    .collect();
                println!(
                    "{}",
                    serde_json::json!({ "source": source, "prefix": prefix, "completions": items })
                );
            } else {
                for completion in &completions {
                    println!("{}", completion.text);
                }
            }
            Ok(())
        }
        Command::Stats { json } => {
            let project = open_project(cli.db)?;
            let stats = project.stats()?;
            if json {
                println!("{}", stats_json(&project, &stats));
            } else {
                print!("{}", stats_table(&project, &stats));
            }
            Ok(())
        }
        Command::Generate { units, seed } => {
            let mut project = open_project(cli.db)?;
            let batch = tessera_core::synthetic::synthetic_units(seed, 0, units);
            let ids = project.add_units(batch, &mut |_| {})?;
            println!("added {} synthetic units (seed {seed})", ids.len());
            Ok(())
        }
    }
}

fn open_project(explicit: Option<PathBuf>) -> Result<Project, Failure> {
    let path = tessera_core::resolve_database_path(explicit, std::env::var_os("TESSERA_DB"))?;
    Ok(Project::open(&path)?)
}

fn run_terms(
    db: Option<PathBuf>,
    user: Option<String>,
    action: TermsAction,
) -> Result<(), Failure> {
    let mut project = open_project(db)?;
    let user = user
        .or_else(|| std::env::var("TESSERA_USER").ok())
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_default();
    project.set_actor(&user);
    match action {
        TermsAction::Extract => {
            let report = project.extract_terms()?;
            println!(
                "found {} candidates; added {} concepts with {} terms",
                report.candidates_found, report.concepts_added, report.terms_added
            );
        }
        TermsAction::List { status, category, json } => {
            let concepts = project.terms(status.as_deref(), category.as_deref())?;
            if json {
                let items: Vec<serde_json::Value> = concepts
                    .iter()
                    .map(|concept| {
                        serde_json::json!({
                            "id": concept.id,
                            "status": concept.review_status,
                            "category": concept.category,
                            "definition": concept.details.definition,
                            "note": concept.details.note,
                            "valid_from": concept.details.valid_from,
                            "valid_to": concept.details.valid_to,
                            "links": concept.links.iter().map(|(other, kind)| serde_json::json!({"concept": other, "kind": kind})).collect::<Vec<_>>(),
                            "terms": concept.terms.iter().map(|term| serde_json::json!({
                                "id": term.id,
                                "lang": term.lang.to_string(),
                                "text": term.text,
                                "status": term.status.as_str(),
                                "count": term.occurrences,
                            })).collect::<Vec<_>>(),
                        })
                    })
                    .collect();
                println!("{}", serde_json::Value::Array(items));
            } else {
                for concept in &concepts {
                    let terms: Vec<String> = concept
                        .terms
                        .iter()
                        .map(|term| {
                            format!(
                                "{} [{} ×{}]",
                                term.text,
                                term.status.as_str(),
                                term.occurrences
                            )
                        })
                        .collect();
                    println!(
                        "{:>5} {:<10} {:<12} {}",
                        concept.id,
                        concept.review_status,
                        concept.category,
                        terms.join(" | ")
                    );
                }
            }
        }
        TermsAction::Approve { id, preferred, comment } => {
            project.review_concept(id, &ReviewDecision::Approve { preferred }, &comment)?;
            println!("approved concept {id}");
        }
        TermsAction::History { id, json } => {
            let concept =
                project.terms(None, None)?.into_iter().find(|record| record.id == id).ok_or_else(
                    || Failure { code: 1, message: format!("there is no concept {id}") },
                )?;
            let history = project.concept_history(id)?;
            let mut renderings = Vec::new();
            for term in concept.terms.iter().filter(|term| term.lang.primary() == "en") {
                renderings.push((term, project.term_examples(term.id, 3)?));
            }
            if json {
                let value = serde_json::json!({
                    "id": id,
                    "history": history.iter().map(|entry| serde_json::json!({
                        "at": entry.at, "action": entry.action, "detail": entry.detail,
                    })).collect::<Vec<_>>(),
                    "renderings": renderings.iter().map(|(term, examples)| serde_json::json!({
                        "text": term.text,
                        "status": term.status.as_str(),
                        "examples": examples.iter().map(|(zh, en)| serde_json::json!({"zh": zh, "en": en})).collect::<Vec<_>>(),
                    })).collect::<Vec<_>>(),
                });
                println!("{value}");
            } else {
                for entry in &history {
                    println!("{}  {:<10} {}", entry.at, entry.action, entry.detail);
                }
                for (term, examples) in &renderings {
                    println!("\n{} [{}]", term.text, term.status.as_str());
                    for (zh, en) in examples {
                        println!("  {zh}\n  {en}");
                    }
                }
            }
        }
        TermsAction::Describe { id, definition, note, valid_from, valid_to } => {
            project.set_concept_details(
                id,
                &ConceptDetails { definition, note, valid_from, valid_to },
            )?;
            println!("described concept {id}");
        }
        TermsAction::Link { from, to, kind } => {
            project.link_concepts(from, to, &kind)?;
            println!("linked concept {from} to {to} ({kind})");
        }
        TermsAction::Reject { id, comment } => {
            project.review_concept(id, &ReviewDecision::Reject, &comment)?;
            println!("rejected concept {id}");
        }
        TermsAction::Edit { concept, term, text, status } => {
            let current = project
                .terms(None, None)?
                .into_iter()
                .find(|record| record.id == concept)
                .and_then(|record| record.terms.into_iter().find(|record| record.id == term))
                .ok_or_else(|| Failure {
                    code: 1,
                    message: format!("concept {concept} has no term {term}"),
                })?;
            let status = match status {
                None => current.status,
                Some(name) => TermStatus::parse(&name).ok_or_else(|| Failure {
                    code: 1,
                    message: format!(
                        "unknown status {name}: use preferred, admitted, deprecated or forbidden"
                    ),
                })?,
            };
            project.edit_term(concept, term, text.as_deref().unwrap_or(&current.text), status)?;
            println!("edited term {term}");
        }
    }
    Ok(())
}

fn findings_json(findings: &[tessera_core::terminology::Finding]) -> serde_json::Value {
    let items: Vec<serde_json::Value> = findings
        .iter()
        .map(|finding| {
            serde_json::json!({
                "kind": format!("{:?}", finding.kind).to_lowercase(),
                "start": finding.start,
                "end": finding.end,
                "found": finding.found,
                "suggestion": finding.suggestion,
                "term_id": finding.concept_id,
            })
        })
        .collect();
    serde_json::json!({ "findings": items })
}

fn internal(error: std::io::Error) -> Failure {
    Failure { code: 2, message: format!("cannot write the output: {error}") }
}

fn origin_json(origin: Option<&UnitOrigin>) -> serde_json::Value {
    match origin {
        None => serde_json::Value::Null,
        Some(origin) => serde_json::json!({
            "unit_id": origin.unit_id,
            "article": origin.article,
            "created_at": origin.created_at,
            "created_by": origin.created_by,
            "confidence": origin.confidence,
        }),
    }
}

fn lookup_json(query: &str, matches: &[MemoryMatch]) -> serde_json::Value {
    let range = |range: &std::ops::Range<usize>| serde_json::json!([range.start, range.end]);
    let matches: Vec<serde_json::Value> = matches
        .iter()
        .map(|memory_match| {
            let found = &memory_match.found;
            let diff: Vec<serde_json::Value> = found
                .diff
                .iter()
                .map(|op| match op {
                    DiffOp::Equal { query, source } => {
                        serde_json::json!({"op": "equal", "query": range(query), "source": range(source)})
                    }
                    DiffOp::Delete { query } => serde_json::json!({"op": "delete", "query": range(query)}),
                    DiffOp::Insert { source } => serde_json::json!({"op": "insert", "source": range(source)}),
                    DiffOp::Replace { query, source } => {
                        serde_json::json!({"op": "replace", "query": range(query), "source": range(source)})
                    }
                })
                .collect();
            serde_json::json!({
                "unit_id": found.unit_id,
                "score": found.score,
                "source": found.source,
                "target": found.target,
                "diff": diff,
                "penalties": found.penalties.iter().map(|penalty| serde_json::json!({
                    "kind": format!("{:?}", penalty.kind).to_lowercase(),
                    "points": penalty.points,
                    "detail": penalty.detail,
                })).collect::<Vec<_>>(),
                "script_variant": found.script_variant,
                "origin": origin_json(memory_match.origin.as_ref()),
                "adjusted": memory_match.adjusted.is_some(),
                "adjusted_target": memory_match.adjusted.as_ref().map(|adjusted| adjusted.target.clone()),
                "replacements": memory_match.adjusted.as_ref().map(|adjusted| adjusted.replacements.iter().map(|replacement| serde_json::json!({
                    "kind": format!("{:?}", replacement.kind).to_lowercase(),
                    "source_text": replacement.source_text,
                    "query_text": replacement.query_text,
                    "old_target": replacement.old_target,
                    "new_target": replacement.new_target,
                })).collect::<Vec<_>>()),
            })
        })
        .collect();
    serde_json::json!({ "query": query, "matches": matches })
}

fn lookup_table(matches: &[MemoryMatch]) -> String {
    if matches.is_empty() {
        return "no match\n".to_owned();
    }
    let mut out = String::new();
    for memory_match in matches {
        let found = &memory_match.found;
        let penalties: Vec<&str> =
            found.penalties.iter().map(|penalty| penalty.detail.as_str()).collect();
        out.push_str(&format!("{:>3}%  {}\n      {}\n", found.score, found.source, found.target));
        if let Some(adjusted) = &memory_match.adjusted {
            out.push_str(&format!("      adjusted: {}\n", adjusted.target));
        }
        if !penalties.is_empty() {
            out.push_str(&format!("      ({})\n", penalties.join("; ")));
        }
        if let Some(article) =
            memory_match.origin.as_ref().and_then(|origin| origin.article.as_deref())
        {
            out.push_str(&format!("      from {article}\n"));
        }
    }
    out
}

fn concordance_json(
    text: &str,
    concordance: &Concordance,
    origins: &[UnitOrigin],
) -> serde_json::Value {
    let origin_of = |unit_id: i64| origins.iter().find(|origin| origin.unit_id == unit_id);
    serde_json::json!({
        "query": text,
        "complete": concordance.complete,
        "renderings": concordance.renderings.iter().map(|group| serde_json::json!({
            "rendering": group.rendering,
            "is_full_text": group.is_full_text,
            "count": group.count,
            "unit_ids": group.unit_ids,
        })).collect::<Vec<_>>(),
        "hits": concordance.hits.iter().map(|hit| serde_json::json!({
            "unit_id": hit.unit_id,
            "source": hit.source,
            "target": hit.target,
            "ranges": hit.ranges.iter().map(|range| [range.start, range.end]).collect::<Vec<_>>(),
            "rendering": hit.rendering,
            "origin": origin_json(origin_of(hit.unit_id)),
        })).collect::<Vec<_>>(),
    })
}

fn concordance_table(concordance: &Concordance) -> String {
    if concordance.hits.is_empty() {
        return "not found\n".to_owned();
    }
    let mut out = String::from("Renderings:\n");
    for group in &concordance.renderings {
        out.push_str(&format!("{:>6}  {}\n", group.count, group.rendering));
    }
    out.push_str(&format!("\n{} units:\n", concordance.hits.len()));
    for hit in concordance.hits.iter().take(20) {
        out.push_str(&format!("  {}\n  {}\n\n", hit.source, hit.target));
    }
    out
}

fn import_json(reports: &[FileReport]) -> serde_json::Value {
    let files: Vec<serde_json::Value> = reports
        .iter()
        .map(|report| {
            serde_json::json!({
                "path": report.path,
                "kind": report.kind,
                "units_added": report.units_added,
                "units_skipped": report.units_skipped,
                "already_imported": report.already_imported,
                "dropped": report.dropped.iter().map(|span| serde_json::json!({
                    "reason": span.reason,
                    "start": span.start,
                    "end": span.end,
                    "text": span.text,
                })).collect::<Vec<_>>(),
                "low_confidence": report.low_confidence,
                "errors": report.problems.iter().map(|problem| serde_json::json!({
                    "line": problem.line,
                    "column": problem.column,
                    "message": problem.message,
                })).collect::<Vec<_>>(),
                "units_replaced": report.units_replaced,
                "concepts_added": report.concepts_added,
                "import": report.import_batch.map(|batch| batch.0),
            })
        })
        .collect();
    serde_json::json!({ "files": files })
}

/// One line per file: the file, then what happened, or where and why it failed.
fn import_line(report: &FileReport) -> String {
    if let Some(batch) = report.import_batch {
        let mut line = if report.kind == "tbx" || report.kind == "glossary" {
            format!("{}: {} concepts added", report.path, report.concepts_added)
        } else {
            format!(
                "{}: {} units added, {} duplicates skipped, {} older units replaced",
                report.path, report.units_added, report.units_skipped, report.units_replaced
            )
        };
        line.push_str(&format!(" (import {}, {} items skipped)", batch.0, report.problems.len()));
        for problem in &report.problems {
            line.push_str(&format!("\n  {}", problem_place(&report.path, problem)));
        }
        return line;
    }
    if let Some(problem) = report.problems.first() {
        return match (problem.line, problem.column) {
            (Some(line), Some(column)) => {
                format!("{}:{line}:{column}: {}", report.path, problem.message)
            }
            (Some(line), None) => format!("{}:{line}: {}", report.path, problem.message),
            _ => format!("{}: {}", report.path, problem.message),
        };
    }
    if report.already_imported {
        return format!(
            "{}: already imported, nothing changed ({} units skipped)",
            report.path, report.units_skipped
        );
    }
    format!(
        "{}: {} units added, {} spans dropped, {} low-confidence pairs",
        report.path,
        report.units_added,
        report.dropped.len(),
        report.low_confidence
    )
}

/// `file:line:column: message`, leaving out what the problem has no place for.
fn problem_place(path: &str, problem: &tessera_core::FileProblem) -> String {
    match (problem.line, problem.column) {
        (Some(line), Some(column)) => format!("{path}:{line}:{column}: {}", problem.message),
        (Some(line), None) => format!("{path}:{line}: {}", problem.message),
        _ => format!("{path}: {}", problem.message),
    }
}

fn imports_json(batches: &[tessera_core::ImportBatch]) -> serde_json::Value {
    let imports: Vec<serde_json::Value> = batches
        .iter()
        .map(|batch| {
            serde_json::json!({
                "id": batch.id.0,
                "file": batch.file,
                "kind": batch.kind,
                "started_at": batch.started_at,
                "duplicates": batch.duplicates,
                "units_added": batch.units_added,
                "units_skipped": batch.units_skipped,
                "units_replaced": batch.units_replaced,
                "concepts_added": batch.concepts_added,
                "undone_at": batch.undone_at,
                "header_props": batch.header_props.iter().map(|(kind, value)| serde_json::json!({
                    "type": kind,
                    "value": value,
                })).collect::<Vec<_>>(),
                "header_notes": batch.header_notes,
            })
        })
        .collect();
    serde_json::json!({ "imports": imports })
}

fn import_batch_line(batch: &tessera_core::ImportBatch) -> String {
    let added = if batch.kind == "tbx" || batch.kind == "glossary" {
        format!("{} concepts", batch.concepts_added)
    } else {
        format!("{} units", batch.units_added)
    };
    let state = match &batch.undone_at {
        Some(at) => format!("undone {at}"),
        None => "active".to_owned(),
    };
    format!(
        "{:>5}  {}  {}  {}  {added}  {state}",
        batch.id.0, batch.started_at, batch.kind, batch.file
    )
}

fn stats_json(project: &Project, stats: &Stats) -> serde_json::Value {
    let terms_by_status: serde_json::Map<String, serde_json::Value> = stats
        .terms_by_status
        .iter()
        .map(|(status, n_terms)| (status.as_str().to_owned(), (*n_terms).into()))
        .collect();
    let languages: serde_json::Map<String, serde_json::Value> = stats
        .languages
        .iter()
        .map(|(lang, n_variants)| (lang.to_string(), (*n_variants).into()))
        .collect();
    serde_json::json!({
        "database": project.path().display().to_string(),
        "schema_version": stats.schema_version,
        "units": stats.units,
        "articles": stats.articles,
        "terms": stats.terms,
        "concepts": stats.concepts,
        "terms_by_status": terms_by_status,
        "languages": languages,
    })
}

fn stats_table(project: &Project, stats: &Stats) -> String {
    let by_status = stats
        .terms_by_status
        .iter()
        .map(|(status, n_terms)| format!("{} {n_terms}", status.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    let languages = if stats.languages.is_empty() {
        "none yet".to_owned()
    } else {
        stats
            .languages
            .iter()
            .map(|(lang, n_variants)| format!("{lang} {n_variants}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "Database   {} (schema {})\nUnits      {}\nArticles   {}\nTerms      {} ({by_status})\nConcepts   {}\nLanguages  {languages}\n",
        project.path().display(),
        stats.schema_version,
        stats.units,
        stats.articles,
        stats.terms,
        stats.concepts,
    )
}
