//! Memory QA: the checks that run over stored translations (memory units or a document's
//! segments) rather than over the sentence being typed.
//!
//! Per unit: the termbase check ([`TermIndex::check`]: deprecated, forbidden, near-miss and
//! missing renderings), numbers and dates that differ between source and target, and untranslated
//! targets. Across units: one source sentence (folded as for matching) stored with different
//! targets. Pure and deterministic: [`MemoryQa`] is fed units one by one and keeps only 24 bytes
//! per unit for the consistency check, so a memory of millions of units is checked in one pass.
//!
//! ```
//! use tessera_core::qa::{MemoryQa, QaKind};
//! use tessera_core::terminology::TermIndex;
//!
//! let index = TermIndex::default();
//! let mut qa = MemoryQa::new(&index);
//! qa.check_unit(1, "2024年4月14日，王雯到访。", Some("On April 15, 2024, Wang Wen visited."));
//! let kinds: Vec<QaKind> = qa.findings().iter().map(|finding| finding.kind).collect();
//! assert_eq!(kinds, [QaKind::Number, QaKind::Number]);
//! ```

use std::{collections::HashMap, sync::LazyLock};

use regex::Regex;

use crate::{
    terminology::{FindingKind, TermIndex},
    text::{ENGLISH_MONTHS, normalize_for_matching},
};

/// What a memory QA finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum QaKind {
    /// A rendering the termbase marks deprecated.
    Deprecated,
    /// A rendering the termbase marks forbidden.
    Forbidden,
    /// Something close to, but not, an approved rendering of a source term.
    NearMiss,
    /// An approved source term whose approved rendering is absent.
    Missing,
    /// A number or date that differs between source and target.
    Number,
    /// No translation: empty, a copy of the source, or mostly Chinese.
    Untranslated,
    /// The same source sentence is translated differently elsewhere in the memory.
    Inconsistent,
}

impl QaKind {
    /// Every kind, in report order.
    pub const ALL: [QaKind; 7] = [
        QaKind::Deprecated,
        QaKind::Forbidden,
        QaKind::NearMiss,
        QaKind::Missing,
        QaKind::Number,
        QaKind::Untranslated,
        QaKind::Inconsistent,
    ];

    /// The name used in files and on the command line (`deprecated`, `near-miss`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            QaKind::Deprecated => "deprecated",
            QaKind::Forbidden => "forbidden",
            QaKind::NearMiss => "near-miss",
            QaKind::Missing => "missing",
            QaKind::Number => "number",
            QaKind::Untranslated => "untranslated",
            QaKind::Inconsistent => "inconsistent",
        }
    }

    /// The kind named `name` (as written by [`QaKind::as_str`]).
    pub fn parse(name: &str) -> Option<QaKind> {
        QaKind::ALL.into_iter().find(|kind| kind.as_str() == name)
    }

    /// True for the kinds a fix can apply by itself: a wrong rendering replaced by the approved
    /// one.
    pub fn is_fixable(self) -> bool {
        matches!(self, QaKind::Deprecated | QaKind::Forbidden | QaKind::NearMiss)
    }
}

/// One problem of a stored translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QaFinding {
    /// The unit (or, for a document, the segment) checked.
    pub unit_id: i64,
    /// What is wrong.
    pub kind: QaKind,
    /// First character of the offending text in the target (offset in chars); an empty span at
    /// the end of the target for what is missing.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// The offending text as written (empty for what is missing).
    pub found: String,
    /// What to write instead: the approved rendering, the source's number, the other target.
    pub suggestion: String,
    /// The termbase concept concerned, for term findings.
    pub term_id: Option<i64>,
}

/// Memory QA over units fed one by one; see the module documentation.
pub struct MemoryQa<'index> {
    index: &'index TermIndex,
    findings: Vec<QaFinding>,
    /// (source key, target key, unit id, target length in chars) of every translated unit.
    keys: Vec<(u64, u64, i64, usize)>,
}

impl<'index> MemoryQa<'index> {
    /// A QA pass against the approved termbase `index`.
    pub fn new(index: &'index TermIndex) -> MemoryQa<'index> {
        MemoryQa { index, findings: Vec::new(), keys: Vec::new() }
    }

    /// Checks one unit: `target` is `None` when the unit has no English.
    pub fn check_unit(&mut self, unit_id: i64, source: &str, target: Option<&str>) {
        let (findings, key) = check_one(self.index, unit_id, source, target);
        self.findings.extend(findings);
        self.keys.extend(key);
    }

    /// Checks a page of units `(id, source, target)` on up to `threads` threads; the result is
    /// the same as checking them one by one, in order.
    pub fn check_units(&mut self, units: &[(i64, String, Option<String>)], threads: usize) {
        let threads = threads.clamp(1, 64);
        if threads == 1 || units.len() < 2 * threads {
            for (unit_id, source, target) in units {
                self.check_unit(*unit_id, source, target.as_deref());
            }
            return;
        }
        let index = self.index;
        let chunk = units.len().div_ceil(threads);
        let results: Vec<Vec<UnitResult>> = std::thread::scope(|scope| {
            let workers: Vec<_> = units
                .chunks(chunk)
                .map(|slice| {
                    scope.spawn(move || {
                        slice
                            .iter()
                            .map(|(unit_id, source, target)| {
                                check_one(index, *unit_id, source, target.as_deref())
                            })
                            .collect::<Vec<UnitResult>>()
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|worker| match worker.join() {
                    Ok(results) => results,
                    // A check panicking is a bug; pass it on as the panic it is.
                    Err(panic) => std::panic::resume_unwind(panic),
                })
                .collect()
        });
        for (findings, key) in results.into_iter().flatten() {
            self.findings.extend(findings);
            self.keys.extend(key);
        }
    }

    /// The findings so far, in the order found (consistency findings come with [`Self::finish`]).
    pub fn findings(&self) -> &[QaFinding] {
        &self.findings
    }

    /// Ends the pass: adds a finding for every unit whose source sentence is stored elsewhere
    /// with another target (the unit's `suggestion` names the unit holding the most frequent
    /// target as `unit N`, since the pass keeps no texts), and returns all findings sorted by
    /// unit, then place.
    pub fn finish(mut self) -> Vec<QaFinding> {
        self.keys.sort_unstable();
        let mut start = 0;
        while start < self.keys.len() {
            let source_key = self.keys[start].0;
            let end =
                start + self.keys[start..].iter().take_while(|key| key.0 == source_key).count();
            let group = &self.keys[start..end];
            if group.iter().any(|key| key.1 != group[0].1) {
                // The most frequent target (the first unit holding it on a tie) is the reference.
                let mut counts: HashMap<u64, (usize, i64)> = HashMap::new();
                for &(_, target_key, unit_id, _) in group {
                    let entry = counts.entry(target_key).or_insert((0, unit_id));
                    entry.0 += 1;
                    entry.1 = entry.1.min(unit_id);
                }
                let (reference_key, (_, reference_unit)) = counts
                    .iter()
                    .max_by_key(|(_, (count, unit_id))| (*count, std::cmp::Reverse(*unit_id)))
                    .map(|(key, value)| (*key, *value))
                    .unwrap_or((group[0].1, (1, group[0].2)));
                for &(_, target_key, unit_id, length) in group {
                    if target_key != reference_key {
                        self.findings.push(QaFinding {
                            unit_id,
                            kind: QaKind::Inconsistent,
                            start: 0,
                            end: length,
                            found: String::new(),
                            suggestion: format!("unit {reference_unit}"),
                            term_id: None,
                        });
                    }
                }
            }
            start = end;
        }
        self.findings.sort_by(|a, b| {
            (a.unit_id, a.start, a.end, a.kind).cmp(&(b.unit_id, b.start, b.end, b.kind))
        });
        self.findings
    }
}

/// A finding with the texts of its unit, as a report lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QaReportRow {
    /// The finding.
    pub finding: QaFinding,
    /// The unit's source text.
    pub source: String,
    /// The unit's target text (the finding's offsets are in it).
    pub target: String,
}

/// Formats a QA report can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QaReportFormat {
    /// One self-contained HTML page: counts by kind, then a table with the span marked.
    Html,
    /// An Excel workbook: one row per finding, with a header row and an autofilter.
    Xlsx,
}

impl QaReportFormat {
    /// The format a file name asks for (`.html`, `.htm`, `.xlsx`).
    pub fn from_file_name(name: &str) -> Option<QaReportFormat> {
        let name = name.to_ascii_lowercase();
        if name.ends_with(".html") || name.ends_with(".htm") {
            Some(QaReportFormat::Html)
        } else if name.ends_with(".xlsx") {
            Some(QaReportFormat::Xlsx)
        } else {
            None
        }
    }
}

fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// The target with the finding's span in `<mark>` (escaped).
fn marked_target(row: &QaReportRow) -> String {
    let chars: Vec<char> = row.target.chars().collect();
    let start = row.finding.start.min(chars.len());
    let end = row.finding.end.clamp(start, chars.len());
    let part =
        |range: std::ops::Range<usize>| escape_html(&chars[range].iter().collect::<String>());
    format!("{}<mark>{}</mark>{}", part(0..start), part(start..end), part(end..chars.len()))
}

/// Writes the report as one HTML page.
pub fn write_html_report(
    mut out: impl std::io::Write,
    title: &str,
    rows: &[QaReportRow],
) -> std::io::Result<()> {
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title>\n<style>body{{font-family:sans-serif}}table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:4px;vertical-align:top}}mark{{background:#fd8}}</style></head><body>",
        escape_html(title)
    )?;
    writeln!(out, "<h1>{}</h1>\n<p>{} findings</p>\n<ul>", escape_html(title), rows.len())?;
    for kind in QaKind::ALL {
        let count = rows.iter().filter(|row| row.finding.kind == kind).count();
        if count > 0 {
            writeln!(out, "<li>{}: {count}</li>", kind.as_str())?;
        }
    }
    writeln!(
        out,
        "</ul>\n<table><thead><tr><th>unit</th><th>kind</th><th>term</th><th>source</th><th>target</th><th>found</th><th>suggestion</th></tr></thead><tbody>"
    )?;
    for row in rows {
        let finding = &row.finding;
        writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            finding.unit_id,
            finding.kind.as_str(),
            finding.term_id.map(|id| id.to_string()).unwrap_or_default(),
            escape_html(&row.source),
            marked_target(row),
            escape_html(&finding.found),
            escape_html(&finding.suggestion),
        )?;
    }
    writeln!(out, "</tbody></table></body></html>")?;
    out.flush()
}

/// The report as an Excel workbook's bytes.
pub fn xlsx_report(rows: &[QaReportRow]) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let error = |error: rust_xlsxwriter::XlsxError| error.to_string();
    sheet.set_name("QA").map_err(error)?;
    let bold = Format::new().set_bold();
    let header =
        ["unit", "kind", "term", "start", "end", "found", "suggestion", "source", "target"];
    for (column, name) in header.iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, *name, &bold).map_err(error)?;
    }
    for (idx, row) in rows.iter().enumerate() {
        let line = idx as u32 + 1;
        let finding = &row.finding;
        sheet.write_number(line, 0, finding.unit_id as f64).map_err(error)?;
        sheet.write_string(line, 1, finding.kind.as_str()).map_err(error)?;
        if let Some(term_id) = finding.term_id {
            sheet.write_number(line, 2, term_id as f64).map_err(error)?;
        }
        sheet.write_number(line, 3, finding.start as f64).map_err(error)?;
        sheet.write_number(line, 4, finding.end as f64).map_err(error)?;
        sheet.write_string(line, 5, &finding.found).map_err(error)?;
        sheet.write_string(line, 6, &finding.suggestion).map_err(error)?;
        sheet.write_string(line, 7, &row.source).map_err(error)?;
        sheet.write_string(line, 8, &row.target).map_err(error)?;
    }
    sheet.autofilter(0, 0, rows.len() as u32, header.len() as u16 - 1).map_err(error)?;
    workbook.save_to_buffer().map_err(error)
}

/// A unit's findings and its consistency key (none for an untranslated unit).
type UnitResult = (Vec<QaFinding>, Option<(u64, u64, i64, usize)>);

/// Checks one unit; see [`MemoryQa::check_unit`].
fn check_one(index: &TermIndex, unit_id: i64, source: &str, target: Option<&str>) -> UnitResult {
    let target = target.unwrap_or("");
    if untranslated(source, target) {
        let finding = QaFinding {
            unit_id,
            kind: QaKind::Untranslated,
            start: 0,
            end: target.chars().count(),
            found: target.to_owned(),
            suggestion: String::new(),
            term_id: None,
        };
        return (vec![finding], None);
    }
    let mut findings: Vec<QaFinding> = index
        .check(source, target)
        .into_iter()
        .map(|finding| QaFinding {
            unit_id,
            kind: match finding.kind {
                FindingKind::Deprecated => QaKind::Deprecated,
                FindingKind::Forbidden => QaKind::Forbidden,
                FindingKind::NearMiss => QaKind::NearMiss,
                FindingKind::Missing => QaKind::Missing,
            },
            start: finding.start,
            end: finding.end,
            found: finding.found,
            suggestion: finding.suggestion,
            term_id: Some(finding.concept_id),
        })
        .collect();
    findings.extend(number_findings(unit_id, source, target));
    let key = |text: &str| xxhash_rust::xxh3::xxh3_64(normalize_for_matching(text).as_bytes());
    (findings, Some((key(source), key(target), unit_id, target.chars().count())))
}

/// Empty, a copy of the source, or more Chinese than Latin letters.
fn untranslated(source: &str, target: &str) -> bool {
    let target = target.trim();
    if target.is_empty() || target == source.trim() {
        return true;
    }
    let han = target.chars().filter(|c| crate::terminology::is_han_char(*c)).count();
    let latin = target.chars().filter(|c| c.is_ascii_alphabetic()).count();
    han > latin
}

static SOURCE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    // Proven pattern: it compiles (checked by every test that runs the QA).
    Regex::new(r"(\d+(?:[.,]\d+)*)\s*(万|亿|月)?").expect("a valid pattern")
});

static TARGET_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    // Proven pattern: it compiles (checked by every test that runs the QA).
    Regex::new(r"(?i)(\d+(?:[.,]\d+)*)(?:\s*(thousand|million|billion|trillion))?")
        .expect("a valid pattern")
});

const NUMBER_WORDS: [&str; 21] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];

/// A number's value, thousands commas dropped; `None` for what does not parse.
fn value_of(digits: &str) -> Option<f64> {
    // "1,200" is a thousands comma; "3,5" would be a decimal comma, rare in English news.
    let plain: String = digits.chars().filter(|c| *c != ',').collect();
    plain.parse().ok()
}

fn same_value(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Numbers of the source missing from the target, and numbers of the target the source does
/// not have. A source number may be written in the target as digits, with a scale word
/// (`25亿` = `2.5 billion`), as a month name (`4月` = `April`) or, up to twenty, as a word; a
/// target number may come from Chinese numerals in the source (`二〇二四年`, `三`).
fn number_findings(unit_id: i64, source: &str, target: &str) -> Vec<QaFinding> {
    let folded_source: String = source.chars().map(crate::terminology::fold_width_char).collect();
    let lower_target = target.to_lowercase();
    // Values the target offers: its digit numbers (raw and scaled), month names, number words.
    let mut target_numbers: Vec<(f64, Option<f64>, usize, usize, String)> = Vec::new();
    for captures in TARGET_NUMBER.captures_iter(target) {
        let (Some(whole), Some(digits)) = (captures.get(0), captures.get(1)) else { continue };
        let Some(raw) = value_of(digits.as_str()) else { continue };
        let scaled = captures.get(2).map(|scale| {
            raw * match scale.as_str().to_lowercase().as_str() {
                "thousand" => 1e3,
                "million" => 1e6,
                "billion" => 1e9,
                _ => 1e12,
            }
        });
        let start = target[..digits.start()].chars().count();
        let end = start + target[digits.start()..whole.end()].chars().count();
        target_numbers.push((raw, scaled, start, end, whole.as_str().to_owned()));
    }
    let words: Vec<&str> = lower_target
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|word| !word.is_empty())
        .collect();
    let target_has = |value: f64, month: bool| {
        target_numbers.iter().any(|(raw, scaled, ..)| {
            same_value(*raw, value) || scaled.is_some_and(|scaled| same_value(scaled, value))
        }) || (value.fract() == 0.0 && value >= 0.0 && {
            let whole = value as usize;
            (month
                && (1..=12).contains(&whole)
                && words.iter().any(|word| {
                    let name = ENGLISH_MONTHS[whole - 1];
                    *word == name || (word.len() >= 3 && name.starts_with(word))
                }))
                || (whole < NUMBER_WORDS.len() && words.contains(&NUMBER_WORDS[whole]))
        })
    };
    let mut findings = Vec::new();
    let mut source_values: Vec<f64> = Vec::new();
    let end_of_target = target.chars().count();
    for captures in SOURCE_NUMBER.captures_iter(&folded_source) {
        let (Some(whole), Some(digits)) = (captures.get(0), captures.get(1)) else { continue };
        let Some(raw) = value_of(digits.as_str()) else { continue };
        let unit = captures.get(2).map(|unit| unit.as_str());
        let scaled = match unit {
            Some("万") => Some(raw * 1e4),
            Some("亿") => Some(raw * 1e8),
            _ => None,
        };
        source_values.push(raw);
        source_values.extend(scaled);
        let month = unit == Some("月");
        if !(target_has(raw, month) || scaled.is_some_and(|scaled| target_has(scaled, false))) {
            findings.push(QaFinding {
                unit_id,
                kind: QaKind::Number,
                start: end_of_target,
                end: end_of_target,
                found: String::new(),
                suggestion: whole.as_str().trim().to_owned(),
                term_id: None,
            });
        }
    }
    source_values.extend(chinese_numerals(source));
    for (raw, scaled, start, end, text) in &target_numbers {
        let known = source_values.iter().any(|value| {
            same_value(*value, *raw) || scaled.is_some_and(|scaled| same_value(*value, scaled))
        });
        if !known {
            findings.push(QaFinding {
                unit_id,
                kind: QaKind::Number,
                start: *start,
                end: *end,
                found: text.clone(),
                suggestion: String::new(),
                term_id: None,
            });
        }
    }
    findings
}

/// Values of the runs of Chinese numerals in `text`: digit by digit for year-like runs
/// (`二〇二四` = 2024), by place value otherwise (`三十五` = 35, `两千` = 2000).
fn chinese_numerals(text: &str) -> Vec<f64> {
    let value_of_digit = |c: char| match c {
        '〇' | '零' => Some(0.0),
        '一' => Some(1.0),
        '二' | '两' => Some(2.0),
        '三' => Some(3.0),
        '四' => Some(4.0),
        '五' => Some(5.0),
        '六' => Some(6.0),
        '七' => Some(7.0),
        '八' => Some(8.0),
        '九' => Some(9.0),
        _ => None,
    };
    let place = |c: char| match c {
        '十' => Some(10.0),
        '百' => Some(100.0),
        '千' => Some(1000.0),
        '万' => Some(1e4),
        '亿' => Some(1e8),
        _ => None,
    };
    let chars: Vec<char> = text.chars().collect();
    let mut values = Vec::new();
    let mut idx = 0;
    while idx < chars.len() {
        let run_end = (idx..chars.len())
            .find(|at| value_of_digit(chars[*at]).is_none() && place(chars[*at]).is_none())
            .unwrap_or(chars.len());
        if run_end == idx {
            idx += 1;
            continue;
        }
        let run = &chars[idx..run_end];
        if run.iter().all(|c| value_of_digit(*c).is_some()) {
            let mut value = 0.0;
            for c in run {
                value = value * 10.0 + value_of_digit(*c).unwrap_or(0.0);
            }
            values.push(value);
        } else {
            let (mut total, mut section, mut number) = (0.0, 0.0, 0.0);
            for c in run {
                if let Some(digit) = value_of_digit(*c) {
                    number = digit;
                } else if let Some(place) = place(*c) {
                    if place >= 1e4 {
                        total += (section + number) * place;
                        section = 0.0;
                    } else {
                        section += if number == 0.0 { 1.0 } else { number } * place;
                    }
                    number = 0.0;
                }
            }
            values.push(total + section + number);
        }
        idx = run_end;
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        model::TermStatus,
        terminology::{Category, TermEntry},
    };

    fn kinds(findings: &[QaFinding]) -> Vec<(i64, QaKind, String, String)> {
        findings
            .iter()
            .map(|finding| {
                (finding.unit_id, finding.kind, finding.found.clone(), finding.suggestion.clone())
            })
            .collect()
    }

    fn media_center() -> TermIndex {
        TermIndex::build(&[TermEntry {
            concept_id: 7,
            category: Category::Organisation,
            zh_forms: vec!["重庆国际传播中心".to_owned()],
            renderings: vec![
                ("Chongqing International Media Center".to_owned(), TermStatus::Preferred),
                ("Chongqing International Communication Center".to_owned(), TermStatus::Deprecated),
            ],
        }])
    }

    #[test]
    fn memory_qa_reports_deprecated_renderings_with_spans_and_the_approved_form() {
        let index = media_center();
        let mut qa = MemoryQa::new(&index);
        qa.check_unit(
            3,
            "王雯到重庆国际传播中心调研。",
            Some("Wang Wen visited Chongqing International Communication Center."),
        );
        qa.check_unit(4, "重庆国际传播中心。", Some("Chongqing International Media Center."));
        let findings = qa.finish();
        assert_eq!(
            kinds(&findings),
            [(
                3,
                QaKind::Deprecated,
                "Chongqing International Communication Center".to_owned(),
                "Chongqing International Media Center".to_owned()
            )]
        );
        assert_eq!((findings[0].start, findings[0].end, findings[0].term_id), (17, 61, Some(7)));
    }

    #[test]
    fn numbers_may_change_form_but_not_value() {
        let index = TermIndex::default();
        let mut qa = MemoryQa::new(&index);
        // Month names, scale words, thousands commas, number words and Chinese numerals agree.
        qa.check_unit(
            1,
            "4月14日，投资25亿元。",
            Some("On April 14, 2.5 billion yuan was invested."),
        );
        qa.check_unit(
            2,
            "共有1.2万人参加，三名代表发言。",
            Some("12,000 people took part and three spoke."),
        );
        qa.check_unit(3, "二〇二四年", Some("2024"));
        assert_eq!(kinds(&qa.finish()), []);

        let mut qa = MemoryQa::new(&index);
        qa.check_unit(5, "4月14日", Some("On April 15"));
        assert_eq!(
            kinds(&qa.finish()),
            [
                (5, QaKind::Number, "15".to_owned(), String::new()),
                (5, QaKind::Number, String::new(), "14".to_owned()),
            ]
        );
    }

    #[test]
    fn empty_copied_or_chinese_targets_are_untranslated() {
        let index = TermIndex::default();
        let mut qa = MemoryQa::new(&index);
        qa.check_unit(1, "你好。", None);
        qa.check_unit(2, "你好。", Some("你好。"));
        qa.check_unit(3, "你好世界。", Some("你好世界 ok"));
        qa.check_unit(4, "你好。", Some("Hello."));
        let found: Vec<(i64, QaKind)> =
            qa.finish().iter().map(|finding| (finding.unit_id, finding.kind)).collect();
        assert_eq!(
            found,
            [(1, QaKind::Untranslated), (2, QaKind::Untranslated), (3, QaKind::Untranslated)]
        );
    }

    #[test]
    fn one_source_with_two_targets_flags_the_less_frequent_one() {
        let index = TermIndex::default();
        let mut qa = MemoryQa::new(&index);
        qa.check_unit(1, "会议开幕。", Some("The meeting opened."));
        qa.check_unit(2, "会议开幕。", Some("The conference opened."));
        qa.check_unit(3, "会议开幕。", Some("The meeting opened."));
        qa.check_unit(4, "散会。", Some("The meeting closed."));
        assert_eq!(
            kinds(&qa.finish()),
            [(2, QaKind::Inconsistent, String::new(), "unit 1".to_owned())]
        );
    }

    #[test]
    fn checking_a_page_on_threads_finds_what_checking_unit_by_unit_finds() {
        let index = media_center();
        let units: Vec<(i64, String, Option<String>)> = (0..100)
            .map(|idx| {
                let target = match idx % 4 {
                    0 => format!("Chongqing International Communication Center met {idx} guests."),
                    1 => format!("Chongqing International Media Center met {} guests.", idx + 1),
                    2 => String::new(),
                    _ => format!("Chongqing International Media Center met {idx} guests."),
                };
                (idx, format!("重庆国际传播中心会见{idx}位客人。"), Some(target))
            })
            .collect();
        let mut one_by_one = MemoryQa::new(&index);
        for (unit_id, source, target) in &units {
            one_by_one.check_unit(*unit_id, source, target.as_deref());
        }
        let mut threaded = MemoryQa::new(&index);
        threaded.check_units(&units, 3);
        let expected = one_by_one.finish();
        assert_eq!(expected.len(), 100);
        assert_eq!(threaded.finish(), expected);
    }

    #[test]
    fn xlsx_report_reads_back_with_its_header_and_one_row_per_finding() {
        use calamine::Reader;
        let row = QaReportRow {
            finding: QaFinding {
                unit_id: 3,
                kind: QaKind::Deprecated,
                start: 0,
                end: 4,
                found: "Old".to_owned(),
                suggestion: "New".to_owned(),
                term_id: Some(9),
            },
            source: "旧".to_owned(),
            target: "Old name".to_owned(),
        };
        let bytes = xlsx_report(&[row]).unwrap();
        let mut workbook: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let range = workbook.worksheet_range("QA").unwrap();
        let cells: Vec<Vec<String>> =
            range.rows().map(|cells| cells.iter().map(|cell| cell.to_string()).collect()).collect();
        assert_eq!(cells[0][..3], ["unit", "kind", "term"]);
        assert_eq!(cells[1], ["3", "deprecated", "9", "0", "4", "Old", "New", "旧", "Old name"]);
    }
}
