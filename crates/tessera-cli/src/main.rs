//! `tessera`: the command-line face of Tessera. Glue only: arguments → `Project` → stdout.
//!
//! Exit codes: 0 success, 1 something the user can fix (named in one line on stderr), 2 an
//! internal error.

use std::{
    io::{IsTerminal, Write},
    path::PathBuf,
    process::ExitCode,
};

use clap::{Parser, Subcommand};

/// `print!` that fails instead of panicking: use it in a function returning
/// `Result<_, Failure>`. A reader that went away (`tessera … | head`) ends the command quietly.
macro_rules! out {
    ($($arg:tt)*) => {
        crate::write_stdout(format_args!($($arg)*))?
    };
}

/// `println!` that fails instead of panicking, as [`out!`].
macro_rules! outln {
    () => {
        crate::write_stdout(format_args!("\n"))?
    };
    ($($arg:tt)*) => {
        crate::write_stdout(format_args!("{}\n", format_args!($($arg)*)))?
    };
}

mod articles;
mod bench;
mod export;
mod import;
mod memory;
mod pretranslate;
mod qa;
mod suggest;
mod team;
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
     column), a file past a size limit (a decompression bomb), a database written by a newer
     Tessera, a change to a read-only database, or one another program kept writing to for
     longer than --wait
  2  an internal error: please report it with the message

A change waits while another Tessera program writes to the same database (it says so on a
terminal); reads never wait. A closed output pipe (`| head`) ends a command quietly.";

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
    /// How long a change waits while another Tessera program writes to the same database, in
    /// seconds; past it, the command fails (exit 1) naming what holds the database.
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = tessera_core::DEFAULT_WRITE_WAIT.as_secs())]
    wait: u64,
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
    /// pairs become units. Importing the same article again adds nothing. A Chinese file and its
    /// English version in two files are one article: name them with --pair ZH_FILE EN_FILE, or
    /// let Tessera pair the monolingual files it is given (by dates, numbers, names, dictionary
    /// words and length; only confident pairs, --json lists them and the files left single).
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
    /// List imported articles, and pair or unpair a Chinese article and its English version.
    Articles(articles::ArticlesArgs),
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
    /// Check the memory (or a document) against the approved termbase, and fix it.
    ///
    /// Finds deprecated and forbidden renderings, near-misses and missing approved renderings of
    /// the source's terms, numbers and dates that differ between source and target, untranslated
    /// units, and one source sentence stored with different targets. Offsets are characters of
    /// the target. --fix replaces the wrong renderings among the findings shown by the approved
    /// form in one transaction, written to the history; --undo-fix takes a fix back.
    Qa(qa::QaArgs),
    /// Suggest approved term renderings for what you are typing.
    Complete(terms::CompleteArgs),
    /// Suggest renderings for the names, titles and phrases of a Chinese sentence.
    ///
    /// Approved terms come first, then candidate terms (unreviewed), then fragments the memory's
    /// phrase alignment found, each with its count and confidence. The first call aligns the
    /// memory (a cache, rebuilt when lost). Tab-separated: start, end, source span, rendering,
    /// origin (termbase or memory), status, count, confidence.
    Suggest(suggest::SuggestArgs),
    /// Print the whole history of changes (reviews, edits, imports) as TSV, or JSON.
    Audit(memory::AuditArgs),
    /// Show how many units, articles and terms the database holds.
    Stats(memory::StatsArgs),
    /// Join a team server, or show the team, your role, the cursor and pending changes.
    Team(team::TeamArgs),
    /// Push your changes to the team server and pull the team's; prints counts.
    ///
    /// Units you confirmed, imported or edited and the terms you proposed go up; the team's
    /// units, proposals (yours, or all for reviewers) and reviews come down. Safe to repeat:
    /// a change the server already has is not added twice.
    Sync(team::SyncArgs),
    /// Add synthetic units to the memory, for benchmarks and tests only. Hidden from --help, and
    /// it asks for --synthetic, so that a mistyped command never fills a real memory.
    #[command(hide = true)]
    Generate(bench::GenerateArgs),
}

/// An error with the exit code it deserves. Code 0 with no message is a quiet stop: whoever read
/// the output closed the pipe, and there is no one left to tell (ripgrep does the same).
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
        Err(failure) if failure.code == 0 => ExitCode::SUCCESS,
        Err(failure) => {
            // stderr closed too: the exit code still tells.
            let _ = writeln!(std::io::stderr(), "tessera: {}", failure.message.replace('\n', " "));
            ExitCode::from(failure.code)
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    let db = Database { path: cli.db, wait: std::time::Duration::from_secs(cli.wait) };
    match cli.command {
        Command::Import(args) => import::import(db, args),
        Command::Articles(args) => articles::articles(db, cli.user, args),
        Command::Imports(args) => import::imports(db, args),
        Command::UndoImport(args) => import::undo_import(db, args),
        Command::Export(args) => export::export(db, args),
        Command::Lookup(args) => memory::lookup(db, args),
        Command::Concordance(args) => memory::concordance(db, args),
        Command::Pretranslate(args) => pretranslate::pretranslate(db, args),
        Command::Terms(args) => terms::terms(db, cli.user, args),
        Command::Check(args) => terms::check(db, args),
        Command::Complete(args) => terms::complete(db, args),
        Command::Suggest(args) => suggest::suggest(db, args),
        Command::Qa(args) => qa::qa(db, cli.user, args),
        Command::Audit(args) => memory::audit(db, args),
        Command::Stats(args) => memory::stats(db, args),
        Command::Team(args) => team::team(db, args),
        Command::Sync(args) => team::sync(db, args),
        Command::Generate(args) => bench::generate(db, args),
    }
}

/// The database the command works on, and how long its writes wait for another writer.
pub(crate) struct Database {
    path: Option<PathBuf>,
    wait: std::time::Duration,
}

/// Opens the database. A write that finds another process writing waits its turn, saying so
/// once on stderr when that is a terminal, and fails with exit 1 naming the holder past
/// `--wait`.
pub(crate) fn open_project(db: Database) -> Result<Project, Failure> {
    let path = tessera_core::resolve_database_path(db.path, std::env::var_os("TESSERA_DB"))?;
    let mut project = Project::open(&path)?;
    let mut words: Vec<String> =
        std::env::args_os().map(|arg| arg.to_string_lossy().into_owned()).collect();
    if let Some(program) = words.first_mut() {
        *program = "tessera".to_owned();
    }
    let mut description = words.join(" ");
    if description.chars().count() > 200 {
        description = description.chars().take(200).chain(['…']).collect();
    }
    project.describe_writer(&format!("`{description}`"));
    let limit = db.wait;
    let mut told = !std::io::stderr().is_terminal();
    project.wait_for_other_writers(limit, move |wait| {
        if !told {
            told = true;
            let holder = wait.holder.unwrap_or("another program");
            let _ = writeln!(
                std::io::stderr(),
                "tessera: waiting for {holder} to finish writing to the database (up to {} s)…",
                limit.as_secs()
            );
        }
    });
    Ok(project)
}

/// A failed write to stdout: a closed pipe is a quiet stop, anything else internal.
pub(crate) fn internal(error: std::io::Error) -> Failure {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        return Failure { code: 0, message: String::new() };
    }
    Failure { code: 2, message: format!("cannot write the output: {error}") }
}

/// Writes to stdout, for [`out!`] and [`outln!`].
pub(crate) fn write_stdout(text: std::fmt::Arguments<'_>) -> Result<(), Failure> {
    std::io::stdout().lock().write_fmt(text).map_err(internal)
}
