//! The interop corpus: real TMX and TBX files from other tools' public test suites
//! (`tests/fixtures/interop/`, indexed in its README.md), each read against a hand-written
//! expectation, written back and read again, and imported through `Project` into SQLite.
//!
//! Counts in [`EXPECTED`] were made by hand from the files; [`scan`] recounts the elements
//! without the reader, so a reader that loses or invents units cannot agree with both.

use std::{
    collections::BTreeSet,
    panic::{AssertUnwindSafe, catch_unwind},
    path::{Path, PathBuf},
    process::Command,
};

use tessera_core::{
    DuplicatePolicy, ImportControl, InterchangeOptions, Project, TmxExport, tbx, tmx,
};

/// The expectation for one fixture. Every fixture is read (none is refused as a whole): what
/// a reader cannot use it reports as skipped items, each with its line and column.
struct Expected {
    /// Path under `tests/fixtures/interop/`.
    path: &'static str,
    /// `<tu>` (TMX) or `<termEntry>`/`<conceptEntry>` (TBX) elements in the file.
    elements: usize,
    /// Units or concepts the reader yields.
    read: usize,
    /// Items the reader reports as skipped or repaired.
    skipped: usize,
    /// TMX: inline tags in the units read (`<hi>` counts twice: start and end).
    tags: usize,
    /// TBX: terms in the concepts read.
    terms: usize,
    /// Languages of the units or concepts read, in BCP 47 form, sorted.
    languages: &'static [&'static str],
}

const fn tmx_file(
    path: &'static str,
    (elements, read, skipped, tags): (usize, usize, usize, usize),
    languages: &'static [&'static str],
) -> Expected {
    Expected { path, elements, read, skipped, tags, terms: 0, languages }
}

const fn tbx_file(
    path: &'static str,
    (elements, read, skipped, terms): (usize, usize, usize, usize),
    languages: &'static [&'static str],
) -> Expected {
    Expected { path, elements, read, skipped, tags: 0, terms, languages }
}

const EN_FR_CA: &[&str] = &["en-US", "fr-CA"];
const EN_GB_US: &[&str] = &["en-GB", "en-US"];
const BE_EN: &[&str] = &["be", "en"];
const EN_FR: &[&str] = &["en", "fr"];

/// One entry per fixture; (elements, read, skipped, tags or terms) as counted by hand.
const EXPECTED: &[Expected] = &[
    // andreswebs/terminology (GPL-3.0-or-later): TBX v3 DCA and DCT, TBX-Linguist.
    tbx_file("andreswebs-terminology/all-categories-dca.tbx", (1, 1, 0, 1), &["en"]),
    tbx_file("andreswebs-terminology/bad-xml.tbx", (1, 0, 2, 0), &[]),
    tbx_file("andreswebs-terminology/doctype-entity.tbx", (1, 1, 1, 1), &["en"]),
    tbx_file("andreswebs-terminology/legacy-forms.tbx", (1, 1, 0, 5), &["en"]),
    tbx_file("andreswebs-terminology/missing-tbx-type.tbx", (1, 1, 0, 1), &["en"]),
    tbx_file("andreswebs-terminology/rich-dct.tbx", (2, 2, 0, 7), &["en", "es", "he"]),
    // byutrg TBX-Min (Perl 5 terms): the 2013 TBX-Min dialect, `<TBX dialect="TBX-Min">`.
    tbx_file("byutrg-tbx-min/basic.tbx", (3, 3, 0, 7), &["de", "en"]),
    tbx_file("byutrg-tbx-min/min.tbx", (3, 3, 0, 7), &["de", "en"]),
    // The LISA TMX Compliance Kit (public domain).
    tmx_file("lisa-tmx-compliance-kit/ExportTest1A.tmx", (4, 4, 0, 0), EN_FR_CA),
    tmx_file("lisa-tmx-compliance-kit/ExportTest1B.tmx", (2, 2, 0, 0), EN_FR_CA),
    tmx_file("lisa-tmx-compliance-kit/ExportTest2A.tmx", (6, 6, 0, 52), EN_FR_CA),
    tmx_file("lisa-tmx-compliance-kit/ImportTest1B.tmx", (1, 1, 0, 0), EN_FR_CA),
    tmx_file(
        "lisa-tmx-compliance-kit/ImportTest1C.tmx",
        (3, 3, 0, 0),
        &["en-GB", "en-US", "es-ES", "fr-CA", "ja-JP"],
    ),
    tmx_file("lisa-tmx-compliance-kit/ImportTest1D.tmx", (3, 3, 0, 0), EN_GB_US),
    tmx_file("lisa-tmx-compliance-kit/ImportTest1H.tmx", (3, 3, 0, 0), EN_GB_US),
    tmx_file("lisa-tmx-compliance-kit/ImportTest1I.tmx", (1, 1, 0, 0), &["en-US", "ja-JP"]),
    tmx_file("lisa-tmx-compliance-kit/ImportTest1J.tmx", (2, 2, 0, 0), EN_GB_US),
    tmx_file(
        "lisa-tmx-compliance-kit/ImportTest1J_many.tmx",
        (3, 3, 0, 0),
        &["en-GB", "en-US", "es-ES"],
    ),
    tmx_file(
        "lisa-tmx-compliance-kit/ImportTest1K.tmx",
        (2, 2, 0, 0),
        &["de-DE", "en-GB", "fr-CA"],
    ),
    tmx_file("lisa-tmx-compliance-kit/ImportTest1L.tmx", (1, 1, 0, 0), &["en-GB", "en-US", "fr"]),
    tmx_file("lisa-tmx-compliance-kit/ImportTest2C.tmx", (1, 1, 0, 18), &["en-GB", "en-US", "fr"]),
    // Okapi (Apache-2.0).
    tmx_file("okapi/header_with_prop_and_note.tmx", (1, 1, 0, 12), &["en-US", "fr"]),
    tbx_file("okapi/ibm_tbx.tbx", (5, 5, 0, 11), &["en", "fr"]),
    tmx_file("okapi/issue277.tmx", (2, 2, 0, 0), &["de", "en"]),
    tbx_file("okapi/maryland.tbx", (1, 1, 0, 13), &["en", "es", "fr", "it"]),
    tmx_file("okapi/okapi-confusion.tmx", (1, 0, 1, 0), &[]),
    tbx_file("okapi/oracle_TBX.tbx", (2, 2, 0, 6), &["en", "pt"]),
    tmx_file("okapi/sampleTMX2.tmx", (2, 2, 0, 0), &["en-US", "fr-CA", "fr-FR"]),
    tmx_file("okapi/simple.tmx", (1, 1, 0, 4), EN_FR),
    tbx_file("okapi/test01.tbx", (1, 1, 0, 2), &["en", "hu"]),
    tbx_file("okapi/test02_win1254.tbx", (1, 1, 0, 2), &["en", "tr"]),
    // OmegaT (GPL-3.0-or-later).
    tmx_file("omegat/ImportTest2A-0index.tmx", (7, 7, 0, 46), EN_FR_CA),
    tmx_file("omegat/empty.tmx", (0, 0, 0, 0), &[]),
    tmx_file("omegat/en-US_en-GB_fr_sr.tmx", (1, 1, 0, 0), &["en-GB", "en-US", "fr", "sr"]),
    tmx_file("omegat/invalid.tmx", (1, 1, 8, 8), BE_EN),
    tmx_file("omegat/resegmenting11.tmx", (1, 1, 0, 0), EN_FR),
    tmx_file("omegat/test-SMP.tmx", (1, 1, 0, 0), BE_EN),
    tmx_file("omegat/test-level2.tmx", (3, 3, 1, 6), BE_EN),
    tmx_file("omegat/test-missingSource.tmx", (4, 3, 1, 0), &["be", "en", "en-GB", "es"]),
    tmx_file("omegat/test-omegat-invalid.tmx", (4, 4, 0, 0), &["be", "en", "en-GB", "en-US", "es"]),
    // python-tmx / hypomnema (MIT).
    tmx_file("python-tmx/minimal.tmx", (0, 0, 0, 0), &[]),
    tmx_file("python-tmx/namespaces.tmx", (1, 1, 0, 0), EN_FR),
    tmx_file("python-tmx/standard.tmx", (2, 2, 0, 4), EN_FR),
    // termate (MIT): TBX v3 TBX-Core.
    tbx_file("termate/test.tbx", (1, 1, 0, 1), &["en"]),
    // Weblate (GPL-3.0-or-later).
    tbx_file("weblate/cs.tbx", (4, 4, 0, 8), &["cs", "en"]),
    tbx_file("weblate/fr-extended-metadata.tbx", (2, 2, 0, 4), EN_FR),
    tmx_file("weblate/memory.tmx", (1, 1, 0, 0), &["cs-CZ", "de-DE", "en-US"]),
    tmx_file("weblate/memory2.tmx", (1, 1, 0, 0), &["en", "sc"]),
];

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/interop")
}

fn is_tmx(path: &str) -> bool {
    path.ends_with(".tmx")
}

/// Every `.tmx` and `.tbx` under the corpus, relative, sorted.
fn corpus_files() -> Vec<String> {
    let root = corpus_dir();
    let mut files = Vec::new();
    for folder in std::fs::read_dir(&root).unwrap() {
        let folder = folder.unwrap().path();
        if !folder.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&folder).unwrap() {
            let file = file.unwrap().path();
            let name = file.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
            if name.ends_with(".tmx") || name.ends_with(".tbx") {
                files.push(name);
            }
        }
    }
    files.sort();
    files
}

/// Runs `check` on every fixture, each on its own so that one failure (or panic) does not hide
/// the others; fails listing them all.
fn for_each_fixture(check: impl Fn(&Expected, &[u8]) -> Result<(), String>) {
    let mut failures = Vec::new();
    for expected in EXPECTED {
        let bytes = std::fs::read(corpus_dir().join(expected.path)).unwrap();
        match catch_unwind(AssertUnwindSafe(|| check(expected, &bytes))) {
            Ok(Ok(())) => {}
            Ok(Err(message)) => failures.push(format!("{}: {message}", expected.path)),
            Err(_) => failures.push(format!("{}: panicked", expected.path)),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn check_eq<T: PartialEq + std::fmt::Debug>(
    what: &str,
    found: T,
    expected: T,
) -> Result<(), String> {
    if found == expected {
        Ok(())
    } else {
        Err(format!("{what}: found {found:?}, expected {expected:?}"))
    }
}

/// Counts start tags named `name` outside comments: the independent count of [`EXPECTED`].
fn scan(bytes: &[u8], name: &str) -> usize {
    let text = String::from_utf8_lossy(bytes);
    let mut count = 0;
    let mut rest: &str = &text;
    while let Some(at) = rest.find('<') {
        rest = &rest[at..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        rest = &rest[1..];
        if let Some(after) = rest.strip_prefix(name)
            && after.starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/')
        {
            count += 1;
        }
    }
    count
}

#[test]
fn every_fixture_has_an_expectation_a_source_and_an_index_entry() {
    let listed: Vec<String> = EXPECTED.iter().map(|expected| expected.path.to_owned()).collect();
    assert_eq!(corpus_files(), listed, "EXPECTED must list the corpus, sorted");
    let readme = std::fs::read_to_string(corpus_dir().join("README.md")).unwrap();
    for expected in EXPECTED {
        let (folder, name) = expected.path.split_once('/').unwrap();
        let source = std::fs::read_to_string(corpus_dir().join(folder).join("SOURCE.md"))
            .unwrap_or_else(|_| panic!("{folder}/SOURCE.md is missing"));
        assert!(source.contains(name), "{folder}/SOURCE.md does not name {name}");
        assert!(readme.contains(expected.path), "README.md does not index {}", expected.path);
    }
}

#[test]
fn element_counts_agree_with_an_independent_scan() {
    for_each_fixture(|expected, bytes| {
        if is_tmx(expected.path) {
            check_eq("<tu> elements", scan(bytes, "tu"), expected.elements)?;
            if expected.read == expected.elements {
                let tags = ["bpt", "ept", "it", "ph", "ut"].iter().map(|tag| scan(bytes, tag));
                check_eq("inline tags", tags.sum::<usize>() + 2 * scan(bytes, "hi"), expected.tags)
            } else {
                Ok(())
            }
        } else {
            let concepts = scan(bytes, "termEntry") + scan(bytes, "conceptEntry");
            check_eq("concept elements", concepts, expected.elements)?;
            if expected.read == expected.elements {
                check_eq("<term> elements", scan(bytes, "term"), expected.terms)
            } else {
                Ok(())
            }
        }
    });
}

/// What a reader gave, in the terms of [`Expected`].
#[derive(Debug, PartialEq)]
struct Summary {
    read: usize,
    skipped: usize,
    tags: usize,
    terms: usize,
    languages: Vec<String>,
}

fn summarise_tmx(document: &tmx::Document) -> Summary {
    let variants = || document.units.iter().flat_map(|unit| &unit.variants);
    let tags = variants()
        .flat_map(|variant| &variant.segment.tags)
        .filter(|tag| tag.kind != tmx::InlineKind::PrivateUse)
        .count();
    let languages: BTreeSet<String> =
        variants().map(|variant| variant.lang.tag.to_string()).collect();
    Summary {
        read: document.units.len(),
        skipped: document.skipped.len(),
        tags,
        terms: 0,
        languages: languages.into_iter().collect(),
    }
}

fn summarise_tbx(glossary: &tbx::Glossary) -> Summary {
    let sections = || glossary.concepts.iter().flat_map(|concept| &concept.languages);
    let languages: BTreeSet<String> =
        sections().map(|section| section.lang.tag.to_string()).collect();
    Summary {
        read: glossary.concepts.len(),
        skipped: glossary.skipped.len(),
        tags: 0,
        terms: sections().map(|section| section.terms.len()).sum(),
        languages: languages.into_iter().collect(),
    }
}

fn expected_summary(expected: &Expected) -> Summary {
    Summary {
        read: expected.read,
        skipped: expected.skipped,
        tags: expected.tags,
        terms: expected.terms,
        languages: expected.languages.iter().map(|lang| (*lang).to_owned()).collect(),
    }
}

fn placed(line: u32, column: u32) -> bool {
    line >= 1 && column >= 1
}

/// Why a file was refused, as a message; a refusal must say where (its message names the line
/// and column, which the error also carries).
fn refusal(place: Option<(u32, u32)>, error: &dyn std::fmt::Display) -> String {
    match place {
        Some((line, column)) if placed(line, column) => format!("refused: {error}"),
        _ => panic!("refused without a place: {error}"),
    }
}

/// Reads a TMX fixture (through the streaming reader, as imports do), or says why not.
fn read_tmx(bytes: &[u8]) -> Result<tmx::Document, String> {
    tmx::read_all(bytes, &tmx::ReadOptions::default()).map_err(|error| {
        let place = match &error {
            tmx::ReadError::NotXml { line, column, .. }
            | tmx::ReadError::NotTmx { line, column, .. } => Some((*line, *column)),
            tmx::ReadError::Io(_) => None,
        };
        refusal(place, &error)
    })
}

/// Reads a TBX fixture, or says why not.
fn read_tbx(bytes: &[u8]) -> Result<tbx::Glossary, String> {
    tbx::read_all(bytes).map_err(|error| {
        let place = match &error {
            tbx::ReadError::NotXml { line, column, .. }
            | tbx::ReadError::NotTbx { line, column, .. } => Some((*line, *column)),
            tbx::ReadError::Io(_) => None,
        };
        refusal(place, &error)
    })
}

#[test]
fn readers_meet_the_expectations_and_place_every_problem() {
    for_each_fixture(|expected, bytes| {
        let (summary, skipped) = if is_tmx(expected.path) {
            let document = read_tmx(bytes)?;
            (summarise_tmx(&document), document.skipped)
        } else {
            let glossary = read_tbx(bytes)?;
            (summarise_tbx(&glossary), glossary.skipped)
        };
        if let Some(item) = skipped.iter().find(|item| !placed(item.line, item.column)) {
            return Err(format!("a problem without its place: {item:?}"));
        }
        check_eq("summary", summary, expected_summary(expected))
            .map_err(|error| format!("{error}\nskipped: {skipped:#?}"))
    });
}

/// What a TMX round trip must keep of each unit: languages, texts with placeholders, tags,
/// props and notes (their languages by tag: the writer writes the BCP 47 form).
fn tmx_content(document: &tmx::Document) -> Vec<String> {
    let header = annotations(&document.header.props, &document.header.notes);
    std::iter::once(format!("header {header}"))
        .chain(document.units.iter().map(|unit| {
            let mut out = annotations(&unit.props, &unit.notes);
            for variant in &unit.variants {
                out.push_str(&format!(
                    "\n  {} {:?} {:?} {}",
                    variant.lang.tag,
                    variant.segment.text,
                    variant.segment.tags,
                    annotations(&variant.props, &variant.notes)
                ));
            }
            out
        }))
        .collect()
}

fn annotations(props: &[tmx::Prop], notes: &[tmx::Note]) -> String {
    let lang = |lang: &Option<tmx::Language>| lang.as_ref().map(|lang| lang.tag.to_string());
    let props: Vec<String> = props
        .iter()
        .map(|prop| format!("{} {:?} {:?}", prop.kind, lang(&prop.lang), prop.value))
        .collect();
    let notes: Vec<String> =
        notes.iter().map(|note| format!("{:?} {:?}", lang(&note.lang), note.text)).collect();
    format!("props {props:?} notes {notes:?}")
}

/// What a TBX round trip must keep: each concept's fields, languages, terms and statuses. The
/// writer puts a term's `termNote`s first, as TBX orders them, so fields are compared as sets.
fn tbx_content(glossary: &tbx::Glossary) -> Vec<String> {
    let fields = |fields: &[tbx::Field]| {
        let mut shown: Vec<String> = fields.iter().map(|field| format!("{field:?}")).collect();
        shown.sort();
        shown
    };
    glossary
        .concepts
        .iter()
        .map(|concept| {
            let mut out = format!("fields {:?}", fields(&concept.fields));
            for section in &concept.languages {
                out.push_str(&format!("\n  {} {:?}", section.lang.tag, fields(&section.fields)));
                for term in &section.terms {
                    out.push_str(&format!(
                        "\n    {:?} {:?} {:?}",
                        term.text,
                        term.status(),
                        fields(&term.fields)
                    ));
                }
            }
            out
        })
        .collect()
}

/// Reads `bytes`, writes what was read, reads that again and compares the two readings.
/// `write` returns how many units or concepts it wrote. Returns the written file.
fn round_trip<D>(
    bytes: &[u8],
    read: fn(&[u8]) -> Result<D, String>,
    write: fn(&D, &mut Vec<u8>) -> Result<u64, String>,
    parts: fn(&D) -> (usize, &[tmx::Skipped]),
    content: fn(&D) -> Vec<String>,
) -> Result<Vec<u8>, String> {
    let original = read(bytes)?;
    let mut out = Vec::new();
    check_eq("written", write(&original, &mut out)?, parts(&original).0 as u64)?;
    let again = read(&out)?;
    check_eq("skipped on reading the output", parts(&again).1, &[])?;
    check_eq("content", content(&again), content(&original))?;
    Ok(out)
}

fn write_tmx(document: &tmx::Document, out: &mut Vec<u8>) -> Result<u64, String> {
    let report = tmx::write(out, &document.header, &document.units, &Default::default())
        .map_err(|error| error.to_string())?;
    check_eq("tags repaired", report.tags_repaired, 0)?;
    Ok(report.units_written)
}

fn write_tbx(glossary: &tbx::Glossary, out: &mut Vec<u8>) -> Result<u64, String> {
    tbx::write(out, &glossary.header, &glossary.concepts, &Default::default())
        .map(|report| report.concepts_written)
        .map_err(|error| error.to_string())
}

fn tmx_parts(document: &tmx::Document) -> (usize, &[tmx::Skipped]) {
    (document.units.len(), &document.skipped)
}

fn tbx_parts(glossary: &tbx::Glossary) -> (usize, &[tmx::Skipped]) {
    (glossary.concepts.len(), &glossary.skipped)
}

#[test]
fn read_write_read_keeps_units_concepts_and_texts() {
    let written_dir = tempfile::tempdir().unwrap();
    let written_tmx = std::sync::Mutex::new(Vec::new());
    for_each_fixture(|expected, bytes| {
        if !is_tmx(expected.path) {
            return round_trip(bytes, read_tbx, write_tbx, tbx_parts, tbx_content).map(drop);
        }
        let out = round_trip(bytes, read_tmx, write_tmx, tmx_parts, tmx_content)?;
        let path = written_dir.path().join(expected.path.replace('/', "__"));
        std::fs::write(&path, &out).unwrap();
        written_tmx.lock().unwrap().push(path);
        Ok(())
    });
    // Every memory written is valid TMX 1.4 (one xmllint run for the whole corpus).
    let dtd = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/tessera-core/test_data/tmx/tmx14.dtd");
    let result = Command::new("xmllint")
        .arg("--noout")
        .arg("--dtdvalid")
        .arg(dtd)
        .args(written_tmx.lock().unwrap().iter())
        .output()
        .expect("xmllint (Debian libxml2-utils) is a test dependency");
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
}

#[test]
fn the_whole_corpus_imports_through_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = Project::open(&dir.path().join("interop.db")).unwrap();
    let options = InterchangeOptions {
        duplicates: DuplicatePolicy::KeepAll,
        ..InterchangeOptions::default()
    };
    let reports = project
        .import_paths_with_options(&[corpus_dir()], &options, &mut |_| ImportControl::Continue)
        .unwrap();
    assert_eq!(reports.len(), EXPECTED.len(), "one report per fixture, other files passed over");
    let mut failures = Vec::new();
    let (mut units, mut concepts) = (0, 0);
    for (report, expected) in reports.iter().zip(EXPECTED) {
        let path = Path::new(&report.path);
        assert!(path.ends_with(expected.path), "{} is not {}", report.path, expected.path);
        let stored = report.units_added + report.concepts_added;
        // Each file imports in one batch, with what it could not use reported.
        let outcome = match report.import_batch {
            None => Err("not imported".to_owned()),
            Some(_) => check_eq("stored", stored, expected.read as u64),
        };
        if let Err(message) = outcome {
            failures.push(format!("{}: {message}\n{:#?}", expected.path, report.problems));
        }
        units += report.units_added;
        concepts += report.concepts_added;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let stats = project.stats().unwrap();
    assert_eq!(stats.units, units);
    // What was stored comes back out: the memory as TMX, the termbase as TBX.
    let mut memory = Vec::new();
    project.export_tmx(&mut memory, &TmxExport::default()).unwrap();
    assert_eq!(read_tmx(&memory).unwrap().units.len() as u64, units);
    let mut termbase = Vec::new();
    project.export_tbx(&mut termbase).unwrap();
    assert_eq!(read_tbx(&termbase).unwrap().concepts.len() as u64, concepts);
}

#[test]
fn characters_come_through_every_encoding_and_escape() {
    let units = |path: &str| {
        let bytes = std::fs::read(corpus_dir().join(path)).unwrap();
        read_tmx(&bytes).unwrap().units
    };
    let texts = |unit: &tmx::Unit| -> Vec<String> {
        unit.variants.iter().map(|variant| variant.segment.text.clone()).collect()
    };
    // The kit writes each unit twice, once with character references and once without (or
    // with other references): both variants must read the same.
    for path in
        ["lisa-tmx-compliance-kit/ImportTest1D.tmx", "lisa-tmx-compliance-kit/ImportTest1H.tmx"]
    {
        for unit in units(path) {
            let texts = texts(&unit);
            assert_eq!(texts[0], texts[1], "{path}");
        }
    }
    let export = units("lisa-tmx-compliance-kit/ExportTest1A.tmx");
    assert_eq!(texts(&export[0])[0], "Text with 3 spaces [   ] and 2 [  ]");
    assert_eq!(texts(&export[1])[0], "Text with 1 tab [\t] and 2 [\t\t]");
    assert!(texts(&export[3])[0].contains("\u{a0}=nbsp, ¤=curr, ÿ=yumlaut"));
    let spaces = units("lisa-tmx-compliance-kit/ImportTest1I.tmx");
    assert_eq!(
        texts(&spaces[0]),
        ["English segment with [    ]", "Japanese segment with [\u{3000}\u{3000}]"]
    );
    assert_eq!(texts(&units("omegat/test-SMP.tmx")[0]), ["𝐀𝐁𝐂", "𝐃𝐄𝐅"]);
    let turkish = std::fs::read(corpus_dir().join("okapi/test02_win1254.tbx")).unwrap();
    let glossary = read_tbx(&turkish).unwrap();
    assert_eq!(glossary.concepts[0].languages[1].terms[0].text, "tr term with: éá and İı");
}

#[test]
fn truncated_fixtures_never_panic_and_place_their_problems() {
    for_each_fixture(|expected, bytes| {
        for end in (0..bytes.len()).step_by(11) {
            let prefix = &bytes[..end];
            let skipped = if is_tmx(expected.path) {
                read_tmx(prefix).map(|document| document.skipped)
            } else {
                read_tbx(prefix).map(|glossary| glossary.skipped)
            };
            if let Some(item) =
                skipped.unwrap_or_default().iter().find(|item| !placed(item.line, item.column))
            {
                return Err(format!("cut at byte {end}: a problem without its place: {item:?}"));
            }
        }
        Ok(())
    });
}

#[test]
fn term_statuses_written_by_other_tools_are_understood() {
    use tessera_core::TermStatus::{Admitted, Deprecated, Preferred};
    let statuses = |path: &str| -> Vec<(String, Option<tessera_core::TermStatus>)> {
        let bytes = std::fs::read(corpus_dir().join(path)).unwrap();
        let glossary = read_tbx(&bytes).unwrap();
        let sections = glossary.concepts.into_iter().flat_map(|concept| concept.languages);
        let terms = sections.flat_map(|section| section.terms);
        terms.map(|term| (term.text.trim().to_owned(), term.status())).collect()
    };
    let oracle = statuses("okapi/oracle_TBX.tbx");
    assert_eq!(oracle[2], ("Entidade de Supervisão de Província".to_owned(), Some(Preferred)));
    let legacy: Vec<_> = statuses("andreswebs-terminology/legacy-forms.tbx")
        .into_iter()
        .map(|(_, status)| status)
        .collect();
    assert_eq!(legacy, [Some(Preferred), Some(Admitted), Some(Deprecated), Some(Deprecated), None]);
    let weblate = statuses("weblate/fr-extended-metadata.tbx");
    assert_eq!(weblate[0], ("data bus".to_owned(), Some(Deprecated)));
    for path in ["byutrg-tbx-min/min.tbx", "byutrg-tbx-min/basic.tbx"] {
        let min = statuses(path);
        assert_eq!((min[1].1, min[2].1), (Some(Preferred), Some(Deprecated)), "{path}");
    }
}

/// Each concept's fields as `level: element type` lines (group members as `+ element type`),
/// sorted, and its terms' statuses. Fields whose place Tessera's columns take are left out:
/// `administrativeStatus`/`normativeAuthorization` become the term's status (compared as such)
/// and are written as TBX-Basic's `administrativeStatus`, and a `forbidden` note goes with the
/// forbidden status; the `review:` note is Tessera's own, and so is the `subjectField` `other`
/// of a concept that had none.
fn stored_field_counts(glossary: &tbx::Glossary, exported: bool) -> Vec<Vec<String>> {
    fn lines(out: &mut Vec<String>, level: &str, fields: &[tbx::Field], term: bool) {
        for field in fields {
            let is_status =
                matches!(field.kind.as_str(), "administrativeStatus" | "normativeAuthorization")
                    && field.element == tbx::FieldElement::TermNote;
            let is_forbidden = field.element == tbx::FieldElement::Note
                && field.value.trim().eq_ignore_ascii_case("forbidden");
            if term && (is_status || is_forbidden) {
                continue;
            }
            out.push(format!("{level}: {} {}", field.element.name(), field.kind));
            for member in &field.related {
                out.push(format!("{level}: + {} {}", member.element.name(), member.kind));
            }
        }
    }
    glossary
        .concepts
        .iter()
        .filter(|concept| {
            concept
                .languages
                .iter()
                .flat_map(|section| &section.terms)
                .any(|term| !term.text.trim().is_empty())
        })
        .map(|concept| {
            let mut out = Vec::new();
            let concept_fields: Vec<tbx::Field> = concept
                .fields
                .iter()
                .filter(|field| {
                    !(exported
                        && ((field.element == tbx::FieldElement::Note
                            && field.value.starts_with("review: "))
                            || (field.kind == "subjectField" && field.value == "other")))
                })
                .cloned()
                .collect();
            lines(&mut out, "concept", &concept_fields, false);
            for section in &concept.languages {
                let lang = section.lang.tag.to_string();
                lines(&mut out, &lang, &section.fields, false);
                for term in &section.terms {
                    let status = term.status().unwrap_or(tessera_core::TermStatus::Admitted);
                    let level = format!("{lang} {:?} {status:?}", term.text.trim());
                    out.push(level.clone());
                    lines(&mut out, &level, &term.fields, true);
                }
            }
            out.sort();
            out
        })
        .collect()
}

#[test]
fn tbx_fields_survive_the_store_at_their_level() {
    let n_compared = std::sync::atomic::AtomicUsize::new(0);
    for_each_fixture(|expected, bytes| {
        if is_tmx(expected.path) {
            return Ok(());
        }
        let Ok(original) = tbx::read_all(bytes) else {
            return Ok(());
        };
        let mut project = Project::open_in_memory().unwrap();
        let report = project.import_tbx_file(&corpus_dir().join(expected.path)).unwrap();
        if report.import_batch.is_none() {
            return Ok(());
        }
        let mut out = Vec::new();
        project.export_tbx(&mut out).unwrap();
        let exported = read_tbx(&out)?;
        n_compared.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        check_eq(
            "fields per level",
            stored_field_counts(&exported, true),
            stored_field_counts(&original, false),
        )
    });
    assert!(n_compared.into_inner() >= 15);
}
