//! Normalisation and tokenisation of segment text, for matching only.
//!
//! Stored text never changes: everything here produces a *matching form* that is compared, hashed
//! and indexed, while displays, diffs and concordance hits point back into the original text through
//! byte ranges.
//!
//! The matching form of a character is, in this order:
//! 1. traditional → simplified Chinese (`fast2s`, which maps character to character and looks at
//!    the neighbours for a few ambiguous characters, plus a short phrase list of our own);
//! 2. NFKC, which folds full-width digits and letters (`２０２４`, `ＡＰＥＣ`) and compatibility forms;
//! 3. lower case;
//! 4. one form per punctuation mark (`。`→`.`, `、`→`,`, all quotes → `"` or `'`, all dashes → `-`, …);
//! 5. whitespace collapsed to one space, dropped at both ends and next to Chinese characters.
//!
//! NFKC is applied character by character (after step 1), so a letter followed by a combining
//! accent does not compose with it; news text uses precomposed letters.
//!
//! ```
//! use tessera_core::text::{is_script_variant, normalize_for_matching};
//!
//! assert_eq!(normalize_for_matching("２０２４年，ＡＰＥＣ　會議"), "2024年,apec会议");
//! assert!(is_script_variant("國際傳播中心", "国际传播中心"));
//! ```

use std::{borrow::Cow, ops::Range};

use unicode_normalization::UnicodeNormalization;

/// The English month names, January first, in lower case: the aligner's anchors, the phrase
/// aligner and memory QA read dates with them.
pub(crate) const ENGLISH_MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// What kind of text a [`Token`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TokenKind {
    /// One Chinese character (Chinese is compared character by character).
    Han,
    /// A run of letters (and digits mixed with letters, such as `5G` or `G20`).
    Word,
    /// A run of digits, with `.` or `,` allowed between digits (`5,839.4`); the matching form drops
    /// the thousands commas.
    Number,
    /// One inline-tag placeholder: a private-use character U+E000–U+F8FF.
    Tag,
    /// One punctuation mark or symbol.
    Punct,
}

impl TokenKind {
    /// Whether the token counts in edit distances and indexes (everything but punctuation).
    pub fn is_content(self) -> bool {
        self != TokenKind::Punct
    }
}

/// One token of a segment, with its place in the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// What kind of token it is.
    pub kind: TokenKind,
    /// Byte range in the original (not normalised) text.
    pub range: Range<usize>,
    /// The matching form (see the module docs).
    pub norm: String,
}

/// Normalised text with a map back to the original.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Normalized {
    /// The matching form, as [`normalize_for_matching`] returns it.
    pub text: String,
    /// For each byte of `text`, the byte range of the original character it came from.
    pub origins: Vec<Range<usize>>,
}

impl Normalized {
    /// The original byte range covered by the normalised byte range `range` (which must lie on
    /// character boundaries of `text`; an empty range maps to an empty range).
    pub fn original_range(&self, range: Range<usize>) -> Range<usize> {
        if range.start >= range.end || range.end > self.origins.len() {
            let at = self.origins.get(range.start).map_or(0, |origin| origin.start);
            return at..at;
        }
        self.origins[range.start].start..self.origins[range.end - 1].end
    }
}

/// The matching form of `text` (see the module docs).
pub fn normalize_for_matching(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut buffer = Vec::new();
    normalized_chars(text, &mut buffer);
    collapse_whitespace(&buffer, |c, _| out.push(c));
    out
}

/// The matching form of `text` with the original range of every byte.
pub fn normalize_with_offsets(text: &str) -> Normalized {
    let mut normalizer = OffsetNormalizer::default();
    normalizer.run(text);
    normalizer.normalized
}

/// [`normalize_with_offsets`] into buffers kept between calls: concordance normalises thousands
/// of hits a search.
#[derive(Debug, Default)]
pub(crate) struct OffsetNormalizer {
    chars: Vec<NormChar>,
    normalized: Normalized,
}

impl OffsetNormalizer {
    /// The matching form of `text` with the original range of every byte.
    pub(crate) fn run(&mut self, text: &str) -> &Normalized {
        normalized_chars(text, &mut self.chars);
        let normalized = &mut self.normalized;
        normalized.text.clear();
        normalized.origins.clear();
        collapse_whitespace(&self.chars, |c, range| {
            normalized.text.push(c);
            for _ in 0..c.len_utf8() {
                normalized.origins.push(range.clone());
            }
        });
        &self.normalized
    }
}

/// Splits `text` into tokens: Chinese by character, Latin (and other spaced scripts) by word,
/// numbers and inline-tag placeholders as their own tokens, punctuation one mark at a time.
/// Whitespace separates tokens and is not a token.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    Tokenizer::default()
        .run(text, |kind, range, norm| tokens.push(Token { kind, range, norm: norm.to_owned() }));
    tokens
}

/// Whether `a` and `b` differ, but only by simplified versus traditional characters.
pub fn is_script_variant(a: &str, b: &str) -> bool {
    a != b && to_simplified(a) == to_simplified(b)
}

/// `text` in simplified characters, character for character (the result has exactly as many
/// characters as `text`). Borrowed when nothing changes.
pub fn to_simplified(text: &str) -> Cow<'_, str> {
    // Most text is already simplified: look each character up in a table before running fast2s.
    let table = traditional_table();
    if !text.chars().any(|c| may_be_traditional(table, c)) {
        return Cow::Borrowed(text);
    }
    let mut converted = fast2s::convert(text);
    if converted.contains(['甚', '藉']) {
        for (from, to) in PHRASE_OVERRIDES {
            if converted.contains(from) {
                converted = converted.replace(from, to);
            }
        }
    }
    if converted == text { Cow::Borrowed(text) } else { Cow::Owned(converted) }
}

/// First character covered by the table of possibly traditional characters.
const TABLE_START: u32 = 0x3400;
/// One past the last character covered (the end of the unified ideographs block).
const TABLE_END: u32 = 0xA000;

/// A bit per character in `TABLE_START..TABLE_END`: set when fast2s may change it. Computed once
/// from fast2s itself, so it can never disagree with the conversion.
fn traditional_table() -> &'static [u64] {
    static TABLE: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut bits = vec![0u64; ((TABLE_END - TABLE_START) as usize).div_ceil(64)];
        let mut set = |c: char| {
            let at = (c as u32 - TABLE_START) as usize;
            bits[at / 64] |= 1 << (at % 64);
        };
        for code in TABLE_START..TABLE_END {
            if let Some(c) = char::from_u32(code) {
                let mut buffer = [0u8; 4];
                if fast2s::convert(c.encode_utf8(&mut buffer)) != *c.encode_utf8(&mut buffer) {
                    set(c);
                }
            }
        }
        // Characters fast2s converts only next to certain neighbours, and our phrase overrides.
        for c in ['藉', '著', '苧', '闔', '鍾', '讎', '畫', '甚'] {
            set(c);
        }
        bits
    })
}

/// Whether `c` may change under t2s: set in the table, or a three-byte character outside it
/// (compatibility ideographs and the like, left to fast2s) but for punctuation, symbols and the
/// private-use placeholders of inline tags, which fast2s leaves alone (a test checks each): a
/// tagged segment must not cost a conversion.
fn may_be_traditional(table: &[u64], c: char) -> bool {
    let code = c as u32;
    if (TABLE_START..TABLE_END).contains(&code) {
        let at = (code - TABLE_START) as usize;
        table[at / 64] & (1 << (at % 64)) != 0
    } else {
        c.len_utf8() == 3
            && !c.is_ascii()
            && !matches!(
                code,
                0x3000..=0x33FF | 0xFF00..=0xFFEF | 0x2000..=0x2BFF | PLACEHOLDER_START..=PLACEHOLDER_END
            )
    }
}

/// Phrases fast2s converts to a valid but unusual simplified form; each pair has the same number
/// of characters, so offsets stay aligned.
const PHRASE_OVERRIDES: [(&str, &str); 2] = [("甚么", "什么"), ("凭藉", "凭借")];

/// Whether `c` is a Chinese character (CJK unified ideographs, extensions and compatibility).
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}'
        | '\u{3007}')
}

/// Whether `c` is a CJK unified ideograph (basic block or extension A): NFKC-stable and
/// caseless, so its own matching form. Unlike [`is_han`], the compatibility ideographs, which
/// NFKC changes, are left out.
fn is_unified_ideograph(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// Whether `c` marks an inline tag.
pub fn is_tag_placeholder(c: char) -> bool {
    (PLACEHOLDER_START..=PLACEHOLDER_END).contains(&(c as u32))
}

/// The private-use characters that stand for inline tags.
const PLACEHOLDER_START: u32 = 0xE000;
const PLACEHOLDER_END: u32 = 0xF8FF;

/// One character of the matching form and the original byte range it came from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NormChar {
    pub(crate) c: char,
    pub(crate) start: u32,
    pub(crate) end: u32,
}

/// Steps 1–4 of the module docs: every original character becomes zero or more normalised
/// characters; whitespace becomes `' '` and is not yet collapsed.
pub(crate) fn normalized_chars(text: &str, out: &mut Vec<NormChar>) {
    out.clear();
    let simplified = to_simplified(text);
    // Most text is simplified already: then its characters are decoded once, not twice.
    let mut simplified_chars = match &simplified {
        Cow::Borrowed(_) => None,
        Cow::Owned(converted) => Some(converted.chars()),
    };
    for (start, original) in text.char_indices() {
        // to_simplified keeps the number of characters, so the two iterators stay aligned.
        let c = simplified_chars.as_mut().and_then(Iterator::next).unwrap_or(original);
        let start_u32 = start as u32;
        let end = (start + original.len_utf8()) as u32;
        let mut push = |c: char| out.push(NormChar { c, start: start_u32, end });
        if c.is_ascii() {
            push(if c.is_ascii_whitespace() { ' ' } else { c.to_ascii_lowercase() });
        } else if is_unified_ideograph(c) {
            push(c);
        } else if let Some(folded) = single_form(c) {
            push(folded);
        } else {
            for folded in std::iter::once(c).nfkc() {
                if folded.is_whitespace() {
                    push(' ');
                } else if folded.is_ascii() {
                    push(folded.to_ascii_lowercase());
                } else {
                    for lower in folded.to_lowercase() {
                        push(unify_punctuation(lower));
                    }
                }
            }
        }
    }
}

/// The ranges of [`single_form`]'s table: general punctuation to CJK symbols and kana, and the
/// half- and full-width forms, where Chinese text has its punctuation.
const FORM_RANGES: [(u32, u32); 2] = [(0x2000, 0x3100), (0xFE00, 0x10000)];

/// What steps 2–4 make of `c` when it is one character, from a table filled once by running them
/// (so it can never disagree with them); `None` when `c` is outside the table or becomes several
/// characters. Punctuation is most of the non-ASCII, non-ideograph characters of Chinese text,
/// and running NFKC on each costs more than the rest of tokenizing it.
fn single_form(c: char) -> Option<char> {
    static TABLE: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table = Vec::new();
        for (start, end) in FORM_RANGES {
            for code in start..end {
                let folded = char::from_u32(code).and_then(fold_one).unwrap_or('\0');
                table.push(folded);
            }
        }
        table
    });
    let code = c as u32;
    let mut offset = 0;
    for (start, end) in FORM_RANGES {
        if (start..end).contains(&code) {
            return table.get((offset + code - start) as usize).copied().filter(|c| *c != '\0');
        }
        offset += end - start;
    }
    None
}

/// Steps 2–4 for one character that is neither ASCII nor a unified ideograph, when they give one
/// character.
fn fold_one(c: char) -> Option<char> {
    let mut folded = std::iter::once(c).nfkc();
    let (Some(folded), None) = (folded.next(), folded.next()) else { return None };
    if folded.is_whitespace() {
        return Some(' ');
    }
    if folded.is_ascii() {
        return Some(folded.to_ascii_lowercase());
    }
    let mut lower = folded.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(lower), None) => Some(unify_punctuation(lower)),
        _ => None,
    }
}

/// Step 5: collapses whitespace and hands every kept character to `emit`.
fn collapse_whitespace(chars: &[NormChar], mut emit: impl FnMut(char, Range<usize>)) {
    let mut pending_space: Option<Range<usize>> = None;
    let mut previous: Option<char> = None;
    for normalized in chars {
        let range = normalized.start as usize..normalized.end as usize;
        if normalized.c == ' ' {
            if previous.is_some() && pending_space.is_none() {
                pending_space = Some(range);
            }
            continue;
        }
        if let (Some(space), Some(before)) = (pending_space.take(), previous)
            && !is_han(before)
            && !is_han(normalized.c)
        {
            emit(' ', space);
        }
        emit(normalized.c, range);
        previous = Some(normalized.c);
    }
}

/// The single form of a punctuation mark that NFKC leaves alone.
fn unify_punctuation(c: char) -> char {
    match c {
        '。' | '｡' => '.',
        '、' | '､' => ',',
        '“' | '”' | '„' | '‟' | '«' | '»' | '「' | '」' | '『' | '』' | '《' | '》' | '〈'
        | '〉' | '〝' | '〞' => '"',
        '‘' | '’' | '‚' | '‛' | '′' => '\'',
        '—' | '–' | '―' | '‒' | '−' | '‐' | '‑' | '─' => '-',
        '•' | '・' | '‧' | '∙' | '･' => '·',
        '【' | '〔' | '〖' => '[',
        '】' | '〕' | '〗' => ']',
        '〜' => '~',
        other => other,
    }
}

/// A reusable tokenizer: keeps its buffers between calls, so indexing a million segments does not
/// allocate per token.
#[derive(Debug, Default)]
pub(crate) struct Tokenizer {
    chars: Vec<NormChar>,
    norm: String,
}

impl Tokenizer {
    /// Calls `emit(kind, original byte range, matching form)` for every token of `text`, in order.
    pub(crate) fn run(&mut self, text: &str, mut emit: impl FnMut(TokenKind, Range<usize>, &str)) {
        normalized_chars(text, &mut self.chars);
        let chars = &self.chars;
        let mut idx = 0;
        while idx < chars.len() {
            let c = chars[idx].c;
            let start = chars[idx].start as usize;
            if c == ' ' {
                idx += 1;
                continue;
            }
            self.norm.clear();
            if is_han(c) || is_tag_placeholder(c) {
                self.norm.push(c);
                let kind = if is_han(c) { TokenKind::Han } else { TokenKind::Tag };
                emit(kind, start..chars[idx].end as usize, &self.norm);
                idx += 1;
                continue;
            }
            if !is_word_char(c) {
                self.norm.push(c);
                emit(TokenKind::Punct, start..chars[idx].end as usize, &self.norm);
                idx += 1;
                continue;
            }
            let mut all_digits = true;
            let mut end_idx = idx;
            while end_idx < chars.len() {
                let current = chars[end_idx].c;
                if is_word_char(current) && !is_han(current) {
                    all_digits &= current.is_ascii_digit();
                    self.norm.push(current);
                    end_idx += 1;
                } else if joins_word(chars, end_idx, all_digits) {
                    // `5,839.4` stays one number and `people's` one word; thousands commas are
                    // dropped from the matching form.
                    if current != ',' {
                        self.norm.push(current);
                    }
                    end_idx += 1;
                } else {
                    break;
                }
            }
            let kind = if all_digits { TokenKind::Number } else { TokenKind::Word };
            emit(kind, start..chars[end_idx - 1].end as usize, &self.norm);
            idx = end_idx;
        }
    }
}

impl Tokenizer {
    /// [`Tokenizer::run`] for callers that need each token's kind and [`token_hash`] only. In
    /// text that needs no script conversion, a unified ideograph is its own matching form and its
    /// own token, and no token spans one: such characters are hashed straight from the text, and
    /// only the runs between them are normalised and tokenised. The tokens are those of
    /// [`Tokenizer::run`] (a test compares both).
    pub(crate) fn run_hashed(&mut self, text: &str, mut emit: impl FnMut(TokenKind, u64)) {
        let table = traditional_table();
        if text.chars().any(|c| may_be_traditional(table, c)) {
            self.run_hashing(text, &mut emit);
            return;
        }
        let mut run_start = 0;
        for (at, c) in text.char_indices() {
            if is_unified_ideograph(c) {
                if run_start < at {
                    self.run_hashing(&text[run_start..at], &mut emit);
                }
                run_start = at + c.len_utf8();
                emit(TokenKind::Han, token_hash(TokenKind::Han, &text[at..run_start]));
            }
        }
        if run_start < text.len() {
            self.run_hashing(&text[run_start..], &mut emit);
        }
    }

    /// [`Tokenizer::run`] of a run of text between Chinese characters, hashed. A run of marks,
    /// spaces and ASCII digits (most runs: the commas and stops of Chinese text, a number in
    /// brackets) is a token per mark and a number per stretch of digits, unless a mark that can
    /// join a number (`.`, `,`, `'`) follows a digit: such runs, and any other, take the full path.
    fn run_hashing(&mut self, text: &str, emit: &mut impl FnMut(TokenKind, u64)) {
        let mut after_digit = false;
        let simple = text.chars().all(|c| {
            let joins =
                after_digit && mark_form(c).is_some_and(|form| matches!(form, '.' | ',' | '\''));
            after_digit = c.is_ascii_digit();
            !joins && (after_digit || mark_form(c).is_some())
        });
        if !simple {
            self.run(text, |kind, _, norm| emit(kind, token_hash(kind, norm)));
            return;
        }
        let mut buffer = [0u8; 4];
        let mut digits_from = None;
        for (at, c) in text.char_indices() {
            if c.is_ascii_digit() {
                digits_from.get_or_insert(at);
                continue;
            }
            if let Some(from) = digits_from.take() {
                emit(TokenKind::Number, token_hash(TokenKind::Number, &text[from..at]));
            }
            if let Some(form) = mark_form(c).filter(|form| *form != ' ') {
                emit(TokenKind::Punct, token_hash(TokenKind::Punct, form.encode_utf8(&mut buffer)));
            }
        }
        if let Some(from) = digits_from {
            emit(TokenKind::Number, token_hash(TokenKind::Number, &text[from..]));
        }
    }
}

/// The matching form of `c` when it is a space (`' '`) or a punctuation mark that needs no script
/// conversion (its own token, whatever its neighbours), from the same steps as
/// [`normalized_chars`]; `None` for anything else.
fn mark_form(c: char) -> Option<char> {
    let form = if c.is_ascii() {
        if c.is_ascii_whitespace() { ' ' } else { c.to_ascii_lowercase() }
    } else {
        single_form(c)?
    };
    let is_mark = !is_han(form) && !is_tag_placeholder(form) && !is_word_char(form);
    (form == ' ' || is_mark).then_some(form)
}

/// Whether the punctuation mark at `idx` continues the word or number before it: an apostrophe
/// between letters, a decimal point between digits, or a thousands comma before three digits.
fn joins_word(chars: &[NormChar], idx: usize, all_digits: bool) -> bool {
    let at = |offset: usize| chars.get(idx + offset).map(|normalized| normalized.c);
    let is_digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    match chars[idx].c {
        '\'' => at(1).is_some_and(|c| is_word_char(c) && !is_han(c)),
        '.' => all_digits && is_digit(at(1)),
        ',' => {
            all_digits && is_digit(at(1)) && is_digit(at(2)) && is_digit(at(3)) && !is_digit(at(4))
        }
        _ => false,
    }
}

/// Letters, digits and combining marks make up words and numbers.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// A stable 64-bit hash of a token's matching form (FNV-1a with a final mix). Stable across
/// builds and platforms because serialised indexes store these hashes.
pub(crate) fn token_hash(kind: TokenKind, norm: &str) -> u64 {
    let mut hash: u64 = 0xCBF2_9CE4_8422_2325 ^ (kind as u64);
    for byte in norm.as_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01B3);
    }
    mix64(hash)
}

/// The SplitMix64 finaliser: spreads the bits of an FNV hash evenly.
pub(crate) fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests;
