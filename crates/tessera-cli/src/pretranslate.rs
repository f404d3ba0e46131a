//! `tessera pretranslate`: filling an XLIFF file's empty targets from the memory.

use std::path::PathBuf;

use tessera_core::{DEFAULT_PRETRANSLATE_MIN_SCORE, PretranslateOptions, PretranslateReport};

use crate::{Database, Failure, open_project};

#[derive(Debug, clap::Args)]
pub(crate) struct PretranslateArgs {
    /// The file to pre-translate: XLIFF (.xlf, .xliff; 1.2 or 2.x, Chinese ↔ English), or a
    /// document (.txt, .html, .docx), segmented as an import is.
    input: PathBuf,
    /// Where to write the pre-translated file (written whole or not at all): XLIFF of the same
    /// version for XLIFF, XLIFF 2.0 (.xlf, .xliff) for a document.
    #[arg(long, value_name = "OUT")]
    out: PathBuf,
    /// For an English document: the Chinese to translate into, zh-Hans (simplified) or zh-Hant
    /// (traditional).
    #[arg(long, value_name = "LANG", default_value = "zh-Hans", value_parser = ["zh-Hans", "zh-Hant"])]
    to: String,
    /// Fill segments only from matches scoring at least this.
    #[arg(long = "min", default_value_t = DEFAULT_PRETRANSLATE_MIN_SCORE, value_name = "SCORE",
          value_parser = clap::value_parser!(u8).range(1..=100))]
    min_score: u8,
    /// Print the counts as JSON.
    #[arg(long)]
    json: bool,
}

pub(crate) fn pretranslate(db: Database, args: PretranslateArgs) -> Result<(), Failure> {
    let PretranslateArgs { input, out, to, min_score, json } = args;
    let extension = |path: &std::path::Path| {
        path.extension().and_then(|extension| extension.to_str()).unwrap_or("").to_ascii_lowercase()
    };
    let is_xliff =
        matches!(extension(&input).as_str(), "xlf" | "xliff" | "xml" | "sdlxliff" | "mqxliff");
    let is_document = matches!(extension(&input).as_str(), "txt" | "html" | "htm" | "docx");
    if !is_xliff && !is_document {
        return Err(Failure {
            code: 1,
            message: format!(
                "{}: pre-translation reads XLIFF files (.xlf, .xliff) and documents (.txt, \
                 .html, .docx)",
                input.display()
            ),
        });
    }
    if is_document && !matches!(extension(&out).as_str(), "xlf" | "xliff") {
        return Err(Failure {
            code: 1,
            message: format!(
                "{}: a pre-translated document is written as XLIFF; name the output .xlf or .xliff",
                out.display()
            ),
        });
    }
    let mut project = open_project(db)?;
    let options = PretranslateOptions { min_score };
    let report = if is_xliff {
        project.pretranslate_xliff(&input, &out, &options)?
    } else {
        let into = tessera_core::LanguageTag::parse(&to);
        project.pretranslate_text_document(&input, &into, &out, &options)?
    };
    for problem in &report.problems {
        let place = match (problem.line, problem.column) {
            (Some(line), Some(column)) => format!(":{line}:{column}"),
            _ => String::new(),
        };
        eprintln!("{}{place}: {}", input.display(), problem.message);
    }
    if json {
        outln!("{}", report_json(&report, min_score));
    } else {
        out!("{}", report_text(&report, &out));
    }
    Ok(())
}

fn report_json(report: &PretranslateReport, min_score: u8) -> serde_json::Value {
    let bands = &report.bands;
    let mut band_counts = serde_json::json!({
        "101": bands.context,
        "100": bands.exact,
        "95-99": bands.from_95,
        "85-94": bands.from_85,
        "75-84": bands.from_75,
        "no match": bands.no_match,
    });
    if min_score < 75 {
        band_counts[format!("{min_score}-74")] = bands.below_75.into();
    }
    serde_json::json!({
        "segments": report.segments,
        "kept": report.kept,
        "filled": report.filled,
        "adjusted": report.adjusted,
        "other_script": report.other_script,
        "bands": band_counts,
        "problems": report.problems.len(),
    })
}

fn report_text(report: &PretranslateReport, out: &std::path::Path) -> String {
    let bands = &report.bands;
    let mut text = format!(
        "{}: filled {} of {} segments ({} adjusted to numbers or terms), {} already translated\n",
        out.display(),
        report.filled,
        report.segments,
        report.adjusted,
        report.kept
    );
    for (band, count) in [
        ("101", bands.context),
        ("100", bands.exact),
        ("95-99", bands.from_95),
        ("85-94", bands.from_85),
        ("75-84", bands.from_75),
        ("below 75", bands.below_75),
        ("no match", bands.no_match),
    ] {
        if band != "below 75" || count > 0 {
            text.push_str(&format!("  {band:>8}  {count}\n"));
        }
    }
    text
}
