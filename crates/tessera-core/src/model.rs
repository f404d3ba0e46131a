//! Domain types shared by every module: units, variants, articles, terms, statistics.
//!
//! Names follow the standards: TMX `tu`/`tuv`/`seg` are `TranslationUnit`/`Variant`/segment text,
//! TBX `conceptEntry`/`termSec` are `Concept`/`Term`.

use std::fmt;

/// A language tag in BCP 47 form (`zh-CN`, `en`, `zh-Hant`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LanguageTag(String);

impl LanguageTag {
    /// Normalises a tag as found in files (`ZH-cn`, `zh_CN`, `EN`) to BCP 47 casing:
    /// language lower-case, script title-case, region upper-case.
    pub fn parse(raw: &str) -> LanguageTag {
        let mut normalised = Vec::new();
        for (idx, part) in raw.trim().split(['-', '_']).filter(|part| !part.is_empty()).enumerate()
        {
            let part = if idx == 0 {
                part.to_ascii_lowercase()
            } else if part.len() == 4 && part.chars().all(|c| c.is_ascii_alphabetic()) {
                let lower = part.to_ascii_lowercase();
                let mut chars = lower.chars();
                chars.next().map(|first| first.to_ascii_uppercase().to_string()).unwrap_or_default()
                    + chars.as_str()
            } else if part.len() == 2 && part.chars().all(|c| c.is_ascii_alphabetic()) {
                part.to_ascii_uppercase()
            } else {
                part.to_ascii_lowercase()
            };
            normalised.push(part);
        }
        LanguageTag(normalised.join("-"))
    }

    /// The tag as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The tag as text, without a copy.
    pub(crate) fn into_string(self) -> String {
        self.0
    }

    /// The primary language subtag (`zh` for `zh-Hant-TW`).
    pub fn primary(&self) -> &str {
        self.0.split('-').next().unwrap_or("")
    }

    /// True for Chinese in traditional script: `zh-Hant…`, or a `zh` tag whose region writes
    /// traditional characters (`zh-TW`, `zh-HK`, `zh-MO`).
    pub fn is_traditional(&self) -> bool {
        let subtags: Vec<&str> = self.0.split('-').collect();
        subtags[0] == "zh"
            && !subtags.contains(&"Hans")
            && subtags[1..].iter().any(|subtag| matches!(*subtag, "Hant" | "TW" | "HK" | "MO"))
    }

    /// The language by name, for people: `Chinese (Traditional)` for `zh-Hant`, `Chinese
    /// (Simplified, China)` for `zh-Hans-CN`, `English (United States)` for `en-US`. A language
    /// this table does not know keeps its tag; a subtag it does not know is shown as written.
    pub fn english_name(&self) -> String {
        let mut parts = self.0.split('-');
        let primary = parts.next().unwrap_or("");
        let language = match primary {
            "zh" => "Chinese",
            "en" => "English",
            "ja" => "Japanese",
            "ko" => "Korean",
            "fr" => "French",
            "de" => "German",
            "es" => "Spanish",
            "pt" => "Portuguese",
            "it" => "Italian",
            "ru" => "Russian",
            "ar" => "Arabic",
            "vi" => "Vietnamese",
            "th" => "Thai",
            _ => return self.0.clone(),
        };
        let qualifiers: Vec<&str> = parts
            .map(|subtag| match subtag {
                "Hans" => "Simplified",
                "Hant" => "Traditional",
                "CN" => "China",
                "TW" => "Taiwan",
                "HK" => "Hong Kong",
                "MO" => "Macao",
                "SG" => "Singapore",
                "US" => "United States",
                "GB" => "United Kingdom",
                "AU" => "Australia",
                "CA" => "Canada",
                other => other,
            })
            .collect();
        if qualifiers.is_empty() {
            language.to_owned()
        } else {
            format!("{language} ({})", qualifiers.join(", "))
        }
    }

    /// The tag as duplicate detection compares it, since tools spell the same language
    /// differently (OmegaT and Trados write `zh-CN` and `en-US` where Tessera writes `zh-Hans`
    /// and `en`): Chinese with script `Hans` or region CN, SG or MY is `zh-Hans`; with script
    /// `Hant` or region TW, HK or MO it is `zh-Hant`; any English is `en`. Other tags are
    /// themselves. The stored tag keeps its region; only comparisons use this.
    pub fn equivalence_class(&self) -> &str {
        let mut subtags = self.0.split('-');
        match subtags.next() {
            Some("en") => "en",
            Some("zh") => {
                for subtag in subtags {
                    match subtag {
                        "Hans" | "CN" | "SG" | "MY" => return "zh-Hans",
                        "Hant" | "TW" | "HK" | "MO" => return "zh-Hant",
                        _ => {}
                    }
                }
                &self.0
            }
            _ => &self.0,
        }
    }

    /// Whether two tags name the same language for duplicate detection
    /// ([`LanguageTag::equivalence_class`]).
    pub fn is_equivalent(&self, other: &LanguageTag) -> bool {
        self.equivalence_class() == other.equivalence_class()
    }
}

impl fmt::Display for LanguageTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Database id of a translation unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnitId(pub i64);

/// Database id of an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArticleId(pub i64);

/// A language variant of a unit to be stored (TMX `<tuv>`).
#[derive(Debug, Clone, PartialEq)]
pub struct NewVariant {
    /// The variant's language.
    pub lang: LanguageTag,
    /// The segment text.
    pub text: String,
}

/// Where an aligned unit came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Provenance {
    /// The article the pair was aligned from.
    pub article_id: ArticleId,
    /// The pair's position in the article's alignment, from 0.
    pub position: u32,
    /// The aligner's confidence, 0.0 to 1.0.
    pub confidence: f64,
}

/// A translation unit to be stored (TMX `<tu>`): one unit, several language variants.
#[derive(Debug, Clone, PartialEq)]
pub struct NewUnit {
    /// The language the unit was translated from, when known.
    pub source_lang: Option<LanguageTag>,
    /// The variants, at least one.
    pub variants: Vec<NewVariant>,
    /// Who created it (TMX `creationid`).
    pub created_by: String,
    /// Where it came from, for units aligned from articles.
    pub provenance: Option<Provenance>,
}

/// An article to be stored with its verbatim original.
#[derive(Debug, Clone, PartialEq)]
pub struct NewArticle {
    /// The file it was read from.
    pub source_path: String,
    /// The article's title, when one was found.
    pub title: String,
    /// The verbatim text as decoded from the file.
    pub original_text: String,
    /// The encoding the file was decoded from (`utf-8`, `gb18030`, …).
    pub original_encoding: String,
    /// Who imported it.
    pub imported_by: String,
    /// The container the text came from: `txt`, `html` or `docx`.
    pub file_kind: String,
    /// The raw file, kept when the text was extracted from a container (HTML, DOCX).
    pub original_bytes: Option<Vec<u8>>,
    /// What the cleaner dropped, with offsets into `original_text`.
    pub dropped: Vec<DroppedText>,
    /// Every sentence after cleaning and segmentation, both languages, in document order.
    pub segments: Vec<ArticleSegment>,
}

/// A span the cleaner removed from an article, kept so nothing is lost silently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DroppedText {
    /// Start, in characters, into the article's text.
    pub start: u32,
    /// End (exclusive), in characters.
    pub end: u32,
    /// Why it was dropped (`page-noise`, `byline`, `pinyin-artefact`, …).
    pub reason: String,
    /// The dropped text, verbatim.
    pub text: String,
}

/// One sentence of an article, as segmented for alignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleSegment {
    /// Its language.
    pub lang: LanguageTag,
    /// Position among the sentences of that language, from 0.
    pub position: u32,
    /// The language block (paragraph part) it came from.
    pub block_idx: u32,
    /// The sentence.
    pub text: String,
    /// The alignment bead it belongs to, when aligned.
    pub bead: Option<u32>,
}

/// Review status of a term (TBX `administrativeStatus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TermStatus {
    /// The approved rendering.
    Preferred,
    /// Allowed, not preferred.
    Admitted,
    /// Still seen, should be replaced by the preferred term.
    Deprecated,
    /// Must never be used.
    Forbidden,
}

impl TermStatus {
    /// Every status, in the order reviewers read them.
    pub const ALL: [TermStatus; 4] = [
        TermStatus::Preferred,
        TermStatus::Admitted,
        TermStatus::Deprecated,
        TermStatus::Forbidden,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            TermStatus::Preferred => "preferred",
            TermStatus::Admitted => "admitted",
            TermStatus::Deprecated => "deprecated",
            TermStatus::Forbidden => "forbidden",
        }
    }

    /// Parses a stored name.
    pub fn parse(name: &str) -> Option<TermStatus> {
        TermStatus::ALL.into_iter().find(|status| status.as_str() == name)
    }
}

/// Counts shown in the status bar and by `tessera stats`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Stats {
    /// Translation units.
    pub units: u64,
    /// Articles (past bilingual or monolingual texts).
    pub articles: u64,
    /// Terms in the termbase (all languages).
    pub terms: u64,
    /// Concepts in the termbase.
    pub concepts: u64,
    /// Approved concepts: the ones the check, recognition and autocomplete use.
    pub concepts_approved: u64,
    /// Candidate concepts: mined or imported, nobody has reviewed them yet.
    pub concepts_candidate: u64,
    /// Rejected concepts.
    pub concepts_rejected: u64,
    /// Terms by status, every status listed (zero counts included).
    pub terms_by_status: Vec<(TermStatus, u64)>,
    /// Variants by language tag, most frequent first.
    pub languages: Vec<(LanguageTag, u64)>,
    /// The database's schema version.
    pub schema_version: u64,
}

/// A problem found in an imported file, with its place when it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    /// 1-based line, when the problem has a place.
    pub line: Option<u32>,
    /// 1-based column (in characters), when the problem has a place.
    pub column: Option<u32>,
    /// What is wrong, in one line.
    pub message: String,
}

impl FileProblem {
    /// A problem of the whole file (it cannot be read, it is not the kind it claims), with no
    /// line or column.
    pub fn without_place(message: String) -> FileProblem {
        FileProblem { line: None, column: None, message }
    }
}

/// Aligned pairs with a confidence below this are counted as low-confidence in reports and
/// highlighted for review.
pub const LOW_CONFIDENCE: f64 = 0.5;

/// What importing one file did.
#[derive(Debug, Clone, PartialEq)]
pub struct FileReport {
    /// The file as named by the user.
    pub path: String,
    /// What kind of file it was taken for (`article`, `tmx`, …).
    pub kind: String,
    /// Units added to the memory.
    pub units_added: u64,
    /// Units not added because they were already there.
    pub units_skipped: u64,
    /// The article stored (or found already stored) for this file.
    pub article: Option<ArticleId>,
    /// True when the same article had been imported before (nothing changed).
    pub already_imported: bool,
    /// What the cleaner dropped from an article (nothing is lost silently).
    pub dropped: Vec<DroppedText>,
    /// Aligned pairs whose confidence is below [`LOW_CONFIDENCE`]: worth a reviewer's look.
    pub low_confidence: u64,
    /// Problems; a file with problems and nothing stored changed nothing.
    pub problems: Vec<FileProblem>,
    /// Older stored units replaced by newer imported ones (keep-newest duplicate policy).
    pub units_replaced: u64,
    /// Termbase concepts added (TBX).
    pub concepts_added: u64,
    /// The import batch recorded for a TMX or TBX file that was read, for undo; `None` when the
    /// file changed nothing because it could not be read.
    pub import_batch: Option<ImportBatchId>,
    /// For a Chinese file imported with its English version as one article: the English file.
    pub paired_with: Option<String>,
    /// For a pair: the article stored for the English file (`article` is the Chinese one's).
    pub partner_article: Option<ArticleId>,
}

impl FileReport {
    /// A report for a file that changed nothing, with one problem that has no place.
    pub fn failed(path: &str, kind: &str, message: String) -> FileReport {
        FileReport {
            path: path.to_owned(),
            kind: kind.to_owned(),
            units_added: 0,
            units_skipped: 0,
            article: None,
            already_imported: false,
            dropped: Vec::new(),
            low_confidence: 0,
            problems: vec![FileProblem::without_place(message)],
            units_replaced: 0,
            concepts_added: 0,
            import_batch: None,
            paired_with: None,
            partner_article: None,
        }
    }
}

/// Database id of an article sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SegmentId(pub i64);

/// An imported article, as listed for review.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleSummary {
    /// Its id.
    pub id: ArticleId,
    /// The headline, when one was found.
    pub title: String,
    /// The file it came from.
    pub source_path: String,
    /// When it was imported (RFC 3339).
    pub imported_at: String,
    /// Units aligned from it.
    pub units: u64,
    /// Of those, units below [`LOW_CONFIDENCE`].
    pub low_confidence: u64,
    /// Chinese sentences.
    pub zh_sentences: u64,
    /// English sentences.
    pub en_sentences: u64,
    /// Sentences (of either language) in no aligned pair: left for the reviewer to link, or
    /// with nothing to link to.
    pub unaligned_sentences: u64,
    /// The other article of its pair, when a Chinese file and its English version were imported
    /// or paired as one article.
    pub partner: Option<ArticleId>,
}

/// A stored sentence of an article with its paragraph, for aligning it again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ArticleSentence {
    pub(crate) id: SegmentId,
    pub(crate) lang: LanguageTag,
    pub(crate) block_idx: u32,
    pub(crate) text: String,
}

/// A stored sentence of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSegment {
    /// Its id.
    pub id: SegmentId,
    /// Its language.
    pub lang: LanguageTag,
    /// Position among the article's sentences of that language.
    pub position: u32,
    /// The sentence.
    pub text: String,
}

/// One aligned pair of an article: sentences on both sides and the unit made from them.
#[derive(Debug, Clone, PartialEq)]
pub struct AlignedBead {
    /// The bead's position in the article (also the unit's provenance position).
    pub position: u32,
    /// Chinese sentences, in order.
    pub zh: Vec<SegmentId>,
    /// English sentences, in order.
    pub en: Vec<SegmentId>,
    /// The unit stored for this pair.
    pub unit: UnitId,
    /// The aligner's confidence; 1.0 for pairs a reviewer made.
    pub confidence: f64,
}

/// An article's sentences and aligned pairs, for the alignment review.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleAlignment {
    /// The article.
    pub article: ArticleSummary,
    /// Every sentence, Chinese then English, each in document order.
    pub segments: Vec<StoredSegment>,
    /// The aligned pairs, ordered by their first Chinese sentence.
    pub beads: Vec<AlignedBead>,
    /// What the cleaner dropped from the article at import.
    pub dropped: Vec<DroppedText>,
}

/// A reviewer's pair: which sentences belong together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BeadEdit {
    /// Chinese sentences (at least one).
    pub zh: Vec<SegmentId>,
    /// English sentences (at least one).
    pub en: Vec<SegmentId>,
}

/// What saving a reviewed alignment changed in the memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AlignmentEditOutcome {
    /// Pairs left as they were (their units untouched).
    pub kept: u64,
    /// New pairs, stored as new units.
    pub created: u64,
    /// Pairs that no longer exist; their units were removed.
    pub removed: u64,
}

/// What a derived index covers: the unit count and the largest unit id when it was built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MemoryFingerprint {
    /// Units in the memory.
    pub unit_count: u64,
    /// The largest unit id (0 when empty).
    pub max_unit_id: i64,
}

/// Where a unit came from, shown beside a match.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitOrigin {
    /// The unit.
    pub unit_id: i64,
    /// When it was created (RFC 3339).
    pub created_at: String,
    /// Who created it (may be empty).
    pub created_by: String,
    /// The article it was aligned from, if any.
    pub article: Option<String>,
    /// The aligner's confidence, for aligned units.
    pub confidence: Option<f64>,
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// When (RFC 3339).
    pub at: String,
    /// Who.
    pub actor: String,
    /// What (`unit-edited`, `unit-deleted`, `alignment-edited`, `approved`, …).
    pub action: String,
    /// The reviewer's comment.
    pub comment: String,
    /// What changed.
    pub detail: String,
}

/// A stored unit as read for export.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredUnit {
    /// Its id.
    pub id: UnitId,
    /// The source language, when known.
    pub source_lang: Option<LanguageTag>,
    /// Creation time (RFC 3339) and author.
    pub created_at: String,
    /// Who created it.
    pub created_by: String,
    /// Last change time and author, if changed.
    pub changed_at: Option<String>,
    /// Who changed it last.
    pub changed_by: Option<String>,
    /// How often it was used.
    pub usage_count: u64,
    /// Whether a reviewer approved it.
    pub approved: bool,
    /// Its variants (language, text) in stored order.
    pub variants: Vec<(LanguageTag, String)>,
    /// The article it was aligned from: (path, position, confidence).
    pub article: Option<(String, u32, f64)>,
}

/// A term as stored in the termbase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermRecord {
    /// Term id.
    pub id: i64,
    /// Its language.
    pub lang: LanguageTag,
    /// The term.
    pub text: String,
    /// Its status.
    pub status: TermStatus,
    /// How often it was seen in the memory.
    pub occurrences: u64,
}

/// A concept of the termbase with its terms in every language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConceptRecord {
    /// Concept id.
    pub id: i64,
    /// `person`, `title`, `organisation`, … (see `terminology::Category`).
    pub category: String,
    /// `candidate`, `approved` or `rejected`.
    pub review_status: String,
    /// Its terms, Chinese first, most frequent first.
    pub terms: Vec<TermRecord>,
    /// Definition, note and validity dates.
    pub details: ConceptDetails,
    /// Linked concepts (other concept id, link kind such as `short-form`).
    pub links: Vec<(i64, String)>,
}

/// What a reviewer writes about a concept besides its terms.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConceptDetails {
    /// The definition.
    pub definition: String,
    /// A note.
    pub note: String,
    /// From when the term holds (e.g. a person's title), ISO date.
    pub valid_from: Option<String>,
    /// Until when it holds, ISO date.
    pub valid_to: Option<String>,
}

/// One entry of the audit log with the object it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    /// When (RFC 3339).
    pub at: String,
    /// Who.
    pub actor: String,
    /// What.
    pub action: String,
    /// `unit`, `concept`, `article`, `termbase`, `import`.
    pub object_kind: String,
    /// The object's id.
    pub object_id: i64,
    /// A comment.
    pub comment: String,
    /// What changed.
    pub detail: String,
}

/// A document in the editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentSummary {
    /// Document id.
    pub id: i64,
    /// Its name (the file name, or what the translator typed).
    pub name: String,
    /// The language it is written in (`zh-Hans`, `zh-Hant` or `en`).
    pub source_lang: LanguageTag,
    /// The language it is translated into (`en`, or `zh-Hans`/`zh-Hant` from English).
    pub target_lang: LanguageTag,
    /// Segments in it.
    pub segments: u64,
    /// Segments confirmed.
    pub confirmed: u64,
}

/// A segment of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentSegment {
    /// Segment id.
    pub id: i64,
    /// Position in the document, from 0.
    pub position: u32,
    /// The paragraph (language block) it belongs to.
    pub block_idx: u32,
    /// The source sentence.
    pub source: String,
    /// The translation so far.
    pub target: String,
    /// `new`, `draft` or `confirmed`.
    pub status: String,
    /// The score of the memory match pre-translation filled it with (101: a context match),
    /// until the translator changes the target.
    pub match_score: Option<u8>,
}

/// Database id of an import of a TMX or TBX file (one batch per file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ImportBatchId(pub i64);

/// What to do with an imported unit the memory already holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DuplicatePolicy {
    /// Skip a unit whose languages, texts and source language are all identical to a stored
    /// unit's (the default: importing the same file twice adds nothing).
    #[default]
    SkipIdentical,
    /// Of units with the same source text, keep the one changed (or created) last: an older
    /// stored unit is replaced, an older imported one is skipped.
    KeepNewest,
    /// Store every unit, duplicates included.
    KeepAll,
}

impl DuplicatePolicy {
    /// The stored and command-line name: `skip`, `newest` or `all`.
    pub fn as_str(self) -> &'static str {
        match self {
            DuplicatePolicy::SkipIdentical => "skip",
            DuplicatePolicy::KeepNewest => "newest",
            DuplicatePolicy::KeepAll => "all",
        }
    }

    /// Parses a name given by [`DuplicatePolicy::as_str`].
    pub fn parse(name: &str) -> Option<DuplicatePolicy> {
        [DuplicatePolicy::SkipIdentical, DuplicatePolicy::KeepNewest, DuplicatePolicy::KeepAll]
            .into_iter()
            .find(|policy| policy.as_str() == name)
    }
}

/// How to import TMX and TBX files.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InterchangeOptions {
    /// What to do with units the memory already holds.
    pub duplicates: DuplicatePolicy,
    /// Glossaries (TBX and tables) arrive approved: every concept they add is approved at once,
    /// with the file's own term statuses kept (an official, reviewed glossary).
    pub approve: bool,
    /// Store a language read under one tag under another (`zh-CN` → `zh-Hans`): the mirror of
    /// the TMX export's renames, for memory files (TMX, XLIFF).
    pub rename_languages: Vec<(LanguageTag, LanguageTag)>,
}

/// One import of a TMX or TBX file, as listed for undo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportBatch {
    /// Its id, as given to [`crate::Project::undo_import`].
    pub id: ImportBatchId,
    /// The file as named by the user (for a member of a zip: `archive.zip!member.tmx`).
    pub file: String,
    /// `tmx` or `tbx`.
    pub kind: String,
    /// When it started (RFC 3339).
    pub started_at: String,
    /// The duplicate policy it used.
    pub duplicates: String,
    /// Units it added (still there unless undone).
    pub units_added: u64,
    /// Units it skipped as duplicates.
    pub units_skipped: u64,
    /// Older stored units it replaced (keep-newest policy).
    pub units_replaced: u64,
    /// Termbase concepts it added.
    pub concepts_added: u64,
    /// When it was undone, if it was.
    pub undone_at: Option<String>,
    /// The `<prop>`s of a TMX file's `<header>`: (type, value), in file order.
    pub header_props: Vec<(String, String)>,
    /// The `<note>`s of a TMX file's `<header>`, in file order.
    pub header_notes: Vec<String>,
}

/// What undoing an import removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UndoReport {
    /// Units removed.
    pub units_removed: u64,
    /// Concepts removed (with their terms).
    pub concepts_removed: u64,
    /// Units the import had replaced (keep-newest policy) that were put back.
    pub units_restored: u64,
}

/// A Chinese file and an English file found to be one article, proposed for a paired import.
#[derive(Debug, Clone, PartialEq)]
pub struct ProposedPair {
    /// The Chinese file.
    pub zh: std::path::PathBuf,
    /// The English file.
    pub en: std::path::PathBuf,
    /// How alike they are, in 0..=1.
    pub similarity: f64,
    /// How clearly they beat every other candidate of either file, in 0..=1.
    pub confidence: f64,
}

/// A monolingual article file left without a confident partner: it is imported on its own.
#[derive(Debug, Clone, PartialEq)]
pub struct SingleFile {
    /// The file.
    pub path: std::path::PathBuf,
    /// `zh` or `en`: the one language the file holds.
    pub lang: String,
    /// The most similar file of the other language, with their similarity in 0..=1.
    pub best: Option<(std::path::PathBuf, f64)>,
}

/// What document pairing found among the article files of an import.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PairProposal {
    /// Confident pairs, to import as one article each.
    pub pairs: Vec<ProposedPair>,
    /// Monolingual files left single.
    pub singles: Vec<SingleFile>,
}

/// What pairing two stored articles did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PairOutcome {
    /// The Chinese article.
    pub zh: ArticleId,
    /// The English article.
    pub en: ArticleId,
    /// Units made from the pair's aligned sentences.
    pub units_added: u64,
    /// Of those, units below [`LOW_CONFIDENCE`].
    pub low_confidence: u64,
}

/// What unpairing did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnpairOutcome {
    /// The Chinese article, single again.
    pub zh: ArticleId,
    /// The English article, single again.
    pub en: ArticleId,
    /// The pair's units, removed from the memory.
    pub units_removed: u64,
}

/// The team server a database is bound to (team mode), and where its sync stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamBinding {
    /// The server's base URL.
    pub server_url: String,
    /// The user the token belongs to, as the server named them.
    pub user_name: String,
    /// `translator`, `reviewer` or `admin`, as the server last said.
    pub role: String,
    /// This replica's id: the prefix of every id it generates for the team.
    pub client_id: String,
    /// The last change-log sequence number applied here.
    pub cursor: i64,
    /// When the database joined the team (RFC 3339).
    pub joined_at: String,
    /// When it last synced.
    pub synced_at: Option<String>,
    /// Local changes not yet acknowledged by the server.
    pub pending_changes: u64,
}

/// A translation unit as the team shares it: the first Chinese and English variants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamUnit {
    /// The unit's id across the team (generated by the replica that created it).
    pub team_id: String,
    /// The Chinese variant's language tag.
    pub source_lang: String,
    /// The Chinese text.
    pub source: String,
    /// The English variant's language tag.
    pub target_lang: String,
    /// The English text.
    pub target: String,
    /// When it was last edited (RFC 3339): of two edits, the server keeps the later.
    pub edited_at: String,
}

/// A term of a [`TeamConcept`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamTerm {
    /// Language tag.
    pub lang: String,
    /// The term.
    pub text: String,
    /// Its status.
    pub status: TermStatus,
    /// How often it was seen.
    pub occurrences: u64,
}

/// A concept as the team shares it. Its review status is the server's to decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamConcept {
    /// The concept's id across the team.
    pub team_id: String,
    /// `person`, `title`, …
    pub category: String,
    /// `candidate`, `approved` or `rejected`.
    pub review_status: String,
    /// Its terms.
    pub terms: Vec<TeamTerm>,
}

/// One change exchanged with the team server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TeamChange {
    /// A unit's current state.
    Unit(TeamUnit),
    /// A concept's current state.
    Concept(TeamConcept),
}

/// A local change waiting to be pushed. `change_id` stays the same until the server
/// acknowledges it, so a retried push is recognised and adds nothing twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingChange {
    /// Unique across the team: the client id, the outbox entry and its version.
    pub change_id: String,
    /// The outbox entry, for [`crate::Project::acknowledge_team_changes`].
    pub outbox_id: i64,
    /// The entry's version: a local edit after it was read makes a new version.
    pub version: i64,
    /// What it carries (read when it is pushed, so the latest local state goes).
    pub change: TeamChange,
}

/// What applying the team's changes did to this replica.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TeamApplyReport {
    /// Units new to this replica.
    pub units_added: u64,
    /// Units whose text changed.
    pub units_updated: u64,
    /// Concepts new to this replica.
    pub concepts_added: u64,
    /// Concepts whose status or terms changed.
    pub concepts_updated: u64,
    /// Local edits the server overrode (a review wins over a stale edit).
    pub local_edits_overridden: u64,
    /// Remote changes left for later because a local edit of the same object waits to be pushed.
    pub kept_local: u64,
}

#[cfg(test)]
mod tests {
    use super::LanguageTag;

    #[test]
    fn region_and_script_tags_of_one_language_are_equivalent() {
        let class = |tag: &str| LanguageTag::parse(tag).equivalence_class().to_owned();
        for (tag, expected) in [
            ("zh-CN", "zh-Hans"),
            ("zh_cn", "zh-Hans"),
            ("zh-Hans", "zh-Hans"),
            ("zh-Hans-CN", "zh-Hans"),
            ("zh-SG", "zh-Hans"),
            ("zh-TW", "zh-Hant"),
            ("zh-HK", "zh-Hant"),
            ("zh-Hant-HK", "zh-Hant"),
            ("zh", "zh"),
            ("en-US", "en"),
            ("en-GB", "en"),
            ("EN", "en"),
            ("fr-CA", "fr-CA"),
        ] {
            assert_eq!(class(tag), expected, "{tag}");
        }
        assert!(LanguageTag::parse("zh-TW").is_equivalent(&LanguageTag::parse("zh-Hant")));
        assert!(!LanguageTag::parse("zh-TW").is_equivalent(&LanguageTag::parse("zh-CN")));
        // The stored tag keeps its region.
        assert_eq!(LanguageTag::parse("zh-TW").as_str(), "zh-TW");
    }
}
