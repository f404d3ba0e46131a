//! `tessera`: the command-line face of Tessera. Glue only: arguments → `Project` → stdout.
//!
//! Exit codes: 0 success, 1 something the user can fix (named in one line on stderr), 2 an
//! internal error.

use std::{path::PathBuf, process::ExitCode};

use clap::{Parser, Subcommand};

mod bench;
mod export;
mod import;
mod memory;
mod pretranslate;
mod terms;

/// mimalloc instead of the system allocator: imports and exports allocate a few strings per
/// field on one thread and free them on another, where glibc's arenas spend a quarter of an
/// export's time (perf); measured in the commit that chose it. The desktop binary and the
/// interchange bench use it too.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use tessera_core::Project;

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
    /// definition; of a workbook, the first sheet naming a language column is imported. XLIFF
    /// files (.xlf, .xliff; 1.2 or 2.x) add their translated segments to the memory. A file named
    /// .xml is imported by its root element (<tmx>, <tbx>/<martif>, <xliff>). Each such
    /// file is one import: it is stored completely or not at all, skipped items are listed with
    /// line (a workbook's row) and column, and `tessera undo-import ID` removes exactly what it
    /// added (`tessera imports` lists the IDs).
    Import(import::ImportArgs),
    /// List TMX, TBX and glossary imports with their IDs, for undo-import.
    Imports(import::ImportsArgs),
    /// Remove exactly what one TMX, TBX or glossary import added (its units or concepts).
    UndoImport(import::UndoImportArgs),
    /// Export the memory as TMX, the termbase as TBX, or terms as TSV/CSV.
    Export(export::ExportArgs),
    /// Find fuzzy matches for a Chinese or English sentence in the memory.
    ///
    /// A Chinese sentence finds units by their Chinese side and offers their English; an English
    /// one (--from en, or detected: no Chinese characters) the other way round.
    /// Scores run from 0 to 100 (100: identical text); each match lists what lowered its score
    /// (numbers, punctuation, case, simplified/traditional). When the sentence differs from a
    /// match only in numbers or approved terms, the match's translation is offered adjusted.
    Lookup(memory::LookupArgs),
    /// Fill an XLIFF file's empty targets from the memory (Chinese → English or English →
    /// Chinese), or turn a document (.txt, .html, .docx) into pre-translated XLIFF 2.0.
    ///
    /// Exact matches, context matches (101: the neighbouring segments match too) and fuzzy
    /// matches at or above --min (default 75), adjusted to the segment's numbers and approved
    /// terms, fill each segment that has no target; the segment gets a state (101: translated,
    /// others: to review) and its match score in the standard XLIFF attributes. Segments that
    /// already have a target are left alone. Prints the counts per match band.
    Pretranslate(pretranslate::PretranslateArgs),
    /// Search the memory for a word or phrase and show how it was translated.
    ///
    /// Chinese is found without word segmentation and regardless of simplified/traditional
    /// script; English is case-insensitive. Results are grouped by rendering, most frequent first.
    Concordance(memory::ConcordanceArgs),
    /// Mine, list and review terms (names, titles, organisations).
    Terms(terms::TermsArgs),
    /// Check a translation against the approved termbase.
    ///
    /// Finds approved renderings missing from the target, deprecated or forbidden variants, and
    /// near-misses (a typo, swapped or missing words), each with the approved form as the fix.
    /// Offsets are in characters of the target.
    Check(terms::CheckArgs),
    /// Suggest approved term renderings for what you are typing.
    Complete(terms::CompleteArgs),
    /// Print the whole history of changes (reviews, edits, imports) as TSV, or JSON.
    Audit(memory::AuditArgs),
    /// Show how many units, articles and terms the database holds.
    Stats(memory::StatsArgs),
    /// Add synthetic units to the memory, for benchmarks and tests only. Hidden from --help, and
    /// it asks for --synthetic, so that a mistyped command never fills a real memory.
    #[command(hide = true)]
    Generate(bench::GenerateArgs),
}

/// An error with the exit code it deserves.
pub(crate) struct Failure {
    pub(crate) code: u8,
    pub(crate) message: String,
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
        Command::Import(args) => import::import(cli.db, args),
        Command::Imports(args) => import::imports(cli.db, args),
        Command::UndoImport(args) => import::undo_import(cli.db, args),
        Command::Export(args) => export::export(cli.db, args),
        Command::Lookup(args) => memory::lookup(cli.db, args),
        Command::Concordance(args) => memory::concordance(cli.db, args),
        Command::Pretranslate(args) => pretranslate::pretranslate(cli.db, args),
        Command::Terms(args) => terms::terms(cli.db, cli.user, args),
        Command::Check(args) => terms::check(cli.db, args),
        Command::Complete(args) => terms::complete(cli.db, args),
        Command::Audit(args) => memory::audit(cli.db, args),
        Command::Stats(args) => memory::stats(cli.db, args),
        Command::Generate(args) => bench::generate(cli.db, args),
    }
}

pub(crate) fn open_project(explicit: Option<PathBuf>) -> Result<Project, Failure> {
    let path = tessera_core::resolve_database_path(explicit, std::env::var_os("TESSERA_DB"))?;
    Ok(Project::open(&path)?)
}

pub(crate) fn internal(error: std::io::Error) -> Failure {
    Failure { code: 2, message: format!("cannot write the output: {error}") }
}
