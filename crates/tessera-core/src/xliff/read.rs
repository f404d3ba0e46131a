//! The tolerant XLIFF reader, over the TMX reader's lexer (a well-nested token stream that
//! never expands entities).
//!
//! A segment whose span saw a repair (the lexer's damage counter grew) or an unusable entity is
//! left out, with a report; everything else in the file is still read.

use std::io::BufRead;

use super::{
    CodeRole, Document, File, InlineCode, ReadError, Segment, State, TransSegment, Unit, Version,
};
use crate::{
    model::LanguageTag,
    tmx,
    xml::lexer::{Broken, Lexer, Report, Token, reference_message, resolve_reference, truncate},
};

/// Inline markup nested deeper than this drops the segment.
const MAX_INLINE_DEPTH: usize = 16;

struct Reader<R> {
    lexer: Lexer<R>,
    report: Report,
    version: Version,
    n_encoding_warnings: usize,
    /// `x:` when the root is `<x:xliff>`: XLIFF elements then carry this prefix.
    prefix: String,
}

pub(super) fn read_document<R: BufRead>(input: R) -> Result<Document, ReadError> {
    let (lexer, sniffed) = Lexer::open(input)?;
    let mut reader = Reader {
        lexer,
        report: Report::default(),
        version: Version::V1_2,
        n_encoding_warnings: 0,
        prefix: String::new(),
    };
    if let Some(warning) = sniffed.warning {
        reader.report.push((1, 1), warning);
        reader.n_encoding_warnings = 1;
    }
    let root = reader.find_root()?;
    let version_attribute = value(&root, "version").unwrap_or("");
    let namespace_attribute = if reader.prefix.is_empty() {
        "xmlns".to_owned()
    } else {
        format!("xmlns:{}", reader.prefix.trim_end_matches(':'))
    };
    let namespace = value(&root, &namespace_attribute).unwrap_or("");
    reader.version = if version_attribute.starts_with("2.0") {
        Version::V2_0
    } else if version_attribute.starts_with('2') {
        Version::V2_1
    } else if version_attribute.is_empty() && namespace.contains(":2.") {
        Version::V2_0
    } else {
        Version::V1_2
    };
    let mut document = Document {
        version: reader.version,
        source_lang: LanguageTag::parse(value(&root, "srcLang").unwrap_or("")),
        target_lang: value(&root, "trgLang").map(LanguageTag::parse),
        files: Vec::new(),
        skipped: Vec::new(),
    };
    let mut first_file_langs = None;
    loop {
        match reader.next_token() {
            Token::Start if reader.name() == "file" => {
                let (file, langs) = reader.parse_file();
                if first_file_langs.is_none() {
                    first_file_langs = Some(langs);
                }
                document.files.push(file);
            }
            Token::Start => reader.skip_element(),
            Token::End | Token::Eof => break,
            Token::Text | Token::Ref | Token::DocType => {}
        }
    }
    if !reader.version.is_2()
        && let Some((source, target)) = first_file_langs
    {
        document.source_lang = LanguageTag::parse(source.as_deref().unwrap_or(""));
        document.target_lang = target.as_deref().map(LanguageTag::parse);
    }
    if document.source_lang.as_str().is_empty() {
        let message = if reader.version.is_2() {
            "<xliff> has no srcLang"
        } else {
            "<file> has no source-language"
        };
        reader.report.push((1, 1), message.to_owned());
    }
    if let Some(error) = reader.lexer.io_error.take() {
        return Err(ReadError::Io(error));
    }
    document.skipped = reader.report.items;
    Ok(document)
}

fn value<'a>(attributes: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attributes.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
}

type FileLanguages = (Option<String>, Option<String>);

impl<R: BufRead> Reader<R> {
    fn next_token(&mut self) -> Token {
        self.lexer.next(&mut self.report)
    }

    /// The current element's name without the root's prefix.
    fn name(&self) -> &str {
        let name = self.lexer.name();
        name.strip_prefix(self.prefix.as_str()).filter(|_| !self.prefix.is_empty()).unwrap_or(name)
    }

    fn attributes(&mut self) -> Vec<(String, String)> {
        self.lexer.attributes(&mut self.report).unwrap_or_default()
    }

    /// Reads up to the root element, checks that it is `<xliff>` and returns its attributes.
    fn find_root(&mut self) -> Result<Vec<(String, String)>, ReadError> {
        loop {
            match self.next_token() {
                Token::Start => {
                    if let Some((prefix, "xliff")) = self.lexer.name().split_once(':') {
                        self.prefix = format!("{prefix}:");
                    } else if self.lexer.name() != "xliff" {
                        let (line, column) = self.lexer.position();
                        return Err(ReadError::NotXliff {
                            line,
                            column,
                            found: truncate(self.lexer.name(), 40),
                        });
                    }
                    return Ok(self.attributes());
                }
                Token::Text if self.lexer.text().trim().is_empty() => {}
                Token::Text | Token::Ref => {
                    let (line, column) = self.lexer.position();
                    let message = format!(
                        "text before the first element: {:?}",
                        truncate(self.lexer.text().trim(), 40)
                    );
                    return Err(self.not_xml(line, column, message));
                }
                Token::DocType => {
                    if self.lexer.text().contains("<!ENTITY") {
                        self.report.push(
                            self.lexer.position(),
                            "the DOCTYPE declares entities; they are never expanded (external \
                             entities and entity expansion are refused)"
                                .to_owned(),
                        );
                    }
                }
                Token::End => {}
                Token::Eof => {
                    if let Some(error) = self.lexer.io_error.take() {
                        return Err(ReadError::Io(error));
                    }
                    let (line, column) = self.lexer.position();
                    let message =
                        "no element found (the file is empty or has only a prolog)".to_owned();
                    return Err(self.not_xml(line, column, message));
                }
            }
        }
    }

    fn not_xml(&self, line: u32, column: u32, message: String) -> ReadError {
        match self.report.items.get(self.n_encoding_warnings) {
            Some(first) => ReadError::NotXml {
                line: first.line,
                column: first.column,
                message: first.message.clone(),
            },
            None => ReadError::NotXml { line, column, message },
        }
    }

    /// Consumes the element just started, with everything in it.
    fn skip_element(&mut self) {
        let mut depth = 0usize;
        loop {
            match self.next_token() {
                Token::Start => depth += 1,
                Token::End if depth == 0 => return,
                Token::End => depth -= 1,
                Token::Eof => return,
                Token::Text | Token::Ref | Token::DocType => {}
            }
        }
    }

    /// The text of the element just started, its child elements' text included.
    fn plain_content(&mut self) -> String {
        let mut text = String::new();
        let mut depth = 0usize;
        loop {
            match self.next_token() {
                Token::Text => text.push_str(self.lexer.text()),
                Token::Ref => match resolve_reference(self.lexer.text()) {
                    Ok(c) => text.push(c),
                    Err(()) => {
                        let message = reference_message(self.lexer.text(), "it is left out");
                        self.report.push(self.lexer.position(), message);
                    }
                },
                Token::Start => depth += 1,
                Token::End if depth == 0 => return text,
                Token::End => depth -= 1,
                Token::Eof => return text,
                Token::DocType => {}
            }
        }
    }

    fn parse_file(&mut self) -> (File, FileLanguages) {
        let attributes = self.attributes();
        let mut file = File {
            id: value(&attributes, "id").map(str::to_owned),
            original: value(&attributes, "original").map(str::to_owned),
            datatype: value(&attributes, "datatype").map(str::to_owned),
            units: Vec::new(),
        };
        let langs = (
            value(&attributes, "source-language").map(str::to_owned),
            value(&attributes, "target-language").map(str::to_owned),
        );
        let translate = value(&attributes, "translate") != Some("no");
        self.parse_container(&mut file.units, translate);
        (file, langs)
    }

    /// Reads the children of `<file>`, `<body>` or `<group>`, collecting units; `translate` is
    /// what units inherit.
    fn parse_container(&mut self, units: &mut Vec<Unit>, translate: bool) {
        loop {
            match self.next_token() {
                Token::Start => match (self.version.is_2(), self.name()) {
                    (false, "body") => self.parse_container(units, translate),
                    (_, "group") => {
                        let attributes = self.attributes();
                        let inherited = match value(&attributes, "translate") {
                            Some(value) => value != "no",
                            None => translate,
                        };
                        self.parse_container(units, inherited);
                    }
                    (false, "trans-unit") => {
                        if let Some(unit) = self.parse_unit_1_2(translate) {
                            units.push(unit);
                        }
                    }
                    (true, "unit") => {
                        if let Some(unit) = self.parse_unit_2(translate) {
                            units.push(unit);
                        }
                    }
                    _ => self.skip_element(),
                },
                Token::End | Token::Eof => return,
                Token::Text | Token::Ref | Token::DocType => {}
            }
        }
    }

    fn new_unit(&mut self, translate: bool) -> (Unit, (u32, u32)) {
        let position = self.lexer.position();
        let attributes = self.attributes();
        let unit = Unit {
            id: value(&attributes, "id").unwrap_or("").to_owned(),
            name: value(&attributes, if self.version.is_2() { "name" } else { "resname" })
                .map(str::to_owned),
            translate: match value(&attributes, "translate") {
                Some(value) => value != "no",
                None => translate,
            },
            ..Unit::default()
        };
        (unit, position)
    }

    fn parse_unit_1_2(&mut self, translate: bool) -> Option<Unit> {
        let (mut unit, position) = self.new_unit(translate);
        let damage_before = self.lexer.damage;
        let mut segment = TransSegment::default();
        let mut has_source = false;
        let mut broken = false;
        // The segmentation of `<seg-source>`, when it has one, and the target's pieces then.
        let mut source_pieces: Option<Vec<Piece>> = None;
        let mut target_pieces: Option<Vec<Piece>> = None;
        loop {
            match self.next_token() {
                Token::Start => match self.name() {
                    "source" if !has_source => {
                        has_source = true;
                        match self.parse_segment_content() {
                            Ok(source) => segment.source = source,
                            Err(Broken) => broken = true,
                        }
                    }
                    "seg-source" if source_pieces.is_none() => match self.parse_pieces() {
                        Ok(pieces) => source_pieces = Some(pieces),
                        Err(Broken) => broken = true,
                    },
                    "target" if segment.target.is_none() && target_pieces.is_none() => {
                        let attributes = self.attributes();
                        segment.state =
                            value(&attributes, "state").and_then(|state| self.state_1_2(state));
                        if source_pieces.is_some() {
                            match self.parse_pieces() {
                                Ok(pieces) => target_pieces = Some(pieces),
                                Err(Broken) => broken = true,
                            }
                        } else {
                            match self.parse_segment_content() {
                                Ok(target) => segment.target = Some(target),
                                Err(Broken) => broken = true,
                            }
                        }
                    }
                    "note" => {
                        let note = self.plain_content();
                        unit.notes.push(note);
                    }
                    _ => self.skip_element(),
                },
                Token::End | Token::Eof => break,
                Token::Text | Token::Ref | Token::DocType => {}
            }
        }
        if !has_source {
            self.report.push(
                position,
                format!("<trans-unit id=\"{}\"> has no <source>; it is skipped", unit.id),
            );
            return None;
        }
        if broken || self.lexer.damage != damage_before {
            self.report.push(
                position,
                format!("<trans-unit id=\"{}\"> is skipped (see the problems above)", unit.id),
            );
            return None;
        }
        match source_pieces {
            Some(pieces) if pieces.iter().any(|piece| matches!(piece, Piece::Marked(..))) => {
                let target_marked = target_pieces.as_ref().is_some_and(|pieces| {
                    pieces.iter().any(|piece| matches!(piece, Piece::Marked(..)))
                });
                match target_pieces {
                    Some(target_pieces) if !target_marked => {
                        // A target without the segmentation: the unit stays one segment.
                        segment.target = target_pieces.into_iter().next().map(Piece::into_segment);
                        unit.segments.push(segment);
                    }
                    target_pieces => {
                        unit.segmented = true;
                        let state = segment.state;
                        unit.segments = segmented(pieces, target_pieces.unwrap_or_default(), state);
                    }
                }
            }
            _ => {
                if let Some(target_pieces) = target_pieces {
                    segment.target = target_pieces.into_iter().next().map(Piece::into_segment);
                }
                unit.segments.push(segment);
            }
        }
        Some(unit)
    }

    /// Reads `<seg-source>` or a segmented `<target>`: the `<mrk mtype="seg">` segments and the
    /// text and codes between them.
    fn parse_pieces(&mut self) -> Result<Vec<Piece>, Broken> {
        let mut pieces = Vec::new();
        let mut between = Segment::default();
        let mut broken = false;
        loop {
            match self.next_token() {
                Token::Text => {
                    if push_text(&mut between, &self.lexer.text).is_err() {
                        broken = true;
                    }
                }
                Token::Ref => match resolve_reference(self.lexer.text()) {
                    Ok(c) => {
                        if push_text(&mut between, c.encode_utf8(&mut [0u8; 4])).is_err() {
                            broken = true;
                        }
                    }
                    Err(()) => {
                        let message = reference_message(self.lexer.text(), "the unit is skipped");
                        self.report.push(self.lexer.position(), message);
                        broken = true;
                    }
                },
                Token::Start if self.name() == "mrk" => {
                    let attributes = self.lexer.attributes(&mut self.report).unwrap_or_default();
                    if value(&attributes, "mtype") == Some("seg") {
                        if !between.text.is_empty() {
                            pieces.push(Piece::Between(std::mem::take(&mut between)));
                        }
                        let mid = value(&attributes, "mid").unwrap_or("").to_owned();
                        let mut marked = Segment::default();
                        if self.parse_inline(&mut marked, 1).is_err() {
                            broken = true;
                        }
                        pieces.push(Piece::Marked(mid, marked));
                    } else if self.parse_code(&mut between, 1).is_err() {
                        broken = true;
                    }
                }
                Token::Start => {
                    if self.parse_code(&mut between, 1).is_err() {
                        broken = true;
                    }
                }
                Token::End | Token::Eof => break,
                Token::DocType => {}
            }
        }
        if !between.text.is_empty() {
            pieces.push(Piece::Between(between));
        }
        if broken { Err(Broken) } else { Ok(pieces) }
    }

    fn state_1_2(&mut self, state: &str) -> Option<State> {
        Some(match state {
            "new" | "needs-translation" | "needs-l10n" | "needs-adaptation" => State::Initial,
            "translated" => State::Translated,
            "needs-review-translation" | "needs-review-l10n" | "needs-review-adaptation" => {
                State::NeedsReview
            }
            "signed-off" => State::Reviewed,
            "final" => State::Final,
            other => {
                let message = format!("unknown target state {:?} ignored", truncate(other, 40));
                self.report.push(self.lexer.position(), message);
                return None;
            }
        })
    }

    fn state_2(&mut self, state: Option<&str>, sub_state: Option<&str>) -> Option<State> {
        Some(match state? {
            "initial" => State::Initial,
            "translated" if sub_state == Some("tessera:needs-review") => State::NeedsReview,
            "translated" => State::Translated,
            "reviewed" => State::Reviewed,
            "final" => State::Final,
            other => {
                let message = format!("unknown segment state {:?} ignored", truncate(other, 40));
                self.report.push(self.lexer.position(), message);
                return None;
            }
        })
    }

    fn parse_unit_2(&mut self, translate: bool) -> Option<Unit> {
        let (mut unit, position) = self.new_unit(translate);
        let mut n_left_out = 0;
        loop {
            match self.next_token() {
                Token::Start => match self.name() {
                    "notes" => self.parse_notes_2(&mut unit.notes),
                    "originalData" => self.parse_original_data(&mut unit.original_data),
                    name @ ("segment" | "ignorable") => {
                        let ignorable = name == "ignorable";
                        match self.parse_segment_2(ignorable) {
                            Some(segment) => unit.segments.push(segment),
                            None => n_left_out += 1,
                        }
                    }
                    _ => self.skip_element(),
                },
                Token::End | Token::Eof => break,
                Token::Text | Token::Ref | Token::DocType => {}
            }
        }
        if n_left_out > 0 {
            // A unit missing a segment would be written back shorter than it came.
            self.report.push(
                position,
                format!(
                    "<unit id=\"{}\"> is skipped: {n_left_out} of its segments could not be read",
                    unit.id
                ),
            );
            return None;
        }
        if unit.segments.is_empty() {
            self.report.push(position, format!("<unit id=\"{}\"> has no segment", unit.id));
            return None;
        }
        Some(unit)
    }

    fn parse_notes_2(&mut self, notes: &mut Vec<String>) {
        loop {
            match self.next_token() {
                Token::Start if self.name() == "note" => {
                    let note = self.plain_content();
                    notes.push(note);
                }
                Token::Start => self.skip_element(),
                Token::End | Token::Eof => return,
                Token::Text | Token::Ref | Token::DocType => {}
            }
        }
    }

    fn parse_original_data(&mut self, data: &mut Vec<(String, String)>) {
        loop {
            match self.next_token() {
                Token::Start if self.name() == "data" => {
                    let attributes = self.attributes();
                    let id = value(&attributes, "id").unwrap_or("").to_owned();
                    let code = self.plain_content();
                    data.push((id, code));
                }
                Token::Start => self.skip_element(),
                Token::End | Token::Eof => return,
                Token::Text | Token::Ref | Token::DocType => {}
            }
        }
    }

    fn parse_segment_2(&mut self, ignorable: bool) -> Option<TransSegment> {
        let position = self.lexer.position();
        let damage_before = self.lexer.damage;
        let attributes = self.attributes();
        let mut segment = TransSegment {
            id: value(&attributes, "id").map(str::to_owned),
            ignorable,
            ..TransSegment::default()
        };
        segment.state = self.state_2(value(&attributes, "state"), value(&attributes, "subState"));
        let mut has_source = false;
        let mut broken = false;
        loop {
            match self.next_token() {
                Token::Start => match self.name() {
                    "source" if !has_source => {
                        has_source = true;
                        match self.parse_segment_content() {
                            Ok(source) => segment.source = source,
                            Err(Broken) => broken = true,
                        }
                    }
                    "target" if segment.target.is_none() => match self.parse_segment_content() {
                        Ok(target) => segment.target = Some(target),
                        Err(Broken) => broken = true,
                    },
                    _ => self.skip_element(),
                },
                Token::End | Token::Eof => break,
                Token::Text | Token::Ref | Token::DocType => {}
            }
        }
        if !has_source {
            self.report.push(position, "a segment without <source>".to_owned());
            return None;
        }
        if broken || self.lexer.damage != damage_before {
            return None;
        }
        Some(segment)
    }

    /// Reads a `<source>` or `<target>` just started.
    fn parse_segment_content(&mut self) -> Result<Segment, Broken> {
        let mut segment = Segment::default();
        self.parse_inline(&mut segment, 0)?;
        Ok(segment)
    }

    fn parse_inline(&mut self, segment: &mut Segment, depth: usize) -> Result<(), Broken> {
        let mut broken = false;
        loop {
            match self.next_token() {
                Token::Text => {
                    if push_text(segment, &self.lexer.text).is_err() {
                        broken = true;
                    }
                }
                Token::Ref => match resolve_reference(self.lexer.text()) {
                    Ok(c) => {
                        if push_text(segment, c.encode_utf8(&mut [0u8; 4])).is_err() {
                            broken = true;
                        }
                    }
                    Err(()) => {
                        let message =
                            reference_message(self.lexer.text(), "the segment is skipped");
                        self.report.push(self.lexer.position(), message);
                        broken = true;
                    }
                },
                Token::Start if depth >= MAX_INLINE_DEPTH => {
                    self.report.push(
                        self.lexer.position(),
                        format!(
                            "inline markup nested deeper than {MAX_INLINE_DEPTH} levels; the \
                             segment is skipped"
                        ),
                    );
                    self.skip_element();
                    broken = true;
                }
                Token::Start => {
                    if self.parse_code(segment, depth).is_err() {
                        broken = true;
                    }
                }
                Token::End | Token::Eof => break,
                Token::DocType => {}
            }
        }
        if broken { Err(Broken) } else { Ok(()) }
    }

    /// An inline element just started.
    fn parse_code(&mut self, segment: &mut Segment, depth: usize) -> Result<(), Broken> {
        let element = self.name().to_owned();
        let role = match (self.version.is_2(), element.as_str()) {
            (false, "g" | "mrk") | (true, "pc" | "mrk") => CodeRole::Start,
            (false, "x" | "bx" | "ex" | "ph" | "bpt" | "ept" | "it")
            | (true, "ph" | "sc" | "ec" | "sm" | "em" | "cp") => CodeRole::Standalone,
            _ => {
                self.report.push(
                    self.lexer.position(),
                    format!(
                        "<{}> is not XLIFF {} inline markup; its tags are left out, its text kept",
                        truncate(&element, 40),
                        self.version.as_str()
                    ),
                );
                return self.parse_inline(segment, depth + 1);
            }
        };
        let attributes = match self.lexer.attributes(&mut self.report) {
            Ok(attributes) => attributes,
            Err(Broken) => {
                self.skip_element();
                return Err(Broken);
            }
        };
        // 1.2 segmentation markers (`seg-source` is not kept, so a unit is one segment): the
        // marker goes, its text stays.
        if !self.version.is_2() && element == "mrk" && value(&attributes, "mtype") == Some("seg") {
            return self.parse_inline(segment, depth + 1);
        }
        if role == CodeRole::Standalone {
            let content = self.plain_content();
            if element == "cp"
                && let Some(c) = value(&attributes, "hex")
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .and_then(char::from_u32)
                    .filter(|&c| is_xml_char(c))
            {
                return push_text(segment, c.encode_utf8(&mut [0u8; 4])).map_err(|_| Broken);
            }
            let code = InlineCode { role, element, attributes, content, start: None };
            return self.push_code(segment, code);
        }
        let start_idx = segment.codes.len();
        let start = InlineCode {
            role: CodeRole::Start,
            element: element.clone(),
            attributes,
            content: String::new(),
            start: None,
        };
        self.push_code(segment, start)?;
        self.parse_inline(segment, depth + 1)?;
        let end = InlineCode {
            role: CodeRole::End,
            element,
            attributes: Vec::new(),
            content: String::new(),
            start: Some(start_idx),
        };
        self.push_code(segment, end)
    }

    fn push_code(&mut self, segment: &mut Segment, code: InlineCode) -> Result<(), Broken> {
        push_code(segment, code).map_err(|TooManyCodes| {
            self.report.push(
                self.lexer.position(),
                format!(
                    "more than {} inline codes in one segment; the segment is skipped",
                    tmx::MAX_TAGS_PER_SEGMENT
                ),
            );
            Broken
        })
    }
}

/// A piece of segmented 1.2 content.
enum Piece {
    /// Text and codes outside any segment.
    Between(Segment),
    /// A `<mrk mtype="seg" mid="…">` segment.
    Marked(String, Segment),
}

impl Piece {
    fn into_segment(self) -> Segment {
        match self {
            Piece::Between(segment) | Piece::Marked(_, segment) => segment,
        }
    }
}

/// The segments of a unit with `<seg-source>`: each marked piece a segment with its `mid` as id
/// and the target piece of the same `mid`, the text between them ignorable (with the target's
/// text between, in order). The target's state applies to every segment with a target.
fn segmented(source: Vec<Piece>, target: Vec<Piece>, state: Option<State>) -> Vec<TransSegment> {
    let mut target_marked = Vec::new();
    let mut target_between = Vec::new();
    for piece in target {
        match piece {
            Piece::Marked(mid, segment) => target_marked.push((mid, segment)),
            Piece::Between(segment) => target_between.push(segment),
        }
    }
    let mut target_between = target_between.into_iter();
    source
        .into_iter()
        .map(|piece| match piece {
            Piece::Between(source) => TransSegment {
                ignorable: true,
                source,
                target: target_between.next(),
                ..TransSegment::default()
            },
            Piece::Marked(mid, source) => {
                let target = target_marked
                    .iter()
                    .position(|(target_mid, _)| *target_mid == mid)
                    .map(|idx| target_marked.remove(idx).1)
                    // An empty marker stands for a segment not translated yet.
                    .filter(|target| !target.text.is_empty());
                TransSegment {
                    id: Some(mid),
                    state: target.as_ref().and(state),
                    source,
                    target,
                    ..TransSegment::default()
                }
            }
        })
        .collect()
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

struct TooManyCodes;

fn push_code(segment: &mut Segment, code: InlineCode) -> Result<(), TooManyCodes> {
    let placeholder = tmx::Segment::placeholder(segment.codes.len()).ok_or(TooManyCodes)?;
    segment.text.push(placeholder);
    segment.codes.push(code);
    Ok(())
}

/// Appends text, turning literal private-use characters into [`CodeRole::Literal`] codes so that
/// every private-use character in a segment is a placeholder.
fn push_text(segment: &mut Segment, text: &str) -> Result<(), TooManyCodes> {
    for c in text.chars() {
        if tmx::Segment::placeholder_index(c).is_some() {
            push_code(
                segment,
                InlineCode {
                    role: CodeRole::Literal,
                    element: String::new(),
                    attributes: Vec::new(),
                    content: c.to_string(),
                    start: None,
                },
            )?;
        } else {
            segment.text.push(c);
        }
    }
    Ok(())
}
