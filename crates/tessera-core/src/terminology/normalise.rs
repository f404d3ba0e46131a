//! Text folding shared by mining, recognition and checking.
//!
//! Chinese is folded character by character (full width → ASCII, traditional → simplified,
//! ASCII lower case, middle-dot variants) so that offsets in the folded text are offsets in the
//! original. English is cut into word tokens that keep their character span in the original, with
//! case, quote styles, hyphens, possessives and articles folded away.

/// Folds Chinese text for matching; the result has exactly as many characters as `text`.
pub(crate) fn fold_chinese(text: &str) -> String {
    let widened: String = text.chars().map(fold_width).collect();
    // fast2s maps every character to exactly one character, so offsets survive.
    fast2s::convert(&widened)
}

/// Full-width ASCII to ASCII, ideographic space to space, bracket and dot variants to one form,
/// ASCII letters to lower case.
pub(crate) fn fold_width(c: char) -> char {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        '•' | '・' | '‧' | '∙' => '·',
        '【' | '〔' => '[',
        '】' | '〕' => ']',
        _ => c,
    };
    c.to_ascii_lowercase()
}

/// True for CJK ideographs.
pub(crate) fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// One English word of a text: its folded form and its character span in the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    /// Lower-cased, quote-folded, possessive-stripped form.
    pub(crate) norm: String,
    /// The word as written.
    pub(crate) surface: String,
    /// First character (offset in chars).
    pub(crate) start: usize,
    /// One past the last character.
    pub(crate) end: usize,
    /// True when punctuation (not just spaces) separates this token from the previous one.
    pub(crate) after_break: bool,
    /// True when a single hyphen joins this token to the previous one (`Guang-cheng`).
    pub(crate) hyphenated: bool,
}

/// Cuts English into word tokens; hyphens and slashes split words, apostrophes stay inside.
pub(crate) fn english_tokens(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut start = 0;
    let mut after_break = false;
    let mut pending_break = false;
    let mut hyphen_at: Option<usize> = None;
    let mut hyphenated = false;
    let chars: Vec<char> = text.chars().collect();
    for (idx, &raw) in chars.iter().enumerate() {
        let c = fold_width(raw);
        let c = if matches!(raw, '’' | '‘' | '`' | '´') { '\'' } else { c };
        // A `?` between letters stands for a letter lost to a wrong encoding (`Du?an Bella`
        // for Dušan): it is part of the word.
        let is_word = c.is_alphanumeric()
            || (c == '\''
                && !current.is_empty()
                && chars.get(idx + 1).is_some_and(|next| next.is_alphanumeric()))
            || (c == '?'
                && current.chars().next_back().is_some_and(char::is_alphabetic)
                && chars.get(idx + 1).is_some_and(|next| next.is_lowercase()));
        let keep_raw = if raw.is_ascii() { raw } else { fold_width(raw) };
        if is_word {
            if current.is_empty() {
                start = idx;
                after_break = pending_break;
                pending_break = false;
                hyphenated = hyphen_at.is_some_and(|at| at + 1 == idx);
                hyphen_at = None;
            }
            current.push(if c == '\'' { '\'' } else { keep_raw });
        } else {
            if !current.is_empty() {
                tokens.push(make_token(&current, start, idx, after_break, hyphenated));
                current.clear();
                if c == '-' {
                    hyphen_at = Some(idx);
                }
            }
            if !c.is_whitespace() && c != '-' {
                pending_break = true;
            }
        }
    }
    if !current.is_empty() {
        tokens.push(make_token(&current, start, chars.len(), after_break, hyphenated));
    }
    tokens
}

fn make_token(
    surface: &str,
    start: usize,
    end: usize,
    after_break: bool,
    hyphenated: bool,
) -> Token {
    let lower = surface.to_lowercase();
    let norm = lower
        .strip_suffix("'s")
        .or_else(|| lower.strip_suffix('\''))
        .map_or_else(|| lower.clone(), str::to_owned);
    Token { norm, surface: surface.to_owned(), start, end, after_break, hyphenated }
}

/// True for the words a check ignores: articles.
pub(crate) fn is_article(norm: &str) -> bool {
    matches!(norm, "a" | "an" | "the")
}

/// The folded word sequence of a rendering, articles dropped, joined by single spaces.
pub(crate) fn english_key(text: &str) -> String {
    let words: Vec<String> = english_tokens(text)
        .into_iter()
        .filter(|token| !is_article(&token.norm))
        .map(|token| token.norm)
        .collect();
    words.join(" ")
}

/// Removes pinyin glosses a Han character may carry on some news sites (`报(bào)`, and the
/// mangled `日?qǐng)` form).
pub(crate) fn strip_pinyin_glosses(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut last_kept: Option<char> = None;
    let mut idx = 0;
    while idx < chars.len() {
        let c = chars[idx];
        if matches!(c, '(' | '?' | '（') && last_kept.is_some_and(is_han) {
            let close = chars[idx + 1..].iter().take(8).position(|c| matches!(*c, ')' | '）'));
            if let Some(len) = close.filter(|len| *len > 0) {
                let inside = &chars[idx + 1..idx + 1 + len];
                if inside.iter().all(|c| is_pinyin_letter(*c))
                    && inside.iter().any(|c| !c.is_ascii())
                {
                    idx += len + 2;
                    continue;
                }
            }
        }
        out.push(c);
        last_kept = Some(c);
        idx += 1;
    }
    out
}

fn is_pinyin_letter(c: char) -> bool {
    c.is_ascii_lowercase() || "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü".contains(c)
}
