//! `tessera`: the command-line face of Tessera. Glue only: arguments → `Project` → stdout.
//!
//! Exit codes: 0 success, 1 something the user can fix (named in one line on stderr), 2 an
//! internal error.

use std::{ffi::OsString, path::PathBuf, process::ExitCode};

use clap::{Parser, Subcommand};
use tessera_core::{FileReport, Project, Stats};

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
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Import past articles (.txt, .html, .docx; folders recursively) into the memory.
    ///
    /// Each article is cleaned (page noise, bylines, pinyin artefacts are dropped and listed),
    /// split into Chinese and English, segmented and aligned; the aligned pairs become units.
    /// Importing the same article again adds nothing.
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
    },
    /// Export the memory as TMX, the termbase as TBX, or terms as TSV/CSV.
    Export(PendingArgs),
    /// Find fuzzy matches for a sentence in the memory.
    Lookup(PendingArgs),
    /// Search the memory for a word or phrase and show how it was translated.
    Concordance(PendingArgs),
    /// Mine, list and review terms (names, titles, organisations).
    Terms(PendingArgs),
    /// Check a translation against the termbase (missing, deprecated, misspelt terms).
    Check(PendingArgs),
    /// Suggest approved term renderings for what you are typing.
    Complete(PendingArgs),
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

/// Arguments of a command that a later version fills in.
#[derive(Debug, clap::Args)]
struct PendingArgs {
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, hide = true)]
    rest: Vec<OsString>,
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
    let pending = |name: &str| Failure {
        code: 1,
        message: format!("`{name}` is not yet available in this version of Tessera"),
    };
    match cli.command {
        Command::Import { paths, json, rules } => {
            let mut project = open_project(cli.db)?;
            if let Some(rules) =
                tessera_core::load_segmentation_rules(rules.as_deref(), project.path())?
            {
                project.use_segmentation_rules(rules);
            }
            let reports = project.import_paths(&paths)?;
            if json {
                println!("{}", import_json(&reports));
            } else {
                for report in &reports {
                    println!("{}", import_line(report));
                }
            }
            let n_failed = reports.iter().filter(|report| !report.problems.is_empty()).count();
            if n_failed > 0 {
                return Err(Failure {
                    code: 1,
                    message: format!(
                        "{n_failed} of {} files were not imported (see above)",
                        reports.len()
                    ),
                });
            }
            Ok(())
        }
        Command::Export(_) => Err(pending("export")),
        Command::Lookup(_) => Err(pending("lookup")),
        Command::Concordance(_) => Err(pending("concordance")),
        Command::Terms(_) => Err(pending("terms")),
        Command::Check(_) => Err(pending("check")),
        Command::Complete(_) => Err(pending("complete")),
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
            })
        })
        .collect();
    serde_json::json!({ "files": files })
}

/// One line per file: the file, then what happened, or where and why it failed.
fn import_line(report: &FileReport) -> String {
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
