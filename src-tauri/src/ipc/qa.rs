//! DTOs of the QA view: memory QA findings, progress, fixes and report formats (`commands::qa`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One problem of a stored translation (character offsets into the target).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QaFinding {
    /// The unit (or, for a document, the segment) checked.
    #[ts(type = "number")]
    pub unit_id: i64,
    /// deprecated, forbidden, near-miss, missing, number, untranslated or inconsistent.
    pub kind: String,
    /// First character of the offending text in the target.
    pub start: u32,
    /// One past its last character.
    pub end: u32,
    /// The offending text as written (empty for what is missing).
    pub found: String,
    /// What to write instead.
    pub suggestion: String,
    /// The termbase concept concerned, for term findings.
    #[ts(type = "number | null")]
    pub term_id: Option<i64>,
}

/// What a QA pass found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QaReport {
    /// Every finding, by unit, then place.
    pub findings: Vec<QaFinding>,
    /// Units (or segments) checked.
    #[ts(type = "number")]
    pub units_checked: u64,
    /// False when the pass was cancelled part-way.
    pub complete: bool,
}

/// Payload of the `qa-progress` event: units checked so far of the total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QaProgress {
    /// Units checked so far.
    #[ts(type = "number")]
    pub done: u64,
    /// Units to check.
    #[ts(type = "number")]
    pub total: u64,
}

/// What a fix did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FixReport {
    /// The fix, for `undo_fix`; null when nothing changed.
    #[ts(type = "number | null")]
    pub fix_id: Option<i64>,
    /// Findings fixed.
    #[ts(type = "number")]
    pub findings_fixed: u64,
    /// Units whose target changed.
    #[ts(type = "number")]
    pub units_changed: u64,
    /// Findings passed over (not fixable, or the target changed since).
    #[ts(type = "number")]
    pub findings_passed_over: u64,
}

/// The format of an exported QA report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum QaReportFormat {
    /// An HTML page.
    Html,
    /// An Excel workbook.
    Xlsx,
}

impl From<tessera_core::qa::QaFinding> for QaFinding {
    fn from(finding: tessera_core::qa::QaFinding) -> QaFinding {
        QaFinding {
            unit_id: finding.unit_id,
            kind: finding.kind.as_str().to_owned(),
            start: finding.start as u32,
            end: finding.end as u32,
            found: finding.found,
            suggestion: finding.suggestion,
            term_id: finding.term_id,
        }
    }
}

impl QaFinding {
    /// The core finding; an unknown kind is `InvalidInput`.
    pub fn into_core(self) -> Result<tessera_core::qa::QaFinding, super::Error> {
        let kind = tessera_core::qa::QaKind::parse(&self.kind).ok_or_else(|| super::Error {
            code: super::ErrorCode::InvalidInput,
            message: format!("unknown QA finding kind {}", self.kind),
        })?;
        Ok(tessera_core::qa::QaFinding {
            unit_id: self.unit_id,
            kind,
            start: self.start as usize,
            end: self.end as usize,
            found: self.found,
            suggestion: self.suggestion,
            term_id: self.term_id,
        })
    }
}

impl From<tessera_core::QaReport> for QaReport {
    fn from(report: tessera_core::QaReport) -> QaReport {
        QaReport {
            findings: report.findings.into_iter().map(QaFinding::from).collect(),
            units_checked: report.units_checked,
            complete: report.complete,
        }
    }
}

impl From<tessera_core::FixReport> for FixReport {
    fn from(report: tessera_core::FixReport) -> FixReport {
        FixReport {
            fix_id: report.fix_id,
            findings_fixed: report.findings_fixed,
            units_changed: report.units_changed,
            findings_passed_over: report.findings_passed_over,
        }
    }
}

impl From<QaReportFormat> for tessera_core::qa::QaReportFormat {
    fn from(format: QaReportFormat) -> tessera_core::qa::QaReportFormat {
        match format {
            QaReportFormat::Html => tessera_core::qa::QaReportFormat::Html,
            QaReportFormat::Xlsx => tessera_core::qa::QaReportFormat::Xlsx,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finding_crosses_the_boundary_both_ways_and_an_unknown_kind_is_refused() {
        let core = tessera_core::qa::QaFinding {
            unit_id: 7,
            kind: tessera_core::qa::QaKind::NearMiss,
            start: 0,
            end: 4,
            found: "Wnag".to_owned(),
            suggestion: "Wang".to_owned(),
            term_id: Some(3),
        };
        let dto = QaFinding::from(core.clone());
        assert_eq!(dto.kind, "near-miss");
        assert_eq!(dto.clone().into_core().unwrap(), core);
        let unknown = QaFinding { kind: "typo".to_owned(), ..dto };
        assert_eq!(unknown.into_core().unwrap_err().code, super::super::ErrorCode::InvalidInput);
    }
}
