//! The tolerant TBX reader (v3 `<tbx>`, v2 `<martif>`, 2013 TBX-Min `<TBX>`), on the TMX
//! reader's XML layer.
//!
//! A concept whose span saw any markup repair, or an entity reference, is skipped whole with a
//! report; a language section or term that lacks what it needs (a language, a term) is dropped
//! alone, also with a report.

use std::io::BufRead;

use super::{Concept, Dialect, Field, FieldElement, Header, LangSection, ReadError, Term};
use crate::{
    tmx::{Language, Skipped},
    xml::{
        Cursor,
        lexer::{Broken, Token, reference_message, resolve_reference, truncate},
    },
};

pub(super) struct Parser<R> {
    xml: Cursor<R>,
    header: Header,
    done: bool,
}

/// The element name without a namespace prefix (`basic:definition` → `definition`).
fn local(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, local)| local)
}

/// Data categories that DCT style writes as their own elements, and the DCA element for each.
fn dct_element(local_name: &str) -> FieldElement {
    match local_name {
        "partOfSpeech"
        | "administrativeStatus"
        | "termType"
        | "grammaticalGender"
        | "grammaticalNumber"
        | "geographicalUsage"
        | "termLocation"
        | "normativeAuthorization" => FieldElement::TermNote,
        "source" | "customerSubset" | "projectSubset" | "responsibility" => FieldElement::Admin,
        _ => FieldElement::Descrip,
    }
}

/// The field an element starts, if it is one: (element, kind implied by a DCT element name).
fn field_element(name: &str) -> Option<(FieldElement, Option<&str>)> {
    let element = match local(name) {
        "descrip" => FieldElement::Descrip,
        "admin" => FieldElement::Admin,
        "adminNote" => FieldElement::AdminNote,
        "descripNote" => FieldElement::DescripNote,
        "termNote" => FieldElement::TermNote,
        "note" => FieldElement::Note,
        "ref" => FieldElement::Ref,
        "xref" => FieldElement::Xref,
        "transac" => FieldElement::Transac,
        "transacNote" => FieldElement::TransacNote,
        "date" => FieldElement::Date,
        local_name if name.contains(':') => {
            return Some((dct_element(local_name), Some(local_name)));
        }
        _ => return None,
    };
    Some((element, None))
}

/// The field a 2013 TBX-Min element starts: its data categories are unprefixed elements, with
/// two names of their own (`termStatus`, `customer`) for TBX-Basic's categories.
fn min_field_element(name: &str) -> (FieldElement, &str) {
    match name {
        "termStatus" => (FieldElement::TermNote, "administrativeStatus"),
        "customer" => (FieldElement::Admin, "customerSubset"),
        other => (dct_element(other), other),
    }
}

/// TBX-Min's `termStatus` values as TBX-Basic's `administrativeStatus` values, as TBX-Min's
/// authors convert them (Convert::TBX::Min); other values are kept as they are.
fn min_status(value: &str) -> Option<&'static str> {
    Some(match value.trim() {
        "preferred" => "preferredTerm-admn-sts",
        "admitted" => "admittedTerm-admn-sts",
        "notRecommended" => "deprecatedTerm-admn-sts",
        "obsolete" => "supersededTerm-admn-sts",
        _ => return None,
    })
}

fn is_group(name: &str) -> bool {
    matches!(local(name), "descripGrp" | "adminGrp" | "termNoteGrp" | "transacGrp" | "noteGrp")
}

impl<R: BufRead> Parser<R> {
    pub(super) fn start(input: R) -> Result<Parser<R>, ReadError> {
        let mut parser = Parser {
            xml: Cursor::open(input)?,
            header: Header {
                dialect: Dialect::Tbx3,
                tbx_type: None,
                lang: None,
                title: None,
                source_desc: Vec::new(),
            },
            done: false,
        };
        parser.find_root()?;
        parser.read_up_to_body();
        Ok(parser)
    }

    pub(super) fn header(&self) -> &Header {
        &self.header
    }

    pub(super) fn skipped(&self) -> &[Skipped] {
        self.xml.skipped()
    }

    pub(super) fn take_skipped(&mut self) -> Vec<Skipped> {
        self.xml.take_skipped()
    }

    pub(super) fn finish(self) -> Result<Vec<Skipped>, ReadError> {
        self.xml.finish().map_err(ReadError::Io)
    }

    /// The error for a file that is not XML: the first problem met, or else `message` here.
    fn not_xml(&mut self, message: String) -> ReadError {
        let (line, column) = self.xml.lexer.position();
        let (line, column, message) = self.xml.not_xml(line, column, message);
        ReadError::NotXml { line, column, message }
    }

    fn find_root(&mut self) -> Result<(), ReadError> {
        loop {
            match self.xml.next_token() {
                Token::Start => {
                    self.header.dialect = match local(self.xml.lexer.name()) {
                        "tbx" => Dialect::Tbx3,
                        "martif" => Dialect::Martif,
                        "TBX" => Dialect::TbxMin,
                        other => {
                            let found = truncate(other, 40);
                            let (line, column) = self.xml.lexer.position();
                            return Err(ReadError::NotTbx { line, column, found });
                        }
                    };
                    for (name, value) in
                        self.xml.lexer.attributes(&mut self.xml.report).unwrap_or_default()
                    {
                        match name.as_str() {
                            "type" | "dialect" => self.header.tbx_type = Some(value),
                            "xml:lang" => self.header.lang = Some(Language::parse(&value)),
                            _ => {}
                        }
                    }
                    return Ok(());
                }
                Token::Text if self.xml.lexer.text().trim().is_empty() => {}
                Token::Text | Token::Ref => {
                    let message = format!(
                        "text before the first element: {:?}",
                        truncate(self.xml.lexer.text().trim(), 40)
                    );
                    return Err(self.not_xml(message));
                }
                Token::DocType => {
                    if self.xml.lexer.text().contains("<!ENTITY") {
                        self.xml.report.push(
                            self.xml.lexer.position(),
                            "the DOCTYPE declares entities; they are never expanded (external \
                             entities and entity expansion are refused)"
                                .to_owned(),
                        );
                    }
                }
                Token::End => {}
                Token::Eof => {
                    if let Some(error) = self.xml.lexer.io_error.take() {
                        return Err(ReadError::Io(error));
                    }
                    return Err(self.not_xml(
                        "no element found (the file is empty or has only a prolog)".to_owned(),
                    ));
                }
            }
        }
    }

    /// Reads the header and descends to `<body>`.
    fn read_up_to_body(&mut self) {
        loop {
            match self.xml.next_token() {
                Token::Start => match local(self.xml.lexer.name()) {
                    "tbxHeader" | "martifHeader" => self.parse_header(),
                    "header" if self.is_min() => self.parse_min_header(),
                    "text" => {}
                    "body" => return,
                    _ => self.xml.skip_unexpected("the root"),
                },
                Token::End if self.xml.lexer.depth == 0 => {
                    self.done = true;
                    return;
                }
                Token::Eof => {
                    self.done = true;
                    return;
                }
                Token::End | Token::Text | Token::Ref | Token::DocType => {}
            }
        }
    }

    fn parse_header(&mut self) {
        let header_depth = self.xml.lexer.depth;
        let mut in_source_desc = 0usize;
        loop {
            match self.xml.next_token() {
                Token::Start => match local(self.xml.lexer.name()) {
                    "title" => self.header.title = self.plain_content().ok(),
                    "p" if in_source_desc > 0 => {
                        if let Ok(text) = self.plain_content() {
                            self.header.source_desc.push(text);
                        }
                    }
                    "sourceDesc" => in_source_desc = self.xml.lexer.depth,
                    _ => {}
                },
                Token::End => {
                    if self.xml.lexer.depth < in_source_desc {
                        in_source_desc = 0;
                    }
                    if self.xml.lexer.depth < header_depth {
                        return;
                    }
                }
                Token::Eof => return,
                Token::Text | Token::Ref | Token::DocType => {}
            }
        }
    }

    /// TBX-Min's `<header>`: its `id` and `description` are kept, the rest (languages, creator,
    /// licence, dates) is metadata Tessera has no place for.
    fn parse_min_header(&mut self) {
        loop {
            match self.xml.next_token() {
                Token::Start => match local(self.xml.lexer.name()) {
                    "id" => self.header.title = self.plain_content().ok(),
                    "description" => {
                        if let Ok(text) = self.plain_content() {
                            self.header.source_desc.push(text);
                        }
                    }
                    _ => self.xml.skip_element(),
                },
                Token::End | Token::Eof => return,
                Token::Text | Token::Ref | Token::DocType => {}
            }
        }
    }

    fn is_min(&self) -> bool {
        self.header.dialect == Dialect::TbxMin
    }

    /// `conceptEntry` (v3), `termEntry` (v2, early TBX-Min) or TBX-Min's `entry`.
    fn is_concept(&self, name: &str) -> bool {
        matches!(name, "conceptEntry" | "termEntry") || (self.is_min() && name == "entry")
    }

    /// `langSec` (v3), `langSet` (v2, early TBX-Min) or TBX-Min's `langGroup`.
    fn is_lang_section(&self, name: &str) -> bool {
        matches!(name, "langSec" | "langSet") || (self.is_min() && name == "langGroup")
    }

    /// `termSec` (v3), `tig`/`ntig` (v2, early TBX-Min) or TBX-Min's `termGroup`.
    fn is_term_section(&self, name: &str) -> bool {
        matches!(name, "termSec" | "tig" | "ntig") || (self.is_min() && name == "termGroup")
    }

    pub(super) fn next_concept(&mut self) -> Option<Concept> {
        while !self.done {
            match self.xml.next_token() {
                Token::Start => match local(self.xml.lexer.name()) {
                    name if self.is_concept(name) => {
                        if let Some(concept) = self.parse_concept() {
                            return Some(concept);
                        }
                    }
                    "body" | "text" => {}
                    // TBX v2's back matter (refObjectList) holds no concepts.
                    "back" => self.xml.skip_element(),
                    _ => self.xml.skip_unexpected("<body>"),
                },
                Token::End if self.xml.lexer.depth == 0 => self.done = true,
                Token::Eof => self.done = true,
                Token::End | Token::Text | Token::Ref | Token::DocType => {}
            }
        }
        None
    }

    /// The text of the element just started, inline markup flattened; `Broken` after reporting
    /// an entity reference.
    fn plain_content(&mut self) -> Result<String, Broken> {
        let mut content = String::new();
        let mut depth = 0usize;
        let mut broken = false;
        loop {
            match self.xml.next_token() {
                Token::Text => content.push_str(self.xml.lexer.text()),
                Token::Ref => match resolve_reference(self.xml.lexer.text()) {
                    Ok(c) => content.push(c),
                    Err(()) => {
                        let message =
                            reference_message(self.xml.lexer.text(), "the concept is skipped");
                        self.xml.report.push(self.xml.lexer.position(), message);
                        broken = true;
                    }
                },
                Token::Start => depth += 1,
                Token::End if depth == 0 => break,
                Token::End => depth -= 1,
                Token::Eof => break,
                Token::DocType => {}
            }
        }
        if broken { Err(Broken) } else { Ok(content) }
    }

    fn parse_concept(&mut self) -> Option<Concept> {
        let position = self.xml.lexer.position();
        let damage_before = self.xml.lexer.damage;
        let mut concept = Concept::default();
        let mut broken = false;
        match self.xml.lexer.attributes(&mut self.xml.report) {
            Ok(attributes) => {
                concept.id = attributes.into_iter().find(|(name, _)| name == "id").map(|(_, v)| v)
            }
            Err(Broken) => broken = true,
        }
        loop {
            match self.xml.next_token() {
                Token::Start => match local(self.xml.lexer.name()) {
                    name if self.is_lang_section(name) => match self.parse_lang_section() {
                        Ok(Some(section)) => concept.languages.push(section),
                        Ok(None) => {}
                        Err(Broken) => broken = true,
                    },
                    _ => {
                        if self.parse_field_or_group(&mut concept.fields, "<conceptEntry>").is_err()
                        {
                            broken = true;
                        }
                    }
                },
                Token::End | Token::Eof => break,
                Token::Text | Token::Ref | Token::DocType => {}
            }
        }
        let what = match &concept.id {
            Some(id) => format!("concept id=\"{}\"", truncate(id, 40)),
            None => "concept".to_owned(),
        };
        if broken || self.xml.lexer.damage != damage_before {
            self.xml.report.push(
                position,
                format!("{what} skipped: its markup is broken (see the other items at its lines)"),
            );
            return None;
        }
        if concept.languages.is_empty() {
            self.xml.report.push(position, format!("{what} skipped: it has no terms"));
            return None;
        }
        Some(concept)
    }

    /// Reads a field or group child into `fields`; skips (and reports) anything else.
    fn parse_field_or_group(
        &mut self,
        fields: &mut Vec<Field>,
        parent: &str,
    ) -> Result<(), Broken> {
        let name = self.xml.lexer.name().to_owned();
        if is_group(&name) {
            if let Some(field) = self.parse_group()? {
                fields.push(field);
            }
        } else if let Some((element, dct_kind)) = field_element(&name) {
            let dct_kind = dct_kind.map(str::to_owned);
            fields.push(self.parse_field(element, dct_kind)?);
        } else if self.is_min() {
            let (element, kind) = min_field_element(&name);
            let mut field = self.parse_field(element, Some(kind.to_owned()))?;
            if name == "termStatus"
                && let Some(status) = min_status(&field.value)
            {
                field.value = status.to_owned();
            }
            fields.push(field);
        } else {
            self.xml.skip_unexpected(parent);
        }
        Ok(())
    }

    fn parse_field(
        &mut self,
        element: FieldElement,
        dct_kind: Option<String>,
    ) -> Result<Field, Broken> {
        let attributes = match self.xml.lexer.attributes(&mut self.xml.report) {
            Ok(attributes) => attributes,
            Err(Broken) => {
                self.xml.skip_element();
                return Err(Broken);
            }
        };
        let mut field = Field {
            element,
            kind: dct_kind.unwrap_or_default(),
            value: String::new(),
            target: None,
            related: Vec::new(),
        };
        for (name, value) in attributes {
            match name.as_str() {
                "type" => field.kind = value,
                "target" => field.target = Some(value),
                _ => {}
            }
        }
        field.value = self.plain_content()?;
        Ok(field)
    }

    /// A `…Grp`: its first field, with the others as related fields.
    fn parse_group(&mut self) -> Result<Option<Field>, Broken> {
        let position = self.xml.lexer.position();
        let mut fields = Vec::new();
        let mut broken = false;
        loop {
            match self.xml.next_token() {
                // Groups do not nest in TBX; refusing them also bounds the recursion.
                Token::Start if is_group(self.xml.lexer.name()) => {
                    self.xml.skip_unexpected("a group")
                }
                Token::Start => {
                    if self.parse_field_or_group(&mut fields, "a group").is_err() {
                        broken = true;
                    }
                }
                Token::End | Token::Eof => break,
                Token::Text | Token::Ref | Token::DocType => {}
            }
        }
        if broken {
            return Err(Broken);
        }
        if fields.is_empty() {
            self.xml.report.push(position, "empty group skipped".to_owned());
            return Ok(None);
        }
        let mut main = fields.remove(0);
        main.related.extend(fields);
        Ok(Some(main))
    }

    fn parse_lang_section(&mut self) -> Result<Option<LangSection>, Broken> {
        let position = self.xml.lexer.position();
        let attributes = match self.xml.lexer.attributes(&mut self.xml.report) {
            Ok(attributes) => attributes,
            Err(Broken) => {
                self.xml.skip_element();
                return Err(Broken);
            }
        };
        let lang = attributes
            .iter()
            .find(|(name, _)| name == "xml:lang")
            .or_else(|| attributes.iter().find(|(name, _)| name == "lang"))
            .map(|(_, value)| value.trim().to_owned())
            .filter(|value| !value.is_empty());
        let mut fields = Vec::new();
        let mut terms = Vec::new();
        let mut broken = false;
        loop {
            match self.xml.next_token() {
                Token::Start => match local(self.xml.lexer.name()) {
                    name if self.is_term_section(name) => match self.parse_term() {
                        Ok(Some(term)) => terms.push(term),
                        Ok(None) => {}
                        Err(Broken) => broken = true,
                    },
                    _ => {
                        if self.parse_field_or_group(&mut fields, "<langSec>").is_err() {
                            broken = true;
                        }
                    }
                },
                Token::End | Token::Eof => break,
                Token::Text | Token::Ref | Token::DocType => {}
            }
        }
        if broken {
            return Err(Broken);
        }
        let Some(lang) = lang else {
            self.xml.report.push(position, "<langSec> without xml:lang skipped".to_owned());
            return Ok(None);
        };
        if terms.is_empty() {
            self.xml
                .report
                .push(position, format!("<langSec xml:lang=\"{lang}\"> without terms skipped"));
            return Ok(None);
        }
        Ok(Some(LangSection { lang: Language::parse(&lang), fields, terms }))
    }

    fn parse_term(&mut self) -> Result<Option<Term>, Broken> {
        let position = self.xml.lexer.position();
        let id = match self.xml.lexer.attributes(&mut self.xml.report) {
            Ok(attributes) => attributes.into_iter().find(|(name, _)| name == "id").map(|(_, v)| v),
            Err(Broken) => {
                self.xml.skip_element();
                return Err(Broken);
            }
        };
        let mut term = Term { id, text: String::new(), fields: Vec::new() };
        self.parse_term_children(&mut term, 0)?;
        if term.text.trim().is_empty() {
            self.xml.report.push(position, "term section without a term skipped".to_owned());
            return Ok(None);
        }
        Ok(Some(term))
    }

    /// Reads a term section's children; `depth` is 1 inside a `termGrp`, which does not nest.
    fn parse_term_children(&mut self, term: &mut Term, depth: usize) -> Result<(), Broken> {
        let mut broken = false;
        loop {
            match self.xml.next_token() {
                Token::Start => match local(self.xml.lexer.name()) {
                    "term" => match self.plain_content() {
                        Ok(text) => term.text = text,
                        Err(Broken) => broken = true,
                    },
                    // TBX v2's ntig wraps the term and its termNotes in a termGrp.
                    "termGrp" if depth == 0 => {
                        if self.parse_term_children(term, 1).is_err() {
                            broken = true;
                        }
                    }
                    "termGrp" => self.xml.skip_unexpected("<termGrp>"),
                    "termCompList" => self.xml.skip_element(),
                    _ => {
                        if self.parse_field_or_group(&mut term.fields, "<termSec>").is_err() {
                            broken = true;
                        }
                    }
                },
                Token::End | Token::Eof => break,
                Token::Text | Token::Ref | Token::DocType => {}
            }
        }
        if broken { Err(Broken) } else { Ok(()) }
    }
}
