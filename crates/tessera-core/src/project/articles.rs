//! The article use cases of `Project`: importing past bilingual articles (decode, clean, split,
//! segment, align, store) and reviewing their alignment.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::{
    alignment::{Aligner, Alignment},
    articles::{self, DecodeError, PreparedArticle, SegmentationRules},
    error::{Error, StoreError},
    model::{
        AlignmentEditOutcome, ArticleAlignment, ArticleId, ArticleSegment, ArticleSummary,
        BeadEdit, DroppedText, FileProblem, FileReport, LOW_CONFIDENCE, LanguageTag, NewArticle,
        NewUnit, NewVariant, Provenance, SegmentId,
    },
    project::{Project, now_timestamp},
};

impl Project {
    /// Imports one past article from its bytes: decodes, cleans, splits the languages, segments
    /// and aligns it, then stores the verbatim original, what was dropped, every sentence and the
    /// aligned pairs as units with provenance, in one transaction. Importing the same text again
    /// changes nothing. Problems are reported, never raised: only a database failure is an `Err`.
    pub fn import_article_bytes(
        &mut self,
        source_path: &str,
        bytes: &[u8],
    ) -> Result<FileReport, Error> {
        let mut report = FileReport::failed(source_path, "article", String::new());
        report.problems.clear();
        let prepared = match articles::prepare_article_with_rules(
            bytes,
            source_path,
            &self.segmentation_rules,
        ) {
            Ok(prepared) => prepared,
            Err(error) => {
                report.problems.push(problem_from_decode_error(&error));
                return Ok(report);
            }
        };
        if prepared.zh.is_empty() && prepared.en.is_empty() {
            report.problems.push(FileProblem {
                line: None,
                column: None,
                message: "no Chinese or English text found after cleaning".to_owned(),
            });
            return Ok(report);
        }
        let approved_terms = self.store.approved_term_pairs()?;
        let alignment = Aligner::new().align(&prepared.zh, &prepared.en, &approved_terms);
        let zh_lang = chinese_script_tag(&prepared.zh);
        let en_lang = LanguageTag::parse("en");
        let article = article_record(source_path, bytes, &prepared, &alignment, &zh_lang, &en_lang);
        let units: Vec<NewUnit> = alignment
            .beads
            .iter()
            .filter(|bead| bead.is_translation())
            .map(|bead| NewUnit {
                source_lang: Some(zh_lang.clone()),
                variants: vec![
                    NewVariant { lang: zh_lang.clone(), text: bead.zh_text.clone() },
                    NewVariant { lang: en_lang.clone(), text: bead.en_text.clone() },
                ],
                created_by: String::new(),
                provenance: None,
            })
            .collect();
        // (bead index, confidence) of each translation bead: the unit's position is its bead.
        let beads: Vec<(u32, f64)> = alignment
            .beads
            .iter()
            .enumerate()
            .filter(|(_, bead)| bead.is_translation())
            .map(|(bead_idx, bead)| (bead_idx as u32, bead.confidence))
            .collect();
        report.low_confidence =
            beads.iter().filter(|(_, confidence)| *confidence < LOW_CONFIDENCE).count() as u64;
        report.dropped = article.dropped.clone();

        let now = now_timestamp();
        let content_hash = content_hash(&article.original_text);
        let outcome = self.store.write(|tx| {
            if let Some(existing) = tx.find_article_by_hash(&content_hash)? {
                return Ok((existing, None));
            }
            let article_id = tx.insert_article(&article, &content_hash, &now)?;
            let mut units_with_provenance =
                units.into_iter().zip(&beads).map(|(mut unit, &(position, confidence))| {
                    unit.provenance = Some(Provenance { article_id, position, confidence });
                    unit
                });
            let ids = tx.insert_units(&mut units_with_provenance, &now, &mut |_| {})?;
            Ok((article_id, Some(ids.len())))
        })?;
        match outcome {
            (article_id, Some(n_units)) => {
                report.article = Some(article_id);
                report.units_added = n_units as u64;
            }
            (article_id, None) => {
                report.article = Some(article_id);
                report.already_imported = true;
                report.units_skipped = beads.len() as u64;
            }
        }
        Ok(report)
    }

    /// Every imported article, oldest first, with its alignment counts.
    pub fn articles(&self) -> Result<Vec<ArticleSummary>, Error> {
        Ok(self.store.articles()?)
    }

    /// An article's sentences and aligned pairs, for review.
    pub fn article_alignment(&self, article_id: ArticleId) -> Result<ArticleAlignment, Error> {
        self.store
            .article_alignment(article_id)?
            .ok_or(Error::NotFound { what: format!("article {}", article_id.0) })
    }

    /// Saves a reviewed alignment: `beads` is the article's complete new list of pairs (merged,
    /// split, shifted, unlinked or linked by the reviewer). Pairs that did not change keep their
    /// units; new pairs become units with confidence 1.0; pairs that are gone lose their units.
    /// One transaction, written to the audit log. Because the article is stored once, a later
    /// re-import of the same file keeps these edits.
    pub fn update_alignment(
        &mut self,
        article_id: ArticleId,
        beads: &[BeadEdit],
    ) -> Result<AlignmentEditOutcome, Error> {
        let now = now_timestamp();
        let mut removed_units = Vec::new();
        let outcome = self.store.write(|tx| {
            let current = tx
                .article_alignment(article_id)?
                .ok_or(StoreError::Invalid { message: format!("no article {}", article_id.0) })?;
            let plan = plan_alignment_edit(&current, beads)
                .map_err(|message| StoreError::Invalid { message })?;
            let mut outcome = AlignmentEditOutcome::default();
            let text_of = |ids: &[SegmentId]| -> Vec<&str> {
                ids.iter()
                    .filter_map(|id| current.segments.iter().find(|segment| segment.id == *id))
                    .map(|segment| segment.text.as_str())
                    .collect()
            };
            let zh_lang = current
                .segments
                .iter()
                .find(|segment| segment.lang.primary() == "zh")
                .map(|segment| segment.lang.clone())
                .unwrap_or_else(|| LanguageTag::parse("zh-Hans"));
            for segment in &current.segments {
                tx.set_segment_bead(segment.id, None)?;
            }
            for (position, bead) in plan.iter().enumerate() {
                let position = position as u32;
                for id in bead.zh.iter().chain(&bead.en) {
                    tx.set_segment_bead(*id, Some(position))?;
                }
                let unchanged =
                    current.beads.iter().find(|old| old.zh == bead.zh && old.en == bead.en);
                if let Some(old) = unchanged {
                    tx.set_unit_position(old.unit, position)?;
                    outcome.kept += 1;
                    continue;
                }
                let unit = NewUnit {
                    source_lang: Some(zh_lang.clone()),
                    variants: vec![
                        NewVariant { lang: zh_lang.clone(), text: text_of(&bead.zh).concat() },
                        NewVariant {
                            lang: LanguageTag::parse("en"),
                            text: text_of(&bead.en).join(" "),
                        },
                    ],
                    created_by: String::new(),
                    provenance: Some(Provenance { article_id, position, confidence: 1.0 }),
                };
                tx.insert_units(&mut std::iter::once(unit), &now, &mut |_| {})?;
                outcome.created += 1;
            }
            for old in &current.beads {
                if !plan.iter().any(|bead| bead.zh == old.zh && bead.en == old.en) {
                    tx.delete_unit(old.unit)?;
                    removed_units.push(old.unit);
                    outcome.removed += 1;
                }
            }
            let detail = format!(
                "kept {}, created {}, removed {}",
                outcome.kept, outcome.created, outcome.removed
            );
            tx.insert_audit(&now, "alignment-edited", ("article", article_id.0), &detail)?;
            if !removed_units.is_empty() {
                tx.clear_match_index()?;
            }
            Ok(outcome)
        });
        if outcome.is_ok() {
            self.forget_indexed_units(&removed_units);
        }
        outcome.map_err(Error::from_edit)
    }

    /// Imports `samples` (name, text) when the database holds no article and no unit yet, so a new
    /// user sees a populated memory. Returns the reports, empty when the database was not empty.
    pub fn import_samples_if_empty(
        &mut self,
        samples: &[(&str, &str)],
    ) -> Result<Vec<FileReport>, Error> {
        let stats = self.stats()?;
        if stats.articles > 0 || stats.units > 0 {
            return Ok(Vec::new());
        }
        samples
            .iter()
            .map(|(name, text)| self.import_article_bytes(name, text.as_bytes()))
            .collect()
    }

    /// Uses these sentence-splitting rules for the articles imported from now on.
    pub fn use_segmentation_rules(&mut self, rules: SegmentationRules) {
        self.segmentation_rules = rules;
    }
}

/// Checks a reviewer's pairs against the article and orders them by their first Chinese sentence.
/// Every sentence id must belong to the article, on the right side, at most once.
fn plan_alignment_edit(
    current: &ArticleAlignment,
    beads: &[BeadEdit],
) -> Result<Vec<BeadEdit>, String> {
    let mut seen = std::collections::HashSet::new();
    let mut planned = Vec::with_capacity(beads.len());
    for bead in beads {
        if bead.zh.is_empty() || bead.en.is_empty() {
            return Err("a pair needs at least one Chinese and one English sentence".to_owned());
        }
        let mut ordered = BeadEdit { zh: bead.zh.clone(), en: bead.en.clone() };
        for (ids, chinese) in [(&mut ordered.zh, true), (&mut ordered.en, false)] {
            for id in ids.iter() {
                let segment = current
                    .segments
                    .iter()
                    .find(|segment| segment.id == *id)
                    .ok_or_else(|| format!("sentence {} is not part of this article", id.0))?;
                if (segment.lang.primary() == "zh") != chinese {
                    return Err(format!("sentence {} is on the wrong side of a pair", id.0));
                }
                if !seen.insert(*id) {
                    return Err(format!("sentence {} is in two pairs", id.0));
                }
            }
            let position_of = |id: &SegmentId| {
                current
                    .segments
                    .iter()
                    .find(|segment| segment.id == *id)
                    .map_or(0, |segment| segment.position)
            };
            ids.sort_by_key(position_of);
        }
        planned.push(ordered);
    }
    let first_position = |bead: &BeadEdit| {
        current
            .segments
            .iter()
            .find(|segment| segment.id == bead.zh[0])
            .map_or(0, |segment| segment.position)
    };
    planned.sort_by_key(first_position);
    Ok(planned)
}

/// The stored form of a prepared, aligned article.
fn article_record(
    source_path: &str,
    bytes: &[u8],
    prepared: &PreparedArticle,
    alignment: &Alignment,
    zh_lang: &LanguageTag,
    en_lang: &LanguageTag,
) -> NewArticle {
    let file_kind = match Path::new(source_path).extension().and_then(|ext| ext.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case("html") || ext.eq_ignore_ascii_case("htm") => "html",
        Some(ext) if ext.eq_ignore_ascii_case("docx") => "docx",
        _ => "txt",
    };
    // Sentence index → bead index, per language, for the review view.
    let mut zh_bead = vec![None; prepared.zh.iter().map(Vec::len).sum()];
    let mut en_bead = vec![None; prepared.en.iter().map(Vec::len).sum()];
    for (bead_idx, bead) in alignment.beads.iter().enumerate() {
        for &idx in &bead.zh {
            if let Some(slot) = zh_bead.get_mut(idx) {
                *slot = Some(bead_idx as u32);
            }
        }
        for &idx in &bead.en {
            if let Some(slot) = en_bead.get_mut(idx) {
                *slot = Some(bead_idx as u32);
            }
        }
    }
    let mut segments = Vec::new();
    for (lang, blocks, beads) in
        [(zh_lang, &prepared.zh, &zh_bead), (en_lang, &prepared.en, &en_bead)]
    {
        let sentences = blocks.iter().enumerate().flat_map(|(block_idx, sentences)| {
            sentences.iter().map(move |sentence| (block_idx, sentence))
        });
        for (position, (block_idx, sentence)) in sentences.enumerate() {
            segments.push(ArticleSegment {
                lang: lang.clone(),
                position: position as u32,
                block_idx: block_idx as u32,
                text: sentence.clone(),
                bead: beads.get(position).copied().flatten(),
            });
        }
    }
    NewArticle {
        source_path: source_path.to_owned(),
        title: prepared.title.clone().unwrap_or_default(),
        original_text: prepared.text.clone(),
        original_encoding: prepared.encoding.clone(),
        imported_by: String::new(),
        file_kind: file_kind.to_owned(),
        original_bytes: (file_kind != "txt").then(|| bytes.to_vec()),
        dropped: prepared
            .dropped
            .iter()
            .map(|span| DroppedText {
                start: span.start as u32,
                end: span.end as u32,
                reason: span.reason.as_str().to_owned(),
                text: span.text.clone(),
            })
            .collect(),
        segments,
    }
}

/// `zh-Hant` when most Chinese characters are traditional forms, else `zh-Hans`.
pub(crate) fn chinese_script_tag(blocks: &[Vec<String>]) -> LanguageTag {
    let mut n_han = 0usize;
    let mut n_traditional = 0usize;
    let mut buffer = [0u8; 4];
    for character in blocks.iter().flatten().flat_map(|sentence| sentence.chars()) {
        if !('\u{4E00}'..='\u{9FFF}').contains(&character) {
            continue;
        }
        n_han += 1;
        if !fast2s::convert(character.encode_utf8(&mut buffer)).starts_with(character) {
            n_traditional += 1;
        }
    }
    // Mixed texts lean traditional only when traditional-only forms are frequent: most characters
    // are the same in both scripts.
    LanguageTag::parse(if n_han > 0 && n_traditional * 10 >= n_han { "zh-Hant" } else { "zh-Hans" })
}

fn problem_from_decode_error(error: &DecodeError) -> FileProblem {
    let (line, column) = match error {
        DecodeError::Malformed { line, column, .. } | DecodeError::DocxXml { line, column, .. } => {
            (Some(*line as u32), Some(*column as u32))
        }
        _ => (None, None),
    };
    FileProblem { line, column, message: error.to_string() }
}

/// Hex SHA-256 of an article's verbatim text: the identity used to skip re-imports.
fn content_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Name of the user's sentence-splitting rules file, looked for beside the database.
pub const SEGMENTATION_RULES_FILE: &str = "segmentation-rules.toml";

/// Loads sentence-splitting rules: from `explicit` when given, else from
/// [`SEGMENTATION_RULES_FILE`] beside the database when that file exists, else `None` (the
/// built-in rules). A file that cannot be read or parsed is an error naming it.
pub fn load_segmentation_rules(
    explicit: Option<&Path>,
    database: &Path,
) -> Result<Option<SegmentationRules>, Error> {
    let beside = database.parent().map(|dir| dir.join(SEGMENTATION_RULES_FILE));
    let path = match (explicit, beside) {
        (Some(path), _) => path.to_path_buf(),
        (None, Some(path)) if path.is_file() => path,
        _ => return Ok(None),
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|error| Error::InvalidFile { path: path.clone(), message: error.to_string() })?;
    SegmentationRules::from_toml(&text)
        .map(Some)
        .map_err(|error| Error::InvalidFile { path, message: error.to_string() })
}
