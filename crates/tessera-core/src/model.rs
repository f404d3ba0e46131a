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

    /// The primary language subtag (`zh` for `zh-Hant-TW`).
    pub fn primary(&self) -> &str {
        self.0.split('-').next().unwrap_or("")
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

/// A fuzzy match from the memory with where it came from and, when the query differs only in
/// numbers or approved terms, the match's target adjusted to the query.
#[derive(Debug, Clone, PartialEq)]
pub struct MemoryMatch {
    /// The scored match (score, source, target, diff, penalties).
    pub found: crate::matching::Match,
    /// Where the unit came from.
    pub origin: Option<UnitOrigin>,
    /// The target with the query's numbers and approved term renderings put in, when possible.
    pub adjusted: Option<crate::matching::Adjusted>,
    /// A 100 match whose unit followed, in its article, the same previous segment as the query
    /// (what CAT tools call a context or 101% match).
    pub context_match: bool,
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
