//! The tolerant TMX reader.
//!
//! [`Parser`] walks the well-nested token stream of [`Lexer`] element by element; a unit whose
//! span saw any repair (the lexer's damage counter grew) is skipped as a whole, so repaired
//! markup never reaches the memory.

use std::{borrow::Cow, io::BufRead};

use super::{
    Attribute, CodePart, Header, InlineKind, InlineTag, Language, MAX_TAGS_PER_SEGMENT, Metadata,
    Note, Prop, ReadError, ReadOptions, Segment, Skipped, SourceLanguage, Sub, Ude, UdeMap, Unit,
    Variant, date,
};
use crate::xml::{
    Cursor,
    input::Place,
    lexer::{
        Broken, Token, first_forbidden_char, reference_message, resolve_reference, truncate,
        visit_attributes,
    },
};

/// Where the reader is in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Inside `<tmx>`, after the header.
    Body,
    /// A `<tu>` start has been read but not parsed (a unit outside `<body>`).
    PendingUnit,
    /// After `</tmx>` or the end of input.
    Done,
}

pub(super) struct Parser<R> {
    xml: Cursor<R>,
    header: Header,
    options: ReadOptions,
    state: State,
    recent_languages: Vec<Language>,
    /// A segment's text and tags as they are read, kept between segments so that a segment
    /// grows in memory already there and is then copied once, at its size (see
    /// [`Parser::parse_content`]).
    scratch_segment: Segment,
    /// A variant's `xml:lang` (or `lang`) as read, kept between variants.
    scratch_lang: String,
}

impl<R: BufRead> Parser<R> {
    pub(super) fn start(input: R, options: ReadOptions) -> Result<Parser<R>, ReadError> {
        let mut parser = Parser {
            xml: Cursor::open(input)?,
            header: Header {
                version: String::new(),
                creation_tool: String::new(),
                creation_tool_version: String::new(),
                segment_type: String::new(),
                o_tmf: String::new(),
                admin_lang: String::new(),
                source_lang: SourceLanguage::All,
                datatype: String::new(),
                ..Header::default()
            },
            options,
            state: State::Body,
            recent_languages: Vec::new(),
            scratch_segment: Segment::default(),
            scratch_lang: String::new(),
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

    pub(super) fn bytes_read(&self) -> u64 {
        self.xml.lexer.xml.get_ref().bytes_read()
    }

    pub(super) fn encoding(&self) -> &'static str {
        self.xml.lexer.encoding
    }

    pub(super) fn finish(self) -> Result<Vec<Skipped>, ReadError> {
        self.xml.finish().map_err(ReadError::Io)
    }

    /// Reads up to the root element and checks that it is `<tmx>`.
    fn find_root(&mut self) -> Result<(), ReadError> {
        loop {
            match self.xml.next_token() {
                Token::Start => {
                    if self.xml.lexer.name() != "tmx" {
                        let (line, column) = self.xml.lexer.position();
                        return Err(ReadError::NotTmx {
                            line,
                            column,
                            found: truncate(self.xml.lexer.name(), 40),
                        });
                    }
                    let attributes = self.attributes().unwrap_or_default();
                    self.header.version = attribute_value(&attributes, "version")
                        .map(str::to_owned)
                        .unwrap_or_default();
                    return Ok(());
                }
                Token::Text if self.xml.lexer.text().trim().is_empty() => {}
                Token::Text | Token::Ref => {
                    let (line, column) = self.xml.lexer.position();
                    let message = format!(
                        "text before the first element: {:?}",
                        truncate(self.xml.lexer.text().trim(), 40)
                    );
                    return Err(self.not_xml(line, column, message));
                }
                Token::DocType => self.check_doctype(),
                Token::End => {}
                Token::Eof => {
                    if let Some(error) = self.xml.lexer.io_error.take() {
                        return Err(ReadError::Io(error));
                    }
                    let (line, column) = self.xml.lexer.position();
                    let message =
                        "no element found (the file is empty or has only a prolog)".to_owned();
                    return Err(self.not_xml(line, column, message));
                }
            }
        }
    }

    /// The error for a file that is not XML: the first problem met, or else `message`.
    fn not_xml(&self, line: u32, column: u32, message: String) -> ReadError {
        let (line, column, message) = self.xml.not_xml(line, column, message);
        ReadError::NotXml { line, column, message }
    }

    fn check_doctype(&mut self) {
        if self.xml.lexer.text().contains("<!ENTITY") {
            self.xml.report.push(
                self.xml.lexer.position(),
                "the DOCTYPE declares entities; they are never expanded (external entities and \
                 entity expansion are refused)"
                    .to_owned(),
            );
        }
    }

    /// Reads the children of `<tmx>` up to the first unit: the header, then `<body>`.
    fn read_up_to_body(&mut self) {
        let mut seen_header = false;
        loop {
            match self.xml.next_token() {
                Token::Start => match self.xml.lexer.name() {
                    "header" if !seen_header => {
                        seen_header = true;
                        self.parse_header();
                    }
                    "body" => break,
                    "tu" => {
                        self.xml.report.push(
                            self.xml.lexer.position(),
                            "<tu> outside <body>; read anyway".to_owned(),
                        );
                        self.state = State::PendingUnit;
                        break;
                    }
                    _ => self.xml.skip_unexpected("<tmx>"),
                },
                Token::End | Token::Eof => {
                    self.state = State::Done;
                    break;
                }
                Token::Ref => self.xml.check_reference_outside_text(),
                Token::Text | Token::DocType => {}
            }
        }
        if !seen_header {
            self.xml.report.push(
                self.xml.lexer.position(),
                "the file has no <header>; defaults are used (source language *all*)".to_owned(),
            );
        }
    }

    pub(super) fn next_unit(&mut self) -> Option<Unit> {
        loop {
            match self.state {
                State::Done => return None,
                State::PendingUnit => {
                    self.state = State::Body;
                    if let Some(unit) = self.parse_unit() {
                        return Some(unit);
                    }
                    continue;
                }
                State::Body => {}
            }
            match self.xml.next_token() {
                Token::Start => match self.xml.lexer.name() {
                    "tu" => {
                        if let Some(unit) = self.parse_unit() {
                            return Some(unit);
                        }
                    }
                    // A second <body> (or one that follows stray <tu>s): read its units too.
                    "body" => {}
                    _ => self.xml.skip_unexpected("<body>"),
                },
                Token::End => {
                    if self.xml.lexer.depth == 0 {
                        self.state = State::Done;
                    }
                }
                Token::Eof => self.state = State::Done,
                Token::Ref => self.xml.check_reference_outside_text(),
                Token::Text | Token::DocType => {}
            }
        }
    }

    /// Calls `visit` with each attribute of the current start tag (name, unescaped value);
    /// `Broken` after reporting a malformed one.
    fn each_attribute(
        &mut self,
        mut visit: impl FnMut(&mut Self, &str, Cow<'_, str>),
    ) -> Result<(), Broken> {
        // Moved out for the loop so that `visit` may use the whole parser; put back below.
        let start_raw = std::mem::take(&mut self.xml.lexer.start_raw);
        let read = visit_attributes(&start_raw, self.xml.lexer.name_len, |name, value| {
            visit(self, name, value)
        });
        self.xml.lexer.start_raw = start_raw;
        read.map_err(|message| {
            self.xml.report.push(self.xml.lexer.position(), message);
            Broken
        })
    }

    /// The current start tag's attributes, or `Broken` after reporting a malformed one.
    fn attributes(&mut self) -> Result<Vec<Attribute>, Broken> {
        let mut attributes = Vec::new();
        self.each_attribute(|_, name, value| {
            attributes.push(Attribute { name: name.to_owned(), value: value.into_owned() })
        })?;
        Ok(attributes)
    }

    fn language(&mut self, original: &str) -> Language {
        if let Some(known) = self.recent_languages.iter().find(|lang| lang.original == original) {
            return known.clone();
        }
        let language = Language::parse(original);
        if self.recent_languages.len() == 8 {
            self.recent_languages.remove(0);
        }
        self.recent_languages.push(language.clone());
        language
    }

    fn source_language(&mut self, value: &str) -> SourceLanguage {
        if value.trim().eq_ignore_ascii_case("*all*") {
            SourceLanguage::All
        } else {
            SourceLanguage::Language(self.language(value))
        }
    }

    /// Stores a date attribute, or reports why it is ignored.
    fn date(&mut self, name: &str, value: &str, place: Place) -> Option<jiff::Timestamp> {
        let parsed = date::parse(value);
        if parsed.is_none() {
            self.xml.report.push(
                self.xml.lexer.place_position(place),
                format!(
                    "{name}=\"{}\" ignored: not a TMX date (YYYYMMDDThhmmssZ)",
                    truncate(value, 40)
                ),
            );
        }
        parsed
    }

    /// Takes an administrative attribute into `metadata`; false if it is not one.
    fn metadata_attribute(
        &mut self,
        name: &str,
        value: &str,
        metadata: &mut Metadata,
        place: Place,
    ) -> bool {
        match name {
            "creationdate" => metadata.creation_date = self.date("creationdate", value, place),
            "changedate" => metadata.change_date = self.date("changedate", value, place),
            "lastusagedate" => metadata.last_usage_date = self.date("lastusagedate", value, place),
            "creationid" => metadata.creation_id = Some(value.to_owned()),
            "changeid" => metadata.change_id = Some(value.to_owned()),
            "usagecount" => match value.trim().parse::<u64>() {
                Ok(count) => metadata.usage_count = Some(count),
                Err(_) => self.xml.report.push(
                    self.xml.lexer.place_position(place),
                    format!("usagecount=\"{}\" ignored: not a whole number", truncate(value, 40)),
                ),
            },
            "creationtool" => metadata.creation_tool = Some(value.to_owned()),
            "creationtoolversion" => metadata.creation_tool_version = Some(value.to_owned()),
            "datatype" => metadata.datatype = Some(value.to_owned()),
            "o-encoding" => metadata.o_encoding = Some(value.to_owned()),
            "o-tmf" => metadata.o_tmf = Some(value.to_owned()),
            _ => return false,
        }
        true
    }

    fn parse_header(&mut self) {
        self.xml.lexer.forget_places();
        let place = self.xml.lexer.save_place();
        let attributes = self.attributes().unwrap_or_default();
        let mut metadata = Metadata::default();
        for attribute in &attributes {
            if self.metadata_attribute(&attribute.name, &attribute.value, &mut metadata, place) {
                continue;
            }
            let value = attribute.value.clone();
            match attribute.name.as_str() {
                "segtype" => self.header.segment_type = value,
                "adminlang" => self.header.admin_lang = value,
                "srclang" => self.header.source_lang = self.source_language(&value),
                _ => self.header.other_attributes.push(attribute.clone()),
            }
        }
        let header = &mut self.header;
        header.creation_tool = metadata.creation_tool.unwrap_or_default();
        header.creation_tool_version = metadata.creation_tool_version.unwrap_or_default();
        header.o_tmf = metadata.o_tmf.unwrap_or_default();
        header.datatype = metadata.datatype.unwrap_or_default();
        header.o_encoding = metadata.o_encoding;
        header.creation_date = metadata.creation_date;
        header.creation_id = metadata.creation_id;
        header.change_date = metadata.change_date;
        header.change_id = metadata.change_id;
        header.other_attributes.extend(metadata.other_attributes);
        loop {
            match self.xml.next_token() {
                Token::Start => match self.xml.lexer.name() {
                    "prop" => {
                        if let Ok(prop) = self.parse_prop() {
                            self.header.props.push(prop);
                        }
                    }
                    "note" => {
                        if let Ok(note) = self.parse_note() {
                            self.header.notes.push(note);
                        }
                    }
                    "ude" => {
                        if let Ok(ude) = self.parse_ude() {
                            self.header.udes.push(ude);
                        }
                    }
                    _ => self.xml.skip_unexpected("<header>"),
                },
                Token::End | Token::Eof => return,
                Token::Ref => self.xml.check_reference_outside_text(),
                Token::Text | Token::DocType => {}
            }
        }
    }

    /// Reads the text content of the element just started (`prop`, `note`).
    /// `element` is the element's name, for messages.
    fn parse_plain_content(&mut self, element: &str) -> Result<String, Broken> {
        let mut content = String::new();
        let mut broken = false;
        loop {
            match self.xml.next_token() {
                Token::Text => content.push_str(self.xml.lexer.text()),
                Token::Ref => match resolve_reference(self.xml.lexer.text()) {
                    Ok(c) => content.push(c),
                    Err(()) => {
                        let message = reference_message(
                            self.xml.lexer.text(),
                            &format!("<{element}> skipped"),
                        );
                        self.xml.report.push(self.xml.lexer.position(), message);
                        broken = true;
                    }
                },
                Token::Start => {
                    self.xml.report.push(
                        self.xml.lexer.position(),
                        format!("markup <{}> inside <{element}> ignored", self.xml.lexer.name()),
                    );
                    self.xml.skip_element();
                }
                Token::End | Token::Eof => break,
                Token::DocType => {}
            }
        }
        if broken { Err(Broken) } else { Ok(content) }
    }

    fn parse_prop(&mut self) -> Result<Prop, Broken> {
        let place = self.xml.lexer.save_place();
        let mut prop =
            Prop { kind: String::new(), lang: None, o_encoding: None, value: String::new() };
        let mut has_type = false;
        // Each attribute is taken as it is read (a prop on every unit is common), the last of
        // a name winning as before.
        let attributes_read = self.each_attribute(|parser, name, value| match name {
            "type" => {
                prop.kind = value.into_owned();
                has_type = true;
            }
            "xml:lang" | "lang" => prop.lang = Some(parser.language(&value)),
            "o-encoding" => prop.o_encoding = Some(value.into_owned()),
            _ => {}
        });
        if attributes_read.is_err() {
            self.xml.skip_element();
            return Err(Broken);
        }
        prop.value = self.parse_plain_content("prop")?;
        if !has_type {
            let position = self.xml.lexer.place_position(place);
            self.xml.report.push(position, "<prop> without a type attribute skipped".to_owned());
            return Err(Broken);
        }
        Ok(prop)
    }

    fn parse_note(&mut self) -> Result<Note, Broken> {
        let attributes = match self.attributes() {
            Ok(attributes) => attributes,
            Err(Broken) => {
                self.xml.skip_element();
                return Err(Broken);
            }
        };
        let mut note = Note { lang: None, o_encoding: None, text: String::new() };
        for attribute in attributes {
            match attribute.name.as_str() {
                "xml:lang" | "lang" => note.lang = Some(self.language(&attribute.value)),
                "o-encoding" => note.o_encoding = Some(attribute.value),
                _ => {}
            }
        }
        note.text = self.parse_plain_content("note")?;
        Ok(note)
    }

    fn parse_ude(&mut self) -> Result<Ude, Broken> {
        let position = self.xml.lexer.position();
        let attributes = match self.attributes() {
            Ok(attributes) => attributes,
            Err(Broken) => {
                self.xml.skip_element();
                return Err(Broken);
            }
        };
        let mut ude = Ude {
            name: attribute_value(&attributes, "name").unwrap_or_default().to_owned(),
            base: attribute_value(&attributes, "base").map(str::to_owned),
            maps: Vec::new(),
        };
        loop {
            match self.xml.next_token() {
                Token::Start if self.xml.lexer.name() == "map" => {
                    let map_position = self.xml.lexer.position();
                    if let Ok(attributes) = self.attributes() {
                        match attribute_value(&attributes, "unicode") {
                            Some(unicode) => ude.maps.push(UdeMap {
                                unicode: unicode.to_owned(),
                                code: attribute_value(&attributes, "code").map(str::to_owned),
                                ent: attribute_value(&attributes, "ent").map(str::to_owned),
                                subst: attribute_value(&attributes, "subst").map(str::to_owned),
                            }),
                            None => self.xml.report.push(
                                map_position,
                                "<map> without a unicode attribute skipped".to_owned(),
                            ),
                        }
                    }
                    self.xml.skip_element();
                }
                Token::Start => self.xml.skip_unexpected("<ude>"),
                Token::End | Token::Eof => break,
                Token::Text | Token::Ref | Token::DocType => {}
            }
        }
        if ude.maps.is_empty() || ude.name.is_empty() {
            self.xml.report.push(position, "<ude> without a name or <map> skipped".to_owned());
            return Err(Broken);
        }
        Ok(ude)
    }

    /// Reads a `<tu>` whose start tag is the current token.
    fn parse_unit(&mut self) -> Option<Unit> {
        // No place saved for an earlier unit is used any more.
        self.xml.lexer.forget_places();
        let place = self.xml.lexer.save_place();
        let damage_before = self.xml.lexer.damage;
        let mut broken = false;
        let mut unit = Unit::default();
        let attributes_read = self.each_attribute(|parser, name, value| {
            if parser.metadata_attribute(name, &value, &mut unit.metadata, place) {
                return;
            }
            match name {
                "tuid" => unit.tuid = Some(value.into_owned()),
                "srclang" => unit.source_lang = Some(parser.source_language(&value)),
                "segtype" => unit.segment_type = Some(value.into_owned()),
                _ => unit
                    .metadata
                    .other_attributes
                    .push(Attribute { name: name.to_owned(), value: value.into_owned() }),
            }
        });
        if attributes_read.is_err() {
            broken = true;
        }
        loop {
            match self.xml.next_token() {
                Token::Start => match self.xml.lexer.name() {
                    "tuv" => match self.parse_variant() {
                        Ok(variant) => unit.variants.push(variant),
                        Err(Broken) => broken = true,
                    },
                    "prop" => {
                        // A prop that cannot be read costs only itself.
                        if let Ok(prop) = self.parse_prop() {
                            unit.props.push(prop);
                        }
                    }
                    "note" => {
                        if let Ok(note) = self.parse_note() {
                            unit.notes.push(note);
                        }
                    }
                    _ => self.xml.skip_unexpected("<tu>"),
                },
                Token::End | Token::Eof => break,
                Token::Ref => self.xml.check_reference_outside_text(),
                Token::Text | Token::DocType => {}
            }
        }
        // Named only when reported: most units are not, and this runs for every unit.
        let what = |unit: &Unit| match &unit.tuid {
            Some(tuid) => format!("translation unit tuid=\"{}\"", truncate(tuid, 40)),
            None => "translation unit".to_owned(),
        };
        if broken || self.xml.lexer.damage != damage_before {
            let what = what(&unit);
            self.xml.report.push(
                self.xml.lexer.place_position(place),
                format!("{what} skipped: its markup is broken (see the other items at its lines)"),
            );
            return None;
        }
        if count_languages(&unit.variants) < self.options.min_languages {
            let what = what(&unit);
            let mut languages: Vec<&str> =
                unit.variants.iter().map(|v| v.lang.tag.as_str()).collect();
            languages.sort_unstable();
            languages.dedup();
            let found = if languages.is_empty() { "none".to_owned() } else { languages.join(", ") };
            self.xml.report.push(
                self.xml.lexer.place_position(place),
                format!(
                    "{what} skipped: it has {} language(s) ({found}), fewer than {}",
                    languages.len(),
                    self.options.min_languages
                ),
            );
            return None;
        }
        Some(unit)
    }

    /// Reads a `<tuv>` whose start tag is the current token.
    fn parse_variant(&mut self) -> Result<Variant, Broken> {
        let place = self.xml.lexer.save_place();
        let mut metadata = Metadata::default();
        // Whether `xml:lang` or `lang` was found; its value is in `scratch_lang`.
        let mut lang = None;
        let mut broken = false;
        let attributes_read = self.each_attribute(|parser, name, value| {
            if parser.metadata_attribute(name, &value, &mut metadata, place) {
                return;
            }
            match name {
                // `xml:lang` wins over TMX 1.1's `lang` when a file has both.
                "xml:lang" | "lang" if name == "xml:lang" || lang.is_none() => {
                    parser.scratch_lang.clear();
                    parser.scratch_lang.push_str(&value);
                    lang = Some(());
                }
                "lang" => {}
                _ => metadata
                    .other_attributes
                    .push(Attribute { name: name.to_owned(), value: value.into_owned() }),
            }
        });
        if attributes_read.is_err() {
            broken = true;
        }
        let mut props = Vec::new();
        let mut notes = Vec::new();
        let mut segment = None;
        loop {
            match self.xml.next_token() {
                Token::Start => match self.xml.lexer.name() {
                    "seg" if segment.is_none() => {
                        let seg_place = self.xml.lexer.save_place();
                        match self.parse_content(0) {
                            Ok(mut content) => {
                                self.repair_pairs(&mut content, seg_place);
                                segment = Some(content);
                            }
                            Err(Broken) => broken = true,
                        }
                    }
                    "seg" => {
                        self.xml.report.push(
                            self.xml.lexer.position(),
                            "second <seg> in a <tuv> ignored".to_owned(),
                        );
                        self.xml.skip_element();
                    }
                    "prop" => {
                        if let Ok(prop) = self.parse_prop() {
                            props.push(prop);
                        }
                    }
                    "note" => {
                        if let Ok(note) = self.parse_note() {
                            notes.push(note);
                        }
                    }
                    _ => self.xml.skip_unexpected("<tuv>"),
                },
                Token::End | Token::Eof => break,
                Token::Ref => self.xml.check_reference_outside_text(),
                Token::Text | Token::DocType => {}
            }
        }
        if broken {
            return Err(Broken);
        }
        let scratch_lang = std::mem::take(&mut self.scratch_lang);
        let lang = lang.map(|()| scratch_lang.trim());
        let lang = match lang {
            Some(lang) if !lang.is_empty() => {
                let language = self.language(lang);
                self.scratch_lang = scratch_lang;
                language
            }
            _ => {
                let position = self.xml.lexer.place_position(place);
                self.xml.report.push(position, "<tuv> without xml:lang skipped".to_owned());
                return Err(Broken);
            }
        };
        let Some(segment) = segment else {
            self.xml.report.push(
                self.xml.lexer.place_position(place),
                format!("<tuv xml:lang=\"{}\"> without <seg> skipped", lang.original),
            );
            return Err(Broken);
        };
        Ok(Variant { lang, metadata, props, notes, segment })
    }

    /// Reads the content of the element just started (`seg`, `hi`, `sub`) as segment text.
    ///
    /// The text and tags grow in [`Parser::scratch_segment`] and are then copied into a segment
    /// of their size: one allocation each rather than one per doubling. A `<sub>` read inside
    /// takes the scratch segment while it is being used and grows its own.
    fn parse_content(&mut self, depth: usize) -> Result<Segment, Broken> {
        let mut scratch = std::mem::take(&mut self.scratch_segment);
        scratch.text.clear();
        scratch.tags.clear();
        let read = self.parse_content_into(&mut scratch, depth);
        let segment = Segment {
            text: scratch.text.as_str().to_owned(),
            tags: scratch.tags.drain(..).collect(),
        };
        self.scratch_segment = scratch;
        read.map(|()| segment)
    }

    fn parse_content_into(&mut self, segment: &mut Segment, depth: usize) -> Result<(), Broken> {
        let mut broken = false;
        loop {
            match self.xml.next_token() {
                Token::Text => {
                    if let Some((lines, column, c)) = first_forbidden_char(&self.xml.lexer.text) {
                        let (start_line, start_column) = self.xml.lexer.position();
                        let place = if lines == 0 {
                            (start_line, start_column + column)
                        } else {
                            (start_line + lines, column + 1)
                        };
                        let message = format!(
                            "control character U+{:04X} is not allowed in XML; the unit is skipped",
                            u32::from(c)
                        );
                        self.xml.report.push(place, message);
                        broken = true;
                    } else if (segment.text.len() + self.xml.lexer.text.len()) as u64
                        > crate::xml::input::MAX_TOKEN_BYTES
                    {
                        if !broken {
                            let message = format!(
                                "the segment is longer than {} MB, the limit for one segment; \
                                 the unit is skipped",
                                crate::xml::input::MAX_TOKEN_BYTES / (1024 * 1024)
                            );
                            self.xml.report.push(self.xml.lexer.position(), message);
                        }
                        broken = true;
                    } else if push_text(segment, &self.xml.lexer.text).is_err() {
                        broken = true;
                    }
                }
                Token::Ref => match resolve_reference(self.xml.lexer.text()) {
                    Ok(c) => {
                        let mut encoded = [0u8; 4];
                        if push_text(segment, c.encode_utf8(&mut encoded)).is_err() {
                            broken = true;
                        }
                    }
                    Err(()) => {
                        let message =
                            reference_message(self.xml.lexer.text(), "the unit is skipped");
                        self.xml.report.push(self.xml.lexer.position(), message);
                        broken = true;
                    }
                },
                Token::Start if depth >= self.options.max_inline_depth => {
                    self.xml.report.push(
                        self.xml.lexer.position(),
                        format!(
                            "inline markup nested deeper than {} levels; the unit is skipped",
                            self.options.max_inline_depth
                        ),
                    );
                    self.xml.skip_element();
                    broken = true;
                }
                Token::Start => {
                    let kind = match self.xml.lexer.name() {
                        "bpt" => Some(InlineKind::Bpt),
                        "ept" => Some(InlineKind::Ept),
                        "it" => Some(InlineKind::It),
                        "ph" => Some(InlineKind::Ph),
                        "ut" => Some(InlineKind::Ut),
                        _ => None,
                    };
                    let result = match (kind, self.xml.lexer.name()) {
                        (Some(kind), _) => self.parse_code_tag(segment, kind, depth),
                        (None, "hi") => self.parse_hi(segment, depth),
                        (None, _) => self.parse_foreign_element(segment, depth),
                    };
                    if result.is_err() {
                        broken = true;
                    }
                }
                Token::End | Token::Eof => break,
                Token::DocType => {}
            }
        }
        if broken {
            return Err(Broken);
        }
        Ok(())
    }

    /// Appends a placeholder for `tag`.
    fn push_tag(&mut self, segment: &mut Segment, tag: InlineTag) -> Result<(), Broken> {
        push_tag(segment, tag).map_err(|TooManyTags| {
            self.xml.report.push(
                self.xml.lexer.position(),
                format!("more than {MAX_TAGS_PER_SEGMENT} inline tags in one segment; the unit is skipped"),
            );
            Broken
        })
    }

    fn parse_code_tag(
        &mut self,
        segment: &mut Segment,
        kind: InlineKind,
        depth: usize,
    ) -> Result<(), Broken> {
        let attributes = match self.attributes() {
            Ok(attributes) => attributes,
            Err(Broken) => {
                self.xml.skip_element();
                return Err(Broken);
            }
        };
        let mut code = Vec::new();
        self.parse_code_into(&mut code, depth + 1)?;
        self.push_tag(segment, InlineTag { kind, attributes, code })
    }

    /// Reads native code (the content of `bpt ept it ph ut`) up to the current element's end.
    fn parse_code_into(&mut self, code: &mut Vec<CodePart>, depth: usize) -> Result<(), Broken> {
        let mut broken = false;
        loop {
            match self.xml.next_token() {
                Token::Text => push_code_text(code, self.xml.lexer.text()),
                Token::Ref => match resolve_reference(self.xml.lexer.text()) {
                    Ok(c) => push_code_text(code, c.encode_utf8(&mut [0u8; 4])),
                    Err(()) => {
                        let message =
                            reference_message(self.xml.lexer.text(), "the unit is skipped");
                        self.xml.report.push(self.xml.lexer.position(), message);
                        broken = true;
                    }
                },
                Token::Start if depth >= self.options.max_inline_depth => {
                    self.xml.report.push(
                        self.xml.lexer.position(),
                        format!(
                            "inline markup nested deeper than {} levels; the unit is skipped",
                            self.options.max_inline_depth
                        ),
                    );
                    self.xml.skip_element();
                    broken = true;
                }
                Token::Start if self.xml.lexer.name() == "sub" => {
                    let attributes = match self.attributes() {
                        Ok(attributes) => attributes,
                        Err(Broken) => {
                            self.xml.skip_element();
                            broken = true;
                            continue;
                        }
                    };
                    let place = self.xml.lexer.save_place();
                    match self.parse_content(depth + 1) {
                        Ok(mut segment) => {
                            self.repair_pairs(&mut segment, place);
                            code.push(CodePart::Sub(Sub { attributes, segment }));
                        }
                        Err(Broken) => broken = true,
                    }
                }
                Token::Start => {
                    // Real markup inside native code should have been escaped; keep it as the
                    // code text it stands for.
                    let self_closing = self.xml.lexer.self_closing;
                    let name = self.xml.lexer.name().to_owned();
                    push_code_text(
                        code,
                        &format!(
                            "<{}{}>",
                            self.xml.lexer.start_raw,
                            if self_closing { "/" } else { "" }
                        ),
                    );
                    self.parse_code_into(code, depth + 1)?;
                    if !self_closing {
                        push_code_text(code, &format!("</{name}>"));
                    }
                }
                Token::End | Token::Eof => break,
                Token::DocType => {}
            }
        }
        if broken { Err(Broken) } else { Ok(()) }
    }

    fn parse_hi(&mut self, segment: &mut Segment, depth: usize) -> Result<(), Broken> {
        let attributes = match self.attributes() {
            Ok(attributes) => attributes,
            Err(Broken) => {
                self.xml.skip_element();
                return Err(Broken);
            }
        };
        self.push_tag(
            segment,
            InlineTag { kind: InlineKind::HiStart, attributes, code: Vec::new() },
        )?;
        self.parse_content_into(segment, depth + 1)?;
        self.push_tag(
            segment,
            InlineTag { kind: InlineKind::HiEnd, attributes: Vec::new(), code: Vec::new() },
        )
    }

    /// An element TMX does not allow in a segment (XLIFF's `<g>`, `<x/>`, HTML): its tags become
    /// `<ph>` native code, its content stays text.
    fn parse_foreign_element(&mut self, segment: &mut Segment, depth: usize) -> Result<(), Broken> {
        let name = self.xml.lexer.name().to_owned();
        let self_closing = self.xml.lexer.self_closing;
        self.xml.report.push(
            self.xml.lexer.position(),
            format!("<{name}> is not TMX inline markup; kept as <ph> native code"),
        );
        let start_code =
            format!("<{}{}>", self.xml.lexer.start_raw, if self_closing { "/" } else { "" });
        self.push_tag(
            segment,
            InlineTag {
                kind: InlineKind::Ph,
                attributes: Vec::new(),
                code: vec![CodePart::Text(start_code)],
            },
        )?;
        self.parse_content_into(segment, depth + 1)?;
        if !self_closing {
            self.push_tag(
                segment,
                InlineTag {
                    kind: InlineKind::Ph,
                    attributes: Vec::new(),
                    code: vec![CodePart::Text(format!("</{name}>"))],
                },
            )?;
        }
        Ok(())
    }

    /// Turns `bpt`/`ept` without a partner in the same segment into `it`, as TMX 1.4b §3.6
    /// prescribes for isolated codes, and an `it` without a valid `pos` into `ph`; reports each.
    fn repair_pairs(&mut self, segment: &mut Segment, place: Place) {
        // The `i` of each `bpt` still open, borrowed: a tagged segment allocates no copy of it.
        let mut open: Vec<(&str, usize)> = Vec::new();
        let mut isolated: Vec<(usize, &'static str)> = Vec::new();
        let mut invalid_it = Vec::new();
        for (idx, tag) in segment.tags.iter().enumerate() {
            match (tag.kind, tag.attribute("i")) {
                (InlineKind::Bpt, Some(i)) => {
                    if let Some(pos) = open.iter().position(|(open_i, _)| *open_i == i) {
                        isolated.push((open.remove(pos).1, "begin"));
                    }
                    open.push((i, idx));
                }
                (InlineKind::Ept, Some(i)) => {
                    match open.iter().position(|(open_i, _)| *open_i == i) {
                        Some(pos) => {
                            open.remove(pos);
                        }
                        None => isolated.push((idx, "end")),
                    }
                }
                (InlineKind::It, _) if !matches!(tag.attribute("pos"), Some("begin" | "end")) => {
                    invalid_it.push(idx);
                }
                (InlineKind::Bpt, None) => isolated.push((idx, "begin")),
                (InlineKind::Ept, None) => isolated.push((idx, "end")),
                _ => {}
            }
        }
        isolated.extend(open.into_iter().map(|(_, idx)| (idx, "begin")));
        if invalid_it.is_empty() && isolated.is_empty() {
            return;
        }
        let position = self.xml.lexer.place_position(place);
        for idx in invalid_it {
            self.xml.report.push(
                position,
                "<it> without pos=\"begin\" or pos=\"end\"; kept as <ph>".to_owned(),
            );
            let tag = &mut segment.tags[idx];
            tag.kind = InlineKind::Ph;
            tag.attributes.retain(|attribute| attribute.name != "pos");
        }
        isolated.sort_unstable();
        for (idx, pos) in isolated {
            let tag = &mut segment.tags[idx];
            let element = if tag.kind == InlineKind::Bpt { "bpt" } else { "ept" };
            let shown = match tag.attribute("i") {
                Some(i) => format!("<{element} i=\"{i}\"> has no partner in its segment"),
                None => format!("<{element}> without an i attribute"),
            };
            self.xml.report.push(position, format!("{shown}; kept as <it pos=\"{pos}\">"));
            tag.kind = InlineKind::It;
            tag.attributes.retain(|attribute| attribute.name != "i" && attribute.name != "pos");
            tag.attributes.insert(0, Attribute { name: "pos".to_owned(), value: pos.to_owned() });
        }
    }
}

/// How many different languages `variants` have; without allocating for the usual few.
fn count_languages(variants: &[Variant]) -> usize {
    if variants.len() > 8 {
        let mut languages: Vec<&str> = variants.iter().map(|v| v.lang.tag.as_str()).collect();
        languages.sort_unstable();
        languages.dedup();
        return languages.len();
    }
    variants
        .iter()
        .enumerate()
        .filter(|(idx, variant)| {
            variants[..*idx].iter().all(|earlier| earlier.lang.tag != variant.lang.tag)
        })
        .count()
}

fn attribute_value<'a>(attributes: &'a [Attribute], name: &str) -> Option<&'a str> {
    attributes.iter().find(|attribute| attribute.name == name).map(|a| a.value.as_str())
}

struct TooManyTags;

fn push_tag(segment: &mut Segment, tag: InlineTag) -> Result<(), TooManyTags> {
    let placeholder = Segment::placeholder(segment.tags.len()).ok_or(TooManyTags)?;
    segment.text.push(placeholder);
    segment.tags.push(tag);
    Ok(())
}

/// Appends text, turning literal private-use characters into [`InlineKind::PrivateUse`] tags so
/// that every private-use character in a segment is a placeholder.
fn push_text(segment: &mut Segment, text: &str) -> Result<(), TooManyTags> {
    // U+E000–U+F8FF is EE 80 80 – EF A3 BF in UTF-8; U+F900 and above (CJK compatibility,
    // full-width forms) start with EF A4 or higher and are ordinary text.
    let bytes = text.as_bytes();
    let has_private_use = memchr::memchr2_iter(0xEE, 0xEF, bytes)
        .any(|idx| bytes[idx] == 0xEE || bytes.get(idx + 1).is_some_and(|&next| next < 0xA4));
    if !has_private_use {
        segment.text.push_str(text);
        return Ok(());
    }
    for c in text.chars() {
        if Segment::placeholder_index(c).is_some() {
            push_tag(
                segment,
                InlineTag {
                    kind: InlineKind::PrivateUse,
                    attributes: Vec::new(),
                    code: vec![CodePart::Text(c.to_string())],
                },
            )?;
        } else {
            segment.text.push(c);
        }
    }
    Ok(())
}

fn push_code_text(code: &mut Vec<CodePart>, text: &str) {
    match code.last_mut() {
        Some(CodePart::Text(last)) => last.push_str(text),
        _ => {
            // Native code often arrives in pieces (`&lt;` `b` `&gt;`): room for a short tag
            // saves growing it piece by piece.
            let mut part = String::with_capacity(text.len().max(16));
            part.push_str(text);
            code.push(CodePart::Text(part));
        }
    }
}
