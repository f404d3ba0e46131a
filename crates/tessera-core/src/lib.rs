//! Tessera's engine: a translation memory and termbase for Chinese–English official news.
//!
//! Everything goes through [`Project`], one open SQLite database. The crate never depends on Tauri,
//! never prints and never reads the environment; front ends (the `tessera` CLI and the desktop app)
//! are thin glue over it.
//!
//! ```
//! use tessera_core::Project;
//!
//! let project = Project::open_in_memory().unwrap();
//! let stats = project.stats().unwrap();
//! assert_eq!(stats.units, 0);
//! ```
#![deny(missing_docs)]

pub mod alignment;
pub mod articles;
mod error;
mod glossary;
mod location;
pub mod matching;
mod model;
pub mod phrases;
mod project;
pub mod qa;
mod store;
pub mod synthetic;
pub mod tbx;
pub mod terminology;
pub mod text;
pub mod tmx;
pub mod xliff;
mod xml;

pub use crate::{
    error::{Error, StoreError},
    location::{DEFAULT_DATABASE_FILE, resolve_database_path},
    model::{
        AlignedBead, AlignmentEditOutcome, ArticleAlignment, ArticleId, ArticleSegment,
        ArticleSummary, AuditEntry, AuditRecord, BeadEdit, ConceptDetails, ConceptRecord,
        DocumentSegment, DocumentSummary, DroppedText, DuplicatePolicy, FileProblem, FileReport,
        ImportBatch, ImportBatchId, InterchangeOptions, LOW_CONFIDENCE, LanguageTag,
        MemoryFingerprint, NewArticle, NewUnit, NewVariant, OutgoingChange, PairOutcome,
        PairProposal, ProposedPair, Provenance, SegmentId, SingleFile, Stats, StoredSegment,
        StoredUnit, TeamApplyReport, TeamBinding, TeamChange, TeamConcept, TeamTerm, TeamUnit,
        TermRecord, TermStatus, UndoReport, UnitId, UnitOrigin, UnpairOutcome,
    },
    project::{
        DEFAULT_PRETRANSLATE_MIN_SCORE, DocumentPretranslation, ExampleUnit, ExtractReport,
        FindField, FindQuery, FixReport, FoundText, ImportControl, ImportProgress, IndexProgress,
        IndexRefresh, LookupDirection, MAX_PROBLEMS_LISTED, MatchBands, MemoryMatch, NameRendering,
        NameSpan, PROGRESS_EVERY, PhraseRefresh, PretranslateOptions, PretranslateReport, Project,
        ProposedTerm, QaProgress, QaReport, QaScope, ReplaceReport, ReplaceScope, ReviewDecision,
        SEGMENTATION_RULES_FILE, SegmentTag, SegmentTags, SegmentTerm, TagKind, TermTableFormat,
        TmxExport, TmxExportReport, TmxImportProgress, UnitSide, WritingCompletion,
        load_segmentation_rules, parse_moment, write_atomically,
    },
    store::{DEFAULT_WRITE_WAIT, WRITER_FILE_SUFFIX, WriterWait},
};
