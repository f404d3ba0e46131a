//! XLIFF files in the editor: open a 1.2 or 2.x file as a document, one segment per translatable
//! XLIFF segment, and save it back as the same file with the translations.
//!
//! The file's bytes are kept in the database as read, and saving reads them again and puts each
//! segment's target, state and match into the place it came from ([`crate::xliff::write`] of the
//! version read), so everything the editor does not show (other units, notes, `translate="no"`
//! units, ignorables, the file's own language tags) survives.
//!
//! Inline codes stay the XLIFF reader's placeholders (`U+E000 + k`). A segment's source and its
//! target share one list of codes: the source's, then any code only the file's target had. The
//! list is a pure function of the file, so opening and saving compute the same one and the
//! database stores only text. [`Project::document_tags`] numbers the codes for the editor as
//! memoQ and Trados do (`{1}` … `{/1}` for a pair, `{2}` for a standalone code).
//!
//! States map to the editor's statuses and back:
//!
//! | XLIFF (1.2 / 2.x) | editor | saved as |
//! |---|---|---|
//! | no state, no target; `new`, `needs-translation` / `initial` | new | unchanged, or `new` / `initial` |
//! | `translated`; `needs-review-…` / `translated` + `subState` | draft | `translated`, or `needs-review-translation` for a pre-translation ≤ 100 |
//! | `signed-off`, `final` / `reviewed`, `final` | confirmed | `final` |
//!
//! A segment whose status and target did not change keeps the file's own state.

use crate::{
    Project,
    error::Error,
    model::LanguageTag,
    project::{chinese_script_tag, now_timestamp},
    store::NewXliffSegment,
    tmx,
    xliff::{self, CodeRole, InlineCode},
};

/// What an inline code is in a segment, for the editor's tag chips.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagKind {
    /// Opens a pair (`<g>`, `<pc>`, `<bx/>`, …): shown `{n}`.
    Start,
    /// Closes a pair: shown `{/n}`.
    End,
    /// A code on its own (`<x/>`, `<ph>`): shown `{n}`.
    Standalone,
}

/// One inline code of a segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentTag {
    /// The placeholder character standing for it in the source and target.
    pub placeholder: char,
    /// Its number, from 1 in source order; a pair's start and end share it.
    pub number: u32,
    /// Start, end or standalone.
    pub kind: TagKind,
    /// What it stands for: its native code when the file gives one, else its element.
    pub description: String,
}

/// The inline codes of one segment of an XLIFF document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentTags {
    /// The document segment.
    pub segment_id: i64,
    /// Its codes, in number order (a pair's start before its end).
    pub tags: Vec<SegmentTag>,
}

/// Where a segment sits in a file: file, unit and segment index.
type Place = (usize, usize, usize);

impl Project {
    /// Opens an XLIFF 1.2 or 2.x file (any encoding XML allows) as an editor document: every
    /// translatable segment becomes a document segment with its source and the file's target,
    /// inline codes as placeholders, its status from the file's state (see the module docs).
    /// The file is kept, so that [`Project::save_document_xliff`] writes it back.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidFile`] when the file is not XLIFF, holds something the reader could not
    /// read (it would be lost on saving; the first problem is named with line and column), has
    /// no target language, is not between Chinese and English, or has no segment to translate.
    pub fn open_xliff_document(&mut self, name: &str, bytes: &[u8]) -> Result<i64, Error> {
        let invalid = |message: String| Error::InvalidFile {
            path: std::path::Path::new(name).to_path_buf(),
            message,
        };
        let document = xliff::read(bytes).map_err(|error| invalid(error.to_string()))?;
        // Saving writes back what was read: anything the reader had to leave out or repair would
        // be lost from the file, so such a file is refused rather than silently damaged.
        if let Some(first) = document.skipped.first() {
            let more = match document.skipped.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            return Err(invalid(format!(
                "line {}, column {}: {}{more}; the editor would lose it when saving",
                first.line, first.column, first.message
            )));
        }
        let places = translatable_places(&document);
        if places.is_empty() {
            return Err(invalid("the file has no segment to translate".to_owned()));
        }
        let sources: Vec<String> =
            places.iter().map(|&place| segment_at(&document, place).source.plain_text()).collect();
        let Some(file_target) = document.target_lang.as_ref() else {
            return Err(invalid(
                "the file names no target language (target-language or trgLang)".to_owned(),
            ));
        };
        let (source_lang, target_lang) =
            match (document.source_lang.primary(), file_target.primary()) {
                ("zh", "en") => {
                    let source = match document.source_lang.equivalence_class() {
                        class @ ("zh-Hans" | "zh-Hant") => LanguageTag::parse(class),
                        _ => chinese_script_tag(&[sources]),
                    };
                    (source, LanguageTag::parse("en"))
                }
                ("en", "zh") => {
                    let target = match file_target.is_traditional() {
                        true => "zh-Hant",
                        false => "zh-Hans",
                    };
                    (LanguageTag::parse("en"), LanguageTag::parse(target))
                }
                _ => {
                    return Err(invalid(format!(
                        "the editor translates between Chinese and English; this file is {} → {}",
                        document.source_lang, file_target
                    )));
                }
            };
        let mut segments = Vec::with_capacity(places.len());
        let mut block_idx = 0;
        let mut last_unit = None;
        for &place in &places {
            let (file_idx, unit_idx, _) = place;
            if last_unit.is_some_and(|last| last != (file_idx, unit_idx)) {
                block_idx += 1;
            }
            last_unit = Some((file_idx, unit_idx));
            let segment = segment_at(&document, place);
            let (_, target) = shared_codes(segment);
            let target = target.unwrap_or_default();
            segments.push(NewXliffSegment {
                place: place_key(place),
                block_idx,
                source: segment.source.text.clone(),
                status: status_of(segment.state, &target),
                target,
            });
        }
        let now = now_timestamp();
        Ok(self.store.write(|tx| {
            tx.insert_xliff_document(
                name,
                bytes,
                (source_lang.as_str(), target_lang.as_str()),
                &now,
                &segments,
            )
        })?)
    }

    /// Whether a document was opened from an XLIFF file (its segments then map to the file's,
    /// so splitting or merging them would be wrong).
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] when there is no such document.
    pub fn document_is_xliff(&self, document_id: i64) -> Result<bool, Error> {
        self.store
            .document_is_xliff(document_id)?
            .ok_or_else(|| Error::NotFound { what: format!("document {document_id}") })
    }

    /// The XLIFF file a document was opened from, with the editor's translations: each
    /// segment's target, its state (see the module docs) and the memory match it was
    /// pre-translated from (score and source), written by [`xliff::write`] in the version read.
    /// Inline codes the translator deleted or moved are written so that the file stays valid.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] when there is no such document; [`Error::InvalidEdit`] when it was
    /// not opened from an XLIFF file.
    pub fn save_document_xliff(&self, document_id: i64) -> Result<Vec<u8>, Error> {
        let mut document = self.xliff_of(document_id)?;
        for row in self.store.xliff_segments(document_id)? {
            let Some(place) = parse_place(&row.place) else { continue };
            let Some(segment) = segment_at_mut(&mut document, place) else { continue };
            let (codes, original_target) = shared_codes(segment);
            if row.target.trim().is_empty() {
                if !original_target.as_deref().unwrap_or_default().trim().is_empty() {
                    // The translator emptied the target.
                    segment.target = None;
                    segment.state = None;
                }
                continue;
            }
            let unchanged = original_target.as_deref() == Some(row.target.as_str())
                && status_of(segment.state, &row.target) == row.status;
            let target = xliff::Segment { text: row.target.clone(), codes };
            if !unchanged {
                segment.state = Some(match (row.status.as_str(), &row.matched) {
                    ("new", _) => xliff::State::Initial,
                    ("confirmed", _) => xliff::State::Final,
                    (_, Some((101.., _))) | (_, None) => xliff::State::Translated,
                    (_, Some(_)) => xliff::State::NeedsReview,
                });
            }
            segment.leverage = row.matched.map(|(score, source)| xliff::Leverage {
                score,
                origin: "tessera".to_owned(),
                source: strip_placeholders(&source),
                target: target.plain_text(),
            });
            segment.target = Some(target);
        }
        let mut out = Vec::new();
        xliff::write(&mut out, &document)
            .map_err(|error| Error::Output { message: error.to_string() })?;
        Ok(out)
    }

    /// The inline codes of each segment of an XLIFF document that has any, numbered for the
    /// editor (see the module docs); empty for a text document.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] when there is no such document.
    pub fn document_tags(&self, document_id: i64) -> Result<Vec<SegmentTags>, Error> {
        if !self.document_is_xliff(document_id)? {
            return Ok(Vec::new());
        }
        let document = self.xliff_of(document_id)?;
        let mut out = Vec::new();
        for row in self.store.xliff_segments(document_id)? {
            let Some(place) = parse_place(&row.place) else { continue };
            let Some(segment) = document
                .files
                .get(place.0)
                .and_then(|file| file.units.get(place.1))
                .and_then(|unit| unit.segments.get(place.2).map(|segment| (unit, segment)))
            else {
                continue;
            };
            let tags = number_tags(segment.0, segment.1);
            if !tags.is_empty() {
                out.push(SegmentTags { segment_id: row.id, tags });
            }
        }
        Ok(out)
    }

    /// The stored XLIFF file of a document, read.
    fn xliff_of(&self, document_id: i64) -> Result<xliff::Document, Error> {
        let bytes = self
            .store
            .document_xliff(document_id)?
            .ok_or_else(|| Error::NotFound { what: format!("document {document_id}") })?
            .ok_or_else(|| Error::InvalidEdit {
                message: format!("document {document_id} was not opened from an XLIFF file"),
            })?;
        xliff::read(bytes.as_slice()).map_err(|error| Error::InvalidEdit {
            message: format!("the stored XLIFF file of document {document_id}: {error}"),
        })
    }
}

/// The editor's status of a segment read from a file (see the module docs).
fn status_of(state: Option<xliff::State>, target: &str) -> &'static str {
    match state {
        Some(xliff::State::Reviewed | xliff::State::Final) => "confirmed",
        Some(xliff::State::Translated | xliff::State::NeedsReview) => "draft",
        Some(xliff::State::Initial) => "new",
        None if target.trim().is_empty() => "new",
        None => "draft",
    }
}

/// The translatable segments, in file order: not in a `translate="no"` unit, not ignorable.
pub(super) fn translatable_places(document: &xliff::Document) -> Vec<Place> {
    let mut places = Vec::new();
    for (file_idx, file) in document.files.iter().enumerate() {
        for (unit_idx, unit) in file.units.iter().enumerate() {
            if !unit.translate {
                continue;
            }
            for (segment_idx, segment) in unit.segments.iter().enumerate() {
                if !segment.ignorable {
                    places.push((file_idx, unit_idx, segment_idx));
                }
            }
        }
    }
    places
}

pub(super) fn segment_at(
    document: &xliff::Document,
    (file, unit, segment): Place,
) -> &xliff::TransSegment {
    &document.files[file].units[unit].segments[segment]
}

fn segment_at_mut(
    document: &mut xliff::Document,
    (file, unit, segment): Place,
) -> Option<&mut xliff::TransSegment> {
    document.files.get_mut(file)?.units.get_mut(unit)?.segments.get_mut(segment)
}

fn place_key((file, unit, segment): Place) -> String {
    format!("{file}.{unit}.{segment}")
}

fn parse_place(key: &str) -> Option<Place> {
    let mut parts = key.split('.').map(|part| part.parse::<usize>().ok());
    Some((parts.next()??, parts.next()??, parts.next()??))
}

/// Text without placeholders.
pub(crate) fn strip_placeholders(text: &str) -> String {
    text.chars().filter(|&c| tmx::Segment::placeholder_index(c).is_none()).collect()
}

/// The codes a segment's source and target share (the source's, then codes only the target
/// has), and the target's text rewritten onto them.
fn shared_codes(segment: &xliff::TransSegment) -> (Vec<InlineCode>, Option<String>) {
    let mut codes = segment.source.codes.clone();
    let Some(target) = &segment.target else { return (codes, None) };
    let mut used = vec![false; codes.len()];
    // The target's code k is the shared code mapping[k].
    let mut mapping: Vec<Option<usize>> = vec![None; target.codes.len()];
    for (target_idx, code) in target.codes.iter().enumerate() {
        let wanted_start = code.start.and_then(|start| mapping.get(start).copied().flatten());
        let found = codes.iter().enumerate().position(|(idx, candidate)| {
            !used.get(idx).copied().unwrap_or(true)
                && candidate.role == code.role
                && candidate.element == code.element
                && match code.role {
                    CodeRole::End => candidate.start == wanted_start,
                    CodeRole::Literal => candidate.content == code.content,
                    _ => candidate.attribute("id") == code.attribute("id"),
                }
        });
        let shared = match found {
            Some(idx) => idx,
            None => {
                let mut extra = code.clone();
                extra.start = wanted_start;
                codes.push(extra);
                used.push(false);
                codes.len() - 1
            }
        };
        used[shared] = true;
        mapping[target_idx] = Some(shared);
    }
    let text = target
        .text
        .chars()
        .filter_map(|c| match tmx::Segment::placeholder_index(c) {
            Some(idx) => mapping.get(idx).copied().flatten().and_then(tmx::Segment::placeholder),
            None => Some(c),
        })
        .collect();
    (codes, Some(text))
}

/// The tag chips of a segment: its shared codes numbered in order, a pair's end taking its
/// start's number.
fn number_tags(unit: &xliff::Unit, segment: &xliff::TransSegment) -> Vec<SegmentTag> {
    let (codes, _) = shared_codes(segment);
    let mut numbers: Vec<u32> = Vec::with_capacity(codes.len());
    let mut next = 1;
    let mut tags = Vec::new();
    for (idx, code) in codes.iter().enumerate() {
        let (kind, number) = match code.role {
            CodeRole::Literal => {
                numbers.push(0);
                continue;
            }
            CodeRole::End => {
                match code.start.and_then(|start| numbers.get(start).copied()).filter(|n| *n > 0) {
                    Some(number) => (TagKind::End, number),
                    None => (TagKind::Standalone, next),
                }
            }
            CodeRole::Start => (TagKind::Start, next),
            CodeRole::Standalone => (TagKind::Standalone, next),
        };
        if number == next {
            next += 1;
        }
        numbers.push(number);
        let Some(placeholder) = tmx::Segment::placeholder(idx) else { break };
        let described = match code.start.and_then(|start| codes.get(start)) {
            Some(start) if code.role == CodeRole::End => describe_end(unit, start),
            _ => describe(unit, code),
        };
        tags.push(SegmentTag { placeholder, number, kind, description: described });
    }
    tags
}

/// A code's native form when the file gives one, else its element and id.
fn describe(unit: &xliff::Unit, code: &InlineCode) -> String {
    if !code.content.trim().is_empty() {
        return code.content.clone();
    }
    let data_ref = code.attribute("dataRefStart").or(code.attribute("dataRef"));
    if let Some(data) = original_data(unit, data_ref) {
        return data;
    }
    match code.attribute("id") {
        Some(id) => format!("<{} id=\"{id}\">", code.element),
        None => format!("<{}>", code.element),
    }
}

/// The native form of a pair's end, from its start's `dataRefEnd`, else the closing element.
fn describe_end(unit: &xliff::Unit, start: &InlineCode) -> String {
    original_data(unit, start.attribute("dataRefEnd"))
        .unwrap_or_else(|| format!("</{}>", start.element))
}

/// A 2.0 unit's `<data>` by id.
fn original_data(unit: &xliff::Unit, id: Option<&str>) -> Option<String> {
    let id = id?;
    unit.original_data.iter().find(|(data_id, _)| data_id == id).map(|(_, data)| data.clone())
}

#[cfg(test)]
mod tests;
