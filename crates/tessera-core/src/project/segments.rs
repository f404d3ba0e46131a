//! The editor grid's document-wide edits of `Project`: find (in sources or targets, plain or
//! regex), replace in targets (one occurrence or all, in one transaction), and splitting and
//! merging segments. Each is one method, so that a guard (a document kind that refuses it) has
//! one place to go.

use regex::{Regex, RegexBuilder};

use crate::{
    Project,
    error::{Error, StoreError},
    project::now_timestamp,
};

/// Which side of the segments a search looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindField {
    /// The source sentences.
    Source,
    /// The translations.
    Target,
}

/// What to find in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindQuery {
    /// The text, or with `regex` a regular expression (Rust `regex` syntax).
    pub pattern: String,
    /// Sources or targets.
    pub field: FindField,
    /// Whether `pattern` is a regular expression.
    pub regex: bool,
    /// Whether upper and lower case differ.
    pub case_sensitive: bool,
}

/// One occurrence found in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundText {
    /// The segment.
    pub segment_id: i64,
    /// Its position in the document, from 0.
    pub position: u32,
    /// Where the occurrence starts, in characters of the searched text.
    pub start: usize,
    /// Where it ends (exclusive), in characters.
    pub end: usize,
}

/// Which occurrences a replace changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplaceScope {
    /// Every occurrence in the document's targets.
    All,
    /// The occurrence starting at character `start` of one segment's target.
    One {
        /// The segment.
        segment_id: i64,
        /// The occurrence's start, in characters (as [`FoundText::start`]).
        start: usize,
    },
}

/// What a replace changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReplaceReport {
    /// Occurrences replaced.
    pub replacements: u64,
    /// Segments whose target changed (they are drafts now).
    pub segments: u64,
}

impl Project {
    /// Every occurrence of `query` in the document, in document order. A pattern that matches
    /// the empty string finds only its non-empty occurrences.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPattern`] for an empty pattern or an invalid regular expression;
    /// [`Error::NotFound`] when there is no such document.
    pub fn find_in_document(
        &self,
        document_id: i64,
        query: &FindQuery,
    ) -> Result<Vec<FoundText>, Error> {
        let pattern = compile(query)?;
        if !self.documents()?.iter().any(|document| document.id == document_id) {
            return Err(Error::NotFound { what: format!("document {document_id}") });
        }
        let mut found = Vec::new();
        for segment in self.document_segments(document_id)? {
            let text = match query.field {
                FindField::Source => &segment.source,
                FindField::Target => &segment.target,
            };
            for occurrence in pattern.find_iter(text).filter(|occurrence| !occurrence.is_empty()) {
                let start = text[..occurrence.start()].chars().count();
                found.push(FoundText {
                    segment_id: segment.id,
                    position: segment.position,
                    start,
                    end: start + occurrence.as_str().chars().count(),
                });
            }
        }
        Ok(found)
    }

    /// Replaces occurrences of `query` in the document's targets by `replacement` (with `regex`,
    /// `$1` and `${name}` insert capture groups), in one transaction. A target that changes
    /// becomes a draft and loses its pre-translation score, as when the translator edits it.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPattern`] for an empty pattern or an invalid regular expression;
    /// [`Error::InvalidEdit`] when the query searches sources (only translations are replaced)
    /// or `scope` names an occurrence that is not there; [`Error::NotFound`] when there is no
    /// such document. Nothing changes on any error.
    pub fn replace_in_document(
        &mut self,
        document_id: i64,
        query: &FindQuery,
        replacement: &str,
        scope: ReplaceScope,
    ) -> Result<ReplaceReport, Error> {
        let pattern = compile(query)?;
        if query.field != FindField::Target {
            return Err(Error::InvalidEdit {
                message: "only translations are replaced; search the targets".to_owned(),
            });
        }
        let now = now_timestamp();
        let outcome = self.store.write(|tx| {
            let segments = tx.document_segments_for_update(document_id)?.ok_or_else(|| {
                StoreError::Invalid { message: format!("no document {document_id}") }
            })?;
            let mut report = ReplaceReport::default();
            let mut targets = Vec::new();
            for segment in &segments {
                let chosen_start = match scope {
                    ReplaceScope::All => None,
                    ReplaceScope::One { segment_id, start } if segment_id == segment.id => {
                        Some(start)
                    }
                    ReplaceScope::One { .. } => continue,
                };
                let (replaced, count) =
                    replace_text(&pattern, &segment.target, replacement, query.regex, chosen_start);
                if count == 0 {
                    continue;
                }
                report.replacements += count;
                let replaced = replaced.trim().to_owned();
                if replaced != segment.target {
                    targets.push((segment.id, replaced));
                }
            }
            if let ReplaceScope::One { segment_id, start } = scope
                && report.replacements == 0
            {
                return Err(StoreError::Invalid {
                    message: format!(
                        "segment {segment_id} has no occurrence at character {start} any more"
                    ),
                });
            }
            report.segments = tx.replace_targets(document_id, &targets, &now)?;
            Ok(report)
        });
        outcome.map_err(Error::from_edit)
    }

    /// Splits a segment at character `at` of its source: the segment keeps the first part (and
    /// its translation, now a draft), a new segment with the second part follows it in the same
    /// paragraph. Returns the new segment's id. One transaction.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidEdit`] when the segment is not in the document, or when either part would
    /// be empty.
    pub fn split_segment(
        &mut self,
        document_id: i64,
        segment_id: i64,
        at: usize,
    ) -> Result<i64, Error> {
        self.refuse_reshaping_xliff(document_id)?;
        let now = now_timestamp();
        let outcome = self.store.write(|tx| {
            let (segment, _) = tx
                .segment_and_next(document_id, segment_id)?
                .ok_or_else(|| missing_segment(document_id, segment_id))?;
            let source = &segment.3;
            let cut = source.char_indices().nth(at).map_or(source.len(), |(byte, _)| byte);
            let (first, second) = (source[..cut].trim(), source[cut..].trim());
            if first.is_empty() || second.is_empty() {
                return Err(StoreError::Invalid {
                    message: "a segment is split between two non-empty parts of its source"
                        .to_owned(),
                });
            }
            let target = segment.4.as_str();
            let status = if target.is_empty() { "new" } else { "draft" };
            tx.split_segment(document_id, &segment, (first, target, status), second, &now)
        });
        outcome.map_err(Error::from_edit)
    }

    /// Merges a segment with the one after it, in the same paragraph: the sources and the
    /// translations are joined (with a space between English sentences, nothing between Chinese
    /// ones), the second segment is removed, and the merged one is a draft (new when neither was
    /// translated). One transaction.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidEdit`] when the segment is not in the document, is the last one, or the
    /// next one begins another paragraph.
    pub fn merge_segments(&mut self, document_id: i64, segment_id: i64) -> Result<(), Error> {
        self.refuse_reshaping_xliff(document_id)?;
        let now = now_timestamp();
        let outcome = self.store.write(|tx| {
            let (first, next) = tx
                .segment_and_next(document_id, segment_id)?
                .ok_or_else(|| missing_segment(document_id, segment_id))?;
            let Some(second) = next.filter(|second| second.2 == first.2) else {
                return Err(StoreError::Invalid {
                    message:
                        "only a segment followed by another of the same paragraph can be merged"
                            .to_owned(),
                });
            };
            let source = join_sentences(&first.3, &second.3);
            let target = join_sentences(&first.4, &second.4);
            let status = if target.is_empty() { "new" } else { "draft" };
            tx.merge_segments(document_id, &first, &second, (&source, &target, status), &now)
        });
        outcome.map_err(Error::from_edit)
    }
}

fn missing_segment(document_id: i64, segment_id: i64) -> StoreError {
    StoreError::Invalid { message: format!("no segment {segment_id} in document {document_id}") }
}

/// The search pattern of `query`: its regular expression, or its text matched literally.
fn compile(query: &FindQuery) -> Result<Regex, Error> {
    if query.pattern.is_empty() {
        return Err(Error::InvalidPattern { message: "there is nothing to find".to_owned() });
    }
    let source = if query.regex { query.pattern.clone() } else { regex::escape(&query.pattern) };
    RegexBuilder::new(&source)
        .case_insensitive(!query.case_sensitive)
        .build()
        .map_err(|error| Error::InvalidPattern { message: error.to_string() })
}

/// `text` with the non-empty occurrences of `pattern` replaced (only the one starting at
/// character `only_at`, when given), and how many were.
fn replace_text(
    pattern: &Regex,
    text: &str,
    replacement: &str,
    expand: bool,
    only_at: Option<usize>,
) -> (String, u64) {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut count = 0;
    for captures in pattern.captures_iter(text) {
        let Some(whole) = captures.get(0).filter(|whole| !whole.is_empty()) else { continue };
        if only_at.is_some_and(|at| text[..whole.start()].chars().count() != at) {
            continue;
        }
        out.push_str(&text[copied..whole.start()]);
        if expand {
            captures.expand(replacement, &mut out);
        } else {
            out.push_str(replacement);
        }
        copied = whole.end();
        count += 1;
    }
    out.push_str(&text[copied..]);
    (out, count)
}

/// Two sentences as one: nothing between them when the first ends in a CJK character or
/// punctuation, else a space; an empty one adds nothing.
fn join_sentences(first: &str, second: &str) -> String {
    match (first.is_empty(), second.is_empty()) {
        (true, _) => second.to_owned(),
        (_, true) => first.to_owned(),
        _ => {
            let cjk = first.chars().last().is_some_and(|last| last as u32 >= 0x2e80);
            format!("{first}{}{second}", if cjk { "" } else { " " })
        }
    }
}

#[cfg(test)]
mod tests;

impl Project {
    /// An XLIFF document's segments are the file's own, each saved back to its place: splitting
    /// or merging them would leave the file with segments it does not have.
    fn refuse_reshaping_xliff(&self, document_id: i64) -> Result<(), Error> {
        // A document that does not exist is reported as the segment's (an invalid edit) below.
        if self.store.document_is_xliff(document_id)? == Some(true) {
            return Err(Error::InvalidEdit {
                message: "an XLIFF file's segments cannot be split or merged here; do it in the \
                          tool that segmented the file"
                    .to_owned(),
            });
        }
        Ok(())
    }
}
