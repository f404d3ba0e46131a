//! `tessera qa`: memory QA against the approved termbase, its reports, bulk fixes and undo.

use std::path::PathBuf;

use tessera_core::{
    QaScope,
    qa::{QaFinding, QaKind, QaReportFormat},
};

use crate::{Database, Failure, open_project};

#[derive(Debug, clap::Args)]
pub(crate) struct QaArgs {
    /// Check this document's segments (see the app's document list) instead of the memory.
    #[arg(long, value_name = "ID")]
    document: Option<i64>,
    /// Only findings of this kind (repeatable): deprecated, forbidden, near-miss, missing,
    /// number, untranslated, inconsistent.
    #[arg(long, value_name = "KIND")]
    kind: Vec<String>,
    /// Only findings about this termbase concept.
    #[arg(long, value_name = "TERM_ID")]
    term: Option<i64>,
    /// Replace every deprecated, forbidden and near-miss rendering among the findings shown by
    /// the approved form, in one go (undo with --undo-fix).
    #[arg(long, conflicts_with = "document")]
    fix: bool,
    /// Undo a fix (its id is printed by --fix) and exit.
    #[arg(long, value_name = "FIX_ID", conflicts_with_all = ["fix", "document", "report"])]
    undo_fix: Option<i64>,
    /// Also write the findings as a report: FILE.html or FILE.xlsx.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Print JSON: {"findings": [{"unit_id", "segment_id", "kind", "start", "end", "found",
    /// "suggestion", "term_id"}], …}; offsets are characters of the target; with --document,
    /// findings name segments (unit_id is null).
    #[arg(long)]
    json: bool,
}

pub(crate) fn qa(db: Database, user: Option<String>, args: QaArgs) -> Result<(), Failure> {
    let QaArgs { document, kind, term, fix, undo_fix, report, json } = args;
    let kinds = kind
        .iter()
        .map(|name| {
            QaKind::parse(name).ok_or_else(|| Failure {
                code: 1,
                message: format!(
                    "unknown kind {name}: use deprecated, forbidden, near-miss, missing, number, untranslated or inconsistent"
                ),
            })
        })
        .collect::<Result<Vec<QaKind>, Failure>>()?;
    let report_format = match &report {
        None => None,
        Some(path) => {
            Some(QaReportFormat::from_file_name(&path.to_string_lossy()).ok_or_else(|| {
                Failure {
                    code: 1,
                    message: format!("{}: a report is .html or .xlsx", path.display()),
                }
            })?)
        }
    };
    let mut project = open_project(db)?;
    project.set_actor(&crate::terms::actor(user));
    if let Some(fix_id) = undo_fix {
        let restored = project.undo_fix(fix_id)?;
        outln!("undid fix {fix_id}: {restored} units restored");
        return Ok(());
    }
    let scope = match document {
        Some(document_id) => QaScope::Document(document_id),
        None => QaScope::Memory,
    };
    let checked = project.memory_qa(scope)?;
    let findings: Vec<QaFinding> = checked
        .findings
        .into_iter()
        .filter(|finding| kinds.is_empty() || kinds.contains(&finding.kind))
        .filter(|finding| term.is_none() || finding.term_id == term)
        .collect();
    if let (Some(path), Some(format)) = (&report, report_format) {
        tessera_core::write_atomically(path, |out| {
            project.write_qa_report(&findings, document, format, out)
        })?;
    }
    if fix {
        let fixed = project.fix_findings(&findings)?;
        let line = match fixed.fix_id {
            Some(fix_id) => format!(
                "fixed {} findings in {} units (fix {fix_id}; undo with tessera qa --undo-fix {fix_id}); {} passed over",
                fixed.findings_fixed, fixed.units_changed, fixed.findings_passed_over
            ),
            None => format!("nothing to fix; {} findings passed over", fixed.findings_passed_over),
        };
        if json {
            outln!(
                "{}",
                serde_json::json!({
                    "fix_id": fixed.fix_id,
                    "findings_fixed": fixed.findings_fixed,
                    "units_changed": fixed.units_changed,
                    "findings_passed_over": fixed.findings_passed_over,
                })
            );
        } else {
            outln!("{line}");
        }
        return Ok(());
    }
    if json {
        let items: Vec<serde_json::Value> = findings
            .iter()
            .map(|finding| {
                // A document's findings name its segments, not memory units.
                let (unit_id, segment_id) = match document {
                    Some(_) => (None, Some(finding.unit_id)),
                    None => (Some(finding.unit_id), None),
                };
                serde_json::json!({
                    "unit_id": unit_id,
                    "segment_id": segment_id,
                    "kind": finding.kind.as_str(),
                    "start": finding.start,
                    "end": finding.end,
                    "found": finding.found,
                    "suggestion": finding.suggestion,
                    "term_id": finding.term_id,
                })
            })
            .collect();
        outln!(
            "{}",
            serde_json::json!({
                "findings": items,
                "units_checked": checked.units_checked,
                "complete": checked.complete,
            })
        );
    } else {
        for finding in &findings {
            let term = finding.term_id.map(|id| format!(" (term {id})")).unwrap_or_default();
            outln!(
                "{}\t{}\t{}-{}\t\"{}\" → \"{}\"{term}",
                finding.unit_id,
                finding.kind.as_str(),
                finding.start,
                finding.end,
                finding.found,
                finding.suggestion
            );
        }
        outln!("{} findings in {} units checked", findings.len(), checked.units_checked);
    }
    Ok(())
}
