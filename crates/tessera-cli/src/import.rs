//! `tessera import`, `imports` and `undo-import`: bringing articles, memories and glossaries in,
//! and taking an import back out.

use std::{io::Write, path::PathBuf};

use tessera_core::FileReport;

use crate::{Database, Failure, open_project};

#[derive(Debug, clap::Args)]
pub(crate) struct ImportArgs {
    /// Files or folders to import.
    #[arg(required_unless_present = "pair", value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// A Chinese file and its English version, imported as one article (repeatable).
    #[arg(long, num_args = 2, value_names = ["ZH_FILE", "EN_FILE"], action = clap::ArgAction::Append)]
    pair: Vec<PathBuf>,
    /// Import every monolingual article file on its own: do not look for a Chinese file's
    /// English version among the other files.
    #[arg(long)]
    no_pairing: bool,
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
    /// Glossaries (TBX, CSV, TSV, XLSX, ODS) arrive approved: every concept is approved at once,
    /// keeping the file's own term statuses (preferred, admitted, deprecated, forbidden).
    #[arg(long)]
    approve: bool,
    /// Store a language of a memory file under another tag, e.g. `zh-CN=zh-Hans` for a TMX
    /// from OmegaT or Trados; comma-separated or repeated (the mirror of `export tmx --map`).
    /// Without it, zh-CN and zh-Hans, zh-TW/zh-HK and zh-Hant, en-US and en already count as
    /// the same language when looking for duplicates.
    #[arg(long = "map", value_delimiter = ',', value_name = "FROM=TO")]
    rename: Vec<String>,
}

pub(crate) fn import(db: Database, args: ImportArgs) -> Result<(), Failure> {
    let ImportArgs { paths, pair, no_pairing, json, rules, duplicates, approve, rename } = args;
    let rename_languages = crate::export::language_renames(&rename)?;
    let mut project = open_project(db)?;
    if let Some(rules) = tessera_core::load_segmentation_rules(rules.as_deref(), project.path())? {
        project.use_segmentation_rules(rules);
    }
    let options = tessera_core::InterchangeOptions {
        duplicates: tessera_core::DuplicatePolicy::parse(&duplicates).unwrap_or_default(),
        approve,
        rename_languages,
    };
    let mut pairs: Vec<(PathBuf, PathBuf)> =
        pair.chunks_exact(2).map(|files| (files[0].clone(), files[1].clone())).collect();
    for (zh, en) in &pairs {
        for file in [zh, en] {
            if !file.is_file() {
                return Err(Failure {
                    code: 1,
                    message: format!("{}: no such file (given to --pair)", file.display()),
                });
            }
        }
    }
    // Files named in --pair are not paired again by the search.
    let searched: Vec<PathBuf> = paths
        .iter()
        .filter(|path| !pairs.iter().any(|(zh, en)| zh == *path || en == *path))
        .cloned()
        .collect();
    let mut proposal = if no_pairing || searched.is_empty() {
        tessera_core::PairProposal::default()
    } else {
        project.propose_pairs(&searched)?
    };
    // A file named in --pair, also found inside a searched folder, keeps its named partner.
    let named: Vec<std::path::PathBuf> = pairs
        .iter()
        .flat_map(|(zh, en)| [zh, en])
        .filter_map(|path| path.canonicalize().ok())
        .collect();
    let is_named =
        |path: &std::path::PathBuf| path.canonicalize().is_ok_and(|path| named.contains(&path));
    proposal.pairs.retain(|pair| !is_named(&pair.zh) && !is_named(&pair.en));
    proposal.singles.retain(|single| !is_named(&single.path));
    pairs.extend(proposal.pairs.iter().map(|pair| (pair.zh.clone(), pair.en.clone())));
    let reports = project.import_paths_paired(&searched, &pairs, &options, &mut |_| {
        tessera_core::ImportControl::Continue
    })?;
    // A TMX or TBX file with an import batch was imported; its problems are skipped items.
    let not_imported =
        |report: &FileReport| !report.problems.is_empty() && report.import_batch.is_none();
    if json {
        let mut value = import_json(&reports);
        value["pairs"] = pairs_json(&proposal);
        value["singles"] = singles_json(&proposal);
        outln!("{value}");
    } else {
        // What was not imported is an error: it goes to stderr only.
        for report in reports.iter().filter(|report| !not_imported(report)) {
            outln!("{}", import_line(report));
        }
    }
    let failed: Vec<&FileReport> = reports.iter().filter(|report| not_imported(report)).collect();
    match failed.as_slice() {
        [] => Ok(()),
        [only] => Err(Failure { code: 1, message: import_line(only) }),
        many => {
            let mut stderr = std::io::stderr().lock();
            for report in many {
                let _ = writeln!(stderr, "tessera: {}", import_line(report).replace('\n', " "));
            }
            Err(Failure {
                code: 1,
                message: format!(
                    "{} of {} files were not imported (see above)",
                    many.len(),
                    reports.len()
                ),
            })
        }
    }
}

#[derive(Debug, clap::Args)]
pub(crate) struct ImportsArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub(crate) fn imports(db: Database, args: ImportsArgs) -> Result<(), Failure> {
    let ImportsArgs { json } = args;
    let project = open_project(db)?;
    let batches = project.imports()?;
    if json {
        outln!("{}", imports_json(&batches));
    } else if batches.is_empty() {
        outln!("no TMX or TBX imports");
    } else {
        for batch in &batches {
            outln!("{}", import_batch_line(batch));
        }
    }
    Ok(())
}

#[derive(Debug, clap::Args)]
pub(crate) struct UndoImportArgs {
    /// The import's ID, as listed by `tessera imports`.
    id: i64,
}

pub(crate) fn undo_import(db: Database, args: UndoImportArgs) -> Result<(), Failure> {
    let UndoImportArgs { id } = args;
    let mut project = open_project(db)?;
    let undone = project.undo_import(tessera_core::ImportBatchId(id))?;
    outln!(
        "import {id} undone: {} units and {} concepts removed, {} replaced units restored",
        undone.units_removed,
        undone.concepts_removed,
        undone.units_restored
    );
    Ok(())
}

/// The pairs document alignment found, with their confidence.
fn pairs_json(proposal: &tessera_core::PairProposal) -> serde_json::Value {
    proposal
        .pairs
        .iter()
        .map(|pair| {
            serde_json::json!({
                "zh": pair.zh.display().to_string(),
                "en": pair.en.display().to_string(),
                "confidence": rounded(pair.confidence),
                "similarity": rounded(pair.similarity),
            })
        })
        .collect()
}

/// The monolingual files left single, each with its best candidate and their similarity.
fn singles_json(proposal: &tessera_core::PairProposal) -> serde_json::Value {
    proposal
        .singles
        .iter()
        .map(|single| {
            serde_json::json!({
                "path": single.path.display().to_string(),
                "lang": single.lang,
                "best": single.best.as_ref().map(|(path, similarity)| serde_json::json!({
                    "path": path.display().to_string(),
                    "score": rounded(*similarity),
                })),
            })
        })
        .collect()
}

fn rounded(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
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
                "article": report.article.map(|article| article.0),
                "paired_with": report.paired_with,
                "partner_article": report.partner_article.map(|article| article.0),
            })
        })
        .collect();
    serde_json::json!({ "files": files })
}

/// One line per file (per pair: `ZH + EN`): the file, then what happened, or where and why it
/// failed.
fn import_line(report: &FileReport) -> String {
    match &report.paired_with {
        Some(en) => {
            let paired = FileReport { path: format!("{} + {en}", report.path), ..report.clone() };
            file_line(&paired)
        }
        None => file_line(report),
    }
}

fn file_line(report: &FileReport) -> String {
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
