//! XLIFF 1.2 and 2.0 files from Okapi's public test suite (`tests/fixtures/xliff/okapi/`, see its
//! SOURCE.md): each is read against a hand-written expectation and written back; every file
//! Tessera writes validates against the official OASIS schemas (`tests/fixtures/xliff/schemas/`)
//! with xmllint and reopens in translate-toolkit.

use std::{
    path::{Path, PathBuf},
    process::Command,
};

use tessera_core::xliff;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/xliff")
}

/// What a fixture holds, counted by hand.
struct Expected {
    file: &'static str,
    version: xliff::Version,
    units: usize,
    /// Units marked (or inheriting) `translate="no"`.
    untranslatable: usize,
    /// Segments with a target.
    targets: usize,
}

const EXPECTED: &[Expected] = &[
    // XLIFF 1.1 (read as 1.2), groups, notes, alt-trans, `xml:space`.
    Expected {
        file: "okapi/JMP-11-Test01.xlf",
        version: xliff::Version::V1_2,
        units: 9,
        untranslatable: 0,
        targets: 9,
    },
    // ph with nested sub, translate="no", alt-trans, approved.
    Expected {
        file: "okapi/Manual-12-AltTrans.xlf",
        version: xliff::Version::V1_2,
        units: 7,
        untranslatable: 1,
        targets: 2,
    },
    // Every XLIFF element with an `x:` prefix.
    Expected {
        file: "okapi/NSTest01.xlf",
        version: xliff::Version::V1_2,
        units: 2,
        untranslatable: 1,
        targets: 0,
    },
    // No namespace, seg-source with one and two segments (`<mrk mtype="seg">`), bpt/ept.
    Expected {
        file: "okapi/segmented.xlf",
        version: xliff::Version::V1_2,
        units: 2,
        untranslatable: 0,
        targets: 3,
    },
    // XLIFF 2.0: skeleton, metadata module, file translate="no" overridden by the unit and group,
    // ignorables, originalData, pc with subflows, ph.
    Expected {
        file: "okapi/xliff2-test01.xlf",
        version: xliff::Version::V2_0,
        units: 4,
        untranslatable: 0,
        targets: 2,
    },
];

fn read(path: &Path) -> xliff::Document {
    let file = std::io::BufReader::new(std::fs::File::open(path).unwrap());
    xliff::read(file).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// Validates files against the schema of their version; `Err` holds xmllint's complaint.
pub(crate) fn validate(version: xliff::Version, files: &[PathBuf]) -> Result<(), String> {
    let schemas = fixtures().join("schemas");
    let schema = if version.is_2() {
        // The matches module imports the core schema, so this checks both.
        schemas.join("2.0/modules/matches.xsd")
    } else {
        schemas.join("1.2/xliff-core-1.2-strict.xsd")
    };
    let output = Command::new("xmllint")
        .env("XML_CATALOG_FILES", schemas.join("catalog.xml"))
        .args(["--nonet", "--noout", "--schema"])
        .arg(schema)
        .args(files)
        .output()
        .expect("xmllint (Debian libxml2-utils) is a test dependency");
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

#[test]
fn okapi_xliff_files_read_as_counted_by_hand_and_write_back_valid() {
    let dir = tempfile::tempdir().unwrap();
    let mut written = (Vec::new(), Vec::new());
    for expected in EXPECTED {
        let document = read(&fixtures().join(expected.file));
        let units: Vec<&xliff::Unit> = document.files.iter().flat_map(|file| &file.units).collect();
        assert_eq!(document.version, expected.version, "{}", expected.file);
        assert_eq!(units.len(), expected.units, "{}: {:?}", expected.file, document.skipped);
        let untranslatable = units.iter().filter(|unit| !unit.translate).count();
        assert_eq!(untranslatable, expected.untranslatable, "{}", expected.file);
        let targets = document
            .segments()
            .filter(|segment| !segment.ignorable && segment.target.is_some())
            .count();
        assert_eq!(targets, expected.targets, "{}", expected.file);

        let out = dir.path().join(expected.file.replace('/', "-"));
        xliff::write(std::fs::File::create(&out).unwrap(), &document).unwrap();
        let again = read(&out);
        assert!(again.skipped.is_empty(), "{}: {:?}", expected.file, again.skipped);
        let again_units: Vec<&xliff::Unit> =
            again.files.iter().flat_map(|file| &file.units).collect();
        assert_eq!(again_units, units, "{} changed in a round trip", expected.file);
        if document.version.is_2() { &mut written.1 } else { &mut written.0 }.push(out);
    }
    validate(xliff::Version::V1_2, &written.0).unwrap();
    validate(xliff::Version::V2_0, &written.1).unwrap();
}

#[test]
fn the_schema_check_refuses_an_invalid_state() {
    // The validation above must be able to fail: a state XLIFF 2.0 does not define.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.xlf");
    std::fs::write(
        &path,
        r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh"><file id="f"><unit id="u"><segment state="done"><source>好</source></segment></unit></file></xliff>"#,
    )
    .unwrap();
    let complaint = validate(xliff::Version::V2_0, &[path]).unwrap_err();
    assert!(complaint.contains("state"), "{complaint}");
}

const TRANSLATED_XLIFF: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by a CAT tool -->
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh-CN" trgLang="en">
 <file id="f1">
  <unit id="1"><segment state="translated"><source>国务院总理<pc id="1">李强</pc>主持会议。</source><target>Premier <pc id="1">Li Qiang</pc> chaired the meeting.</target></segment></unit>
  <unit id="2"><segment><source>会议强调，要稳住外贸。</source></segment></unit>
 </file>
</xliff>"#;

#[test]
fn files_named_xml_are_imported_by_their_root_element() {
    let dir = tempfile::tempdir().unwrap();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let tmx_file = dir.path().join("okapi-memory.xml");
    std::fs::copy(root.join("fixtures/interop/okapi/simple.tmx"), &tmx_file).unwrap();
    let tbx_file = dir.path().join("glossary.xml");
    std::fs::copy(root.join("fixtures/interop/okapi/test01.tbx"), &tbx_file).unwrap();
    let xliff_file = dir.path().join("heartsome.xml");
    std::fs::write(&xliff_file, TRANSLATED_XLIFF).unwrap();
    let trados = dir.path().join("trados.sdlxliff");
    std::fs::write(&trados, TRANSLATED_XLIFF).unwrap();
    let other = dir.path().join("page.xml");
    std::fs::write(&other, "<html><body>not a memory</body></html>").unwrap();

    let mut project = tessera_core::Project::open(&dir.path().join("x.db")).unwrap();
    let reports =
        project.import_paths(&[tmx_file, tbx_file, xliff_file, other.clone(), trados]).unwrap();
    let kinds: Vec<&str> = reports.iter().map(|report| report.kind.as_str()).collect();
    assert_eq!(kinds, ["tmx", "tbx", "xliff", "unknown", "xliff"]);
    assert_eq!(reports[4].units_skipped, 1, "the same unit again: {:?}", reports[4]);
    assert!(reports[0].units_added > 0, "{:?}", reports[0]);
    assert!(reports[1].concepts_added > 0, "{:?}", reports[1]);
    assert_eq!(reports[2].units_added, 1, "only the translated segment: {:?}", reports[2]);
    assert!(reports[3].problems[0].message.contains("not a file Tessera imports"));

    // The XLIFF unit is a memory unit like any other, without the inline codes.
    let lookup = project.lookup("国务院总理李强主持会议。", &Default::default()).unwrap();
    assert_eq!(lookup[0].found.score, 100);
    assert_eq!(lookup[0].found.target, "Premier Li Qiang chaired the meeting.");
    // One batch: undo takes it back.
    let undone = project.undo_import(reports[2].import_batch.unwrap()).unwrap();
    assert_eq!(undone.units_removed, 1, "{undone:?}");
}

#[test]
fn an_xliff_import_that_is_not_xliff_changes_nothing_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.xlf");
    std::fs::write(&path, "\n  <tmx version=\"1.4\"/>").unwrap();
    let mut project = tessera_core::Project::open(&dir.path().join("x.db")).unwrap();
    let report = project.import_paths(&[path]).unwrap().remove(0);
    assert_eq!(report.units_added, 0);
    assert_eq!((report.problems[0].line, report.problems[0].column), (Some(2), Some(3)));
    assert!(report.problems[0].message.contains("not an XLIFF file"), "{:?}", report.problems);
    assert_eq!(project.stats().unwrap().units, 0);
}

#[test]
fn truncated_and_damaged_files_never_panic_and_what_is_read_writes_back_clean() {
    // Every cut of every fixture (and the same with a byte flipped at the cut) is read: the
    // reader reports instead of failing, and whatever it kept writes back as XLIFF that reads
    // again without problems.
    let dir = tempfile::tempdir().unwrap();
    let mut written: (Vec<PathBuf>, Vec<PathBuf>) = (Vec::new(), Vec::new());
    for expected in EXPECTED {
        let bytes = std::fs::read(fixtures().join(expected.file)).unwrap();
        for cut in (0..bytes.len()).step_by(97) {
            let mut damaged = bytes[..cut].to_vec();
            let mut flipped = bytes.clone();
            flipped[cut] ^= 0x20;
            for input in [std::mem::take(&mut damaged), flipped] {
                let Ok(document) = xliff::read(input.as_slice()) else { continue };
                let mut out = Vec::new();
                xliff::write(&mut out, &document).unwrap();
                let again = xliff::read(out.as_slice())
                    .unwrap_or_else(|error| panic!("{} cut at {cut}: {error}", expected.file));
                assert!(
                    again.skipped.is_empty(),
                    "{} cut at {cut}: {:?}",
                    expected.file,
                    again.skipped
                );
                let count = |document: &xliff::Document| document.segments().count();
                assert_eq!(count(&again), count(&document), "{} cut at {cut}", expected.file);
                let path = dir.path().join(format!(
                    "{}-{cut}-{}.xlf",
                    expected.file.replace('/', "-"),
                    input.len()
                ));
                std::fs::write(&path, &out).unwrap();
                if document.version.is_2() { &mut written.1 } else { &mut written.0 }.push(path);
            }
        }
    }
    validate(xliff::Version::V1_2, &written.0).unwrap();
    validate(xliff::Version::V2_0, &written.1).unwrap();
}

/// Each unit's target as translate-toolkit (PyPI, installed by scripts/install-deps.sh) reads a
/// saved file back, as JSON strings.
fn reopened_by_translate_toolkit(version: xliff::Version, file: &Path) -> Vec<String> {
    let store = if version.is_2() { "xliff2.Xliff2File" } else { "xliff.xlifffile" };
    let script = format!(
        "import json, sys\nfrom translate.storage import xliff, xliff2\n\
         print(json.dumps([str(u.target or '') for u in {store}.parsefile(sys.argv[1]).units]))"
    );
    let output = Command::new("python3")
        .args(["-c", &script])
        .arg(file)
        .output()
        .expect("python3 with translate-toolkit is a test dependency");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

/// An editor document opened from XLIFF, edited with codes moved, deleted and swapped, saves as
/// a file its schema accepts, in 1.2 and 2.0, and that translate-toolkit reopens with the edits.
#[test]
fn xliff_edited_in_the_editor_saves_valid_against_the_schemas() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = tessera_core::Project::open(&dir.path().join("x.db")).unwrap();
    let files = [
        (
            xliff::Version::V1_2,
            r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a.html" source-language="zh-CN" target-language="en-US" datatype="html"><body>
<trans-unit id="1"><source>习近平<g id="1">会见</g>外宾<x id="2"/>。</source></trans-unit>
<trans-unit id="2"><source>会谈<bpt id="3">&lt;i&gt;</bpt>在北京<ept id="3">&lt;/i&gt;</ept>举行。</source><target state="signed-off">The talks were held <bpt id="3">&lt;i&gt;</bpt>in Beijing<ept id="3">&lt;/i&gt;</ept>.</target></trans-unit>
<trans-unit id="3" translate="no"><source>新华社</source></trans-unit>
<trans-unit id="4"><source>双方签署了协议。</source><seg-source><mrk mtype="seg" mid="1">双方签署了协议。</mrk></seg-source></trans-unit>
</body></file></xliff>"#,
        ),
        (
            xliff::Version::V2_0,
            r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh-CN" trgLang="en-US"><file id="f1">
<unit id="u1"><segment id="s1"><source>习近平<pc id="1">会见</pc>外宾<ph id="2"/>。</source></segment><ignorable><source> </source></ignorable><segment id="s2" state="final"><source>会谈在北京举行。</source><target>The talks were held in Beijing.</target></segment></unit>
<unit id="u2" translate="no"><segment><source>新华社</source></segment></unit>
</file></xliff>"#,
        ),
    ];
    for (version, file) in files {
        let id = project.open_xliff_document("news.xlf", file.as_bytes()).unwrap();
        let segments = project.document_segments(id).unwrap();
        // The pair's end before its start, the standalone code deleted.
        project
            .save_segment(id, segments[0].id, "Xi \u{E001}met\u{E000} foreign guests.", true)
            .unwrap();
        let last = segments.last().unwrap();
        project.save_segment(id, last.id, "The two sides signed an agreement.", false).unwrap();
        let out = dir.path().join(format!("saved-{}.xlf", version.as_str()));
        std::fs::write(&out, project.save_document_xliff(id).unwrap()).unwrap();
        if let Err(complaint) = validate(version, std::slice::from_ref(&out)) {
            panic!("{}: {complaint}\n{}", out.display(), std::fs::read_to_string(&out).unwrap());
        }
        let saved = read(&out);
        assert_eq!(saved.version, version);
        let first = saved.segments().next().unwrap().target.as_ref().unwrap().plain_text();
        assert_eq!(first, "Xi met foreign guests.");
        let reopened = reopened_by_translate_toolkit(version, &out);
        assert!(reopened.iter().any(|target| target == "Xi met foreign guests."), "{reopened:?}");
        assert!(reopened.iter().any(|target| target == "The two sides signed an agreement."));
    }
}
