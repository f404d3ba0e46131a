//! XLIFF, the bilingual files agencies and CAT tools (memoQ, Trados, Okapi, OmegaT) exchange: a
//! tolerant reader for XLIFF 1.2 and 2.0/2.1 and a writer of the same versions.
//!
//! [`read`] takes a whole file into a [`Document`]: its files, units and segments, each segment's
//! source and target with inline codes as protected placeholders, and its state. [`write()`] puts a
//! document back as XLIFF of the version it was read in, with targets, states and match quality in
//! the standard attributes. Neither touches the database.
//!
//! ```
//! use tessera_core::xliff;
//!
//! let file = r#"<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
//!   <file original="a.txt" source-language="zh-CN" target-language="en" datatype="plaintext">
//!   <body><trans-unit id="1"><source>你好<x id="1"/></source></trans-unit></body></file></xliff>"#;
//! let mut document = xliff::read(file.as_bytes()).unwrap();
//! let segment = &mut document.files[0].units[0].segments[0];
//! assert_eq!(segment.source.text, "你好\u{E000}");
//! segment.target = Some(xliff::Segment::plain("Hello"));
//! segment.state = Some(xliff::State::Translated);
//!
//! let mut out = Vec::new();
//! xliff::write(&mut out, &document).unwrap();
//! assert!(String::from_utf8(out).unwrap().contains(r#"<target state="translated">Hello</target>"#));
//! ```
//!
//! # Inline codes
//!
//! As in [`crate::tmx`], a segment's text holds one private-use placeholder per inline code: the
//! k-th entry of [`Segment::codes`] is `U+E000 + k`. A paired code with content (1.2 `<g>` and
//! `<mrk>`, 2.0 `<pc>` and `<mrk>`) becomes two placeholders, its start and its end, and its
//! content stays text; a standalone code (1.2 `<x/> <bx/> <ex/> <ph> <bpt> <ept> <it>`, 2.0
//! `<ph/> <sc/> <ec/> <sm/> <em/>`) is one placeholder that keeps its element, attributes and
//! native code. A translator may move placeholders but not break them: the writer writes a start
//! whose end went missing (or came first) as an isolated code (1.2 `<bx/>`/`<ex/>`, 2.0
//! `<sc/>`/`<ec/>`), so the output stays well-formed and valid.
//!
//! # What the reader keeps, and what it reports
//!
//! Files (with `original`), units (`id`, `resname`/`name`, `translate`), notes, 2.0
//! `originalData`, segments (1.2: the `<mrk mtype="seg">` segments of `<seg-source>` as Okapi
//! and Trados write them, with the text between as ignorable segments, else one per
//! `<trans-unit>`; 2.0: each `<segment>` and `<ignorable>`), targets and states. Groups are
//! flattened; `alt-trans`, 2.0 modules and skeletons are not kept (and the writer leaves out
//! attributes of inline codes the standard does not define). The input is decoded and lexed by the TMX reader's tolerant
//! lexer: entities are never expanded (the DTD is ignored, `&xxe;` drops the segment that holds
//! it), and every problem is a [`Skipped`] item with line and column. Only a file that is not
//! XML, or whose root is not `<xliff>`, is an error ([`ReadError`]).

use std::io::{BufRead, Write};

use crate::{model::LanguageTag, tmx::Skipped};

mod read;
mod write;

#[cfg(test)]
mod tests;

/// The XLIFF versions Tessera reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// XLIFF 1.2 (1.0 and 1.1 files are read as 1.2).
    V1_2,
    /// XLIFF 2.0.
    V2_0,
    /// XLIFF 2.1 (the 2.0 core namespace, written with `version="2.1"`).
    V2_1,
}

impl Version {
    /// The `version` attribute as written.
    pub fn as_str(self) -> &'static str {
        match self {
            Version::V1_2 => "1.2",
            Version::V2_0 => "2.0",
            Version::V2_1 => "2.1",
        }
    }

    /// Whether this is XLIFF 2.x.
    pub fn is_2(self) -> bool {
        self != Version::V1_2
    }
}

/// A whole XLIFF file.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The version read (and written back).
    pub version: Version,
    /// 2.0 `srcLang`; 1.2 the first file's `source-language`.
    pub source_lang: LanguageTag,
    /// 2.0 `trgLang`; 1.2 the first file's `target-language`.
    pub target_lang: Option<LanguageTag>,
    /// The `<file>` elements.
    pub files: Vec<File>,
    /// What the reader skipped or repaired.
    pub skipped: Vec<Skipped>,
}

impl Document {
    /// Every segment, in file order.
    pub fn segments(&self) -> impl Iterator<Item = &TransSegment> {
        self.files.iter().flat_map(|file| &file.units).flat_map(|unit| &unit.segments)
    }
}

/// A `<file>`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct File {
    /// 2.0 `id` (1.2 has none; the writer numbers them).
    pub id: Option<String>,
    /// `original`: the document the file was extracted from.
    pub original: Option<String>,
    /// 1.2 `datatype` (`plaintext`, `html`, `x-…`).
    pub datatype: Option<String>,
    /// The units, groups flattened, in file order.
    pub units: Vec<Unit>,
}

/// A 1.2 `<trans-unit>` or a 2.0 `<unit>`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Unit {
    /// `id`.
    pub id: String,
    /// 1.2 `resname`, 2.0 `name`.
    pub name: Option<String>,
    /// `false` for `translate="no"`: the unit is left alone.
    pub translate: bool,
    /// The text of each `<note>`.
    pub notes: Vec<String>,
    /// 2.0 `<originalData>`: `(id, native code)` pairs that inline codes refer to by `dataRef`.
    pub original_data: Vec<(String, String)>,
    /// The segments (1.2: one, or those of `<seg-source>`).
    pub segments: Vec<TransSegment>,
    /// 1.2: the unit was segmented with `<seg-source>` and `<mrk mtype="seg">`, and is written
    /// back so; the text between its segments is in ignorable segments.
    pub segmented: bool,
}

/// One segment: a source, perhaps a target, its state and the match it was filled from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TransSegment {
    /// 2.0 segment `id`.
    pub id: Option<String>,
    /// A 2.0 `<ignorable>` (whitespace or codes between segments), never translated.
    pub ignorable: bool,
    /// The source text.
    pub source: Segment,
    /// The target text, if any.
    pub target: Option<Segment>,
    /// The state, if the file gives one.
    pub state: Option<State>,
    /// The memory match the target came from, written as 1.2 `<alt-trans>` or 2.0
    /// `<mtc:match>`; the reader does not keep matches other tools wrote.
    pub leverage: Option<Leverage>,
}

/// Where a segment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Not translated: 1.2 `new`, `needs-translation` (and `needs-l10n`, `needs-adaptation`);
    /// 2.0 `initial`.
    Initial,
    /// Translated: `translated` in both.
    Translated,
    /// Translated, to be reviewed: 1.2 `needs-review-translation` (and the other `needs-review-…`);
    /// 2.0 `translated` with `subState="tessera:needs-review"`.
    NeedsReview,
    /// Reviewed: 1.2 `signed-off`, 2.0 `reviewed`.
    Reviewed,
    /// Final: `final` in both.
    Final,
}

/// A memory match a target was filled from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leverage {
    /// 0–100, or 101 for a context match (the neighbouring segments matched too).
    pub score: u8,
    /// Who found it (`origin`), e.g. `tessera`.
    pub origin: String,
    /// The match's source, without inline codes.
    pub source: String,
    /// The match's target, without inline codes.
    pub target: String,
}

/// Text with placeholders for inline codes (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Segment {
    /// The text; code k appears as the character `U+E000 + k`.
    pub text: String,
    /// The inline codes, in the order their placeholders were read.
    pub codes: Vec<InlineCode>,
}

impl Segment {
    /// A segment without codes; private-use characters in `text` would be taken for
    /// placeholders, so use this only for text known to have none.
    pub fn plain(text: &str) -> Segment {
        Segment { text: text.to_owned(), codes: Vec::new() }
    }

    /// The text without placeholders (a literal private-use character from the file is kept).
    pub fn plain_text(&self) -> String {
        let mut plain = String::with_capacity(self.text.len());
        for c in self.text.chars() {
            match crate::tmx::Segment::placeholder_index(c).and_then(|idx| self.codes.get(idx)) {
                Some(code) if code.role == CodeRole::Literal => plain.push_str(&code.content),
                Some(_) => {}
                None if crate::tmx::Segment::placeholder_index(c).is_some() => {}
                None => plain.push(c),
            }
        }
        plain
    }

    /// Whether the text holds any placeholder.
    pub fn has_codes(&self) -> bool {
        self.text.chars().any(|c| crate::tmx::Segment::placeholder_index(c).is_some())
    }
}

/// An inline code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineCode {
    /// Start, end or standalone.
    pub role: CodeRole,
    /// The element (`g`, `x`, `bpt`, `pc`, `sc`, `mrk`, …); empty for [`CodeRole::Literal`].
    pub element: String,
    /// Its attributes as read (name, unescaped value); an end has none.
    pub attributes: Vec<(String, String)>,
    /// 1.2 `<ph> <bpt> <ept> <it>`: the native code they hold (unescaped); a literal: the
    /// character.
    pub content: String,
    /// For an end: the index of its start in [`Segment::codes`].
    pub start: Option<usize>,
}

impl InlineCode {
    /// The value of an attribute, if present.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }
}

/// What an inline code's placeholder stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeRole {
    /// The start of a paired code with content (`<g>`, `<pc>`, `<mrk>`).
    Start,
    /// Its end.
    End,
    /// A code on its own (`<x/>`, `<ph>`, `<bpt>`, `<sc/>`, …).
    Standalone,
    /// A private-use character that was literally in the text, written back as itself.
    Literal,
}

/// Why a file could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The input is not XML (or is empty).
    #[error("not an XML file (line {line}, column {column}): {message}")]
    NotXml {
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// What the parser found.
        message: String,
    },
    /// The input is XML but not XLIFF.
    #[error(
        "not an XLIFF file (line {line}, column {column}): the root element is <{found}>, not <xliff>"
    )]
    NotXliff {
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// The root element's name.
        found: String,
    },
    /// Reading the input failed.
    #[error("cannot read the XLIFF file: {0}")]
    Io(#[from] std::io::Error),
}

/// What writing did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WriteReport {
    /// Segments written.
    pub segments_written: u64,
    /// Characters XML 1.0 cannot carry replaced by U+FFFD.
    pub characters_replaced: u64,
    /// Inline codes written differently to keep the file valid: a start without its end (or
    /// after it) written isolated, a placeholder without a code dropped.
    pub codes_repaired: u64,
}

/// Reads a whole XLIFF 1.2 or 2.x file.
///
/// # Errors
///
/// [`ReadError::NotXml`] or [`ReadError::NotXliff`] with the place where that became clear;
/// [`ReadError::Io`] when the input cannot be read.
pub fn read<R: BufRead>(input: R) -> Result<Document, ReadError> {
    read::read_document(input)
}

/// Writes `document` as XLIFF of its [`Document::version`], in UTF-8.
///
/// # Errors
///
/// When the output fails; invalid data never fails the write, it is repaired and counted.
pub fn write<W: Write>(output: W, document: &Document) -> std::io::Result<WriteReport> {
    write::write_document(output, document)
}
