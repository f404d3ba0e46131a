//! Pre-translation: filling a bilingual file's empty targets from the memory before a
//! translator opens it.
//!
//! Both directions work: a Chinese file is looked up by the units' Chinese sides and filled with
//! their English, an English file the other way round ([`Project::lookup_in_direction`]). Into
//! Chinese, the file's target language picks the script (`zh-CN` ≡ `zh-Hans`, `zh-TW`/`zh-HK` ≡
//! `zh-Hant`): a traditional unit is converted for a simplified file, a simplified unit is passed
//! over for a traditional one (there is no reliable conversion that way) and counted.
//!
//! Each translatable segment without a target is looked up; the best match at or above the
//! minimum score fills it: its translation as stored, or adjusted to the segment's numbers and
//! approved terms when only those differ ([`crate::matching::adjust`]). A 100 whose neighbours
//! also match the neighbours of its unit in its article is a context match, scored 101. Inline
//! codes of the source are kept: the memory's texts have none of this file's codes, so the
//! codes go at the end of the target (for the translator to move) and the match loses the tag
//! penalty. Every filled segment gets a state (101: translated; 100 and fuzzy: to review) and
//! its match in the standard place (see [`crate::xliff`]).

use std::path::Path;

use crate::{
    error::Error,
    matching::{LookupOptions, PenaltyKind},
    model::{FileProblem, LanguageTag},
    project::memory::LookupDirection,
    project::xliff_document::{segment_at, strip_placeholders, translatable_places},
    project::{Project, write_atomically},
    text::normalize_for_matching,
    tmx, xliff,
};

/// The default minimum score of a match that fills a segment.
pub const DEFAULT_PRETRANSLATE_MIN_SCORE: u8 = 75;

/// How to pre-translate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PretranslateOptions {
    /// Matches scoring below this fill nothing.
    pub min_score: u8,
}

impl Default for PretranslateOptions {
    fn default() -> PretranslateOptions {
        PretranslateOptions { min_score: DEFAULT_PRETRANSLATE_MIN_SCORE }
    }
}

/// Segments per match band, as CAT tools count them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MatchBands {
    /// 101: exact, and the neighbouring segments match too.
    pub context: u64,
    /// 100.
    pub exact: u64,
    /// 95–99.
    pub from_95: u64,
    /// 85–94.
    pub from_85: u64,
    /// 75–84.
    pub from_75: u64,
    /// Below 75 but at or above the minimum score (only with a minimum below 75).
    pub below_75: u64,
    /// No match at or above the minimum score.
    pub no_match: u64,
}

impl MatchBands {
    fn count(&mut self, score: Option<u8>) {
        match score {
            Some(101..) => self.context += 1,
            Some(100) => self.exact += 1,
            Some(95..=99) => self.from_95 += 1,
            Some(85..=94) => self.from_85 += 1,
            Some(75..=84) => self.from_75 += 1,
            Some(_) => self.below_75 += 1,
            None => self.no_match += 1,
        }
    }
}

/// What pre-translation did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PretranslateReport {
    /// Segments that could be translated: not `translate="no"`, not ignorable.
    pub segments: u64,
    /// Of those, segments that already had a target and were left alone.
    pub kept: u64,
    /// Segments filled from the memory.
    pub filled: u64,
    /// Of those, filled with a translation adjusted to the segment's numbers or terms.
    pub adjusted: u64,
    /// Matches passed over because their Chinese is simplified and the file asks for traditional
    /// (the other way round they are converted).
    pub other_script: u64,
    /// The segments looked up (all but the kept ones), per band.
    pub bands: MatchBands,
    /// What the reader skipped or repaired in the input, with line and column.
    pub problems: Vec<FileProblem>,
}

/// Where a segment is in a document: file, unit, segment.
type SegmentPlace = (usize, usize, usize);

/// What pre-translating an editor document did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DocumentPretranslation {
    /// Segments filled from the memory (now drafts to review).
    pub filled: u64,
    /// The untranslated segments looked up, per band.
    pub bands: MatchBands,
}

impl Project {
    /// Pre-translates an editor document from the memory, as `tessera pretranslate` does a file:
    /// each segment still new and empty gets its best match at or above
    /// `options.min_score` (adjusted to its numbers and approved terms; 101 when the previous
    /// segment matched too), becomes a draft to review, and keeps the match's score until the
    /// translator changes it. Into traditional Chinese a simplified match is passed over; into
    /// simplified, a traditional one is converted. Nothing goes to the memory.
    pub fn pretranslate_document(
        &mut self,
        document_id: i64,
        options: &PretranslateOptions,
    ) -> Result<DocumentPretranslation, Error> {
        let target_lang = self
            .documents()?
            .into_iter()
            .find(|document| document.id == document_id)
            .map(|document| document.target_lang)
            .ok_or_else(|| Error::InvalidEdit { message: format!("no document {document_id}") })?;
        let segments = self.document_segments(document_id)?;
        let mut report = DocumentPretranslation::default();
        let mut filled = Vec::new();
        let mut match_sources = Vec::new();
        for (idx, segment) in segments.iter().enumerate() {
            if segment.status != "new" || !segment.target.trim().is_empty() {
                continue;
            }
            let previous = idx.checked_sub(1).map(|previous| segments[previous].source.as_str());
            let lookup = LookupOptions { limit: 5, min_score: options.min_score };
            let candidates = self.lookup_in_context(&segment.source, previous, &lookup)?;
            let mut chosen = None;
            for candidate in &candidates {
                if candidate.found.score < options.min_score {
                    continue;
                }
                let script = match target_lang.primary() {
                    "zh" => self
                        .store
                        .chinese_variant_lang(candidate.found.unit_id)?
                        .map(|lang| LanguageTag::parse(&lang).is_traditional()),
                    _ => None,
                };
                match (target_lang.is_traditional(), script) {
                    (true, Some(false)) => continue,
                    (false, Some(true)) => {
                        chosen = Some((candidate, true));
                        break;
                    }
                    _ => {
                        chosen = Some((candidate, false));
                        break;
                    }
                }
            }
            let Some((best, to_simplify)) = chosen else {
                report.bands.count(None);
                continue;
            };
            let score = if best.context_match { 101 } else { best.found.score };
            report.bands.count(Some(score));
            let translation = best.adjusted.as_ref().map_or(&best.found.target, |a| &a.target);
            let translation = match to_simplify {
                true => crate::text::to_simplified(translation).into_owned(),
                false => translation.clone(),
            };
            let mut target = strip_placeholders(&translation);
            // An XLIFF segment's inline codes go at the end, for the translator to move.
            target.extend(
                segment.source.chars().filter(|&c| tmx::Segment::placeholder_index(c).is_some()),
            );
            filled.push((segment.id, target, score));
            match_sources.push((segment.id, best.found.source.clone()));
        }
        let now = crate::project::now_timestamp();
        report.filled = self.store.write(|tx| {
            let filled = tx.fill_segments(document_id, &filled, &now)?;
            tx.set_match_sources(&match_sources)?;
            Ok(filled)
        })?;
        Ok(report)
    }

    /// Pre-translates an XLIFF 1.2 or 2.x file (`input`) from the memory and writes the result
    /// to `output` atomically (`OUTPUT.partial`, then a rename). Only reads the database.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidFile`] when the input cannot be read, is not XLIFF, or is neither Chinese
    /// → English nor English → Chinese; [`Error::Output`] when writing fails.
    pub fn pretranslate_xliff(
        &mut self,
        input: &Path,
        output: &Path,
        options: &PretranslateOptions,
    ) -> Result<PretranslateReport, Error> {
        let invalid = |message: String| Error::InvalidFile { path: input.to_path_buf(), message };
        let file = std::fs::File::open(input).map_err(|error| invalid(error.to_string()))?;
        let document = xliff::read(std::io::BufReader::new(file))
            .map_err(|error| invalid(error.to_string()))?;
        self.pretranslate_and_write(input, document, output, options)
    }

    /// Pre-translates a text document (`.txt`, `.html`, `.docx`; any file an article import
    /// reads) into a new XLIFF 2.0 file: the document is cleaned and segmented as an import is,
    /// each paragraph becomes a unit and each sentence a segment. Chinese text is translated into
    /// English; a document with no Chinese, from English into `english_into` (`zh-Hans` or
    /// `zh-Hant`). Only reads the database.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidFile`] when the document cannot be read or has no sentence to translate;
    /// [`Error::Output`] when writing fails.
    pub fn pretranslate_text_document(
        &mut self,
        input: &Path,
        english_into: &LanguageTag,
        output: &Path,
        options: &PretranslateOptions,
    ) -> Result<PretranslateReport, Error> {
        let invalid = |message: String| Error::InvalidFile { path: input.to_path_buf(), message };
        let bytes = std::fs::read(input).map_err(|error| invalid(error.to_string()))?;
        let name = input.file_name().and_then(|name| name.to_str()).unwrap_or("document.txt");
        let prepared =
            crate::articles::prepare_article_with_rules(&bytes, name, &self.segmentation_rules)
                .map_err(|error| invalid(error.to_string()))?;
        let (source_lang, target_lang, blocks) = if !prepared.zh.is_empty() {
            (
                crate::project::chinese_script_tag(&prepared.zh),
                LanguageTag::parse("en"),
                &prepared.zh,
            )
        } else if !prepared.en.is_empty() {
            (LanguageTag::parse("en"), english_into.clone(), &prepared.en)
        } else {
            return Err(invalid("no sentence to translate was found".to_owned()));
        };
        let units = blocks
            .iter()
            .enumerate()
            .map(|(block_idx, sentences)| xliff::Unit {
                id: format!("p{}", block_idx + 1),
                translate: true,
                segments: sentences
                    .iter()
                    .enumerate()
                    .map(|(sentence_idx, sentence)| xliff::TransSegment {
                        id: Some(format!("s{}", sentence_idx + 1)),
                        source: xliff::Segment::plain(&strip_placeholders(sentence)),
                        ..xliff::TransSegment::default()
                    })
                    .collect(),
                ..xliff::Unit::default()
            })
            .collect();
        let document = xliff::Document {
            version: xliff::Version::V2_0,
            source_lang,
            target_lang: Some(target_lang),
            files: vec![xliff::File {
                id: Some("f1".to_owned()),
                original: Some(name.to_owned()),
                datatype: None,
                units,
            }],
            skipped: Vec::new(),
        };
        self.pretranslate_and_write(input, document, output, options)
    }

    fn pretranslate_and_write(
        &mut self,
        input: &Path,
        mut document: xliff::Document,
        output: &Path,
        options: &PretranslateOptions,
    ) -> Result<PretranslateReport, Error> {
        let invalid = |message: String| Error::InvalidFile { path: input.to_path_buf(), message };
        let target_lang = document.target_lang.as_ref().map(|lang| lang.primary().to_owned());
        let direction = match (document.source_lang.primary(), target_lang.as_deref()) {
            ("zh", None | Some("en")) => LookupDirection::ChineseToEnglish,
            ("en", Some("zh")) => LookupDirection::EnglishToChinese,
            _ => {
                return Err(invalid(format!(
                    "pre-translation works between Chinese and English, the memory's languages; \
                     this file is {} → {}",
                    document.source_lang,
                    document
                        .target_lang
                        .as_ref()
                        .map_or("(no target language)", |lang| lang.as_str())
                )));
            }
        };
        let source_primary =
            if direction == LookupDirection::ChineseToEnglish { "zh" } else { "en" };
        // `zh-TW` and `zh-Hant` ask for traditional characters, `zh-CN` and `zh-Hans` for
        // simplified; a bare `zh` for either.
        let target_script = document
            .target_lang
            .as_ref()
            .map(|lang| lang.equivalence_class())
            .filter(|class| matches!(*class, "zh-Hans" | "zh-Hant"))
            .map(|class| if class == "zh-Hans" { "zh-Hans" } else { "zh-Hant" });
        let mut report = PretranslateReport {
            problems: document
                .skipped
                .iter()
                .map(|skipped| FileProblem {
                    line: Some(skipped.line),
                    column: Some(skipped.column),
                    message: skipped.message.clone(),
                })
                .collect(),
            ..PretranslateReport::default()
        };
        let places = translatable_places(&document);
        let sources: Vec<String> =
            places.iter().map(|&place| segment_at(&document, place).source.plain_text()).collect();
        for (place_idx, &place) in places.iter().enumerate() {
            report.segments += 1;
            let segment = segment_at(&document, place);
            if segment.target.as_ref().is_some_and(|target| !target.plain_text().trim().is_empty())
            {
                report.kept += 1;
                continue;
            }
            let query = sources[place_idx].trim();
            let mut candidates = if query.is_empty() {
                Vec::new()
            } else {
                let lookup = LookupOptions { limit: 5, min_score: options.min_score };
                self.lookup_in_direction(query, direction, &lookup)?
            };
            candidates.sort_by_key(|found| std::cmp::Reverse(found.found.score));
            // Into Chinese, the target's script decides: a traditional match is converted for a
            // simplified file, a simplified one cannot serve a traditional file.
            let mut best = None;
            let mut to_simplify = false;
            for candidate in candidates.iter() {
                let script = match (direction, target_script) {
                    (LookupDirection::EnglishToChinese, Some(_)) => self
                        .store
                        .chinese_variant_lang(candidate.found.unit_id)?
                        .map(|lang| LanguageTag::parse(&lang).equivalence_class().to_owned()),
                    _ => None,
                };
                match (target_script, script.as_deref()) {
                    (Some("zh-Hant"), Some("zh-Hans")) => report.other_script += 1,
                    (Some("zh-Hans"), Some("zh-Hant")) => {
                        to_simplify = true;
                        best = Some(candidate);
                        break;
                    }
                    _ => {
                        best = Some(candidate);
                        break;
                    }
                }
            }
            let Some(best) = best else {
                report.bands.count(None);
                continue;
            };
            let has_codes = segment.source.has_codes();
            let mut score = best.found.score;
            if has_codes {
                // The memory's texts carry none of this file's codes: they go at the end.
                score = score.saturating_sub(PenaltyKind::Tags.points());
            }
            if score < options.min_score {
                report.bands.count(None);
                continue;
            }
            if score == 100 {
                let previous = place_idx.checked_sub(1).map(|idx| sources[idx].as_str());
                let next = sources.get(place_idx + 1).map(String::as_str);
                if self.is_context_match(best.found.unit_id, source_primary, previous, next)? {
                    score = 101;
                }
            }
            let translation = match &best.adjusted {
                Some(adjusted) => {
                    report.adjusted += 1;
                    adjusted.target.as_str()
                }
                None => best.found.target.as_str(),
            };
            let translation = if to_simplify {
                crate::text::to_simplified(translation).into_owned()
            } else {
                translation.to_owned()
            };
            let target =
                target_with_source_codes(&strip_placeholders(&translation), &segment.source);
            let leverage = xliff::Leverage {
                score,
                origin: "tessera".to_owned(),
                source: strip_placeholders(&best.found.source),
                target: target.plain_text(),
            };
            let segment = segment_at_mut(&mut document, place);
            segment.state = Some(if score > 100 {
                xliff::State::Translated
            } else {
                xliff::State::NeedsReview
            });
            segment.target = Some(target);
            segment.leverage = Some(leverage);
            report.filled += 1;
            report.bands.count(Some(score));
        }
        write_atomically(output, |out| {
            xliff::write(out, &document)
                .map(|_| ())
                .map_err(|error| Error::Output { message: error.to_string() })
        })?;
        Ok(report)
    }

    /// Whether a unit's neighbours in its article match the segment's neighbours in the document
    /// (both present and equal, or both absent), with at least one neighbour on each side.
    fn is_context_match(
        &self,
        unit_id: i64,
        source_primary: &str,
        previous: Option<&str>,
        next: Option<&str>,
    ) -> Result<bool, Error> {
        if previous.is_none() && next.is_none() {
            return Ok(false);
        }
        let stored_previous = self.store.neighbour_text(unit_id, source_primary, false)?;
        let stored_next = self.store.neighbour_text(unit_id, source_primary, true)?;
        if stored_previous.is_none() && stored_next.is_none() {
            // A unit from a memory file has no article, so no context.
            return Ok(false);
        }
        let same = |document: Option<&str>, stored: Option<&str>| match (document, stored) {
            (Some(document), Some(stored)) => {
                normalize_for_matching(document.trim()) == normalize_for_matching(stored.trim())
            }
            (None, None) => true,
            _ => false,
        };
        Ok(same(previous, stored_previous.as_deref()) && same(next, stored_next.as_deref()))
    }
}

fn segment_at_mut(
    document: &mut xliff::Document,
    (file, unit, segment): SegmentPlace,
) -> &mut xliff::TransSegment {
    &mut document.files[file].units[unit].segments[segment]
}

/// A target: the translation, then the source's codes in source order.
fn target_with_source_codes(translation: &str, source: &xliff::Segment) -> xliff::Segment {
    let mut text = translation.to_owned();
    text.extend(source.text.chars().filter(|&c| tmx::Segment::placeholder_index(c).is_some()));
    xliff::Segment { text, codes: source.codes.clone() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LanguageTag, NewUnit, NewVariant};

    fn unit(zh: &str, en: &str) -> NewUnit {
        NewUnit {
            source_lang: Some(LanguageTag::parse("zh-CN")),
            variants: vec![
                NewVariant { lang: LanguageTag::parse("zh-CN"), text: zh.to_owned() },
                NewVariant { lang: LanguageTag::parse("en"), text: en.to_owned() },
            ],
            created_by: "test".to_owned(),
            provenance: None,
        }
    }

    #[test]
    fn a_match_differing_in_numbers_fills_the_adjusted_translation() {
        let mut project = Project::open_in_memory().unwrap();
        let memory = [unit(
            "今年前11个月全国进出口总值增长5.2%。",
            "China's total imports and exports grew by 5.2% in the first 11 months of this year.",
        )];
        project.add_units(memory, &mut |_| {}).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.xlf");
        std::fs::write(
            &input,
            r#"<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" source-language="zh-CN" target-language="en" datatype="plaintext"><body>
<trans-unit id="1"><source>今年前10个月全国进出口总值增长4.8%。</source></trans-unit></body></file></xliff>"#,
        )
        .unwrap();
        let output = dir.path().join("out.xlf");
        let report =
            project.pretranslate_xliff(&input, &output, &PretranslateOptions::default()).unwrap();
        assert_eq!((report.filled, report.adjusted), (1, 1), "{report:?}");
        let document = xliff::read(std::fs::read(&output).unwrap().as_slice()).unwrap();
        let segment = document.segments().next().unwrap();
        assert_eq!(
            segment.target.as_ref().unwrap().text,
            "China's total imports and exports grew by 4.8% in the first 10 months of this year."
        );
        assert_eq!(segment.state, Some(xliff::State::NeedsReview));
        // No article, so no context: a fuzzy score below 100.
        assert!(report.bands.context == 0 && report.bands.exact == 0, "{report:?}");
    }

    #[test]
    fn a_traditional_file_is_not_filled_with_simplified_chinese() {
        let mut project = Project::open_in_memory().unwrap();
        let mut simplified = unit("国务院总理主持会议。", "The Premier chaired the meeting.");
        simplified.variants[0].lang = LanguageTag::parse("zh-Hans");
        project.add_units([simplified], &mut |_| {}).unwrap();
        let dir = tempfile::tempdir().unwrap();
        for (target_lang, filled, other_script) in [("zh-TW", 0, 1), ("zh-CN", 1, 0), ("zh", 1, 0)]
        {
            let input = dir.path().join("in.xlf");
            std::fs::write(
                &input,
                format!(
                    r#"<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" source-language="en" target-language="{target_lang}" datatype="plaintext"><body>
<trans-unit id="1"><source>The Premier chaired the meeting.</source></trans-unit></body></file></xliff>"#
                ),
            )
            .unwrap();
            let output = dir.path().join("out.xlf");
            let report = project
                .pretranslate_xliff(&input, &output, &PretranslateOptions::default())
                .unwrap();
            assert_eq!(
                (report.filled, report.other_script),
                (filled, other_script),
                "{target_lang}"
            );
        }
    }
}
