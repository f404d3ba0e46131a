//! A tolerant XML token stream, the core of the TMX and TBX readers.
//!
//! [`Lexer`] turns quick-xml's events into a stream of tokens that is always well nested: a
//! missing end tag is supplied (and reported), a stray end tag is dropped (and reported), a
//! truncated file gets its open elements closed (and reported). Every such repair bumps
//! [`Lexer::damage`], so a reader can drop whatever a repair touched. Entity references arrive
//! as [`Token::Ref`] and are never expanded.

use std::{borrow::Cow, io, io::BufRead};

use quick_xml::{XmlVersion, events::BytesStart, events::Event};

use super::{
    Skipped,
    input::{Input, Place, Sniffed},
};

/// Problems found so far, in file order.
#[derive(Default)]
pub(crate) struct Report {
    pub(crate) items: Vec<Skipped>,
}

impl Report {
    pub(crate) fn push(&mut self, (line, column): (u32, u32), message: String) {
        self.items.push(Skipped { line, column, message });
    }
}

/// What the lexer hands the parser. The data of the current token lives in the lexer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Token {
    /// An element starts: [`Lexer::name`], [`Lexer::start`]. Always followed, eventually, by
    /// its [`Token::End`].
    Start,
    /// The innermost open element ends.
    End,
    /// Character data (text or CDATA), literal: [`Lexer::text`].
    Text,
    /// An entity or character reference; its name (`amp`, `#x41`) is [`Lexer::text`].
    Ref,
    /// The document type declaration; its content is [`Lexer::text`].
    DocType,
    /// End of input; every element has been closed.
    Eof,
}

/// After this many errors without progress the input is given up.
const MAX_ERRORS_WITHOUT_PROGRESS: u32 = 8;

pub(crate) struct Lexer<R> {
    pub(crate) xml: quick_xml::Reader<Input<R>>,
    pub(crate) buf: Vec<u8>,
    /// Names of the open elements; `stack[..depth]` is live, the rest is reused capacity.
    pub(crate) stack: Vec<String>,
    pub(crate) depth: usize,
    /// Ends to hand out before reading on (synthesised or for a self-closing element).
    pub(crate) pending_ends: usize,
    pub(crate) eof: bool,
    /// The current start tag's raw content (name and attributes) and name length.
    pub(crate) start_raw: String,
    pub(crate) name_len: usize,
    pub(crate) self_closing: bool,
    pub(crate) text: String,
    /// Repairs made so far; a unit is skipped if this grew while it was read.
    pub(crate) damage: u64,
    pub(crate) io_error: Option<io::Error>,
    pub(crate) n_malformed_reported: u64,
    pub(crate) encoding: &'static str,
    pub(crate) error_offset: u64,
    pub(crate) n_errors_without_progress: u32,
}

impl<R: BufRead> Lexer<R> {
    /// Line and column where the current token starts.
    pub(crate) fn position(&mut self) -> (u32, u32) {
        self.xml.get_mut().marked_position()
    }

    /// Saves where the current token starts, for a report that may come later; lines are
    /// counted to it only if that report comes.
    pub(crate) fn save_place(&mut self) -> Place {
        self.xml.get_mut().save_mark()
    }

    /// Line and column of a saved place.
    pub(crate) fn place_position(&mut self, place: Place) -> (u32, u32) {
        self.xml.get_mut().place_position(place)
    }

    /// Drops the saved places; none may be used afterwards.
    pub(crate) fn forget_places(&mut self) {
        self.xml.get_mut().forget_places();
    }

    pub(crate) fn name(&self) -> &str {
        &self.start_raw[..self.name_len]
    }

    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// The element names from the root to the innermost open one, for messages.
    pub(crate) fn open_elements(&self) -> String {
        self.stack[..self.depth].iter().map(|name| format!("<{name}>")).collect::<Vec<_>>().join("")
    }

    fn push_open(&mut self, name_len: usize) {
        if self.depth == self.stack.len() {
            self.stack.push(String::new());
        }
        let slot = &mut self.stack[self.depth];
        slot.clear();
        slot.push_str(&self.start_raw[..name_len]);
        self.depth += 1;
    }

    fn pop_end(&mut self) -> Token {
        self.depth = self.depth.saturating_sub(1);
        Token::End
    }

    pub(crate) fn next(&mut self, report: &mut Report) -> Token {
        if self.pending_ends > 0 {
            self.pending_ends -= 1;
            return self.pop_end();
        }
        if self.eof {
            return self.close_all_at_eof(report);
        }
        loop {
            self.buf.clear();
            self.xml.get_mut().mark();
            let event = self.xml.read_event_into(&mut self.buf);
            let n_malformed = self.xml.get_ref().n_malformed();
            if n_malformed > self.n_malformed_reported {
                self.n_malformed_reported = n_malformed;
                report.push(
                    self.xml.get_mut().marked_position(),
                    format!(
                        "bytes that are not valid {} were replaced by U+FFFD near here",
                        self.encoding
                    ),
                );
            }
            match event {
                Ok(Event::Start(start)) | Ok(Event::Empty(start))
                    if !is_xml_name(start.name().as_ref()) =>
                {
                    report.push(
                        self.xml.get_mut().marked_position(),
                        format!("malformed tag <{}> ignored", truncate(&start, 40)),
                    );
                    self.damage += 1;
                }
                Ok(Event::Start(start)) => {
                    self.name_len = take_start(&mut self.start_raw, &start);
                    self.self_closing = false;
                    self.push_open(self.name_len);
                    return Token::Start;
                }
                Ok(Event::Empty(start)) => {
                    self.name_len = take_start(&mut self.start_raw, &start);
                    self.self_closing = true;
                    self.push_open(self.name_len);
                    self.pending_ends = 1;
                    return Token::Start;
                }
                Ok(Event::End(end)) => {
                    let name = end.name();
                    let name = name.as_ref();
                    if self.depth > 0 && self.stack[self.depth - 1] == name {
                        return self.pop_end();
                    }
                    match self.stack[..self.depth].iter().rposition(|open| open == name) {
                        Some(idx) => {
                            let unclosed = self.stack[idx + 1..self.depth]
                                .iter()
                                .map(|open| format!("</{open}>"))
                                .collect::<Vec<_>>()
                                .join("");
                            report.push(
                                self.xml.get_mut().marked_position(),
                                format!("missing {unclosed} before </{name}>"),
                            );
                            self.damage += 1;
                            self.pending_ends = self.depth - idx - 1;
                            return self.pop_end();
                        }
                        None => {
                            report.push(
                                self.xml.get_mut().marked_position(),
                                format!("end tag </{name}> without a start tag ignored"),
                            );
                            self.damage += 1;
                        }
                    }
                }
                Ok(Event::Text(text)) => {
                    self.text.clear();
                    self.text.push_str(&text.xml10_content());
                    return Token::Text;
                }
                Ok(Event::CData(cdata)) => {
                    self.text.clear();
                    self.text.push_str(&cdata.xml10_content());
                    return Token::Text;
                }
                Ok(Event::GeneralRef(reference)) => {
                    self.text.clear();
                    self.text.push_str(&reference);
                    return Token::Ref;
                }
                Ok(Event::DocType(doctype)) => {
                    self.text.clear();
                    self.text.push_str(&doctype);
                    return Token::DocType;
                }
                Ok(Event::Decl(_) | Event::PI(_) | Event::Comment(_)) => {}
                Ok(Event::Eof) => {
                    self.eof = true;
                    return self.close_all_at_eof(report);
                }
                Err(quick_xml::Error::Io(error)) => {
                    report.push(
                        self.xml.get_mut().marked_position(),
                        format!("reading stopped: {error}"),
                    );
                    self.io_error = Some(io::Error::new(error.kind(), error.to_string()));
                    self.eof = true;
                    return self.close_all_at_eof(report);
                }
                Err(error) => {
                    self.damage += 1;
                    let offset = self.xml.get_ref().offset();
                    if offset == self.error_offset {
                        self.n_errors_without_progress += 1;
                    } else {
                        self.error_offset = offset;
                        self.n_errors_without_progress = 0;
                    }
                    let message = match &error {
                        quick_xml::Error::Encoding(_) => {
                            format!("text that is not valid {}: {error}", self.encoding)
                        }
                        _ => format!("malformed XML: {error}"),
                    };
                    report.push(self.xml.get_mut().marked_position(), message);
                    if self.n_errors_without_progress >= MAX_ERRORS_WITHOUT_PROGRESS {
                        report.push(
                            self.xml.get_mut().marked_position(),
                            "reading stopped: the parser cannot get past this point".to_owned(),
                        );
                        self.eof = true;
                        return self.close_all_at_eof(report);
                    }
                    // quick-xml stops for good after any error but an ill-formedness one; a new
                    // reader over the same input carries on from where it failed.
                    if !matches!(error, quick_xml::Error::IllFormed(_)) {
                        let failed =
                            std::mem::replace(&mut self.xml, configured_reader(Input::detached()));
                        self.xml = configured_reader(failed.into_inner());
                    }
                }
            }
        }
    }

    fn close_all_at_eof(&mut self, report: &mut Report) -> Token {
        if self.depth == 0 {
            return Token::Eof;
        }
        report.push(
            self.xml.get_mut().current_position(),
            format!("the file ends inside {} (truncated?)", self.open_elements()),
        );
        self.damage += 1;
        self.pending_ends = self.depth - 1;
        self.pop_end()
    }
}

/// Copies a start tag's content; returns the length of its name.
fn take_start(start_raw: &mut String, start: &BytesStart<'_>) -> usize {
    start_raw.clear();
    start_raw.push_str(start);
    start.name().as_ref().len()
}

/// A name quick-xml accepted but XML does not (`< b</seg` parses as a start tag).
fn is_xml_name(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let is_name_char = |c: char| {
        c.is_alphanumeric() || matches!(c, '_' | ':' | '-' | '.' | '\u{B7}') || c as u32 >= 0x300
    };
    (first.is_alphabetic() || first == '_' || first == ':') && chars.all(is_name_char)
}

pub(crate) fn truncate(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((idx, _)) => format!("{}…", &text[..idx]),
        None => text.to_owned(),
    }
}

/// A unit or element that cannot be used; the reason has been reported.
pub(crate) struct Broken;

/// The character a reference stands for, or `Err` for anything but the five predefined
/// entities and valid character references.
pub(crate) fn resolve_reference(name: &str) -> Result<char, ()> {
    match name {
        "lt" => Ok('<'),
        "gt" => Ok('>'),
        "amp" => Ok('&'),
        "apos" => Ok('\''),
        "quot" => Ok('"'),
        _ => {
            let number = name.strip_prefix('#').ok_or(())?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16),
                None => number.parse::<u32>(),
            }
            .map_err(|_| ())?;
            match char::from_u32(code) {
                Some(c) if is_xml_char(c) => Ok(c),
                _ => Err(()),
            }
        }
    }
}

/// Whether XML 1.0 allows `c` in a document (its `Char` production): not the C0 controls but
/// tab, line feed and carriage return, nor U+FFFE and U+FFFF (surrogates are no `char`).
pub(crate) fn is_xml_char(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' => true,
        '\u{0}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => false,
        _ => true,
    }
}

/// Where in `text` (lines down, and the 1-based column on the last of them, from its start) the
/// first character XML forbids is, with that character.
pub(crate) fn first_forbidden_char(text: &str) -> Option<(u32, u32, char)> {
    if !may_hold_forbidden_char(text.as_bytes()) {
        return None;
    }
    let (mut lines, mut column) = (0u32, 0u32);
    for c in text.chars() {
        if !is_xml_char(c) {
            return Some((lines, column, c));
        }
        if c == '\n' {
            lines += 1;
            column = 0;
        } else {
            column += 1;
        }
    }
    None
}

/// False when `bytes` (UTF-8) surely hold no character XML forbids: no C0 control but tab and
/// line breaks, and no `EF BF` (the lead of U+FFFE and U+FFFF, and of a few rare half-width
/// forms). Runs on every text of every segment read, so it checks a block of bytes at a time
/// without a branch per byte, which the compiler turns into vector instructions.
fn may_hold_forbidden_char(bytes: &[u8]) -> bool {
    let is_forbidden_control =
        |byte: u8| (byte < 0x20) & (byte != b'\t') & (byte != b'\n') & (byte != b'\r');
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        if block.iter().fold(false, |found, &byte| found | is_forbidden_control(byte)) {
            return true;
        }
    }
    blocks.remainder().iter().any(|&byte| is_forbidden_control(byte))
        || memchr::memchr_iter(0xEF, bytes).any(|idx| bytes.get(idx + 1) == Some(&0xBF))
}

pub(crate) fn reference_message(name: &str, consequence: &str) -> String {
    let shown = truncate(name, 40);
    if name.starts_with('#') {
        format!("invalid character reference &{shown}; {consequence}")
    } else {
        format!(
            "entity reference &{shown}; is not expanded (only &lt; &gt; &amp; &apos; &quot; and \
             character references are; external entities and entity expansion are refused); \
             {consequence}"
        )
    }
}

/// A quick-xml reader set up for recovery.
fn configured_reader<R: BufRead>(input: Input<R>) -> quick_xml::Reader<Input<R>> {
    let mut xml = quick_xml::Reader::from_reader(input);
    let config = xml.config_mut();
    // Nesting is checked by the lexer, where it can be repaired; quick-xml would only stop.
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    // `AT&T` is a common mistake; take the `&` literally rather than lose the unit.
    config.allow_dangling_amp = true;
    config.expand_empty_elements = false;
    config.trim_text(false);
    xml
}

impl<R: BufRead> Lexer<R> {
    /// Decodes `input` (see [`Input`]) and sets quick-xml up for recovery.
    pub(crate) fn open(input: R) -> io::Result<(Lexer<R>, Sniffed)> {
        let (input, sniffed) = Input::open(input)?;
        let xml = configured_reader(input);
        let lexer = Lexer {
            xml,
            buf: Vec::with_capacity(4096),
            stack: Vec::new(),
            depth: 0,
            pending_ends: 0,
            eof: false,
            start_raw: String::new(),
            name_len: 0,
            self_closing: false,
            text: String::new(),
            damage: 0,
            io_error: None,
            n_malformed_reported: 0,
            encoding: sniffed.encoding.name(),
            error_offset: u64::MAX,
            n_errors_without_progress: 0,
        };
        Ok((lexer, sniffed))
    }

    /// The current start tag's attributes (name, unescaped value), or `Broken` after reporting
    /// a malformed one.
    pub(crate) fn attributes(
        &mut self,
        report: &mut Report,
    ) -> Result<Vec<(String, String)>, Broken> {
        let mut attributes = Vec::new();
        let read = visit_attributes(&self.start_raw, self.name_len, |name, value| {
            attributes.push((name.to_owned(), value.into_owned()));
        });
        match read {
            Ok(()) => Ok(attributes),
            Err(problem) => {
                report.push(self.xml.get_mut().marked_position(), problem);
                Err(Broken)
            }
        }
    }
}

/// Hands each attribute of a start tag (`start_raw`: its name, of `name_len` bytes, and its
/// attributes) to `visit` as (name, unescaped value), in order; or says what is wrong with the
/// first one that is malformed, after visiting those before it.
///
/// quick-xml's check for a repeated name keeps the names read in a vector, an allocation for
/// every tag with attributes; the names are kept on the stack here instead, and quick-xml's
/// checked reading runs only to word a problem, so the message is the one it gives.
pub(crate) fn visit_attributes(
    start_raw: &str,
    name_len: usize,
    mut visit: impl FnMut(&str, Cow<'_, str>),
) -> Result<(), String> {
    let start = BytesStart::from_content(start_raw, name_len);
    let mut attributes = start.attributes();
    attributes.with_checks(false);
    let mut names_on_stack = [""; 8];
    let mut names_on_heap = Vec::new();
    for (n_names, attribute) in attributes.enumerate() {
        let Ok(attribute) = attribute else {
            return Err(attribute_problem(&start, &start_raw[..name_len]));
        };
        let name = attribute.key.0;
        let repeated = names_on_stack[..n_names.min(names_on_stack.len())].contains(&name)
            || names_on_heap.contains(&name);
        if repeated {
            return Err(attribute_problem(&start, &start_raw[..name_len]));
        }
        match names_on_stack.get_mut(n_names) {
            Some(slot) => *slot = name,
            None => names_on_heap.push(name),
        }
        match attribute.normalized_value(XmlVersion::Implicit1_0) {
            Ok(value) => visit(name, value),
            Err(_) => return Err(attribute_problem(&start, &start_raw[..name_len])),
        }
    }
    Ok(())
}

/// What is wrong with the first malformed attribute of `start`, as quick-xml's checked reading
/// (repeated names included) finds it.
#[cold]
fn attribute_problem(start: &BytesStart<'_>, element: &str) -> String {
    for attribute in start.attributes() {
        match attribute {
            Ok(attribute) => {
                if let Err(error) = attribute.normalized_value(XmlVersion::Implicit1_0) {
                    return format!(
                        "attribute {} of <{element}>: {error} (entities other than the five \
                         predefined ones are never expanded)",
                        attribute.key.as_ref(),
                    );
                }
            }
            Err(error) => return format!("malformed attributes in <{element}>: {error}"),
        }
    }
    // Not reached: the unchecked reading found a problem, and the checked one finds it too.
    format!("malformed attributes in <{element}>")
}

/// Escapes text for XML 1.0 content (`attribute == false`) or a double-quoted attribute value.
/// Carriage returns (and in attributes tabs and newlines) become character references so that
/// they survive a parser's end-of-line and attribute-value normalisation. Characters XML 1.0
/// cannot carry become U+FFFD; returns how many.
pub(crate) fn escape(out: &mut String, text: &str, attribute: bool) -> u64 {
    let mut n_replaced = 0;
    let bytes = text.as_bytes();
    let mut run_start = 0;
    let mut idx = 0;
    while idx < bytes.len() {
        let byte = bytes[idx];
        let (replacement, width): (&str, usize) = match byte {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' if attribute => ("&quot;", 1),
            b'\r' => ("&#xD;", 1),
            b'\n' if attribute => ("&#xA;", 1),
            b'\t' if attribute => ("&#x9;", 1),
            b'\n' | b'\t' => {
                idx += 1;
                continue;
            }
            0x00..=0x1F => {
                n_replaced += 1;
                ("\u{FFFD}", 1)
            }
            // U+FFFE and U+FFFF are not XML characters.
            0xEF if bytes.get(idx + 1) == Some(&0xBF)
                && matches!(bytes.get(idx + 2), Some(0xBE | 0xBF)) =>
            {
                n_replaced += 1;
                ("\u{FFFD}", 3)
            }
            _ => {
                idx += 1;
                continue;
            }
        };
        out.push_str(&text[run_start..idx]);
        out.push_str(replacement);
        idx += width;
        run_start = idx;
    }
    out.push_str(&text[run_start..]);
    n_replaced
}
