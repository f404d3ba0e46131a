//! TBX (TermBase eXchange) glossaries: a tolerant streaming reader for TBX v3 (`<tbx>`,
//! `conceptEntry/langSec/termSec`, DCA and DCT styles), TBX v2 (`<martif>`,
//! `termEntry/langSet/tig|ntig`) and the 2013 TBX-Min dialect (`<TBX dialect="TBX-Min">`), and
//! a TBX-Basic v3 (DCA) writer.
//!
//! ```
//! use tessera_core::{TermStatus, tbx};
//!
//! let file = r#"<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
//!   <tbxHeader><fileDesc><sourceDesc><p>demo</p></sourceDesc></fileDesc></tbxHeader>
//!   <text><body><conceptEntry id="c1">
//!     <langSec xml:lang="zh-CN"><termSec><term>国务院</term></termSec></langSec>
//!     <langSec xml:lang="en"><termSec><term>State Council</term>
//!       <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec></langSec>
//!   </conceptEntry></body></text></tbx>"#;
//! let glossary = tbx::read_all(file.as_bytes()).unwrap();
//! let term = &glossary.concepts[0].languages[1].terms[0];
//! assert_eq!((term.text.as_str(), term.status()), ("State Council", Some(TermStatus::Preferred)));
//! ```
//!
//! Every data category is kept as a [`Field`]: its element (`descrip`, `admin`, `termNote`,
//! `note`, …), its `type` (`definition`, `partOfSpeech`, `administrativeStatus`, a custom
//! `x-…` type) and its text, with the members of a `descripGrp`/`transacGrp` (a definition's
//! source, a transaction's date) attached as [`Field::related`]. Inline markup inside a field or
//! term (`<hi>`, `<foreign>`) is flattened to its text. DCT-style elements (`<basic:definition>`)
//! are read into the same fields; the writer always writes DCA style.
//!
//! Tessera's statuses map to `administrativeStatus` as TBX-Basic defines it: preferred ↔
//! `preferredTerm-admn-sts`, admitted ↔ `admittedTerm-admn-sts`, deprecated ↔
//! `deprecatedTerm-admn-sts` and `supersededTerm-admn-sts`. TBX-Basic has no "forbidden"
//! value: [`status_fields`] writes a forbidden term as deprecated plus a `<note>forbidden</note>`,
//! and [`Term::status`] reads that combination back as forbidden.
//!
//! Recovery and security are those of the TMX reader (it shares its XML layer): encodings are
//! sniffed, broken markup drops the concept it is in with a report, and entities are never
//! expanded.

use std::{
    borrow::Borrow,
    io::{BufRead, Write},
};

use crate::{model::LanguageTag, model::TermStatus, tmx::Language, tmx::Skipped};

mod read;
mod write;

#[cfg(test)]
mod tests;

/// Which TBX the file was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// TBX v3 (ISO 30042:2019), root `<tbx>`.
    Tbx3,
    /// TBX v2 (ISO 30042:2008), root `<martif>`.
    Martif,
    /// The 2013 TBX-Min dialect that preceded TBX v3, root `<TBX dialect="TBX-Min">`: data
    /// categories as unprefixed elements (`<partOfSpeech>`, `<termStatus>`, `<customer>`) in
    /// `termEntry/langSet/tig` or `entry|conceptEntry/langGroup/termGroup`. Its `termStatus`
    /// is read as TBX-Basic's `administrativeStatus` (`notRecommended` as deprecated,
    /// `obsolete` as superseded), `customer` as `customerSubset`.
    TbxMin,
}

/// The file-level information of a glossary.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// The dialect read; the writer always writes [`Dialect::Tbx3`].
    pub dialect: Dialect,
    /// The root's `type` (`TBX-Basic`, `TBX`; TBX-Min's `dialect`); written as `TBX-Basic`.
    pub tbx_type: Option<String>,
    /// The root's `xml:lang`, the default language of notes.
    pub lang: Option<Language>,
    /// `fileDesc/titleStmt/title` (TBX-Min: the header's `id`).
    pub title: Option<String>,
    /// The paragraphs of `fileDesc/sourceDesc` (TBX-Min: the header's `description`).
    pub source_desc: Vec<String>,
}

impl Default for Header {
    fn default() -> Header {
        Header {
            dialect: Dialect::Tbx3,
            tbx_type: Some("TBX-Basic".to_owned()),
            lang: Some(Language::parse("en")),
            title: None,
            source_desc: Vec::new(),
        }
    }
}

/// A concept (`conceptEntry`, TBX v2 `termEntry`): one meaning, its terms in every language.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Concept {
    /// `id`.
    pub id: Option<String>,
    /// Concept-level fields (`subjectField`, a definition, notes, custom fields).
    pub fields: Vec<Field>,
    /// The language sections, in file order.
    pub languages: Vec<LangSection>,
}

/// The terms of a concept in one language (`langSec`, TBX v2 `langSet`).
#[derive(Debug, Clone, PartialEq)]
pub struct LangSection {
    /// `xml:lang`.
    pub lang: Language,
    /// Language-level fields (usually the definition and its source).
    pub fields: Vec<Field>,
    /// The terms, in file order.
    pub terms: Vec<Term>,
}

/// A term (`termSec`, TBX v2 `tig`/`ntig`).
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// `id`.
    pub id: Option<String>,
    /// The term itself.
    pub text: String,
    /// Its fields (`partOfSpeech`, `administrativeStatus`, `termType`, context, notes, …).
    pub fields: Vec<Field>,
}

impl Term {
    /// The value of the first field of `element` with type `kind`.
    pub fn field(&self, element: FieldElement, kind: &str) -> Option<&str> {
        find_field(&self.fields, element, kind)
    }

    /// The part of speech (`termNote type="partOfSpeech"`).
    pub fn part_of_speech(&self) -> Option<&str> {
        self.field(FieldElement::TermNote, "partOfSpeech")
    }

    /// Tessera's status, from `administrativeStatus` (or TBX v2's `normativeAuthorization`);
    /// deprecated plus a note reading `forbidden` is forbidden (see the module docs). TBX v2's
    /// `standardizedTerm` is preferred; `legalTerm` and `regulatedTerm` are admitted.
    pub fn status(&self) -> Option<TermStatus> {
        let value = self
            .field(FieldElement::TermNote, "administrativeStatus")
            .or_else(|| self.field(FieldElement::TermNote, "normativeAuthorization"))?;
        let value = value.trim();
        let name = value.strip_suffix("-admn-sts").unwrap_or(value).to_ascii_lowercase();
        let status = match name.as_str() {
            // ISO 1087: a standardized term is a preferred term adopted by a standards body.
            "preferredterm" | "preferred" | "standardizedterm" | "standardized" => {
                TermStatus::Preferred
            }
            "admittedterm" | "admitted" | "legalterm" | "regulatedterm" => TermStatus::Admitted,
            "deprecatedterm" | "deprecated" | "supersededterm" | "superseded" | "obsolete"
            | "notrecommended" => TermStatus::Deprecated,
            "forbiddenterm" | "forbidden" | "prohibited" => TermStatus::Forbidden,
            _ => return None,
        };
        let marked_forbidden = self.fields.iter().any(|field| {
            field.element == FieldElement::Note
                && field.value.trim().eq_ignore_ascii_case("forbidden")
        });
        if status == TermStatus::Deprecated && marked_forbidden {
            return Some(TermStatus::Forbidden);
        }
        Some(status)
    }
}

impl LangSection {
    /// The definition (`descrip type="definition"`), if any.
    pub fn definition(&self) -> Option<&str> {
        find_field(&self.fields, FieldElement::Descrip, "definition")
    }
}

fn find_field<'a>(fields: &'a [Field], element: FieldElement, kind: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|field| field.element == element && field.kind == kind)
        .map(|field| field.value.as_str())
}

/// The fields that give a term `status` in TBX-Basic (see the module docs for forbidden).
pub fn status_fields(status: TermStatus) -> Vec<Field> {
    let value = match status {
        TermStatus::Preferred => "preferredTerm-admn-sts",
        TermStatus::Admitted => "admittedTerm-admn-sts",
        TermStatus::Deprecated | TermStatus::Forbidden => "deprecatedTerm-admn-sts",
    };
    let mut fields = vec![Field::new(FieldElement::TermNote, "administrativeStatus", value)];
    if status == TermStatus::Forbidden {
        fields.push(Field::new(FieldElement::Note, "", "forbidden"));
    }
    fields
}

/// A data category with its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The element that carries it.
    pub element: FieldElement,
    /// Its `type` (`definition`, `partOfSpeech`, `x-myField`); empty for `note` and `date`.
    pub kind: String,
    /// Its text.
    pub value: String,
    /// `target` (for `xref`, `ref` and cross-references), when given.
    pub target: Option<String>,
    /// Fields grouped with it (`descripGrp`, `adminGrp`, `transacGrp`, `termNoteGrp`): a
    /// definition's source, a transaction's date and responsible person.
    pub related: Vec<Field>,
}

impl Field {
    /// A field without target or related fields.
    pub fn new(element: FieldElement, kind: &str, value: &str) -> Field {
        Field {
            element,
            kind: kind.to_owned(),
            value: value.to_owned(),
            target: None,
            related: Vec::new(),
        }
    }
}

/// The TBX elements that carry data categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldElement {
    /// `<descrip>`: definition, subjectField, context, …
    Descrip,
    /// `<admin>`: source, customerSubset, projectSubset, …
    Admin,
    /// `<adminNote>`: a note on the `<admin>` of its `adminGrp` (a reading's notation).
    AdminNote,
    /// `<descripNote>`: a note on the `<descrip>` of its `descripGrp`.
    DescripNote,
    /// `<termNote>`: partOfSpeech, administrativeStatus, termType, grammaticalGender, …
    TermNote,
    /// `<note>`.
    Note,
    /// `<ref>`: a link to another entry.
    Ref,
    /// `<xref>`: a link to an external resource.
    Xref,
    /// `<transac>`: a transaction (origination, modification).
    Transac,
    /// `<transacNote>`: who made a transaction.
    TransacNote,
    /// `<date>`.
    Date,
}

impl FieldElement {
    /// The element name in DCA style.
    pub fn name(self) -> &'static str {
        match self {
            FieldElement::Descrip => "descrip",
            FieldElement::Admin => "admin",
            FieldElement::AdminNote => "adminNote",
            FieldElement::DescripNote => "descripNote",
            FieldElement::TermNote => "termNote",
            FieldElement::Note => "note",
            FieldElement::Ref => "ref",
            FieldElement::Xref => "xref",
            FieldElement::Transac => "transac",
            FieldElement::TransacNote => "transacNote",
            FieldElement::Date => "date",
        }
    }

    /// The element named `name` in DCA style, the inverse of [`Self::name`].
    pub fn from_name(name: &str) -> Option<FieldElement> {
        [
            FieldElement::Descrip,
            FieldElement::Admin,
            FieldElement::AdminNote,
            FieldElement::DescripNote,
            FieldElement::TermNote,
            FieldElement::Note,
            FieldElement::Ref,
            FieldElement::Xref,
            FieldElement::Transac,
            FieldElement::TransacNote,
            FieldElement::Date,
        ]
        .into_iter()
        .find(|element| element.name() == name)
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
    /// The input is XML but not TBX.
    #[error(
        "not a TBX file (line {line}, column {column}): the root element is <{found}>, not <tbx> or <martif>"
    )]
    NotTbx {
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// The root element's name.
        found: String,
    },
    /// Reading the input failed.
    #[error("cannot read the TBX file: {0}")]
    Io(#[from] std::io::Error),
}

/// A TBX file being read: an iterator over its concepts.
pub struct Concepts<R: BufRead> {
    parser: read::Parser<R>,
}

impl<R: BufRead> Concepts<R> {
    /// The file's header.
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

    /// Ends reading and returns what was skipped and not yet taken.
    ///
    /// # Errors
    ///
    /// [`ReadError::Io`] if reading the input failed part-way.
    pub fn finish(self) -> Result<Vec<Skipped>, ReadError> {
        self.parser.finish()
    }
}

impl<R: BufRead> Iterator for Concepts<R> {
    type Item = Concept;

    fn next(&mut self) -> Option<Concept> {
        self.parser.next_concept()
    }
}

/// Starts reading a TBX file (v3, v2 or 2013 TBX-Min): reads up to the first concept.
///
/// # Errors
///
/// [`ReadError::NotXml`] or [`ReadError::NotTbx`] with the place; [`ReadError::Io`].
pub fn read<R: BufRead>(input: R) -> Result<Concepts<R>, ReadError> {
    Ok(Concepts { parser: read::Parser::start(input)? })
}

/// A whole glossary in memory.
#[derive(Debug, Clone, PartialEq)]
pub struct Glossary {
    /// The header.
    pub header: Header,
    /// Every concept that could be read.
    pub concepts: Vec<Concept>,
    /// Everything that was skipped.
    pub skipped: Vec<Skipped>,
}

/// Reads a whole TBX file into memory.
///
/// # Errors
///
/// As [`read`].
pub fn read_all<R: BufRead>(input: R) -> Result<Glossary, ReadError> {
    let mut concepts_reader = read(input)?;
    let concepts: Vec<Concept> = concepts_reader.by_ref().collect();
    let header = concepts_reader.header().clone();
    let skipped = concepts_reader.finish()?;
    Ok(Glossary { header, concepts, skipped })
}

/// How to write.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WriteOptions {
    /// Write only language sections in these languages (`zh` selects `zh-CN` too); concepts
    /// left without any are not written. `None` writes all.
    pub languages: Option<Vec<LanguageTag>>,
}

/// What writing did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WriteReport {
    /// Concepts written.
    pub concepts_written: u64,
    /// Concepts left out: no term in the selected languages.
    pub concepts_omitted: u64,
    /// Characters XML 1.0 cannot carry replaced by U+FFFD.
    pub characters_replaced: u64,
}

/// Why writing failed.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The output could not be written.
    #[error("cannot write the TBX file: {0}")]
    Io(#[from] std::io::Error),
}

/// Writes a TBX-Basic v3 file (DCA style, UTF-8). Concepts may be borrowed or owned. Concepts without an id, or whose id is not a
/// valid XML ID, get one (`c1`, `c2`, … or `c-` before the original).
///
/// # Errors
///
/// [`WriteError::Io`] when the output fails.
pub fn write<W: Write, C: Borrow<Concept>>(
    output: W,
    header: &Header,
    concepts: impl IntoIterator<Item = C>,
    options: &WriteOptions,
) -> Result<WriteReport, WriteError> {
    write::write_glossary(output, header, concepts, options)
}

/// The checks of the `tbx_read` fuzz target, shared with the test that replays its committed
/// inputs (`fuzz/corpus/tbx_read/`, `fuzz/regressions/tbx_read/`): reading any bytes never
/// panics, and whatever was recovered writes back as TBX-Basic that reads back whole.
///
/// # Errors
///
/// Which check failed, for the fuzz target to panic with.
#[doc(hidden)]
pub fn fuzz_check(data: &[u8]) -> Result<(), String> {
    let Ok(glossary) = read_all(data) else {
        return Ok(());
    };
    let mut out = Vec::new();
    write(&mut out, &glossary.header, &glossary.concepts, &WriteOptions::default())
        .map_err(|error| format!("writing to memory failed: {error}"))?;
    let again =
        read_all(out.as_slice()).map_err(|error| format!("own output does not read: {error}"))?;
    if again.concepts.len() != glossary.concepts.len() {
        return Err(format!(
            "{} concepts written but {} read back",
            glossary.concepts.len(),
            again.concepts.len()
        ));
    }
    Ok(())
}
