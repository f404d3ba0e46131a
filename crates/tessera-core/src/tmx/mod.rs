//! TMX (Translation Memory eXchange) files: a tolerant streaming reader for TMX 1.1–1.4b and a
//! strict TMX 1.4b writer.
//!
//! [`read`] pulls one [`Unit`] at a time from any [`BufRead`], so a 150 MB memory never sits in
//! RAM; [`write()`] streams units to any [`Write`]. Neither touches the database.
//!
//! ```
//! use tessera_core::tmx;
//!
//! let file = r#"<tmx version="1.4"><header srclang="zh-CN" creationtool="x" creationtoolversion="1"
//!   segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"/><body>
//!   <tu><tuv xml:lang="zh-cn"><seg>你好</seg></tuv><tuv xml:lang="en"><seg>Hello</seg></tuv></tu>
//! </body></tmx>"#;
//! let document = tmx::read_all(file.as_bytes(), &tmx::ReadOptions::default()).unwrap();
//! assert_eq!(document.units[0].variants[0].lang.tag.as_str(), "zh-CN");
//!
//! let mut out = Vec::new();
//! tmx::write(&mut out, &document.header, &document.units, &tmx::WriteOptions::default()).unwrap();
//! assert!(String::from_utf8(out).unwrap().contains("<seg>Hello</seg>"));
//! ```
//!
//! # Inline markup: the placeholder scheme
//!
//! A [`Segment`] keeps its text in [`Segment::text`] with every inline element (`bpt ept it ph hi
//! ut`) replaced by one placeholder character from the Unicode private use area: the k-th entry
//! of [`Segment::tags`] is written as `U+E000 + k` (see [`Segment::placeholder`]). Matching
//! therefore sees the words plus one "slot" per tag, and the writer puts the exact markup back.
//! `<hi>` becomes two placeholders (its start and its end); its content stays ordinary text.
//! `<sub>` stays inside the native code of its tag. Every character of `text` in U+E000–U+F8FF is a
//! placeholder: a private-use character that was literally in the file (Word's Symbol-font bullets
//! U+F0B7 are common) is kept as a tag of kind [`InlineKind::PrivateUse`], so nothing is ambiguous.
//!
//! # What the reader tolerates, and what it reports
//!
//! Imports report, they don't abort. The reader accepts UTF-8 (with or without BOM), UTF-16LE/BE
//! (with or without BOM) and any encoding declared in the XML declaration that `encoding_rs`
//! knows (windows-1252, GB18030, Big5, …), and reads a file that claims UTF-8 but is plainly
//! windows-1252 as windows-1252, with a warning; TMX 1.1–1.4b (`xml:lang` and the old `lang`); and
//! language codes in any casing (`ZH-cn`, `zh_CN`), normalised with [`LanguageTag::parse`] while
//! the original is kept. Anything it cannot use (a malformed `<tu>`, a unit with one language, a
//! bad date, a broken `bpt`/`ept` pair) is recovered where possible and listed as a [`Skipped`]
//! item with its line and column; an XML error costs the unit it is in, and reading carries on
//! after it. Only a file that is not XML, or XML whose root is not `<tmx>`, is an error
//! ([`ReadError`]).
//!
//! Entities are never expanded: the DTD is ignored, and a reference other than the five
//! predefined ones and character references (`&lol9;`, `&xxe;`, `&nbsp;`) drops the element that
//! holds it, with a report. Billion-laughs and external-entity (XXE) files are therefore harmless.
//!
//! # What the writer guarantees
//!
//! Output is TMX 1.4b in UTF-8 with `xml:lang` in BCP 47 form, valid against the TMX 1.4 DTD: only
//! attributes the DTD declares are written, required ones are filled in, characters XML cannot
//! carry are replaced by U+FFFD and counted, unbalanced `<hi>` placeholders are repaired.

use std::{
    borrow::Borrow,
    io::{BufRead, Write},
};

use jiff::Timestamp;

use crate::model::LanguageTag;

pub(crate) mod date;
mod read;
mod write;

#[cfg(test)]
pub(crate) mod tests;

/// The `<header>` of a TMX file: file-wide defaults and metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// The `version` attribute of `<tmx>` as found (`1.4`, `1.1`); always written as `1.4`.
    pub version: String,
    /// `creationtool`.
    pub creation_tool: String,
    /// `creationtoolversion`.
    pub creation_tool_version: String,
    /// `segtype`: `block`, `paragraph`, `sentence` or `phrase`.
    pub segment_type: String,
    /// `o-tmf`: the format of the memory the file was exported from.
    pub o_tmf: String,
    /// `adminlang`: the language of notes and properties.
    pub admin_lang: String,
    /// `srclang`: the source language of every unit, or `*all*`.
    pub source_lang: SourceLanguage,
    /// `datatype` (`plaintext`, `html`, `xml`, …).
    pub datatype: String,
    /// `o-encoding`: the encoding of the original files.
    pub o_encoding: Option<String>,
    /// `creationdate`.
    pub creation_date: Option<Timestamp>,
    /// `creationid`.
    pub creation_id: Option<String>,
    /// `changedate`.
    pub change_date: Option<Timestamp>,
    /// `changeid`.
    pub change_id: Option<String>,
    /// Attributes TMX does not define, kept as read; the writer leaves them out.
    pub other_attributes: Vec<Attribute>,
    /// `<prop>` children.
    pub props: Vec<Prop>,
    /// `<note>` children.
    pub notes: Vec<Note>,
    /// `<ude>` children (user-defined encodings).
    pub udes: Vec<Ude>,
}

impl Default for Header {
    /// A header for files Tessera writes: source language `*all*`, sentence segments, plain text.
    fn default() -> Header {
        Header {
            version: "1.4".to_owned(),
            creation_tool: "Tessera".to_owned(),
            creation_tool_version: env!("CARGO_PKG_VERSION").to_owned(),
            segment_type: "sentence".to_owned(),
            o_tmf: "tessera".to_owned(),
            admin_lang: "en".to_owned(),
            source_lang: SourceLanguage::All,
            datatype: "plaintext".to_owned(),
            o_encoding: None,
            creation_date: None,
            creation_id: None,
            change_date: None,
            change_id: None,
            other_attributes: Vec::new(),
            props: Vec::new(),
            notes: Vec::new(),
            udes: Vec::new(),
        }
    }
}

/// A translation unit (`<tu>`): one meaning in several languages.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Unit {
    /// `tuid`.
    pub tuid: Option<String>,
    /// `srclang` of this unit, when it overrides the header's.
    pub source_lang: Option<SourceLanguage>,
    /// `segtype` of this unit.
    pub segment_type: Option<String>,
    /// The administrative attributes (dates, authors, tool, usage).
    pub metadata: Metadata,
    /// `<prop>` children.
    pub props: Vec<Prop>,
    /// `<note>` children.
    pub notes: Vec<Note>,
    /// The language variants, in file order; at least one, all of them kept.
    pub variants: Vec<Variant>,
}

/// A language variant of a unit (`<tuv>`).
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// `xml:lang` (or TMX 1.1's `lang`).
    pub lang: Language,
    /// The administrative attributes (dates, authors, tool, usage).
    pub metadata: Metadata,
    /// `<prop>` children.
    pub props: Vec<Prop>,
    /// `<note>` children.
    pub notes: Vec<Note>,
    /// The `<seg>`.
    pub segment: Segment,
}

/// The administrative attributes shared by `<tu>` and `<tuv>`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Metadata {
    /// `creationdate`.
    pub creation_date: Option<Timestamp>,
    /// `creationid`: who created it.
    pub creation_id: Option<String>,
    /// `changedate`.
    pub change_date: Option<Timestamp>,
    /// `changeid`: who changed it last.
    pub change_id: Option<String>,
    /// `usagecount`.
    pub usage_count: Option<u64>,
    /// `lastusagedate`.
    pub last_usage_date: Option<Timestamp>,
    /// `creationtool`.
    pub creation_tool: Option<String>,
    /// `creationtoolversion`.
    pub creation_tool_version: Option<String>,
    /// `datatype`.
    pub datatype: Option<String>,
    /// `o-encoding`.
    pub o_encoding: Option<String>,
    /// `o-tmf`.
    pub o_tmf: Option<String>,
    /// Attributes TMX does not define, kept as read; the writer leaves them out.
    pub other_attributes: Vec<Attribute>,
}

/// A language code as normalised, with the spelling found in the file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Language {
    /// The BCP 47 form (`zh-CN` for `ZH_cn`).
    pub tag: LanguageTag,
    /// The code exactly as written in the file.
    pub original: String,
}

impl Language {
    /// Normalises a code as found in a file.
    pub fn parse(original: &str) -> Language {
        Language { tag: LanguageTag::parse(original), original: original.to_owned() }
    }
}

/// A `srclang` value: one language or every language (`*all*`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SourceLanguage {
    /// `*all*`: any variant may serve as the source.
    All,
    /// One language.
    Language(Language),
}

/// A `<prop type="…">` property.
#[derive(Debug, Clone, PartialEq)]
pub struct Prop {
    /// The `type` attribute (`x-domain`, `x-project`, …).
    pub kind: String,
    /// `xml:lang`, when given.
    pub lang: Option<Language>,
    /// `o-encoding`, when given.
    pub o_encoding: Option<String>,
    /// The value.
    pub value: String,
}

/// A `<note>`.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// `xml:lang`, when given.
    pub lang: Option<Language>,
    /// `o-encoding`, when given.
    pub o_encoding: Option<String>,
    /// The text.
    pub text: String,
}

/// A user-defined encoding (`<ude>` in the header).
#[derive(Debug, Clone, PartialEq)]
pub struct Ude {
    /// `name`.
    pub name: String,
    /// `base`.
    pub base: Option<String>,
    /// The `<map>` entries.
    pub maps: Vec<UdeMap>,
}

/// One `<map>` of a user-defined encoding.
#[derive(Debug, Clone, PartialEq)]
pub struct UdeMap {
    /// `unicode`.
    pub unicode: String,
    /// `code`.
    pub code: Option<String>,
    /// `ent`.
    pub ent: Option<String>,
    /// `subst`.
    pub subst: Option<String>,
}

/// An XML attribute, name and unescaped value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    /// The qualified name (`type`, `x`, `xml:lang`).
    pub name: String,
    /// The value, unescaped.
    pub value: String,
}

/// Segment text with placeholders for inline markup (see the module docs).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Segment {
    /// The text; tag k appears as the character [`Segment::placeholder`]`(k)`.
    pub text: String,
    /// The inline elements, in the order their placeholders appear in the file.
    pub tags: Vec<InlineTag>,
}

/// First placeholder character: tag k is `PLACEHOLDER_BASE + k`.
const PLACEHOLDER_BASE: u32 = 0xE000;
/// Last character of the Basic Multilingual Plane's private use area.
const PLACEHOLDER_LAST: u32 = 0xF8FF;
/// How many tags one segment may hold (the size of the private use area).
pub const MAX_TAGS_PER_SEGMENT: usize = (PLACEHOLDER_LAST - PLACEHOLDER_BASE + 1) as usize;

impl Segment {
    /// A segment without markup. Private-use characters in `text` would be taken for
    /// placeholders, so use this only for text known to have none.
    pub fn plain(text: &str) -> Segment {
        Segment { text: text.to_owned(), tags: Vec::new() }
    }

    /// The placeholder character of tag `idx`, or `None` past [`MAX_TAGS_PER_SEGMENT`].
    pub fn placeholder(idx: usize) -> Option<char> {
        if idx >= MAX_TAGS_PER_SEGMENT {
            return None;
        }
        char::from_u32(PLACEHOLDER_BASE + idx as u32)
    }

    /// The tag index a character stands for, if it is a placeholder character.
    pub fn placeholder_index(c: char) -> Option<usize> {
        let code = c as u32;
        (PLACEHOLDER_BASE..=PLACEHOLDER_LAST)
            .contains(&code)
            .then(|| (code - PLACEHOLDER_BASE) as usize)
    }

    /// The text without placeholders, as a reader would see it (a literal private-use character
    /// from the file is kept, since it is text).
    pub fn plain_text(&self) -> String {
        let mut plain = String::with_capacity(self.text.len());
        for c in self.text.chars() {
            match Segment::placeholder_index(c).and_then(|idx| self.tags.get(idx)) {
                Some(tag) if tag.kind == InlineKind::PrivateUse => {
                    tag.code.iter().for_each(|part| {
                        if let CodePart::Text(text) = part {
                            plain.push_str(text)
                        }
                    })
                }
                Some(_) => {}
                None => plain.push(c),
            }
        }
        plain
    }
}

/// An inline element of a segment.
#[derive(Debug, Clone, PartialEq)]
pub struct InlineTag {
    /// Which element it is.
    pub kind: InlineKind,
    /// Its attributes as read (`i`, `x`, `type`, `pos`, `assoc`, …), in file order.
    pub attributes: Vec<Attribute>,
    /// Its content: the native code it stands for (`<b>`, `{\b `), possibly with `<sub>` text.
    pub code: Vec<CodePart>,
}

impl InlineTag {
    /// The value of an attribute, if present.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|a| a.name == name).map(|a| a.value.as_str())
    }
}

/// The kinds of inline element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InlineKind {
    /// `<bpt>`: begins a paired native code; matched by an `<ept>` with the same `i`.
    Bpt,
    /// `<ept>`: ends a paired native code.
    Ept,
    /// `<it>`: an isolated begin or end code whose partner is outside the segment (`pos`).
    It,
    /// `<ph>`: a standalone native code (an image, a line break, a field).
    Ph,
    /// `<ut>`: unknown native code (deprecated in TMX 1.4, still written by Trados).
    Ut,
    /// The start of a `<hi>` highlight; its content is ordinary segment text.
    HiStart,
    /// The end of a `<hi>`.
    HiEnd,
    /// A private-use character that was literally in the text; `code` holds it. Written back as
    /// the character itself.
    PrivateUse,
}

/// A piece of an inline element's content.
#[derive(Debug, Clone, PartialEq)]
pub enum CodePart {
    /// Native code text (unescaped: `<b>`, not `&lt;b&gt;`).
    Text(String),
    /// A `<sub>`: translatable text inside native code (a tooltip, an alt text).
    Sub(Sub),
}

/// A `<sub>` element.
#[derive(Debug, Clone, PartialEq)]
pub struct Sub {
    /// Its attributes (`datatype`, `type`).
    pub attributes: Vec<Attribute>,
    /// Its text, with its own placeholders.
    pub segment: Segment,
}

/// Something the reader could not use, and where it was (the XML core's type, named here
/// because the readers' API returns it).
pub use crate::xml::Skipped;

/// How to read.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadOptions {
    /// Units with fewer distinct languages are skipped (and reported). Default 2: a unit with one
    /// language cannot serve as a translation.
    pub min_languages: usize,
    /// Nesting deeper than this inside a `<seg>` (`sub` in `bpt` in `sub` …) drops the unit.
    pub max_inline_depth: usize,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions { min_languages: 2, max_inline_depth: 16 }
    }
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
    /// The input is XML but not TMX.
    #[error(
        "not a TMX file (line {line}, column {column}): the root element is <{found}>, not <tmx>"
    )]
    NotTmx {
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// The root element's name.
        found: String,
    },
    /// Reading the input failed.
    #[error("cannot read the TMX file: {0}")]
    Io(#[from] std::io::Error),
}

/// A TMX file being read: an iterator over its units.
///
/// The header is read when this is created. Iterate to get the units; [`Units::skipped`] grows
/// as problems are met; [`Units::finish`] returns the report.
pub struct Units<R: BufRead> {
    parser: read::Parser<R>,
}

impl<R: BufRead> Units<R> {
    /// The file's header (defaults filled in where the file had none).
    pub fn header(&self) -> &Header {
        self.parser.header()
    }

    /// What has been skipped so far (since the last [`Self::take_skipped`]).
    pub fn skipped(&self) -> &[Skipped] {
        self.parser.skipped()
    }

    /// Takes what has been skipped so far, so that a caller reading a huge, badly broken file
    /// can pass the reports on as they come and keep memory bounded.
    pub fn take_skipped(&mut self) -> Vec<Skipped> {
        self.parser.take_skipped()
    }

    /// Bytes of the input consumed so far, for a progress bar against the file size.
    pub fn bytes_read(&self) -> u64 {
        self.parser.bytes_read()
    }

    /// The encoding the file was decoded from (`UTF-8`, `UTF-16LE`, `windows-1252`, …).
    pub fn encoding(&self) -> &'static str {
        self.parser.encoding()
    }

    /// Ends reading and returns what was skipped and not yet taken, in the order it was found
    /// (a unit's own problems come before the item saying the unit was skipped).
    ///
    /// # Errors
    ///
    /// [`ReadError::Io`] if reading the input failed part-way (the units already yielded are
    /// valid but the file was not read to its end).
    pub fn finish(self) -> Result<Vec<Skipped>, ReadError> {
        self.parser.finish()
    }
}

impl<R: BufRead> Iterator for Units<R> {
    type Item = Unit;

    fn next(&mut self) -> Option<Unit> {
        self.parser.next_unit()
    }
}

/// Starts reading a TMX file: decodes it, reads up to the end of the `<header>` and returns an
/// iterator over the units.
///
/// # Errors
///
/// [`ReadError::NotXml`] or [`ReadError::NotTmx`] with the place where that became clear;
/// [`ReadError::Io`] when the input cannot be read.
pub fn read<R: BufRead>(input: R, options: &ReadOptions) -> Result<Units<R>, ReadError> {
    Ok(Units { parser: read::Parser::start(input, options.clone())? })
}

/// A whole TMX file in memory; for small files and tests (use [`read`] for imports).
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The header.
    pub header: Header,
    /// Every unit that could be read.
    pub units: Vec<Unit>,
    /// Everything that was skipped.
    pub skipped: Vec<Skipped>,
}

/// Reads a whole TMX file into memory.
///
/// # Errors
///
/// As [`read`], plus [`ReadError::Io`] when reading fails part-way.
pub fn read_all<R: BufRead>(input: R, options: &ReadOptions) -> Result<Document, ReadError> {
    let mut units_reader = read(input, options)?;
    let units: Vec<Unit> = units_reader.by_ref().collect();
    let header = units_reader.header().clone();
    let skipped = units_reader.finish()?;
    Ok(Document { header, units, skipped })
}

/// How to write.
#[derive(Debug, Clone, PartialEq)]
pub struct WriteOptions {
    /// Write only variants in these languages (compared by BCP 47 tag); `None` writes all.
    pub languages: Option<Vec<LanguageTag>>,
    /// Units left with fewer variants (after the language filter) are not written. At least 1,
    /// since TMX requires a `<tuv>` in every `<tu>`.
    pub min_languages: usize,
    /// Write `<!DOCTYPE tmx SYSTEM "tmx14.dtd">`.
    pub doctype: bool,
}

impl Default for WriteOptions {
    fn default() -> WriteOptions {
        WriteOptions { languages: None, min_languages: 1, doctype: true }
    }
}

/// What writing did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WriteReport {
    /// Units written.
    pub units_written: u64,
    /// Units left out because too few of their languages were selected.
    pub units_omitted: u64,
    /// Characters XML 1.0 cannot carry (control characters, U+FFFE…) replaced by U+FFFD.
    pub characters_replaced: u64,
    /// Inline tags changed to keep the file valid: unbalanced `<hi>` placeholders dropped or
    /// closed, `bpt`/`ept` without `i` written as `it`, placeholders without a tag dropped.
    pub tags_repaired: u64,
}

/// Why writing failed.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The output could not be written.
    #[error("cannot write the TMX file: {0}")]
    Io(#[from] std::io::Error),
}

/// Writes a TMX 1.4b file in UTF-8. Units may be borrowed (`&Unit`, from a slice) or owned
/// (`Unit`, straight from [`read`] or a database cursor), so an export never needs them all in
/// memory.
///
/// # Errors
///
/// [`WriteError::Io`] when the output fails; invalid data never fails the export, it is repaired
/// and counted in the [`WriteReport`].
pub fn write<W: Write, U: Borrow<Unit>>(
    output: W,
    header: &Header,
    units: impl IntoIterator<Item = U>,
    options: &WriteOptions,
) -> Result<WriteReport, WriteError> {
    write::write_document(output, header, units, options)
}

/// The checks of the `tmx_read` fuzz target, shared with the test that replays its committed
/// inputs (`fuzz/corpus/tmx_read/`, `fuzz/regressions/tmx_read/`): reading any bytes never
/// panics, and whatever was recovered writes back as TMX that reads back whole, without problems.
///
/// # Errors
///
/// Which check failed, for the fuzz target to panic with.
#[doc(hidden)]
pub fn fuzz_check(data: &[u8]) -> Result<(), String> {
    let Ok(document) = read_all(data, &ReadOptions::default()) else {
        return Ok(());
    };
    let mut out = Vec::new();
    let report = write(&mut out, &document.header, &document.units, &WriteOptions::default())
        .map_err(|error| format!("writing to memory failed: {error}"))?;
    if report.units_written != document.units.len() as u64 {
        return Err(format!(
            "{} units read but {} written",
            document.units.len(),
            report.units_written
        ));
    }
    let again = read_all(out.as_slice(), &ReadOptions::default())
        .map_err(|error| format!("own output does not read: {error}"))?;
    if again.units.len() != document.units.len() {
        return Err(format!(
            "{} units written but {} read back",
            document.units.len(),
            again.units.len()
        ));
    }
    if !again.skipped.is_empty() {
        return Err(format!("own output has problems: {:?}", again.skipped));
    }
    Ok(())
}

/// Parses a TMX date (`20240105T101500Z`; also `2024-01-05T10:15:00Z`, a missing `Z`, an
/// offset, a date alone), or `None` if it is not one.
pub fn parse_date(text: &str) -> Option<Timestamp> {
    date::parse(text)
}

/// Formats a timestamp as TMX does: `YYYYMMDDThhmmssZ` in UTC.
pub fn format_date(timestamp: Timestamp) -> String {
    let mut out = String::with_capacity(16);
    date::format_into(timestamp, &mut out);
    out
}
