//! The article use cases of `Project`: importing past bilingual articles (decode, clean, split,
//! segment, align, store) and reviewing their alignment.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::{
    alignment::{
        Aligner, Alignment,
        documents::{self, ChineseDocument, EnglishDocument},
    },
    articles::{self, DecodeError, PreparedArticle, SegmentationRules},
    error::{Error, StoreError},
    model::{
        AlignmentEditOutcome, ArticleAlignment, ArticleId, ArticleSegment, ArticleSummary,
        BeadEdit, DroppedText, FileProblem, FileReport, InterchangeOptions, LOW_CONFIDENCE,
        LanguageTag, NewArticle, NewUnit, NewVariant, PairOutcome, PairProposal, ProposedPair,
        Provenance, SegmentId, SingleFile, UnpairOutcome,
    },
    project::{
        ImportControl, ImportProgress, Project,
        interchange::{FileKind, file_kind, importable_files},
        now_timestamp,
    },
    store::StoreTx,
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

    /// An article's sentences and aligned pairs, for review. For either article of a pair, the
    /// pair's: the Chinese article's sentences, the English article's and their units.
    pub fn article_alignment(&self, article_id: ArticleId) -> Result<ArticleAlignment, Error> {
        let article_id = self.store.paired_chinese_article(article_id)?.unwrap_or(article_id);
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
            let article_id = tx.article_pair(article_id)?.map_or(article_id, |(zh, _)| zh);
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

/// Below this share of English characters per Chinese character a file counts as Chinese only
/// (a stray English slogan or link does not make a page bilingual).
const MONOLINGUAL_CHINESE_MAX_RATIO: f64 = 0.25;
/// Above this share of English characters per Chinese character a file counts as English only
/// (Chinese characters are dense: a few quoted names do not make a page bilingual).
const MONOLINGUAL_ENGLISH_MIN_RATIO: f64 = 40.0;

/// Which language a prepared article file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileLanguages {
    ChineseOnly,
    EnglishOnly,
    Both,
    Neither,
}

fn file_languages(prepared: &PreparedArticle) -> FileLanguages {
    let count = |blocks: &[Vec<String>]| -> usize {
        blocks.iter().flatten().map(|s| s.chars().filter(|c| !c.is_whitespace()).count()).sum()
    };
    let (zh_chars, en_chars) = (count(&prepared.zh), count(&prepared.en));
    match (zh_chars, en_chars) {
        (0, 0) => FileLanguages::Neither,
        (_, 0) => FileLanguages::ChineseOnly,
        (0, _) => FileLanguages::EnglishOnly,
        _ => {
            let ratio = en_chars as f64 / zh_chars as f64;
            if ratio < MONOLINGUAL_CHINESE_MAX_RATIO {
                FileLanguages::ChineseOnly
            } else if ratio > MONOLINGUAL_ENGLISH_MIN_RATIO {
                FileLanguages::EnglishOnly
            } else {
                FileLanguages::Both
            }
        }
    }
}

impl Project {
    /// Finds, among the article files in `paths` (folders walked as by an import), the Chinese
    /// files and English files that are one article: document alignment over monolingual files,
    /// solved as an assignment problem (see [`crate::alignment::documents`]). Bilingual files and
    /// files that cannot be read take no part. Reads the files and the approved terms; writes
    /// nothing.
    pub fn propose_pairs(&self, paths: &[PathBuf]) -> Result<PairProposal, Error> {
        let terms = self.store.approved_term_pairs()?;
        let mut zh_files = Vec::new();
        let mut en_files = Vec::new();
        let mut zh_documents = Vec::new();
        let mut en_documents = Vec::new();
        for (path, _) in importable_files(paths) {
            if file_kind(&path) != FileKind::Article {
                continue;
            }
            let Ok(bytes) = std::fs::read(&path) else { continue };
            let shown = path.display().to_string();
            let Ok(prepared) =
                articles::prepare_article_with_rules(&bytes, &shown, &self.segmentation_rules)
            else {
                continue;
            };
            match file_languages(&prepared) {
                FileLanguages::ChineseOnly => {
                    zh_documents.push(ChineseDocument::new(&prepared.zh, &terms));
                    zh_files.push(path);
                }
                FileLanguages::EnglishOnly => {
                    en_documents.push(EnglishDocument::new(&prepared.en, &terms));
                    en_files.push(path);
                }
                FileLanguages::Both | FileLanguages::Neither => {}
            }
        }
        let pairing = documents::pair_documents(&zh_documents, &en_documents);
        let pairs = pairing
            .pairs
            .iter()
            .map(|pair| ProposedPair {
                zh: zh_files[pair.zh].clone(),
                en: en_files[pair.en].clone(),
                similarity: pair.similarity,
                confidence: pair.confidence,
            })
            .collect();
        let mut singles = Vec::new();
        for (idx, path) in zh_files.iter().enumerate() {
            if pairing.pair_of_zh(idx).is_none() {
                let best = pairing.zh_best[idx]
                    .map(|best| (en_files[best.idx].clone(), best.similarity.max(0.0)));
                singles.push(SingleFile { path: path.clone(), lang: "zh".to_owned(), best });
            }
        }
        for (idx, path) in en_files.iter().enumerate() {
            if pairing.pair_of_en(idx).is_none() {
                let best = pairing.en_best[idx]
                    .map(|best| (zh_files[best.idx].clone(), best.similarity.max(0.0)));
                singles.push(SingleFile { path: path.clone(), lang: "en".to_owned(), best });
            }
        }
        Ok(PairProposal { pairs, singles })
    }

    /// Imports `paths` as [`Project::import_paths_with_options`] does, except that each
    /// `(Chinese file, English file)` of `pairs` is imported as one article
    /// ([`Project::import_article_pair_files`]), reported once under the Chinese file. The pairs'
    /// files need not be among `paths`. Each file or pair is its own transaction.
    pub fn import_paths_paired(
        &mut self,
        paths: &[PathBuf],
        pairs: &[(PathBuf, PathBuf)],
        options: &InterchangeOptions,
        progress: &mut dyn FnMut(ImportProgress<'_>) -> ImportControl,
    ) -> Result<Vec<FileReport>, Error> {
        if pairs.is_empty() {
            return self.import_paths_with_options(paths, options, progress);
        }
        let paired: std::collections::HashSet<&PathBuf> =
            pairs.iter().flat_map(|(zh, en)| [zh, en]).collect();
        let files: Vec<(PathBuf, bool)> = importable_files(paths)
            .into_iter()
            .filter(|(path, _)| !paired.contains(path))
            .collect();
        let total = files.len() + pairs.len();
        let mut reports = Vec::with_capacity(total);
        for (done, (zh, en)) in pairs.iter().enumerate() {
            let control = progress(ImportProgress {
                done,
                total,
                current: zh,
                within_file: None,
                file_bytes: None,
            });
            if control == ImportControl::Cancel {
                let mut report = FileReport::failed(
                    &zh.display().to_string(),
                    "article",
                    "cancelled before it was imported".to_owned(),
                );
                report.paired_with = Some(en.display().to_string());
                reports.push(report);
                continue;
            }
            reports.push(self.import_article_pair_files(zh, en)?);
        }
        for (file_idx, (path, named)) in files.iter().enumerate() {
            let done = pairs.len() + file_idx;
            let control = progress(ImportProgress {
                done,
                total,
                current: path,
                within_file: None,
                file_bytes: None,
            });
            if control == ImportControl::Cancel {
                let kind = match file_kind(path) {
                    FileKind::Tmx => "tmx",
                    FileKind::Tbx => "tbx",
                    FileKind::Glossary => "glossary",
                    FileKind::Xliff => "xliff",
                    FileKind::Article | FileKind::Unsupported => "article",
                };
                reports.push(FileReport::failed(
                    &path.display().to_string(),
                    kind,
                    "cancelled before it was imported".to_owned(),
                ));
                continue;
            }
            if let Some(report) =
                self.import_one_file(path, *named, options, (done, total), progress)?
            {
                reports.push(report);
            }
        }
        Ok(reports)
    }

    /// Reads two files and imports them as one article: [`Project::import_article_pair_bytes`].
    pub fn import_article_pair_files(&mut self, zh: &Path, en: &Path) -> Result<FileReport, Error> {
        let (zh_shown, en_shown) = (zh.display().to_string(), en.display().to_string());
        let unreadable = |shown: &str, error: std::io::Error| {
            let mut report = FileReport::failed(
                &zh_shown,
                "article",
                format!("{shown}: cannot read the file: {error}"),
            );
            report.paired_with = Some(en_shown.clone());
            report
        };
        let zh_bytes = match std::fs::read(zh) {
            Ok(bytes) => bytes,
            Err(error) => return Ok(unreadable(&zh_shown, error)),
        };
        let en_bytes = match std::fs::read(en) {
            Ok(bytes) => bytes,
            Err(error) => return Ok(unreadable(&en_shown, error)),
        };
        self.import_article_pair_bytes(&zh_shown, &zh_bytes, &en_shown, &en_bytes)
    }

    /// Imports a Chinese file and its English version as one article: each file is decoded,
    /// cleaned and segmented and stored as an article with its verbatim original (found again,
    /// not duplicated, when it was imported before), then the Chinese sentences of the first are
    /// aligned with the English sentences of the second and the pairs become units whose
    /// provenance is the Chinese article. One transaction. Importing the same pair again
    /// changes nothing; a file already paired with another, or bilingual with units of its own,
    /// is reported as a problem and nothing changes.
    pub fn import_article_pair_bytes(
        &mut self,
        zh_path: &str,
        zh_bytes: &[u8],
        en_path: &str,
        en_bytes: &[u8],
    ) -> Result<FileReport, Error> {
        let mut report = FileReport::failed(zh_path, "article", String::new());
        report.problems.clear();
        report.paired_with = Some(en_path.to_owned());
        let rules = &self.segmentation_rules;
        let prepared_zh = match articles::prepare_article_with_rules(zh_bytes, zh_path, rules) {
            Ok(prepared) => prepared,
            Err(error) => {
                report.problems.push(problem_from_decode_error(&error));
                return Ok(report);
            }
        };
        let prepared_en = match articles::prepare_article_with_rules(en_bytes, en_path, rules) {
            Ok(prepared) => prepared,
            Err(error) => {
                let mut problem = problem_from_decode_error(&error);
                problem.line = None;
                problem.column = None;
                report.problems.push(problem);
                return Ok(report);
            }
        };
        if prepared_zh.zh.is_empty() {
            report.problems.push(FileProblem::without_place(
                "no Chinese text found after cleaning".to_owned(),
            ));
            return Ok(report);
        }
        if prepared_en.en.is_empty() {
            report.problems.push(FileProblem::without_place(format!(
                "{en_path}: no English text found after cleaning"
            )));
            return Ok(report);
        }
        let terms = self.store.approved_term_pairs()?;
        let en_lang = LanguageTag::parse("en");
        let unaligned = Alignment::default();
        let zh_record = {
            let zh_lang = chinese_script_tag(&prepared_zh.zh);
            article_record(zh_path, zh_bytes, &prepared_zh, &unaligned, &zh_lang, &en_lang)
        };
        let en_record = {
            let zh_lang = chinese_script_tag(&prepared_en.zh);
            article_record(en_path, en_bytes, &prepared_en, &unaligned, &zh_lang, &en_lang)
        };
        report.dropped = zh_record.dropped.iter().chain(&en_record.dropped).cloned().collect();
        let now = now_timestamp();
        let zh_hash = content_hash(&zh_record.original_text);
        let en_hash = content_hash(&en_record.original_text);
        let outcome = self.store.write(|tx| {
            let zh_existing = tx.find_article_by_hash(&zh_hash)?;
            let en_existing = tx.find_article_by_hash(&en_hash)?;
            if let (Some(zh), Some(en)) = (zh_existing, en_existing)
                && tx.article_pair(zh)? == Some((zh, en))
            {
                let n_units = tx.article_units(zh)?.len() as u64;
                return Ok(PairImport::AlreadyPaired { zh, en, n_units });
            }
            for existing in [zh_existing, en_existing].into_iter().flatten() {
                if let Some(refusal) = pairing_refusal(tx, existing)? {
                    return Ok(PairImport::Refused(refusal));
                }
            }
            let zh = match zh_existing {
                Some(id) => id,
                None => tx.insert_article(&zh_record, &zh_hash, &now)?,
            };
            let en = match en_existing {
                Some(id) => id,
                None => tx.insert_article(&en_record, &en_hash, &now)?,
            };
            if zh == en {
                return Err(StoreError::Invalid {
                    message: "the Chinese and the English file have the same text".to_owned(),
                });
            }
            let outcome = pair_in_tx(tx, zh, en, &terms, &now)?;
            tx.insert_audit(
                &now,
                "articles-paired",
                ("article", zh.0),
                &format!(
                    "imported with article {} ({en_path}): {} units",
                    en.0, outcome.units_added
                ),
            )?;
            Ok(PairImport::Paired(outcome))
        });
        match outcome {
            Ok(PairImport::Paired(outcome)) => {
                report.article = Some(outcome.zh);
                report.partner_article = Some(outcome.en);
                report.units_added = outcome.units_added;
                report.low_confidence = outcome.low_confidence;
            }
            Ok(PairImport::AlreadyPaired { zh, en, n_units }) => {
                report.article = Some(zh);
                report.partner_article = Some(en);
                report.already_imported = true;
                report.units_skipped = n_units;
            }
            Ok(PairImport::Refused(message)) => {
                report.problems.push(FileProblem::without_place(message));
            }
            Err(StoreError::Invalid { message }) => {
                report.problems.push(FileProblem::without_place(message));
            }
            Err(error) => return Err(error.into()),
        }
        Ok(report)
    }

    /// Pairs two stored single articles, a Chinese one and an English one, as one article:
    /// their sentences are aligned and the pairs become units whose provenance is the Chinese
    /// article. One transaction, written to the audit log. Refused (nothing changes) when either
    /// is already paired, when `zh` has no Chinese or `en` no English sentence, or when either
    /// already holds aligned pairs of its own.
    pub fn pair_articles(&mut self, zh: ArticleId, en: ArticleId) -> Result<PairOutcome, Error> {
        let terms = self.store.approved_term_pairs()?;
        let now = now_timestamp();
        self.store
            .write(|tx| {
                for article in [zh, en] {
                    if tx.article_alignment(article)?.is_none() {
                        return Err(StoreError::Invalid {
                            message: format!("article {} does not exist", article.0),
                        });
                    }
                    if let Some(message) = pairing_refusal(tx, article)? {
                        return Err(StoreError::Invalid { message });
                    }
                }
                if zh == en {
                    return Err(StoreError::Invalid {
                        message: "an article cannot be paired with itself".to_owned(),
                    });
                }
                let outcome = pair_in_tx(tx, zh, en, &terms, &now)?;
                tx.insert_audit(
                    &now,
                    "articles-paired",
                    ("article", zh.0),
                    &format!("with article {}: {} units", en.0, outcome.units_added),
                )?;
                Ok(outcome)
            })
            .map_err(Error::from_edit)
    }

    /// Undoes a pair (given either of its articles): the pair's units leave the memory and both
    /// articles are single again, as if imported alone. One transaction, written to the audit
    /// log.
    pub fn unpair_article(&mut self, article: ArticleId) -> Result<UnpairOutcome, Error> {
        let now = now_timestamp();
        let mut removed_units = Vec::new();
        let outcome = self.store.write(|tx| {
            let Some((zh, en)) = tx.article_pair(article)? else {
                return Err(StoreError::Invalid {
                    message: format!("article {} is not paired", article.0),
                });
            };
            for unit in tx.article_units(zh)? {
                tx.delete_unit(unit)?;
                removed_units.push(unit);
            }
            for sentence in tx.article_sentences(zh)?.iter().chain(&tx.article_sentences(en)?) {
                tx.set_segment_bead(sentence.id, None)?;
            }
            tx.delete_article_pair(zh)?;
            if !removed_units.is_empty() {
                tx.clear_match_index()?;
            }
            tx.insert_audit(
                &now,
                "articles-unpaired",
                ("article", zh.0),
                &format!("from article {}: {} units removed", en.0, removed_units.len()),
            )?;
            Ok(UnpairOutcome { zh, en, units_removed: removed_units.len() as u64 })
        });
        if outcome.is_ok() {
            self.forget_indexed_units(&removed_units);
        }
        outcome.map_err(Error::from_edit)
    }
}

/// What a paired import did inside its transaction.
enum PairImport {
    Paired(PairOutcome),
    AlreadyPaired { zh: ArticleId, en: ArticleId, n_units: u64 },
    Refused(String),
}

/// Why a stored article cannot take part in a new pair, if it cannot.
fn pairing_refusal(tx: &StoreTx<'_>, article: ArticleId) -> Result<Option<String>, StoreError> {
    if let Some((zh, en)) = tx.article_pair(article)? {
        let other = if zh == article { en } else { zh };
        return Ok(Some(format!(
            "article {} is already paired with article {}; unpair it first",
            article.0, other.0
        )));
    }
    if !tx.article_units(article)?.is_empty() {
        return Ok(Some(format!(
            "article {} already holds aligned pairs of its own (it is bilingual)",
            article.0
        )));
    }
    Ok(None)
}

/// Aligns the Chinese sentences of `zh` with the English sentences of `en`, gives both
/// articles' sentences the new bead positions, stores the pairs as units with `zh` as their
/// provenance and records the pair. The caller has checked that both are single.
fn pair_in_tx(
    tx: &StoreTx<'_>,
    zh: ArticleId,
    en: ArticleId,
    terms: &[(String, String)],
    now: &str,
) -> Result<PairOutcome, StoreError> {
    let zh_all = tx.article_sentences(zh)?;
    let en_all = tx.article_sentences(en)?;
    let zh_sentences: Vec<_> = zh_all.iter().filter(|s| s.lang.primary() == "zh").collect();
    let en_sentences: Vec<_> = en_all.iter().filter(|s| s.lang.primary() != "zh").collect();
    if zh_sentences.is_empty() {
        return Err(StoreError::Invalid {
            message: format!("article {} has no Chinese sentence", zh.0),
        });
    }
    if en_sentences.is_empty() {
        return Err(StoreError::Invalid {
            message: format!("article {} has no English sentence", en.0),
        });
    }
    let by_paragraph = |sentences: &[&crate::model::ArticleSentence]| {
        let mut blocks: Vec<Vec<String>> = Vec::new();
        let mut last_block = None;
        for sentence in sentences {
            if last_block != Some(sentence.block_idx) {
                blocks.push(Vec::new());
                last_block = Some(sentence.block_idx);
            }
            if let Some(block) = blocks.last_mut() {
                block.push(sentence.text.clone());
            }
        }
        blocks
    };
    let alignment =
        Aligner::new().align(&by_paragraph(&zh_sentences), &by_paragraph(&en_sentences), terms);
    for sentence in zh_all.iter().chain(&en_all) {
        tx.set_segment_bead(sentence.id, None)?;
    }
    let zh_lang = zh_sentences[0].lang.clone();
    let en_lang = LanguageTag::parse("en");
    let mut outcome = PairOutcome { zh, en, units_added: 0, low_confidence: 0 };
    let mut units = Vec::new();
    for (bead_idx, bead) in alignment.beads.iter().enumerate() {
        let position = bead_idx as u32;
        for idx in &bead.zh {
            tx.set_segment_bead(zh_sentences[*idx].id, Some(position))?;
        }
        for idx in &bead.en {
            tx.set_segment_bead(en_sentences[*idx].id, Some(position))?;
        }
        if bead.is_translation() {
            outcome.units_added += 1;
            if bead.confidence < LOW_CONFIDENCE {
                outcome.low_confidence += 1;
            }
            units.push(NewUnit {
                source_lang: Some(zh_lang.clone()),
                variants: vec![
                    NewVariant { lang: zh_lang.clone(), text: bead.zh_text.clone() },
                    NewVariant { lang: en_lang.clone(), text: bead.en_text.clone() },
                ],
                created_by: String::new(),
                provenance: Some(Provenance {
                    article_id: zh,
                    position,
                    confidence: bead.confidence,
                }),
            });
        }
    }
    tx.insert_units(&mut units.into_iter(), now, &mut |_| {})?;
    tx.insert_article_pair(zh, en, now)?;
    Ok(outcome)
}
