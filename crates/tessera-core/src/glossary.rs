//! Glossary tables: CSV/TSV text and XLSX/ODS workbooks read into termbase concepts. Pure
//! functions from a file's bytes to concepts and problems; `Project::import_glossary_table`
//! stores what they return in one transaction.
//!
//! The header row is the first row with a non-empty cell. It names the columns: language codes
//! (`zh`, `en`, `zh-Hant`, …) hold terms, and `status`, `category`, `note`, `definition` are
//! optional. Each later row is one concept; a cell may hold several terms separated by `;` or
//! `；`. Problems name the line (CSV/TSV: the line a record starts on; workbooks: the row
//! number) and the 1-based column (of the table; for bytes that are not UTF-8, the character in
//! the line).
//!
//! CSV/TSV text is UTF-8 when it is UTF-8 apart from a few bad bytes: those are reported and
//! their rows skipped, never guessed as another encoding. A quote that is never closed is
//! reported and its line skipped, so that it cannot swallow the rows after it.
//!
//! A workbook imports its first worksheet (in workbook order) whose header row names a language
//! column; later sheets that name language columns too are reported as not imported. Cells are
//! read as text: numbers as a spreadsheet shows them in General format (`2024`, `3.5`), dates as
//! ISO 8601 (`2024-03-01`, with the time of day when there is one; Excel's display format is
//! not applied), `TRUE`/`FALSE`, formulas by their last computed value. A cell holding an error
//! value (`#N/A`) is read as empty and reported. When the workbook has several worksheets,
//! problems start with the sheet's name.

use std::{io::Cursor, path::Path};

use calamine::{Data, ExcelDateTime, Reader, SheetType};

use crate::{
    model::{FileProblem, LanguageTag, TermStatus},
    store::{ImportedConcept, ImportedTerm},
};

/// The kinds of glossary table Tessera reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TableFormat {
    /// Comma-separated text.
    Csv,
    /// Tab-separated text.
    Tsv,
    /// An Office Open XML workbook.
    Xlsx,
    /// An OpenDocument spreadsheet.
    Ods,
}

/// The glossary table format of a file, by its name, or `None` for other files.
pub(crate) fn table_format(path: &Path) -> Option<TableFormat> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    match extension.as_str() {
        "csv" => Some(TableFormat::Csv),
        "tsv" => Some(TableFormat::Tsv),
        "xlsx" => Some(TableFormat::Xlsx),
        "ods" => Some(TableFormat::Ods),
        _ => None,
    }
}

/// The concepts of a glossary table file, with the problems of rows and cells that were skipped
/// or repaired; `Err` with the one reason when nothing should be imported: the file cannot be
/// read as a table of its format, or no table in it has a language column.
pub(crate) fn glossary_concepts(
    bytes: &[u8],
    format: TableFormat,
) -> Result<(Vec<ImportedConcept>, Vec<FileProblem>), FileProblem> {
    let separator = match format {
        TableFormat::Csv => ',',
        TableFormat::Tsv => '\t',
        TableFormat::Xlsx | TableFormat::Ods => return workbook_concepts(bytes, format),
    };
    let (text, mut problems) = table_text(bytes)?;
    let (records, quote_problems) = table_records(&text, separator);
    problems.extend(quote_problems);
    let table = Table { place: String::new(), columns_before: 0, records, problems };
    table_concepts(table)
}

/// The text of a CSV/TSV file. UTF-8 (with or without a BOM) is read as such, and so is a file
/// that is UTF-8 apart from a few bad bytes: each bad sequence becomes U+FFFD and is reported
/// with its line and column (in characters), and the rows holding one are skipped. A file that
/// is not UTF-8 at all is decoded as its BOM or content says (GB 18030, Big5, UTF-16, …).
fn table_text(bytes: &[u8]) -> Result<(String, Vec<FileProblem>), FileProblem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        if !text.contains('\0') {
            return Ok((text.to_owned(), Vec::new()));
        }
    } else if let Some(decoded) = mostly_utf8(bytes) {
        return Ok(decoded);
    }
    let decoded = crate::articles::decode(bytes, "table.csv").map_err(|error| {
        FileProblem::without_place(match error {
            crate::articles::DecodeError::Binary { what, .. } => {
                format!("the file is not a text table: it looks like {what}")
            }
            crate::articles::DecodeError::Empty { .. } => "the table is empty".to_owned(),
            crate::articles::DecodeError::Malformed { encoding, line, column, .. } => {
                format!("the file is not valid {encoding} at line {line}, column {column}")
            }
            other => other.to_string(),
        })
    })?;
    Ok((decoded.text, Vec::new()))
}

/// `bytes` read as UTF-8 when they are UTF-8 apart from a few bad sequences (at most one for
/// every two valid non-ASCII characters, and at least one of those: text in another encoding
/// read as UTF-8 is nearly all bad sequences), with a problem for each run of bad bytes; `None`
/// when they look like another encoding.
fn mostly_utf8(bytes: &[u8]) -> Option<(String, Vec<FileProblem>)> {
    let mut n_valid_non_ascii = 0usize;
    let mut n_invalid = 0usize;
    for chunk in bytes.utf8_chunks() {
        n_valid_non_ascii += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        n_invalid += usize::from(!chunk.invalid().is_empty());
    }
    if n_valid_non_ascii == 0 || n_invalid * 2 > n_valid_non_ascii {
        return None;
    }
    let mut text = String::with_capacity(bytes.len());
    // Runs of bad bytes, each with where it starts.
    let mut bad_runs: Vec<(u32, u32, Vec<u8>)> = Vec::new();
    let (mut line, mut column) = (1u32, 1u32);
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        text.push_str(chunk.valid());
        if chunk.invalid().is_empty() {
            continue;
        }
        match bad_runs.last_mut() {
            Some((_, _, run)) if chunk.valid().is_empty() => run.extend_from_slice(chunk.invalid()),
            _ => {
                bad_runs.push((line, column, chunk.invalid().to_vec()));
                text.push(char::REPLACEMENT_CHARACTER);
                column += 1;
            }
        }
    }
    let problems = bad_runs
        .into_iter()
        .map(|(line, column, run)| {
            let shown: Vec<String> = run.iter().map(|byte| format!("0x{byte:02X}")).collect();
            FileProblem {
                line: Some(line),
                column: Some(column),
                message: format!(
                    "{} {} not UTF-8 (the rest of the file is, and was read as UTF-8); the row \
                     is skipped",
                    if run.len() == 1 { "byte" } else { "bytes" },
                    shown.join(" ") + if run.len() == 1 { " is" } else { " are" }
                ),
            }
        })
        .collect();
    Some((text, problems))
}

/// A table as read from a file, before its header row is interpreted.
#[derive(Debug, Default)]
struct Table {
    /// Put before each problem's message: `sheet "Terms": ` in a workbook of several sheets.
    place: String,
    /// Spreadsheet columns left of the table's first cell, so that problems name the column a
    /// spreadsheet shows.
    columns_before: u32,
    /// The records, each with its line: where it starts in a text, its row in a workbook.
    records: Vec<(u32, Vec<String>)>,
    /// Problems met while reading cells (error values).
    problems: Vec<FileProblem>,
}

/// What a header cell makes of its column.
enum Column {
    /// Terms in a language; with a status, every term of the column has it (`en:deprecated`, as
    /// `tessera export terms` writes), else the row's status.
    Language(String, Option<TermStatus>),
    /// The concept's review status: candidate, approved or rejected.
    Review,
    /// What `tessera export terms` writes for people (`concept` id, `count`): silently ignored.
    ExportOnly,
    Status,
    Category,
    Note,
    Definition,
    /// A column without a name: its cells are ignored, which is reported once if any has text.
    Unnamed {
        reported: bool,
    },
    /// A named column that is none of the above: reported at the header, then ignored.
    Ignored,
}

/// The column a header cell names, or `None` for a name Tessera does not know.
fn header_column(name: &str) -> Option<Column> {
    let name = name.trim();
    Some(match name.to_ascii_lowercase().as_str() {
        "" => Column::Unnamed { reported: false },
        "status" | "administrativestatus" => Column::Status,
        "category" | "subjectfield" | "domain" => Column::Category,
        "note" | "notes" | "comment" => Column::Note,
        "definition" => Column::Definition,
        "review" => Column::Review,
        "concept" | "count" => Column::ExportOnly,
        _ if is_language_code(name) => Column::Language(LanguageTag::parse(name).to_string(), None),
        _ => {
            let (lang, status) = name.split_once(':')?;
            let status = table_status(status)?;
            if !is_language_code(lang.trim()) {
                return None;
            }
            Column::Language(LanguageTag::parse(lang.trim()).to_string(), Some(status))
        }
    })
}

/// The index of a table's header row among its records: the first with a non-empty cell.
fn header_record_idx(table: &Table) -> Option<usize> {
    table.records.iter().position(|(_, record)| record.iter().any(|cell| !cell.trim().is_empty()))
}

/// True when the table's header row names a language column.
fn names_language_column(table: &Table) -> bool {
    header_record_idx(table).is_some_and(|header_idx| {
        table.records[header_idx]
            .1
            .iter()
            .any(|name| matches!(header_column(name), Some(Column::Language(..))))
    })
}

/// The concepts of a table, with the problems of the rows and cells that were skipped or
/// repaired; `Err` when the table has no language column.
fn table_concepts(table: Table) -> Result<(Vec<ImportedConcept>, Vec<FileProblem>), FileProblem> {
    let header_idx = header_record_idx(&table);
    let Table { place, columns_before, records, mut problems } = table;
    let placed = |line: u32, column_idx: Option<usize>, message: String| FileProblem {
        line: Some(line),
        column: column_idx.map(|column_idx| columns_before + column_idx as u32 + 1),
        message: format!("{place}{message}"),
    };
    let Some(header_idx) = header_idx else {
        return Err(FileProblem::without_place(format!("{place}the table is empty")));
    };
    let (header_line, header) = &records[header_idx];
    let mut columns: Vec<Column> = header
        .iter()
        .enumerate()
        .map(|(column_idx, name)| {
            header_column(name).unwrap_or_else(|| {
                let name = name.trim();
                let message = format!(
                    "column {name:?} is neither a language code nor status, category, note or \
                     definition; ignored"
                );
                problems.push(placed(*header_line, Some(column_idx), message));
                Column::Ignored
            })
        })
        .collect();
    if !columns.iter().any(|column| matches!(column, Column::Language(..))) {
        return Err(placed(
            *header_line,
            Some(0),
            "the header row names no language column (zh, en, zh-Hant, …)".to_owned(),
        ));
    }
    let mut concepts = Vec::new();
    for (line, record) in &records[header_idx + 1..] {
        let line = *line;
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        // Bytes that were not UTF-8 (reported where they are) make the row's text unreliable.
        if record.iter().any(|cell| cell.contains(char::REPLACEMENT_CHARACTER)) {
            continue;
        }
        let mut concept =
            ImportedConcept { category: "other".to_owned(), ..ImportedConcept::default() };
        let mut status = TermStatus::Admitted;
        let mut term_statuses: Vec<Option<TermStatus>> = Vec::new();
        for (column_idx, cell) in record.iter().enumerate() {
            let cell = without_formula_guard(cell.trim());
            if cell.is_empty() {
                continue;
            }
            match columns.get_mut(column_idx) {
                Some(Column::Status) => match table_status(cell) {
                    Some(parsed) => status = parsed,
                    None => {
                        let message = format!(
                            "status {cell:?} is not preferred, admitted, deprecated or \
                             forbidden; admitted is used"
                        );
                        problems.push(placed(line, Some(column_idx), message));
                    }
                },
                Some(Column::Category) => concept.category = cell.to_owned(),
                Some(Column::Note) => concept.note = cell.to_owned(),
                Some(Column::Definition) => concept.definition = cell.to_owned(),
                Some(Column::Language(lang, column_status)) => {
                    let terms = cell.split([';', '；']).map(str::trim);
                    for term in terms.filter(|term| !term.is_empty()) {
                        concept.terms.push(ImportedTerm {
                            lang: lang.clone(),
                            text: term.to_owned(),
                            ..ImportedTerm::default()
                        });
                        term_statuses.push(*column_status);
                    }
                }
                Some(Column::Review) => match cell.to_ascii_lowercase().as_str() {
                    review @ ("candidate" | "approved" | "rejected") => {
                        concept.review_status = Some(review.to_owned());
                    }
                    _ => {
                        let message = format!(
                            "review {cell:?} is not candidate, approved or rejected; candidate \
                             is used"
                        );
                        problems.push(placed(line, Some(column_idx), message));
                    }
                },
                Some(Column::ExportOnly) => {}
                Some(Column::Unnamed { reported }) => {
                    if !*reported {
                        *reported = true;
                        let message = "the column has no name in the header row; its cells are \
                                       ignored";
                        problems.push(placed(*header_line, Some(column_idx), message.to_owned()));
                    }
                }
                Some(Column::Ignored) => {}
                None => {
                    let message = "more cells than header columns; the extra cell is ignored";
                    problems.push(placed(line, Some(column_idx), message.to_owned()));
                }
            }
        }
        if concept.terms.is_empty() {
            problems.push(placed(line, None, "the row has no term; skipped".to_owned()));
            continue;
        }
        for (term, term_status) in concept.terms.iter_mut().zip(&term_statuses) {
            term.status = term_status.unwrap_or(status).as_str();
        }
        concepts.push(concept);
    }
    // Cell problems found while reading come first; list everything in row order.
    problems.sort_by_key(|problem| problem.line.unwrap_or(u32::MAX));
    Ok((concepts, problems))
}

/// A cell without the `'` that `tessera export terms` (and OWASP's advice against CSV
/// injection) puts before text a spreadsheet would run as a formula.
fn without_formula_guard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// True for a BCP 47-looking code: a 2–3 letter language, then letter or digit subtags.
fn is_language_code(name: &str) -> bool {
    let mut parts = name.split(['-', '_']);
    let primary_ok = parts.next().is_some_and(|primary| {
        (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic())
    });
    primary_ok
        && parts.all(|part| {
            (1..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

fn table_status(cell: &str) -> Option<TermStatus> {
    let name = cell.trim().to_ascii_lowercase();
    let name = name.strip_suffix("-admn-sts").unwrap_or(&name);
    match name {
        "preferred" | "preferredterm" => Some(TermStatus::Preferred),
        "admitted" | "admittedterm" => Some(TermStatus::Admitted),
        "deprecated" | "deprecatedterm" | "supersededterm" | "superseded" => {
            Some(TermStatus::Deprecated)
        }
        "forbidden" | "forbiddenterm" => Some(TermStatus::Forbidden),
        _ => None,
    }
}

/// The records of a CSV/TSV text (RFC 4180 quoting: `"a, ""b"""`; quoted cells may span
/// lines), each with the line it starts on. A quote never closed would swallow every row after
/// it into one cell: the line it opens on is reported (with its column) and skipped, and reading
/// goes on at the next line.
fn table_records(text: &str, separator: char) -> (Vec<(u32, Vec<String>)>, Vec<FileProblem>) {
    let mut records = Vec::new();
    let mut problems = Vec::new();
    let mut rest = text;
    let mut line = 1u32;
    while !rest.is_empty() {
        match table_record(rest, separator) {
            Ok((record, consumed, n_lines)) => {
                records.push((line, record));
                rest = &rest[consumed..];
                line += n_lines;
            }
            Err(quote_column) => {
                problems.push(FileProblem {
                    line: Some(line),
                    column: Some(quote_column),
                    message: "the quote opened in this cell is never closed; the line is \
                              skipped"
                        .to_owned(),
                });
                match rest.find('\n') {
                    Some(end) => {
                        rest = &rest[end + 1..];
                        line += 1;
                    }
                    None => rest = "",
                }
            }
        }
    }
    (records, problems)
}

/// The first record of `text`: its cells, the bytes it takes (with its line end) and the line
/// ends inside and after it; `Err` with the (1-based) column of the cell whose quote is never
/// closed.
fn table_record(text: &str, separator: char) -> Result<(Vec<String>, usize, u32), u32> {
    let mut chars = text.char_indices().peekable();
    let mut record = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut at_cell_start = true;
    let mut n_lines = 0u32;
    while let Some((_, c)) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek().map(|&(_, next)| next) == Some('"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    n_lines += 1;
                    cell.push(c);
                }
                _ => cell.push(c),
            }
            continue;
        }
        match c {
            '"' if at_cell_start => {
                quoted = true;
                at_cell_start = false;
            }
            '\r' if chars.peek().map(|&(_, next)| next) == Some('\n') => {}
            '\n' | '\r' => {
                record.push(std::mem::take(&mut cell));
                let consumed = chars.peek().map_or(text.len(), |&(at, _)| at);
                return Ok((record, consumed, n_lines + 1));
            }
            c if c == separator => {
                record.push(std::mem::take(&mut cell));
                at_cell_start = true;
            }
            _ => {
                cell.push(c);
                at_cell_start = false;
            }
        }
    }
    if quoted {
        return Err(record.len() as u32 + 1);
    }
    record.push(cell);
    Ok((record, text.len(), n_lines))
}

/// The most cells a worksheet may span (rows × columns of its cells and declared dimension): the
/// reader holds a sheet as a dense grid, so a 1 MB workbook naming cell XFD1048576 would ask
/// for billions.
pub(crate) const MAX_WORKBOOK_CELLS: u64 = 4_000_000;

/// The longest run of text (one cell, one shared string, whitespace) or markup a workbook's XML
/// may hold.
pub(crate) const MAX_WORKBOOK_RUN_BYTES: u64 = 4 * 1024 * 1024;

/// Refuses a workbook that is a decompression bomb before the reader inflates it: its members
/// inflating to more than [`crate::xml::input::MAX_INFLATION_RATIO`] times the file's size (at
/// least [`crate::xml::input::MIN_INFLATION_LIMIT`]), a run of text or markup longer than
/// [`MAX_WORKBOOK_RUN_BYTES`], or an XLSX worksheet spanning more than [`MAX_WORKBOOK_CELLS`].
/// Each member is inflated once here, in 64 KB pieces, and counted, not kept. A file that is
/// not a zip archive passes: the reader says what is wrong with it.
fn check_workbook_bounds(bytes: &[u8]) -> Result<(), FileProblem> {
    use std::io::Read;
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Ok(()) };
    let limit = (bytes.len() as u64)
        .saturating_mul(crate::xml::input::MAX_INFLATION_RATIO)
        .max(crate::xml::input::MIN_INFLATION_LIMIT);
    let mut inflated = 0u64;
    let mut piece = vec![0u8; 1 << 16];
    for idx in 0..archive.len() {
        let Ok(mut member) = archive.by_index(idx) else { continue };
        let name = member.name().map(|name| name.into_owned()).unwrap_or_default();
        let mut scan = XmlScan::default();
        loop {
            let n = match member.read(&mut piece) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            inflated += n as u64;
            if inflated > limit {
                return Err(FileProblem::without_place(format!(
                    "the workbook inflates to more than {} MB, over {} times its size (the limit \
                     against decompression bombs)",
                    limit / (1024 * 1024),
                    crate::xml::input::MAX_INFLATION_RATIO
                )));
            }
            scan.feed(&piece[..n]);
            if scan.longest_run > MAX_WORKBOOK_RUN_BYTES {
                return Err(FileProblem::without_place(format!(
                    "{name} holds a run of text or markup longer than {} MB, the limit for one \
                     cell",
                    MAX_WORKBOOK_RUN_BYTES / (1024 * 1024)
                )));
            }
        }
        if name.starts_with("xl/worksheets/") {
            let cells = scan.max_row.saturating_mul(scan.max_column);
            if cells > MAX_WORKBOOK_CELLS {
                return Err(FileProblem::without_place(format!(
                    "{name} spans {} rows by {} columns, more than {MAX_WORKBOOK_CELLS} cells",
                    scan.max_row, scan.max_column
                )));
            }
        }
    }
    Ok(())
}

/// What [`check_workbook_bounds`] learns from a member's XML, fed in pieces.
#[derive(Default)]
struct XmlScan {
    /// Bytes since the last `<` or `>`, and the longest such run.
    run: u64,
    longest_run: u64,
    /// The end of the previous piece, so that a cell reference cut in two is still seen.
    carry: Vec<u8>,
    /// The largest row and column (1-based) any `r="B7"` or `ref="A1:C9"` names.
    max_row: u64,
    max_column: u64,
}

impl XmlScan {
    fn feed(&mut self, piece: &[u8]) {
        let mut last = 0;
        for idx in memchr::memchr2_iter(b'<', b'>', piece) {
            self.run += (idx - last) as u64;
            self.longest_run = self.longest_run.max(self.run);
            self.run = 0;
            last = idx + 1;
        }
        self.run += (piece.len() - last) as u64;
        self.longest_run = self.longest_run.max(self.run);
        let mut text = std::mem::take(&mut self.carry);
        text.extend_from_slice(piece);
        for pattern in [&b" r=\""[..], b" ref=\""] {
            for at in memchr::memmem::find_iter(&text, pattern) {
                let value = &text[at + pattern.len()..];
                let end = value.iter().take(40).position(|&byte| byte == b'"');
                let Some(end) = end else { continue };
                for cell in value[..end].split(|&byte| byte == b':') {
                    self.see_cell_reference(cell);
                }
            }
        }
        let keep = text.len().min(48);
        self.carry = text[text.len() - keep..].to_vec();
    }

    /// Takes in `B7` (or a row number alone, as `<row r="7">` has).
    fn see_cell_reference(&mut self, reference: &[u8]) {
        let letters = reference.iter().take_while(|byte| byte.is_ascii_alphabetic()).count();
        let column = reference[..letters].iter().fold(0u64, |column, byte| {
            column
                .saturating_mul(26)
                .saturating_add(u64::from(byte.to_ascii_uppercase() - b'A' + 1))
        });
        let row = reference[letters..]
            .iter()
            .take_while(|byte| byte.is_ascii_digit())
            .fold(0u64, |row, byte| row.saturating_mul(10).saturating_add(u64::from(byte - b'0')));
        self.max_column = self.max_column.max(column);
        self.max_row = self.max_row.max(row);
    }
}

/// The concepts of a workbook's first worksheet whose header row names a language column.
fn workbook_concepts(
    bytes: &[u8],
    format: TableFormat,
) -> Result<(Vec<ImportedConcept>, Vec<FileProblem>), FileProblem> {
    check_workbook_bounds(bytes)?;
    let sheets = match format {
        TableFormat::Ods => workbook_sheets(
            calamine::open_workbook_from_rs::<calamine::Ods<_>, _>(Cursor::new(bytes)),
            "OpenDocument spreadsheet",
        )?,
        _ => workbook_sheets(
            calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(Cursor::new(bytes)),
            "XLSX workbook",
        )?,
    };
    if sheets.is_empty() {
        return Err(FileProblem::without_place("the workbook has no worksheet".to_owned()));
    }
    let sheet_names: Vec<String> = sheets.iter().map(|(name, _)| format!("{name:?}")).collect();
    let mut imported: Option<(String, Vec<ImportedConcept>, Vec<FileProblem>)> = None;
    let mut refusals = Vec::new();
    let mut also_named = Vec::new();
    for (name, table) in sheets {
        if imported.is_some() {
            if names_language_column(&table) {
                also_named.push(name);
            }
            continue;
        }
        match table_concepts(table) {
            Ok((concepts, problems)) => imported = Some((name, concepts, problems)),
            Err(problem) => refusals.push(problem),
        }
    }
    let Some((imported_name, concepts, mut problems)) = imported else {
        return Err(match <[FileProblem; 1]>::try_from(refusals) {
            Ok([only]) => only,
            Err(_) => FileProblem::without_place(format!(
                "no sheet has a header row naming a language column (zh, en, zh-Hant, …); \
                 sheets: {}",
                sheet_names.join(", ")
            )),
        });
    };
    for name in also_named {
        problems.push(FileProblem::without_place(format!(
            "sheet {name:?} names language columns too but only the first such sheet, \
             {imported_name:?}, is imported; save it as a file of its own to import it"
        )));
    }
    Ok((concepts, problems))
}

/// Every worksheet of an opened workbook, in workbook order, with its name and cells.
fn workbook_sheets<'bytes, Workbook>(
    opened: Result<Workbook, Workbook::Error>,
    kind: &str,
) -> Result<Vec<(String, Table)>, FileProblem>
where
    Workbook: Reader<Cursor<&'bytes [u8]>>,
    Workbook::Error: std::fmt::Display,
{
    let mut workbook = opened
        .map_err(|error| FileProblem::without_place(format!("not a readable {kind}: {error}")))?;
    let names: Vec<String> = workbook
        .sheets_metadata()
        .iter()
        .filter(|sheet| sheet.typ == SheetType::WorkSheet)
        .map(|sheet| sheet.name.clone())
        .collect();
    let place_needed = names.len() > 1;
    let mut sheets = Vec::new();
    for name in names {
        let range = workbook.worksheet_range(&name).map_err(|error| {
            FileProblem::without_place(format!("not a readable {kind}: sheet {name:?}: {error}"))
        })?;
        let place = if place_needed { format!("sheet {name:?}: ") } else { String::new() };
        let table = sheet_table(&range, place);
        sheets.push((name, table));
    }
    Ok(sheets)
}

/// A worksheet's cells as a table of text, each record numbered by its spreadsheet row.
fn sheet_table(range: &calamine::Range<Data>, place: String) -> Table {
    let Some((first_row, first_column)) = range.start() else {
        return Table { place, ..Table::default() };
    };
    let mut problems = Vec::new();
    let records = range
        .rows()
        .zip(first_row + 1..)
        .map(|(cells, row)| {
            let texts = cells
                .iter()
                .zip(first_column + 1..)
                .map(|(cell, column)| {
                    cell_text(cell).unwrap_or_else(|error_value| {
                        problems.push(FileProblem {
                            line: Some(row),
                            column: Some(column),
                            message: format!(
                                "{place}the cell holds the error value {error_value}; read as empty"
                            ),
                        });
                        String::new()
                    })
                })
                .collect();
            (row, texts)
        })
        .collect();
    Table { place, columns_before: first_column, records, problems }
}

/// A cell as the text a spreadsheet shows, or `Err` with the error value (`#N/A`) it holds.
fn cell_text(cell: &Data) -> Result<String, String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Int(number) => number.to_string(),
        Data::Float(number) => number_text(*number),
        Data::Bool(true) => "TRUE".to_owned(),
        Data::Bool(false) => "FALSE".to_owned(),
        Data::DateTime(date) => date_text(date),
        Data::Error(error_value) => return Err(error_value.to_string()),
    })
}

/// A number as a spreadsheet's General format shows it: whole numbers without `.0`, at most
/// 15 significant digits (so that `0.1 + 0.2` reads `0.3`).
fn number_text(number: f64) -> String {
    let rounded: f64 = format!("{number:.14e}").parse().unwrap_or(number);
    format!("{rounded}")
}

/// A date as ISO 8601: `2024-03-01`, `2024-03-01 13:45`, or `13:45` for a time of day alone;
/// a duration as hours, minutes and seconds (`27:30:00`).
fn date_text(date: &ExcelDateTime) -> String {
    if date.is_duration() {
        let seconds = (date.as_f64() * 86_400.0).round() as i64;
        let sign = if seconds < 0 { "-" } else { "" };
        let seconds = seconds.unsigned_abs();
        return format!("{sign}{}:{:02}:{:02}", seconds / 3600, seconds % 3600 / 60, seconds % 60);
    }
    let (year, month, day, hour, minute, second, _) = date.to_ymd_hms_milli();
    let day_text = format!("{year:04}-{month:02}-{day:02}");
    let time_text = if second == 0 {
        format!("{hour:02}:{minute:02}")
    } else {
        format!("{hour:02}:{minute:02}:{second:02}")
    };
    if date.as_f64().trunc() == 0.0 {
        time_text
    } else if (hour, minute, second) == (0, 0, 0) {
        day_text
    } else {
        format!("{day_text} {time_text}")
    }
}

#[cfg(test)]
mod tests {
    use calamine::ExcelDateTimeType;
    use expect_test::expect;

    use super::*;

    fn fixture_bytes(name: &str) -> Vec<u8> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/glossary").join(name);
        std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
    }

    /// One line per concept (category, definition, note, then `lang:text:status` terms) and one
    /// per problem (`line:column: message`).
    fn rendered(concepts: &[ImportedConcept], problems: &[FileProblem]) -> String {
        let mut out = String::new();
        for concept in concepts {
            let terms: Vec<String> = concept
                .terms
                .iter()
                .map(|term| format!("{}:{}:{}", term.lang, term.text, term.status))
                .collect();
            out.push_str(&format!(
                "concept [{}] [{}] [{}] {}\n",
                concept.category,
                concept.definition,
                concept.note,
                terms.join(" | ")
            ));
        }
        for problem in problems {
            let place = |number: Option<u32>| number.map_or("-".to_owned(), |n| n.to_string());
            out.push_str(&format!(
                "problem {}:{}: {}\n",
                place(problem.line),
                place(problem.column),
                problem.message
            ));
        }
        out
    }

    #[test]
    fn first_worksheet_naming_languages_imports_with_spreadsheet_rows_and_columns() {
        let (concepts, problems) =
            glossary_concepts(&fixture_bytes("terms.xlsx"), TableFormat::Xlsx).unwrap();
        // "Read me" has no language column; "Terms" starts at B3 after two empty rows; row 6 is
        // empty; E7 holds a bad status, row 9 no term, D10 an #N/A error value; "More" is not
        // imported.
        expect![[r#"
            concept [government] [The highest organ of state administration] [the cabinet] zh:国务院:preferred | en:State Council:preferred | zh-Hant:國務院:preferred
            concept [title] [] [] zh:发言人:admitted | en:spokesperson:admitted | en:spokesman:admitted | zh-Hant:發言人:admitted
            concept [government] [] [] zh:外交部:admitted | en:Ministry of Foreign Affairs:admitted | en:MFA:admitted
            concept [date] [] [2024-03-01] zh:二〇二四年:deprecated | en:2024:deprecated
            concept [other] [] [] zh:百分之三点五:admitted | en:3.5:admitted
            problem 7:5: sheet "Terms": status "sometimes" is not preferred, admitted, deprecated or forbidden; admitted is used
            problem 9:-: sheet "Terms": the row has no term; skipped
            problem 10:4: sheet "Terms": the cell holds the error value #N/A; read as empty
            problem -:-: sheet "More" names language columns too but only the first such sheet, "Terms", is imported; save it as a file of its own to import it
        "#]]
        .assert_eq(&rendered(&concepts, &problems));
    }

    #[test]
    fn ods_spreadsheet_imports_like_a_workbook() {
        let (concepts, problems) =
            glossary_concepts(&fixture_bytes("terms.ods"), TableFormat::Ods).unwrap();
        expect![[r#"
            concept [other] [] [] zh:海关:preferred | en:customs:preferred
            concept [other] [] [] zh:四十二:admitted | en:42:admitted
        "#]]
        .assert_eq(&rendered(&concepts, &problems));
    }

    #[test]
    fn workbook_without_language_column_is_refused_at_its_header() {
        let refusal =
            glossary_concepts(&fixture_bytes("no_language.xlsx"), TableFormat::Xlsx).unwrap_err();
        assert_eq!((refusal.line, refusal.column), (Some(1), Some(1)), "{refusal:?}");
        assert!(refusal.message.contains("names no language column"), "{refusal:?}");
        assert!(!refusal.message.contains("sheet"), "one sheet needs no name: {refusal:?}");

        let refusal =
            glossary_concepts(&fixture_bytes("no_language_sheets.xlsx"), TableFormat::Xlsx)
                .unwrap_err();
        assert_eq!(
            refusal.message,
            "no sheet has a header row naming a language column (zh, en, zh-Hant, …); \
             sheets: \"Names\", \"Empty\""
        );
    }

    #[test]
    fn corrupt_or_truncated_workbook_is_refused_with_one_problem() {
        let whole = fixture_bytes("terms.xlsx");
        let not_workbooks: [(&str, &[u8], TableFormat); 4] = [
            ("text", b"zh,en\nhello,world\n", TableFormat::Xlsx),
            ("truncated", &whole[..whole.len() / 2], TableFormat::Xlsx),
            ("empty", b"", TableFormat::Xlsx),
            ("xlsx as ods", &whole, TableFormat::Ods),
        ];
        for (case, bytes, format) in not_workbooks {
            let refusal = glossary_concepts(bytes, format).unwrap_err();
            assert_eq!((refusal.line, refusal.column), (None, None), "{case}: {refusal:?}");
            assert!(refusal.message.starts_with("not a readable "), "{case}: {refusal:?}");
        }
    }

    #[test]
    fn numbers_and_dates_read_as_a_spreadsheet_shows_them() {
        let texts: Vec<String> =
            [2024.0, 3.5, 0.1 + 0.2, -1.25, 1e20, 123_456_789.123].map(number_text).into();
        assert_eq!(
            texts,
            ["2024", "3.5", "0.3", "-1.25", "100000000000000000000", "123456789.123"]
        );
        let date =
            |value: f64, datetime_type| date_text(&ExcelDateTime::new(value, datetime_type, false));
        // 45352 is 2024-03-01 in the 1900 date system.
        assert_eq!(date(45352.0, ExcelDateTimeType::DateTime), "2024-03-01");
        assert_eq!(date(45352.5, ExcelDateTimeType::DateTime), "2024-03-01 12:00");
        assert_eq!(date(0.75, ExcelDateTimeType::DateTime), "18:00");
        assert_eq!(date(1.25, ExcelDateTimeType::TimeDelta), "30:00:00");
        assert_eq!(cell_text(&Data::Bool(true)), Ok("TRUE".to_owned()));
        assert_eq!(cell_text(&Data::Int(7)), Ok("7".to_owned()));
    }

    /// Issue 13, item 6: one bad byte made the whole file decode as Windows-1252 (美国 stored
    /// as "ç¾Žå›½").
    #[test]
    fn csv_that_is_utf8_but_for_one_bad_byte_is_read_as_utf8_and_the_byte_reported() {
        let mut bytes = "zh,en\n美国,United States\n中国,China\n".as_bytes().to_vec();
        bytes.extend_from_slice(b"\xFF\xFE,bad\n");
        bytes.extend_from_slice("国务院,State Council\n".as_bytes());
        let (concepts, problems) = glossary_concepts(&bytes, TableFormat::Csv).unwrap();
        expect![[r#"
            concept [other] [] [] zh:美国:admitted | en:United States:admitted
            concept [other] [] [] zh:中国:admitted | en:China:admitted
            concept [other] [] [] zh:国务院:admitted | en:State Council:admitted
            problem 4:1: bytes 0xFF 0xFE are not UTF-8 (the rest of the file is, and was read as UTF-8); the row is skipped
        "#]]
        .assert_eq(&rendered(&concepts, &problems));
    }

    #[test]
    fn csv_in_another_encoding_is_still_decoded_as_that_encoding() {
        let (gbk, _, _) =
            encoding_rs::GBK.encode("zh,en\n美国,United States\n国务院,State Council\n");
        let (concepts, problems) = glossary_concepts(&gbk, TableFormat::Csv).unwrap();
        expect![[r#"
            concept [other] [] [] zh:美国:admitted | en:United States:admitted
            concept [other] [] [] zh:国务院:admitted | en:State Council:admitted
        "#]]
        .assert_eq(&rendered(&concepts, &problems));
    }

    /// Issue 13, item 6: a quote never closed swallowed every following row into one term.
    #[test]
    fn unterminated_quote_is_reported_and_the_rows_after_it_are_kept() {
        let text = "zh,en\n美国,\"United States\n中国,China\n国务院,State Council\n";
        let (concepts, problems) = glossary_concepts(text.as_bytes(), TableFormat::Csv).unwrap();
        expect![[r#"
            concept [other] [] [] zh:中国:admitted | en:China:admitted
            concept [other] [] [] zh:国务院:admitted | en:State Council:admitted
            problem 2:2: the quote opened in this cell is never closed; the line is skipped
        "#]]
        .assert_eq(&rendered(&concepts, &problems));
    }

    /// Issue 13: a binary file under a .csv name was "glossary.txt is not a text…".
    #[test]
    fn binary_csv_is_refused_without_naming_another_file() {
        let problem = glossary_concepts(b"\x89PNG\r\n\x1a\n\0\0\0", TableFormat::Csv).unwrap_err();
        assert_eq!(problem.message, "the file is not a text table: it looks like a PNG image");
    }

    #[test]
    fn csv_header_is_the_first_non_empty_line_and_unnamed_columns_are_reported_once() {
        let text = "\n,,\nzh,en,\n国务院,State Council,x\n外交部,MFA,y\n";
        let (concepts, problems) = glossary_concepts(text.as_bytes(), TableFormat::Csv).unwrap();
        expect![[r#"
            concept [other] [] [] zh:国务院:admitted | en:State Council:admitted
            concept [other] [] [] zh:外交部:admitted | en:MFA:admitted
            problem 3:3: the column has no name in the header row; its cells are ignored
        "#]]
        .assert_eq(&rendered(&concepts, &problems));
    }

    #[test]
    fn table_formats_by_file_name() {
        let formats: Vec<Option<TableFormat>> =
            ["a.csv", "b.TSV", "c.xlsx", "d.Ods", "e.xls", "f.txt", "xlsx"]
                .map(|name| table_format(Path::new(name)))
                .into();
        use TableFormat::{Csv, Ods, Tsv, Xlsx};
        assert_eq!(formats, [Some(Csv), Some(Tsv), Some(Xlsx), Some(Ods), None, None, None]);
    }
}
