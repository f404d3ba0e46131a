//! Decoding article files: encoding detection for plain text, text extraction from HTML and DOCX.
//!
//! Plain text: a BOM wins (UTF-8, UTF-16LE/BE); then UTF-16 without BOM is recognised by where its
//! NUL bytes fall; otherwise valid UTF-8 is UTF-8; otherwise
//! `chardetng` guesses among the legacy encodings (GBK is read with the GB18030 decoder, its
//! superset). Decoding never replaces bad bytes: an invalid byte is an error with line and column.

use std::{borrow::Cow, io::Read as _, sync::LazyLock};

use encoding_rs::{Encoding, UTF_8};
use quick_xml::events::Event;
use regex::bytes::Regex as BytesRegex;
use scraper::{Html, Node};

use crate::articles::{DecodeError, Decoded};

/// The kinds of file we know how to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    PlainText,
    Html,
    Docx,
}

pub(super) fn decode_file(bytes: &[u8], file_name: &str) -> Result<Decoded, DecodeError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(DecodeError::Empty { file_name: file_name.to_owned() });
    }
    let extension = file_name.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase());
    let container = match extension.as_deref() {
        Some("docx") => Container::Docx,
        Some("html" | "htm" | "xhtml") => Container::Html,
        _ if looks_like_html(bytes) => Container::Html,
        _ => Container::PlainText,
    };
    let decoded = match container {
        Container::Docx => decode_docx(bytes, file_name)?,
        Container::Html => {
            reject_binary(bytes, file_name)?;
            let declared = declared_html_charset(bytes);
            let (text, encoding) = decode_text_bytes(bytes, file_name, declared)?;
            Decoded { text: html_to_text(&text), encoding }
        }
        Container::PlainText => {
            reject_binary(bytes, file_name)?;
            let (text, encoding) = decode_text_bytes(bytes, file_name, None)?;
            Decoded { text: text.replace("\r\n", "\n").replace('\r', "\n"), encoding }
        }
    };
    if decoded.text.trim().is_empty() {
        return Err(DecodeError::Empty { file_name: file_name.to_owned() });
    }
    Ok(decoded)
}

/// Known binary signatures, checked before anything else so the error names the format.
const BINARY_SIGNATURES: &[(&[u8], &str)] = &[
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (only .docx files are read as Word documents)"),
    (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "a legacy Office file such as .doc"),
    (b"\x89PNG", "a PNG image"),
    (b"\xFF\xD8\xFF", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"{\\rtf", "an RTF document"),
];

fn reject_binary(bytes: &[u8], file_name: &str) -> Result<(), DecodeError> {
    let binary = |what: String| DecodeError::Binary { file_name: file_name.to_owned(), what };
    if let Some((_, what)) = BINARY_SIGNATURES.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Err(binary((*what).to_owned()));
    }
    // UTF-16 text legitimately contains NUL bytes.
    if Encoding::for_bom(bytes).is_some_and(|(encoding, _)| encoding != UTF_8)
        || sniff_utf16_without_bom(bytes).is_some()
    {
        return Ok(());
    }
    if let Some(offset) = bytes.iter().position(|&byte| byte == 0) {
        return Err(binary(format!("binary data (NUL byte at offset {offset})")));
    }
    let n_controls = bytes
        .iter()
        .filter(|&&byte| byte < 0x20 && !matches!(byte, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
        .count();
    if n_controls * 100 > bytes.len() {
        return Err(binary(format!("binary data ({n_controls} control bytes)")));
    }
    Ok(())
}

/// Decodes bytes to a string without replacement characters; returns the text and encoding name.
fn decode_text_bytes(
    bytes: &[u8],
    file_name: &str,
    declared: Option<&'static Encoding>,
) -> Result<(String, String), DecodeError> {
    let (encoding, bom_length) = match Encoding::for_bom(bytes) {
        Some((encoding, bom_length)) => (encoding, bom_length),
        None => match sniff_utf16_without_bom(bytes) {
            Some(encoding) => (encoding, 0),
            None => (detect_encoding(bytes, declared), 0),
        },
    };
    let body = &bytes[bom_length..];
    let text = decode_strictly(body, encoding, file_name)?;
    Ok((text, encoding.name().to_owned()))
}

fn detect_encoding(bytes: &[u8], declared: Option<&'static Encoding>) -> &'static Encoding {
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    if let Some(encoding) = declared
        && encoding.decode_without_bom_handling_and_without_replacement(bytes).is_some()
    {
        return superset(encoding);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = superset(detector.guess(None, chardetng::Utf8Detection::Allow));
    if guess.decode_without_bom_handling_and_without_replacement(bytes).is_some() {
        return guess;
    }
    // The detector's guess fails on a stray byte; prefer whichever Chinese encoding reads the whole
    // file, and fall back to the guess so the error reports where it breaks.
    [encoding_rs::GB18030, encoding_rs::BIG5]
        .into_iter()
        .find(|candidate| {
            candidate.decode_without_bom_handling_and_without_replacement(bytes).is_some()
        })
        .unwrap_or(guess)
}

/// GBK and GB2312 files are read with GB18030, which decodes a superset of both.
fn superset(encoding: &'static Encoding) -> &'static Encoding {
    if encoding == encoding_rs::GBK { encoding_rs::GB18030 } else { encoding }
}

fn decode_strictly(
    bytes: &[u8],
    encoding: &'static Encoding,
    file_name: &str,
) -> Result<String, DecodeError> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder.max_utf8_buffer_length_without_replacement(bytes.len()).unwrap_or(0);
    let mut text = String::with_capacity(capacity);
    let mut n_read = 0;
    loop {
        let (result, read) =
            decoder.decode_to_string_without_replacement(&bytes[n_read..], &mut text, true);
        n_read += read;
        match result {
            encoding_rs::DecoderResult::InputEmpty => return Ok(text),
            encoding_rs::DecoderResult::OutputFull => text.reserve(4 * (bytes.len() - n_read) + 16),
            // `text` holds everything decoded before the bad byte, so its end is the position.
            encoding_rs::DecoderResult::Malformed(..) => {
                let (line, column) = line_and_column(&text);
                return Err(DecodeError::Malformed {
                    file_name: file_name.to_owned(),
                    encoding: encoding.name().to_owned(),
                    line,
                    column,
                });
            }
        }
    }
}

/// UTF-16 without a BOM, recognised by NUL bytes only at odd (little-endian) or only at even
/// (big-endian) offsets, from the ASCII characters (line breaks, digits) that every article has,
/// and by decoding to text with line breaks and no control characters.
fn sniff_utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 2 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let n_zero_even = bytes.iter().step_by(2).filter(|&&byte| byte == 0).count();
    let n_zero_odd = bytes.iter().skip(1).step_by(2).filter(|&&byte| byte == 0).count();
    let encoding = match (n_zero_even, n_zero_odd) {
        (0, 1..) => encoding_rs::UTF_16LE,
        (1.., 0) => encoding_rs::UTF_16BE,
        _ => return None,
    };
    let text = encoding.decode_without_bom_handling_and_without_replacement(bytes)?;
    // Real articles have line breaks; binary data that happens to decode rarely does.
    let is_text = text.contains('\n')
        && !text.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'));
    is_text.then_some(encoding)
}

/// The 1-based line and column just after `prefix`.
fn line_and_column(prefix: &str) -> (usize, usize) {
    let line = prefix.matches('\n').count() + 1;
    let last_line = prefix.rsplit('\n').next().unwrap_or("");
    (line, last_line.chars().count() + 1)
}

fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(512)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

/// `None` only if the literal pattern were invalid, which the HTML charset test rules out.
static META_CHARSET: LazyLock<Option<BytesRegex>> =
    LazyLock::new(|| BytesRegex::new(r#"(?i)<meta[^>]*charset\s*=\s*["']?([A-Za-z0-9_\-]+)"#).ok());

fn declared_html_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let label = META_CHARSET.as_ref()?.captures(head)?.get(1)?;
    Encoding::for_label(label.as_bytes())
}

/// Elements whose content is never article text.
const SKIPPED_ELEMENTS: &[&str] = &[
    "head", "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "iframe", "svg", "button", "select", "object", "canvas",
];

/// Elements that start a new paragraph.
const BLOCK_ELEMENTS: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "tr",
    "table",
    "section",
    "article",
    "main",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "hr",
    "title",
    "body",
    "address",
    "center",
    "td",
    "th",
];

/// Extracts visible text from an HTML page, one paragraph per line.
fn html_to_text(html: &str) -> String {
    let document = Html::parse_document(html);
    let mut out = String::with_capacity(html.len() / 2);
    // An explicit stack instead of recursion: pages can be nested thousands of levels deep.
    enum Step<NodeRef> {
        Enter(NodeRef),
        LeaveBlock,
    }
    let mut stack = vec![Step::Enter(document.tree.root())];
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::LeaveBlock => {
                out.push('\n');
                continue;
            }
            Step::Enter(node) => node,
        };
        match node.value() {
            Node::Text(text) => push_collapsed(&mut out, &text[..]),
            Node::Element(element) => {
                let name = element.name();
                if SKIPPED_ELEMENTS.contains(&name) {
                    continue;
                }
                if BLOCK_ELEMENTS.contains(&name) {
                    out.push('\n');
                    stack.push(Step::LeaveBlock);
                }
                stack.extend(node.children().rev().map(Step::Enter));
            }
            Node::Document | Node::Fragment => stack.extend(node.children().rev().map(Step::Enter)),
            _ => {}
        }
    }
    tidy_lines(&out)
}

/// Appends HTML text with runs of whitespace collapsed to one space, as a browser renders it.
fn push_collapsed(out: &mut String, text: &str) {
    for character in text.chars() {
        if character.is_ascii_whitespace() {
            if !out.ends_with([' ', '\n']) {
                out.push(' ');
            }
        } else {
            out.push(character);
        }
    }
}

/// Trims every line and removes empty lines.
fn tidy_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines().map(str::trim).filter(|line| !line.is_empty()) {
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn decode_docx(bytes: &[u8], file_name: &str) -> Result<Decoded, DecodeError> {
    let docx_error = |detail: String| DecodeError::Docx { file_name: file_name.to_owned(), detail };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|error| docx_error(format!("not a ZIP archive ({error})")))?;
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .map_err(|_| docx_error("it has no word/document.xml".to_owned()))?
        .read_to_string(&mut xml)
        .map_err(|error| docx_error(format!("cannot read word/document.xml ({error})")))?;
    let text = docx_document_text(&xml).map_err(|(position, detail)| {
        let (line, column) = line_and_column(xml.get(..position).unwrap_or(&xml));
        DecodeError::DocxXml { file_name: file_name.to_owned(), line, column, detail }
    })?;
    Ok(Decoded { text, encoding: "UTF-8".to_owned() })
}

/// The text of `word/document.xml`, one `w:p` paragraph per line; the error is a byte position.
fn docx_document_text(xml: &str) -> Result<String, (usize, String)> {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().trim_text(false);
    let mut out = String::new();
    // Depth of open `w:t` elements: only their text is document text (not field codes, not
    // deleted revisions, which live in `w:instrText` and `w:delText`).
    let mut in_text_run = false;
    loop {
        let event = reader.read_event().map_err(|error| {
            (usize::try_from(reader.error_position()).unwrap_or(0), error.to_string())
        })?;
        match event {
            Event::Start(element) => match element.local_name().as_ref() {
                "t" => in_text_run = true,
                "p" if !out.is_empty() && !out.ends_with('\n') => out.push('\n'),
                _ => {}
            },
            Event::Empty(element) => match element.local_name().as_ref() {
                "tab" => out.push('\t'),
                "br" | "cr" => out.push('\n'),
                _ => {}
            },
            Event::End(element) => match element.local_name().as_ref() {
                "t" => in_text_run = false,
                "p" => out.push('\n'),
                _ => {}
            },
            Event::Text(text) if in_text_run => out.push_str(&text.xml10_content()),
            Event::CData(text) if in_text_run => out.push_str(&text.xml10_content()),
            Event::GeneralRef(reference) if in_text_run => {
                let resolved: Option<Cow<'_, str>> =
                    match reference.resolve_char_ref().ok().flatten() {
                        Some(character) => Some(Cow::Owned(character.to_string())),
                        None => {
                            let name = reference.xml10_content();
                            quick_xml::escape::resolve_predefined_entity(&name).map(Cow::Borrowed)
                        }
                    };
                match resolved {
                    Some(text) => out.push_str(&text),
                    None => {
                        let position = usize::try_from(reader.buffer_position()).unwrap_or(0);
                        return Err((position, "unknown entity reference".to_owned()));
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(tidy_lines(&out))
}

/// Whether the HTML charset pattern compiled.
#[cfg(test)]
pub(super) fn all_patterns_compile() -> bool {
    META_CHARSET.is_some()
}
