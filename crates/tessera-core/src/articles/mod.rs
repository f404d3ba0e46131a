//! Past bilingual articles: the front half of the import pipeline.
//!
//! A past article is a file (plain text, HTML or DOCX) that holds a Chinese news story, usually
//! followed or interleaved by its English translation, plus the noise of the web page or magazine
//! it was copied from. This module turns it into clean, language-split, sentence-segmented text:
//!
//! 1. [`decode`] detects the encoding or container and returns the text;
//! 2. [`clean`] drops page noise (banners, dates, bylines, related-article lists, spam, captions,
//!    running headers, pinyin reading artefacts…) and reports every dropped span;
//! 3. [`split_languages`] tags Chinese and English blocks, also inside a paragraph where the two run
//!    together;
//! 4. [`segment_sentences`] splits a block into sentences with user-editable
//!    [`SegmentationRules`].
//!
//! [`prepare_article`] runs all four. Everything here is pure and deterministic.
//!
//! ```
//! use tessera_core::articles::{prepare_article, Lang};
//!
//! let file = "重庆举行对外开放大会\n\n会议于5月20日举行。来宾共计三百人。\n\nThe city held an opening-up conference.\n\nThe meeting was held on May 20. Three hundred guests attended.\n";
//! let article = prepare_article(file.as_bytes(), "news.txt").unwrap();
//! assert_eq!(article.title.as_deref(), Some("重庆举行对外开放大会"));
//! assert_eq!(article.zh[1], ["会议于5月20日举行。", "来宾共计三百人。"]);
//! assert_eq!(article.en[1], ["The meeting was held on May 20.", "Three hundred guests attended."]);
//! assert_eq!(article.blocks[0].lang, Lang::Zh);
//! ```

mod clean;
mod decode;
mod segment;
mod split;
#[cfg(test)]
mod tests;

use std::sync::LazyLock;

/// Text decoded from an article file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, with paragraphs on their own lines. HTML and DOCX are reduced to their text.
    pub text: String,
    /// The name of the detected encoding (`UTF-8`, `UTF-16LE`, `gb18030`, `Big5`, …).
    pub encoding: String,
}

/// Why an article file could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The file has no bytes, or only whitespace.
    #[error("{file_name} is empty")]
    Empty {
        /// The file name given to [`decode`].
        file_name: String,
    },
    /// The file is a binary format (image, PDF, archive, legacy Word…) or contains NUL bytes.
    #[error("{file_name} is not a text, HTML or DOCX file: it looks like {what}")]
    Binary {
        /// The file name given to [`decode`].
        file_name: String,
        /// What the bytes look like, e.g. `a PDF file` or `binary data (NUL byte at offset 12)`.
        what: String,
    },
    /// The bytes are not valid in the encoding announced by a BOM or detected from the content.
    #[error("{file_name} is not valid {encoding} at line {line}, column {column}")]
    Malformed {
        /// The file name given to [`decode`].
        file_name: String,
        /// The encoding that was tried.
        encoding: String,
        /// 1-based line of the first bad byte.
        line: usize,
        /// 1-based column (in characters) of the first bad byte.
        column: usize,
    },
    /// A `.docx` file that is not a readable Word document.
    #[error("{file_name} is not a readable DOCX file: {detail}")]
    Docx {
        /// The file name given to [`decode`].
        file_name: String,
        /// What is wrong (not a ZIP archive, no `word/document.xml`, …).
        detail: String,
    },
    /// The `word/document.xml` part of a `.docx` file is not well-formed XML.
    #[error(
        "word/document.xml in {file_name} is malformed at line {line}, column {column}: {detail}"
    )]
    DocxXml {
        /// The file name given to [`decode`].
        file_name: String,
        /// 1-based line in `word/document.xml`.
        line: usize,
        /// 1-based column (in characters) in `word/document.xml`.
        column: usize,
        /// The XML parser's message.
        detail: String,
    },
}

/// Why [`clean`] dropped a span of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DropReason {
    /// Web-page furniture: app banners, share/print links, copyright and licence lines,
    /// lines with no letters at all.
    PageNoise,
    /// A date, time, issue, source or read-count line.
    DateOrIssue,
    /// A `关键词：`/`Keywords:` line.
    KeywordLine,
    /// A related-articles list (`猜你喜欢`, `相关阅读`, …) with its heading.
    RelatedArticles,
    /// Keyword-stuffed or adult spam injected into the page.
    Spam,
    /// A telephone or fax number, or a bare contact label.
    PhoneNumber,
    /// A navigation trail (`首页 > 新闻 > 正文`) or a section label that repeats one of its steps.
    Breadcrumb,
    /// An author byline or editor credit (`编辑：…`, a lone personal name at the top or bottom).
    Byline,
    /// A photo caption or photo credit (`…。主办方供图`).
    Caption,
    /// A magazine running header or page number, or a headline repeated on every page.
    RunningHeader,
    /// A pinyin reading inserted after a character by a converter (`實(shí)`).
    PinyinArtefact,
}

impl DropReason {
    /// A stable, kebab-case name for reports and storage.
    pub fn as_str(self) -> &'static str {
        match self {
            DropReason::PageNoise => "page-noise",
            DropReason::DateOrIssue => "date-or-issue",
            DropReason::KeywordLine => "keyword-line",
            DropReason::RelatedArticles => "related-articles",
            DropReason::Spam => "spam",
            DropReason::PhoneNumber => "phone-number",
            DropReason::Breadcrumb => "breadcrumb",
            DropReason::Byline => "byline",
            DropReason::Caption => "caption",
            DropReason::RunningHeader => "running-header",
            DropReason::PinyinArtefact => "pinyin-artefact",
        }
    }
}

/// A span of the input text that [`clean`] removed, kept so that nothing is lost silently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DroppedSpan {
    /// Start, in characters (not bytes), into the text given to [`clean`].
    pub start: usize,
    /// End (exclusive), in characters, into the text given to [`clean`].
    pub end: usize,
    /// Why it was dropped.
    pub reason: DropReason,
    /// The dropped text, verbatim.
    pub text: String,
}

/// One kept paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Normalised text: odd spaces folded, zero-width characters removed, dropped spans cut out.
    pub text: String,
    /// Start, in characters, of the source span in the text given to [`clean`].
    pub start: usize,
    /// End (exclusive), in characters, of the source span.
    pub end: usize,
}

/// The result of [`clean`]: what was kept and what was dropped.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cleaned {
    /// Kept paragraphs in document order.
    pub paragraphs: Vec<Paragraph>,
    /// Dropped spans in document order.
    pub dropped: Vec<DroppedSpan>,
    /// Index into `paragraphs` of the headline, when the first kept paragraph looks like one.
    pub title_idx: Option<usize>,
}

/// A language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Chinese (simplified or traditional).
    Zh,
    /// English.
    En,
}

/// A run of text in one language, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The block's language.
    pub lang: Lang,
    /// The text, trimmed.
    pub text: String,
    /// Index of the [`Paragraph`] this block comes from.
    pub paragraph_idx: usize,
}

/// Sentence-splitting rules: terminators, closing marks and English abbreviations.
///
/// The defaults live in `data/segmentation-rules.toml`; a user can load their own copy with
/// [`SegmentationRules::from_toml`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentationRules {
    /// Characters that end a Chinese sentence.
    pub zh_terminators: Vec<char>,
    /// Closing quotes and brackets that stay with the sentence before them (both languages).
    pub closers: Vec<char>,
    /// Characters that end an English sentence.
    pub en_terminators: Vec<char>,
    /// English abbreviations (without their final period) after which a period never ends a
    /// sentence, e.g. `Mr`, `No`, `U.S`. Matched case-sensitively.
    pub en_abbreviations: std::collections::BTreeSet<String>,
    /// Whether a period after a single capital letter (an initial, `P.`) never ends a sentence.
    pub en_initials_are_abbreviations: bool,
}

/// Why a segmentation rules file could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RulesError {
    /// The file is not valid TOML or does not have the expected keys.
    #[error("invalid segmentation rules: {0}")]
    Toml(String),
    /// A terminator or closer entry is not exactly one character.
    #[error("invalid segmentation rules: `{entry}` in {key} must be a single character")]
    NotOneCharacter {
        /// The offending key, e.g. `zh.terminators`.
        key: String,
        /// The offending entry.
        entry: String,
    },
}

/// A past article, ready for alignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedArticle {
    /// The decoded text, verbatim (offsets in `dropped` point into it).
    pub text: String,
    /// The detected encoding.
    pub encoding: String,
    /// The headline, when the article starts with one.
    pub title: Option<String>,
    /// Everything the cleaner removed.
    pub dropped: Vec<DroppedSpan>,
    /// Sentences of each Chinese block, in document order.
    pub zh: Vec<Vec<String>>,
    /// Sentences of each English block, in document order.
    pub en: Vec<Vec<String>>,
    /// All language blocks in document order.
    pub blocks: Vec<Block>,
}

/// Decodes an article file into text.
///
/// The file name's extension picks the container: `.html`/`.htm` (or content that starts like an
/// HTML page) is reduced to its visible text without scripts, styles and navigation, `.docx` to its
/// paragraphs. Plain text may be UTF-8 (with or without BOM), UTF-16 with a BOM, GB18030/GBK or
/// Big5; the legacy encodings are detected from the content.
///
/// # Errors
/// [`DecodeError`] for an empty file, binary content, bytes invalid in the detected encoding (with
/// line and column) or a broken DOCX.
pub fn decode(bytes: &[u8], file_name: &str) -> Result<Decoded, DecodeError> {
    decode::decode_file(bytes, file_name)
}

/// Drops page noise from decoded article text and splits it into paragraphs.
///
/// A paragraph is a line, except that a magazine page break inside a line (a removed running
/// header) cuts it, and a headline broken over several very short lines is joined. Every removed
/// span is reported in [`Cleaned::dropped`] with its reason. Odd spaces (no-break, ideographic,
/// thin…) become plain spaces and zero-width characters disappear.
pub fn clean(text: &str) -> Cleaned {
    clean::clean_text(text)
}

/// Splits cleaned paragraphs into Chinese and English blocks in document order.
///
/// A paragraph where Chinese and English run together is cut at the script changes. Latin text
/// inside Chinese (names, brands, glosses in brackets, short all-caps phrases) stays Chinese; a
/// Latin run becomes English only when it reads like English prose or an English headline.
pub fn split_languages(cleaned: &Cleaned) -> Vec<Block> {
    split::split_paragraphs(cleaned)
}

/// Splits one block of text into sentences.
///
/// Chinese ends at the [`SegmentationRules::zh_terminators`] (`。！？` by default, not `；`), English
/// at `.?!` unless the period belongs to an abbreviation or an initial; a missing space after a
/// full stop (`peak.The`) still ends the sentence. Closing quotes and brackets stay with the
/// sentence they close. Text without final punctuation (a headline) is one sentence.
pub fn segment_sentences(text: &str, lang: Lang, rules: &SegmentationRules) -> Vec<String> {
    segment::segment(text, lang, rules)
}

static DEFAULT_RULES: LazyLock<SegmentationRules> = LazyLock::new(SegmentationRules::default);

/// Runs the whole front half: [`decode`], [`clean`], [`split_languages`] and
/// [`segment_sentences`] with the default rules.
///
/// # Errors
/// The [`DecodeError`] of [`decode`].
pub fn prepare_article(bytes: &[u8], file_name: &str) -> Result<PreparedArticle, DecodeError> {
    prepare_article_with_rules(bytes, file_name, &DEFAULT_RULES)
}

/// [`prepare_article`] with user-supplied segmentation rules.
///
/// # Errors
/// The [`DecodeError`] of [`decode`].
pub fn prepare_article_with_rules(
    bytes: &[u8],
    file_name: &str,
    rules: &SegmentationRules,
) -> Result<PreparedArticle, DecodeError> {
    let decoded = decode(bytes, file_name)?;
    let cleaned = clean(&decoded.text);
    let blocks = split_languages(&cleaned);
    let title = cleaned
        .title_idx
        .and_then(|idx| cleaned.paragraphs.get(idx))
        .map(|paragraph| paragraph.text.clone());
    let mut zh = Vec::new();
    let mut en = Vec::new();
    for block in &blocks {
        let sentences = segment_sentences(&block.text, block.lang, rules);
        if sentences.is_empty() {
            continue;
        }
        match block.lang {
            Lang::Zh => zh.push(sentences),
            Lang::En => en.push(sentences),
        }
    }
    Ok(PreparedArticle {
        text: decoded.text,
        encoding: decoded.encoding,
        title,
        dropped: cleaned.dropped,
        zh,
        en,
        blocks,
    })
}

/// The date an article carries (`2023年1月29日`, `January 29, 2023`, `29 January 2023`,
/// `2023-01-29`), the first one found, as `YYYY-MM-DD`; `None` when it names no full date.
pub fn publication_date(text: &str) -> Option<String> {
    // The patterns are constants covered by the tests, so building them cannot fail.
    static PATTERNS: LazyLock<[regex::Regex; 4]> = LazyLock::new(|| {
        let month = "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\\.?";
        [
            regex::Regex::new(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日").expect("valid"),
            regex::Regex::new(&format!(r"\b{month}\s+(\d{{1,2}}),?\s+(\d{{4}})")).expect("valid"),
            regex::Regex::new(&format!(r"\b(\d{{1,2}})\s+{month}\s+(\d{{4}})")).expect("valid"),
            regex::Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})\b").expect("valid"),
        ]
    });
    const MONTHS: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let month_number =
        |name: &str| MONTHS.iter().position(|month| *month == name).map(|idx| idx as u32 + 1);
    let mut found: Vec<(usize, (u32, u32, u32))> = Vec::new();
    for (kind, pattern) in PATTERNS.iter().enumerate() {
        let Some(captures) = pattern.captures(text) else { continue };
        let number = |idx: usize| captures.get(idx).and_then(|m| m.as_str().parse::<u32>().ok());
        let date = match kind {
            0 | 3 => (number(1), number(2), number(3)),
            1 => (number(3), captures.get(1).and_then(|m| month_number(m.as_str())), number(2)),
            _ => (number(3), captures.get(2).and_then(|m| month_number(m.as_str())), number(1)),
        };
        if let (Some(year), Some(month), Some(day)) = date
            && (1900..=2100).contains(&year)
            && (1..=12).contains(&month)
            && (1..=31).contains(&day)
        {
            let at = captures.get(0).map_or(0, |m| m.start());
            found.push((at, (year, month, day)));
        }
    }
    found.sort();
    found.first().map(|(_, (year, month, day))| format!("{year:04}-{month:02}-{day:02}"))
}
