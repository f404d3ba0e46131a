//! Tests for the TMX reader and writer.
//!
//! Most cases are files under `test_data/tmx/read/`: each `X.tmx` is read and dumped to `X.txt`
//! (bless with `UPDATE_EXPECT=1`), written back and checked against the TMX 1.4 DTD with
//! `xmllint`, and read again to check the round trip.

use std::{
    fmt::Write as _,
    io::{BufReader, Read},
    path::{Path, PathBuf},
    process::Command,
};

use expect_test::{expect, expect_file};

use super::*;

fn test_data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/tmx")
}

fn read_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(test_data_dir().join("read"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "tmx"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "fixtures missing: {files:?}");
    files
}

fn read_bytes(bytes: &[u8]) -> Result<(Document, &'static str), ReadError> {
    let mut units_reader = read(bytes, &ReadOptions::default())?;
    let units: Vec<Unit> = units_reader.by_ref().collect();
    let header = units_reader.header().clone();
    let encoding = units_reader.encoding();
    let skipped = units_reader.finish()?;
    Ok((Document { header, units, skipped }, encoding))
}

fn dump_bytes(bytes: &[u8]) -> String {
    match read_bytes(bytes) {
        Ok((document, encoding)) => dump(&document, encoding),
        Err(error) => format!("error: {error}\n"),
    }
}

fn show_text(segment: &Segment) -> String {
    let mut shown = String::new();
    for c in segment.text.chars() {
        match Segment::placeholder_index(c) {
            Some(idx) => {
                let _ = write!(shown, "{{{idx}}}");
            }
            None => shown.push(c),
        }
    }
    format!("{shown:?}")
}

fn show_language(language: &Language) -> String {
    if language.original == language.tag.as_str() {
        language.original.clone()
    } else {
        format!("{} ({})", language.tag, language.original)
    }
}

fn show_source(source: &SourceLanguage) -> String {
    match source {
        SourceLanguage::All => "*all*".to_owned(),
        SourceLanguage::Language(language) => show_language(language),
    }
}

fn show_attributes(attributes: &[Attribute]) -> String {
    attributes.iter().map(|a| format!(" {}={:?}", a.name, a.value)).collect()
}

fn show_metadata(metadata: &Metadata) -> String {
    let mut out = String::new();
    let dates = [
        ("creationdate", metadata.creation_date),
        ("changedate", metadata.change_date),
        ("lastusagedate", metadata.last_usage_date),
    ];
    for (name, value) in dates {
        if let Some(value) = value {
            let _ = write!(out, " {name}={value}");
        }
    }
    let texts = [
        ("creationid", &metadata.creation_id),
        ("changeid", &metadata.change_id),
        ("creationtool", &metadata.creation_tool),
        ("creationtoolversion", &metadata.creation_tool_version),
        ("datatype", &metadata.datatype),
        ("o-encoding", &metadata.o_encoding),
        ("o-tmf", &metadata.o_tmf),
    ];
    for (name, value) in texts {
        if let Some(value) = value {
            let _ = write!(out, " {name}={value:?}");
        }
    }
    if let Some(count) = metadata.usage_count {
        let _ = write!(out, " usagecount={count}");
    }
    if !metadata.other_attributes.is_empty() {
        let _ = write!(out, " other:{}", show_attributes(&metadata.other_attributes));
    }
    out
}

fn dump_notes_and_props(out: &mut String, indent: &str, notes: &[Note], props: &[Prop]) {
    for note in notes {
        let lang =
            note.lang.as_ref().map(|l| format!(" [{}]", show_language(l))).unwrap_or_default();
        let _ = writeln!(out, "{indent}note{lang}: {:?}", note.text);
    }
    for prop in props {
        let lang =
            prop.lang.as_ref().map(|l| format!(" [{}]", show_language(l))).unwrap_or_default();
        let _ = writeln!(out, "{indent}prop {}{lang}: {:?}", prop.kind, prop.value);
    }
}

fn dump_tags(out: &mut String, indent: &str, segment: &Segment) {
    for (idx, tag) in segment.tags.iter().enumerate() {
        let mut code = String::new();
        for part in &tag.code {
            match part {
                CodePart::Text(text) => code.push_str(text),
                CodePart::Sub(sub) => {
                    let _ = write!(
                        code,
                        "<sub{}>{}</sub>",
                        show_attributes(&sub.attributes),
                        show_text(&sub.segment)
                    );
                }
            }
        }
        let _ = writeln!(
            out,
            "{indent}{{{idx}}} {:?}{}: {code:?}",
            tag.kind,
            show_attributes(&tag.attributes)
        );
    }
}

fn dump(document: &Document, encoding: &str) -> String {
    let mut out = String::new();
    let header = &document.header;
    let _ = writeln!(out, "encoding: {encoding}");
    let _ = writeln!(
        out,
        "header: version={:?} creationtool={:?} creationtoolversion={:?} segtype={:?} o-tmf={:?} \
         adminlang={:?} srclang={} datatype={:?}",
        header.version,
        header.creation_tool,
        header.creation_tool_version,
        header.segment_type,
        header.o_tmf,
        header.admin_lang,
        show_source(&header.source_lang),
        header.datatype
    );
    let header_metadata = Metadata {
        creation_date: header.creation_date,
        creation_id: header.creation_id.clone(),
        change_date: header.change_date,
        change_id: header.change_id.clone(),
        o_encoding: header.o_encoding.clone(),
        other_attributes: header.other_attributes.clone(),
        ..Metadata::default()
    };
    let metadata = show_metadata(&header_metadata);
    if !metadata.is_empty() {
        let _ = writeln!(out, "  header metadata:{metadata}");
    }
    dump_notes_and_props(&mut out, "  ", &header.notes, &header.props);
    for ude in &header.udes {
        let _ = writeln!(out, "  ude {:?} base={:?}: {:?}", ude.name, ude.base, ude.maps);
    }
    for (idx, unit) in document.units.iter().enumerate() {
        let tuid = unit.tuid.as_ref().map(|t| format!(" tuid={t:?}")).unwrap_or_default();
        let srclang = unit
            .source_lang
            .as_ref()
            .map(|s| format!(" srclang={}", show_source(s)))
            .unwrap_or_default();
        let segtype =
            unit.segment_type.as_ref().map(|s| format!(" segtype={s:?}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "unit {}{tuid}{srclang}{segtype}{}",
            idx + 1,
            show_metadata(&unit.metadata)
        );
        dump_notes_and_props(&mut out, "  ", &unit.notes, &unit.props);
        for variant in &unit.variants {
            let _ = writeln!(
                out,
                "  tuv {}{}",
                show_language(&variant.lang),
                show_metadata(&variant.metadata)
            );
            dump_notes_and_props(&mut out, "    ", &variant.notes, &variant.props);
            let _ = writeln!(out, "    seg {}", show_text(&variant.segment));
            dump_tags(&mut out, "      ", &variant.segment);
        }
    }
    if !document.skipped.is_empty() {
        let _ = writeln!(out, "skipped:");
        for item in &document.skipped {
            let _ = writeln!(out, "  {}:{}: {}", item.line, item.column, item.message);
        }
    }
    out
}

/// Writes a document with default options.
fn write_to_vec(document: &Document) -> (Vec<u8>, WriteReport) {
    let mut out = Vec::new();
    let report =
        write(&mut out, &document.header, &document.units, &WriteOptions::default()).unwrap();
    (out, report)
}

/// Runs `xmllint --dtdvalid` on a file; returns its complaints, empty when valid.
fn dtd_errors(tmx: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.tmx");
    std::fs::write(&path, tmx).unwrap();
    // The file names "tmx14.dtd" in its DOCTYPE; put it beside so nothing is looked up elsewhere.
    std::fs::copy(test_data_dir().join("tmx14.dtd"), dir.path().join("tmx14.dtd")).unwrap();
    let output = Command::new("xmllint")
        .arg("--noout")
        .arg("--dtdvalid")
        .arg(test_data_dir().join("tmx14.dtd"))
        .arg(&path)
        .output()
        .expect("xmllint must be installed (Debian package libxml2-utils)");
    if output.status.success() {
        String::new()
    } else {
        format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    }
}

/// Units as the writer can reproduce them: original language spellings become the normalised
/// ones, and attributes TMX does not define are dropped.
fn as_written(units: &[Unit]) -> Vec<Unit> {
    let normalise = |language: &mut Language| language.original = language.tag.to_string();
    let mut units = units.to_vec();
    for unit in &mut units {
        unit.metadata.other_attributes.clear();
        if let Some(SourceLanguage::Language(language)) = &mut unit.source_lang {
            normalise(language);
        }
        unit.segment_type = unit
            .segment_type
            .take()
            .filter(|s| ["block", "paragraph", "sentence", "phrase"].contains(&s.as_str()));
        for prop in &mut unit.props {
            prop.lang.as_mut().map(normalise);
        }
        for note in &mut unit.notes {
            note.lang.as_mut().map(normalise);
        }
        for variant in &mut unit.variants {
            keep_declared_inline_attributes(&mut variant.segment);
            normalise(&mut variant.lang);
            variant.metadata.other_attributes.clear();
            for prop in &mut variant.props {
                prop.lang.as_mut().map(normalise);
            }
            for note in &mut variant.notes {
                note.lang.as_mut().map(normalise);
            }
        }
    }
    units
}

/// Drops the inline attributes the DTD does not declare, as the writer does.
fn keep_declared_inline_attributes(segment: &mut Segment) {
    for tag in &mut segment.tags {
        let declared: &[&str] = match tag.kind {
            InlineKind::Bpt => &["i", "x", "type"],
            InlineKind::Ept => &["i"],
            InlineKind::It => &["pos", "x", "type"],
            InlineKind::Ph => &["x", "assoc", "type"],
            InlineKind::Ut => &["x"],
            InlineKind::HiStart => &["x", "type"],
            InlineKind::HiEnd | InlineKind::PrivateUse => &[],
        };
        tag.attributes.retain(|attribute| declared.contains(&attribute.name.as_str()));
        for part in &mut tag.code {
            if let CodePart::Sub(sub) = part {
                sub.attributes
                    .retain(|attribute| ["datatype", "type"].contains(&attribute.name.as_str()));
                keep_declared_inline_attributes(&mut sub.segment);
            }
        }
    }
}

#[test]
fn fixtures_read_as_their_dumps() {
    for path in read_files() {
        let bytes = std::fs::read(&path).unwrap();
        expect_file![path.with_extension("txt")].assert_eq(&dump_bytes(&bytes));
    }
}

#[test]
fn written_fixtures_are_valid_against_the_tmx14_dtd() {
    let mut n_checked = 0;
    for path in read_files() {
        let Ok((document, _)) = read_bytes(&std::fs::read(&path).unwrap()) else { continue };
        let (written, _) = write_to_vec(&document);
        assert_eq!(dtd_errors(&written), "", "{} written back is invalid", path.display());
        n_checked += 1;
    }
    assert!(n_checked >= 10);
}

#[test]
fn xmllint_check_rejects_an_invalid_file() {
    // Guards the guard: a file missing the header's required attributes must fail validation.
    let invalid = b"<?xml version=\"1.0\"?><tmx version=\"1.4\"><header/><body/></tmx>";
    assert_ne!(dtd_errors(invalid), "");
}

#[test]
fn read_write_read_keeps_units_props_notes_and_markup() {
    let mut n_units = 0;
    for path in read_files() {
        let Ok((first, _)) = read_bytes(&std::fs::read(&path).unwrap()) else { continue };
        let (written, report) = write_to_vec(&first);
        assert_eq!(report.units_written as usize, first.units.len());
        assert_eq!(report.characters_replaced + report.tags_repaired, 0, "{}", path.display());
        let (second, _) = read_bytes(&written).unwrap();
        assert_eq!(second.skipped, Vec::new(), "{} re-read", path.display());
        assert_eq!(as_written(&second.units), as_written(&first.units), "{}", path.display());
        assert_eq!(second.header.props, first.header.props);
        assert_eq!(second.header.notes, first.header.notes);
        assert_eq!(second.header.udes, first.header.udes);
        n_units += first.units.len();
    }
    assert!(n_units >= 20);
}

#[test]
fn writing_is_byte_identical_after_one_round_trip() {
    let bytes = std::fs::read(test_data_dir().join("read/edge-cases.tmx")).unwrap();
    let (first, _) = read_bytes(&bytes).unwrap();
    let (written_once, _) = write_to_vec(&first);
    let (second, _) = read_bytes(&written_once).unwrap();
    let (written_twice, _) = write_to_vec(&second);
    assert_eq!(String::from_utf8(written_twice).unwrap(), String::from_utf8(written_once).unwrap());
}

fn utf16(text: &str, little_endian: bool, bom: bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    let units = if bom { vec![0xFEFF] } else { Vec::new() };
    for unit in units.into_iter().chain(text.encode_utf16()) {
        bytes.extend(if little_endian { unit.to_le_bytes() } else { unit.to_be_bytes() });
    }
    bytes
}

#[test]
fn utf16_with_and_without_bom_reads_like_utf8() {
    let text = std::fs::read_to_string(test_data_dir().join("read/omegat-level2.tmx")).unwrap();
    let (expected, _) = read_bytes(text.as_bytes()).unwrap();
    let with_bom_utf8 = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
    let (document, encoding) = read_bytes(&with_bom_utf8).unwrap();
    assert_eq!((document, encoding), (expected.clone(), "UTF-8"));
    for (little_endian, bom, name) in [
        (true, true, "UTF-16LE"),
        (true, false, "UTF-16LE"),
        (false, true, "UTF-16BE"),
        (false, false, "UTF-16BE"),
    ] {
        let (document, encoding) = read_bytes(&utf16(&text, little_endian, bom)).unwrap();
        assert_eq!(encoding, name);
        assert_eq!(document, expected, "{name} bom={bom}");
    }
}

#[test]
fn utf16_without_declaration_is_detected() {
    let text = "<tmx version=\"1.4\"><header srclang=\"en\"/><body><tu><tuv xml:lang=\"en\"><seg>a</seg></tuv><tuv xml:lang=\"fr\"><seg>à</seg></tuv></tu></body></tmx>";
    let (document, encoding) = read_bytes(&utf16(text, true, false)).unwrap();
    assert_eq!(encoding, "UTF-16LE");
    assert_eq!(document.units[0].variants[1].segment.text, "à");
}

#[test]
fn bad_bytes_in_a_legacy_encoding_are_replaced_and_reported() {
    // 0x81 is unassigned in windows-1252 … but encoding_rs maps it; Shift_JIS rejects 0xFF.
    let mut bytes = b"<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><tmx version=\"1.4\"><header srclang=\"ja\"/><body><tu><tuv xml:lang=\"ja\"><seg>".to_vec();
    bytes.extend([0x82, 0xA0, 0xFF]);
    bytes.extend(b"</seg></tuv><tuv xml:lang=\"en\"><seg>a</seg></tuv></tu></body></tmx>");
    let (document, encoding) = read_bytes(&bytes).unwrap();
    assert_eq!(encoding, "Shift_JIS");
    assert_eq!(document.units[0].variants[0].segment.text, "あ\u{FFFD}");
    assert!(
        document.skipped.iter().any(|item| item.message.contains("U+FFFD")),
        "{:?}",
        document.skipped
    );
}

#[test]
fn declared_utf16_on_8bit_bytes_is_read_as_utf8_with_a_warning() {
    let bytes = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><tmx version=\"1.4\"><header srclang=\"zh\"/><body><tu><tuv xml:lang=\"zh\"><seg>中文</seg></tuv><tuv xml:lang=\"en\"><seg>Chinese</seg></tuv></tu></body></tmx>";
    let (document, encoding) = read_bytes(bytes.as_bytes()).unwrap();
    assert_eq!(encoding, "UTF-8");
    assert_eq!(document.units[0].variants[0].segment.text, "中文");
    expect![[
        r#"1:1: the file declares encoding "UTF-16" but its bytes are not UTF-16; read as UTF-8"#
    ]]
    .assert_eq(&format!(
        "{}:{}: {}",
        document.skipped[0].line, document.skipped[0].column, document.skipped[0].message
    ));
}

#[test]
fn units_stream_before_the_input_is_consumed() {
    let mut text = String::from("<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n");
    for idx in 0..2000 {
        let _ = writeln!(
            text,
            "<tu><tuv xml:lang=\"en\"><seg>unit {idx}</seg></tuv><tuv xml:lang=\"fr\"><seg>unité {idx}</seg></tuv></tu>"
        );
    }
    text.push_str("</body></tmx>");
    let mut units =
        read(BufReader::with_capacity(4096, text.as_bytes()), &ReadOptions::default()).unwrap();
    let first = units.next().unwrap();
    assert_eq!(first.variants[0].segment.text, "unit 0");
    assert!(units.bytes_read() < 16 * 1024, "read {} bytes of {}", units.bytes_read(), text.len());
    assert_eq!(units.by_ref().count(), 1999);
    assert_eq!(units.bytes_read(), text.len() as u64);
}

#[test]
fn billion_laughs_is_refused_without_expansion() {
    let bytes = std::fs::read(test_data_dir().join("read/bad-billion-laughs.tmx")).unwrap();
    let (document, _) = read_bytes(&bytes).unwrap();
    let tuids: Vec<_> = document.units.iter().map(|u| u.tuid.clone().unwrap()).collect();
    assert_eq!(tuids, ["safe"]);
    assert!(document.header.props.is_empty());
}

#[test]
fn external_entities_are_never_resolved() {
    let bytes = std::fs::read(test_data_dir().join("read/bad-xxe.tmx")).unwrap();
    let (document, _) = read_bytes(&bytes).unwrap();
    let all_text: String =
        document.units.iter().flat_map(|u| &u.variants).map(|v| v.segment.text.clone()).collect();
    assert!(!all_text.contains("root:"), "{all_text}");
    assert!(document.skipped.iter().any(|item| item.message.contains("&xxe;")));
}

/// Runs `check` on every committed input of the fuzz target `target` (`fuzz/corpus/<target>/` and
/// the crash regressions in `fuzz/regressions/<target>/`), each under `catch_unwind` so that one
/// failure names every failing file.
pub(crate) fn replay_fuzz_inputs(target: &str, check: fn(&[u8]) -> Result<(), String>) {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut files = Vec::new();
    for folder in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(fuzz.join(folder).join(target)) else {
            assert_eq!(folder, "regressions", "fuzz/{folder}/{target} is missing");
            continue;
        };
        files.extend(entries.map(|entry| entry.unwrap().path()).filter(|path| path.is_file()));
    }
    files.sort();
    assert!(files.len() >= 5, "fuzz/corpus/{target} is nearly empty: {files:?}");
    let failures: Vec<String> = files
        .iter()
        .filter_map(|path| {
            let bytes = std::fs::read(path).unwrap();
            let failure = match std::panic::catch_unwind(|| check(&bytes)) {
                Ok(Ok(())) => return None,
                Ok(Err(failure)) => failure,
                Err(panic) => panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|text| text.to_string()))
                    .map_or_else(|| "panicked".to_owned(), |text| format!("panicked: {text}")),
            };
            Some(format!("fuzz/{}: {failure}", path.strip_prefix(&fuzz).unwrap().display()))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} inputs of {target} fail the fuzz checks:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

#[test]
fn fuzz_corpus_and_regressions_pass_the_fuzz_checks() {
    replay_fuzz_inputs("tmx_read", fuzz_check);
}

#[test]
fn every_prefix_of_a_fixture_reads_without_panicking() {
    let bytes = std::fs::read(test_data_dir().join("read/edge-cases.tmx")).unwrap();
    let complete = read_bytes(&bytes).unwrap().0.units.len();
    for cut in 0..bytes.len() {
        if let Ok((document, _)) = read_bytes(&bytes[..cut]) {
            assert!(document.units.len() <= complete);
            if document.units.len() < complete && cut > 200 {
                assert!(!document.skipped.is_empty(), "cut at {cut} lost units silently");
            }
        }
    }
}

#[test]
fn mutated_fixtures_read_without_panicking() {
    // A fixed-seed xorshift: deterministic, so a failure reproduces.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let interesting: &[&[u8]] = &[
        b"<",
        b">",
        b"&",
        b"</seg>",
        b"<tu>",
        b"<bpt i=\"1\">",
        b"<hi>",
        b"<sub>",
        b"&#x0;",
        b"\"",
        b"\xFF",
        b"\0",
        b"]]>",
        b"<!--",
    ];
    for path in read_files() {
        let original = std::fs::read(&path).unwrap();
        if original.is_empty() {
            continue;
        }
        for _ in 0..150 {
            let mut bytes = original.clone();
            for _ in 0..1 + next() % 4 {
                let at = (next() as usize) % bytes.len().max(1);
                match next() % 3 {
                    0 => {
                        let last = bytes.len() - 1;
                        bytes[at.min(last)] = next() as u8;
                    }
                    1 => {
                        let insert = interesting[(next() as usize) % interesting.len()];
                        bytes.splice(at..at, insert.iter().copied());
                    }
                    _ => {
                        let end = (at + (next() as usize) % 40).min(bytes.len());
                        bytes.drain(at..end);
                    }
                }
                if bytes.is_empty() {
                    break;
                }
            }
            if let Ok((document, _)) = read_bytes(&bytes) {
                // Whatever was recovered must still write as XML that reads back the same,
                // except where the writer had to replace characters XML cannot carry.
                let (written, report) = write_to_vec(&document);
                let (again, _) = read_bytes(&written).unwrap();
                if report.characters_replaced == 0 {
                    for (a, b) in as_written(&again.units).iter().zip(as_written(&document.units)) {
                        assert_eq!(a, &b, "{}", String::from_utf8_lossy(&bytes));
                    }
                }
                assert_eq!(again.units.len(), document.units.len());
            }
        }
    }
}

#[test]
fn not_tmx_errors_name_the_root_and_place() {
    let error =
        read(b"\n\n  <html><body/></html>".as_slice(), &ReadOptions::default()).err().unwrap();
    expect!["not a TMX file (line 3, column 3): the root element is <html>, not <tmx>"]
        .assert_eq(&error.to_string());
    let error =
        read(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".as_slice(), &ReadOptions::default()).err().unwrap();
    assert!(matches!(error, ReadError::NotXml { line: 1, column: 1, .. }), "{error}");
}

#[test]
fn unit_with_more_than_two_languages_is_kept_whole() {
    let bytes = std::fs::read(test_data_dir().join("read/three-languages.tmx")).unwrap();
    let (document, _) = read_bytes(&bytes).unwrap();
    let languages: Vec<&str> =
        document.units[0].variants.iter().map(|v| v.lang.tag.as_str()).collect();
    assert_eq!(languages, ["zh-CN", "zh-Hant-TW", "en-US", "fr"]);
}

#[test]
fn single_language_units_are_kept_when_asked() {
    let text = "<tmx version=\"1.4\"><header srclang=\"zh\"/><body><tu><tuv xml:lang=\"zh\"><seg>只有中文</seg></tuv></tu></body></tmx>";
    let options = ReadOptions { min_languages: 1, ..ReadOptions::default() };
    assert_eq!(read_all(text.as_bytes(), &options).unwrap().units.len(), 1);
    assert_eq!(read_all(text.as_bytes(), &ReadOptions::default()).unwrap().units.len(), 0);
}

#[test]
fn dates_parse_in_tolerated_forms_and_format_as_tmx() {
    let check = |text: &str| parse_date(text).map(format_date).unwrap_or_else(|| "none".to_owned());
    let results: Vec<String> = [
        "20240105T083012Z",
        "2024-01-05T08:30:12Z",
        "20240105T083012",
        "2024-01-05T16:30:12+08:00",
        "2024-01-05T08:30:12.123Z",
        "20240105",
        "2024-02-30T10:00:00Z",
        "20240105T251500Z",
        "yesterday",
        "",
        "-2024-01-05",
    ]
    .iter()
    .map(|text| format!("{text} => {}", check(text)))
    .collect();
    expect![[r#"
        20240105T083012Z => 20240105T083012Z
        2024-01-05T08:30:12Z => 20240105T083012Z
        20240105T083012 => 20240105T083012Z
        2024-01-05T16:30:12+08:00 => 20240105T083012Z
        2024-01-05T08:30:12.123Z => 20240105T083012Z
        20240105 => 20240105T000000Z
        2024-02-30T10:00:00Z => none
        20240105T251500Z => none
        yesterday => none
         => none
        -2024-01-05 => none"#]]
    .assert_eq(&results.join("\n"));
}

fn unit(variants: &[(&str, Segment)]) -> Unit {
    Unit {
        variants: variants
            .iter()
            .map(|(lang, segment)| Variant {
                lang: Language::parse(lang),
                metadata: Metadata::default(),
                props: Vec::new(),
                notes: Vec::new(),
                segment: segment.clone(),
            })
            .collect(),
        ..Unit::default()
    }
}

fn write_units(units: &[Unit], options: &WriteOptions) -> (String, WriteReport) {
    let mut out = Vec::new();
    let report = write(&mut out, &Header::default(), units, options).unwrap();
    (String::from_utf8(out).unwrap(), report)
}

#[test]
fn writer_escapes_text_and_replaces_characters_xml_cannot_carry() {
    let units = [unit(&[
        ("zh-cn", Segment::plain("a < b & c > d \"q\" \r\n\u{1}\u{FFFF}")),
        ("EN", Segment::plain("x")),
    ])];
    let (out, report) = write_units(&units, &WriteOptions::default());
    assert!(
        out.contains("<seg>a &lt; b &amp; c &gt; d \"q\" &#xD;\n\u{FFFD}\u{FFFD}</seg>"),
        "{out}"
    );
    assert!(out.contains("<tuv xml:lang=\"zh-CN\">") && out.contains("<tuv xml:lang=\"en\">"));
    assert_eq!(report.characters_replaced, 2);
    assert_eq!(dtd_errors(out.as_bytes()), "");
}

#[test]
fn writer_repairs_unbalanced_and_incomplete_tags() {
    let tag = |kind, attributes: &[(&str, &str)]| InlineTag {
        kind,
        attributes: attributes
            .iter()
            .map(|(n, v)| Attribute { name: n.to_string(), value: v.to_string() })
            .collect(),
        code: Vec::new(),
    };
    let text: String = [
        "\u{E000}", "a", "\u{E001}", "b", "\u{E002}", "\u{E003}", "\u{E004}", "\u{E005}",
        "\u{E009}",
    ]
    .concat();
    let segment = Segment {
        text,
        tags: vec![
            tag(InlineKind::HiEnd, &[]),
            tag(InlineKind::HiStart, &[("x", "1"), ("bogus", "dropped")]),
            tag(InlineKind::Bpt, &[]),
            tag(InlineKind::It, &[("pos", "middle")]),
            tag(InlineKind::Ph, &[("assoc", "p"), ("i", "not-allowed")]),
            tag(InlineKind::Ept, &[("i", "7"), ("x", "not-allowed")]),
        ],
    };
    let (out, report) = write_units(
        &[unit(&[("en", segment), ("fr", Segment::plain("y"))])],
        &WriteOptions::default(),
    );
    assert_eq!(dtd_errors(out.as_bytes()), "", "{out}");
    let seg = out
        .lines()
        .find(|line| line.contains("<seg>a") || line.contains("<seg><hi"))
        .unwrap_or_default();
    expect![[
        r#"        <seg>a<hi x="1">b<it pos="begin"/><ph/><ph assoc="p"/><ept i="7"/></hi></seg>"#
    ]]
    .assert_eq(seg);
    assert_eq!(report.tags_repaired, 4);
}

#[test]
fn writer_filters_languages_and_omits_units_left_with_too_few() {
    let units = [
        unit(&[
            ("zh-CN", Segment::plain("一")),
            ("en-GB", Segment::plain("one")),
            ("fr", Segment::plain("un")),
        ]),
        unit(&[("zh-TW", Segment::plain("二")), ("de", Segment::plain("zwei"))]),
    ];
    let options = WriteOptions {
        languages: Some(vec![crate::LanguageTag::parse("zh"), crate::LanguageTag::parse("en")]),
        min_languages: 2,
        ..WriteOptions::default()
    };
    let (out, report) = write_units(&units, &options);
    assert_eq!((report.units_written, report.units_omitted), (1, 1));
    assert!(out.contains("en-GB") && !out.contains("\"fr\"") && !out.contains("zwei"));
}

#[test]
fn placeholders_map_to_tags_in_order_and_plain_text_drops_them() {
    let text = "<tmx version=\"1.4\"><header srclang=\"en\"/><body><tu><tuv xml:lang=\"en\"><seg>\u{F0B7} <bpt i=\"1\">&lt;b&gt;</bpt>Bold<ept i=\"1\">&lt;/b&gt;</ept></seg></tuv><tuv xml:lang=\"fr\"><seg>x</seg></tuv></tu></body></tmx>";
    let document = read_all(text.as_bytes(), &ReadOptions::default()).unwrap();
    let segment = &document.units[0].variants[0].segment;
    assert_eq!(segment.text, "\u{E000} \u{E001}Bold\u{E002}");
    assert_eq!(
        segment.tags.iter().map(|t| t.kind).collect::<Vec<_>>(),
        [InlineKind::PrivateUse, InlineKind::Bpt, InlineKind::Ept]
    );
    assert_eq!(segment.plain_text(), "\u{F0B7} Bold");
}

#[test]
fn io_error_part_way_is_returned_by_finish() {
    struct FailingAfter(Vec<u8>, usize);
    impl Read for FailingAfter {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.1 >= self.0.len() {
                return Err(std::io::Error::other("disk gone"));
            }
            let n = buf.len().min(self.0.len() - self.1).min(64);
            buf[..n].copy_from_slice(&self.0[self.1..self.1 + n]);
            self.1 += n;
            Ok(n)
        }
    }
    let mut text = String::from("<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n");
    for idx in 0..3000 {
        let _ = writeln!(
            text,
            "<tu><tuv xml:lang=\"en\"><seg>{idx}</seg></tuv><tuv xml:lang=\"fr\"><seg>{idx}</seg></tuv></tu>"
        );
    }
    let half = text.as_bytes()[..text.len() / 2].to_vec();
    let mut units = match read(BufReader::new(FailingAfter(half, 0)), &ReadOptions::default()) {
        Ok(units) => units,
        Err(error) => panic!("{error}"),
    };
    let n_units = units.by_ref().count();
    assert!((1000..3000).contains(&n_units), "{n_units}");
    assert!(matches!(units.finish(), Err(ReadError::Io(_))));
}

#[test]
fn units_stream_from_reader_to_writer_without_collecting() {
    let bytes = std::fs::read(test_data_dir().join("read/trados-ut-bpt.tmx")).unwrap();
    let mut units = read(bytes.as_slice(), &ReadOptions::default()).unwrap();
    let header = units.header().clone();
    let mut out = Vec::new();
    let report = write(&mut out, &header, units.by_ref(), &WriteOptions::default()).unwrap();
    assert_eq!(report.units_written, 3);
    assert_eq!(units.finish().unwrap(), Vec::new());
    assert_eq!(read_bytes(&out).unwrap().0.units.len(), 3);
}

#[test]
fn deeply_nested_inline_markup_is_refused_without_overflowing_the_stack() {
    let depth = 100_000;
    let mut text = String::from(
        "<tmx version=\"1.4\"><header srclang=\"en\"/><body><tu><tuv xml:lang=\"en\"><seg>",
    );
    text.push_str(&"<hi>".repeat(depth));
    text.push_str(&"</hi>".repeat(depth));
    text.push_str("</seg></tuv><tuv xml:lang=\"fr\"><seg>x</seg></tuv></tu></body></tmx>");
    let document = read_all(text.as_bytes(), &ReadOptions::default()).unwrap();
    assert_eq!(document.units.len(), 0);
    assert!(document.skipped.iter().any(|item| item.message.contains("nested deeper than 16")));
}

#[test]
fn not_xml_error_names_the_problem_not_the_encoding_warning() {
    let bytes = b"<?xml version=\"1.0\" encoding=\"x-unknown-label\"?>\nhello";
    let error = read(bytes.as_slice(), &ReadOptions::default()).err().unwrap();
    expect![[r#"not an XML file (line 1, column 49): text before the first element: "hello""#]]
        .assert_eq(&error.to_string());
}

#[test]
fn skipped_items_can_be_taken_as_they_come() {
    let bytes = std::fs::read(test_data_dir().join("read/bad-units.tmx")).unwrap();
    let mut units = read(bytes.as_slice(), &ReadOptions::default()).unwrap();
    let mut taken = units.take_skipped();
    assert_eq!(taken.len(), 1, "the header's bad date: {taken:?}");
    while units.next().is_some() {
        taken.extend(units.take_skipped());
    }
    taken.extend(units.finish().unwrap());
    let (document, _) = read_bytes(&bytes).unwrap();
    assert_eq!(taken, document.skipped);
}

#[test]
fn reported_positions_stay_exact_across_buffer_refills() {
    let mut text = String::from("<tmx version=\"1.4\"><header srclang=\"zh\"/><body>\n");
    let mut expected = Vec::new();
    for idx in 0..3000 {
        let line = idx + 2;
        if idx % 97 == 5 {
            // A one-language unit: skipped and reported at its <tu>, column 3.
            let _ = writeln!(text, "  <tu><tuv xml:lang=\"zh\"><seg>单独 {idx}</seg></tuv></tu>");
            expected.push((line as u32, 3));
        } else {
            let _ = writeln!(
                text,
                "  <tu><tuv xml:lang=\"zh\"><seg>第{idx}句</seg></tuv><tuv xml:lang=\"en\"><seg>sentence {idx}</seg></tuv></tu>"
            );
        }
    }
    text.push_str("</body></tmx>\n");
    assert!(text.len() > 3 * 64 * 1024);
    for capacity in [1000, 8192, 1 << 20] {
        let document =
            read_all(BufReader::with_capacity(capacity, text.as_bytes()), &ReadOptions::default())
                .unwrap();
        let found: Vec<(u32, u32)> =
            document.skipped.iter().map(|item| (item.line, item.column)).collect();
        assert_eq!(found, expected, "capacity {capacity}");
    }
    let utf16 = utf16(&text, true, true);
    let (document, _) = read_bytes(&utf16).unwrap();
    let found: Vec<(u32, u32)> =
        document.skipped.iter().map(|item| (item.line, item.column)).collect();
    assert_eq!(found, expected, "UTF-16");
}

#[test]
fn one_bad_byte_in_utf8_chinese_costs_one_unit_not_the_encoding() {
    let mut bytes = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><tmx version=\"1.4\"><header srclang=\"zh\"/><body>\n<tu><tuv xml:lang=\"zh\"><seg>坏".as_bytes().to_vec();
    bytes.push(0xFF);
    bytes.extend("</seg></tuv><tuv xml:lang=\"en\"><seg>bad</seg></tuv></tu>\n<tu><tuv xml:lang=\"zh\"><seg>国务院新闻办公室</seg></tuv><tuv xml:lang=\"en\"><seg>good</seg></tuv></tu>\n</body></tmx>".as_bytes());
    let (document, encoding) = read_bytes(&bytes).unwrap();
    assert_eq!(encoding, "UTF-8");
    assert_eq!(document.units.len(), 1, "{:?}", document.skipped);
    assert_eq!(document.units[0].variants[0].segment.text, "国务院新闻办公室");
    assert!(
        document.skipped.iter().any(|item| item.line == 2 && item.message.contains("UTF-8")),
        "{:?}",
        document.skipped
    );
}

#[test]
fn a_syntax_error_mid_file_costs_only_its_unit() {
    let text = "<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n<tu><tuv xml:lang=\"en\"><seg>one</seg></tuv><tuv xml:lang=\"fr\"><seg>un</seg></tuv></tu>\n<tu><tuv xml:lang=\"en\"><seg>two <!junk> </seg></tuv><tuv xml:lang=\"fr\"><seg>deux</seg></tuv></tu>\n<tu><tuv xml:lang=\"en\"><seg>three</seg></tuv><tuv xml:lang=\"fr\"><seg>trois</seg></tuv></tu>\n</body></tmx>";
    let document = read_all(text.as_bytes(), &ReadOptions::default()).unwrap();
    let texts: Vec<&str> =
        document.units.iter().map(|u| u.variants[0].segment.text.as_str()).collect();
    assert_eq!(texts, ["one", "three"]);
    assert!(
        document
            .skipped
            .iter()
            .any(|item| item.line == 3 && item.message.starts_with("malformed XML")),
        "{:?}",
        document.skipped
    );
}

/// Issue 13, item 9: `&#x1B;[31m` and a raw NUL in a `<seg>` were stored (and printed raw, or
/// exported as U+FFFD). Characters XML forbids now skip their unit, reported where they are.
#[test]
fn control_characters_in_a_segment_skip_the_unit_with_line_and_column() {
    let text = "<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n\
        <tu><tuv xml:lang=\"en\"><seg>red &#x1B;[31malert</seg></tuv><tuv xml:lang=\"zh\"><seg>红</seg></tuv></tu>\n\
        <tu><tuv xml:lang=\"en\"><seg>nul \0 here</seg></tuv><tuv xml:lang=\"zh\"><seg>空</seg></tuv></tu>\n\
        <tu><tuv xml:lang=\"en\"><seg>tab\tand line\nbreak are fine</seg></tuv><tuv xml:lang=\"zh\"><seg>好</seg></tuv></tu>\n\
        </body></tmx>";
    let document = read_all(text.as_bytes(), &ReadOptions::default()).unwrap();
    assert_eq!(document.units.len(), 1);
    assert_eq!(document.units[0].variants[0].segment.text, "tab\tand line\nbreak are fine");
    let skipped: Vec<String> = document
        .skipped
        .iter()
        .map(|skipped| format!("{}:{}: {}", skipped.line, skipped.column, skipped.message))
        .collect();
    assert_eq!(
        skipped,
        [
            "2:33: invalid character reference &#x1B; the unit is skipped",
            "2:1: translation unit skipped: its markup is broken (see the other items at its lines)",
            "3:33: control character U+0000 is not allowed in XML; the unit is skipped",
            "3:1: translation unit skipped: its markup is broken (see the other items at its lines)",
        ]
    );
}

/// Issue 13, item 1: a compressed input is refused once it inflates past 100 times its size
/// (64 MB at least), before it is read to its end.
#[test]
fn inflation_past_the_ratio_fails_the_read() {
    use std::io::Read as _;
    let within = crate::xml::input::InflationLimit::new(std::io::repeat(b' ').take(60 << 20), 1000);
    assert_eq!(std::io::copy(&mut { within }, &mut std::io::sink()).unwrap(), 60 << 20);
    let mut bomb =
        crate::xml::input::InflationLimit::new(std::io::repeat(b' ').take(1 << 40), 1 << 20);
    let error = std::io::copy(&mut bomb, &mut std::io::sink()).unwrap_err();
    assert!(error.to_string().contains("inflates to more than 100 MB"), "{error}");
}

/// Characters XML forbids are found wherever they are in a long text (the check looks at
/// blocks of 32 bytes, then at the rest one by one), U+FFFE and U+FFFF among them, while
/// half-width forms, which share their first two UTF-8 bytes, are ordinary text.
#[test]
fn forbidden_characters_are_found_anywhere_in_long_segments() {
    let padding = "长文本".repeat(20);
    let segment_with = |at: usize, c: &str| {
        let mut text = padding.clone();
        let at = text.char_indices().nth(at).map_or(text.len(), |(idx, _)| idx);
        text.insert_str(at, c);
        text
    };
    let mut body = String::new();
    let cases = [(0, "\u{1}"), (7, "\u{1F}"), (40, "\u{8}"), (59, "\u{B}"), (60, "\u{C}")];
    for (at, c) in cases {
        body.push_str(&format!(
            "<tu><tuv xml:lang=\"zh\"><seg>{}</seg></tuv><tuv xml:lang=\"en\"><seg>x</seg></tuv></tu>\n",
            segment_with(at, c)
        ));
    }
    for c in ["\u{FFFE}", "\u{FFFF}", "\u{FFE8}", "\u{FFEE}"] {
        body.push_str(&format!(
            "<tu><tuv xml:lang=\"zh\"><seg>{}</seg></tuv><tuv xml:lang=\"en\"><seg>x</seg></tuv></tu>\n",
            segment_with(33, c)
        ));
    }
    let text = format!("<tmx version=\"1.4\"><header srclang=\"zh\"/><body>\n{body}</body></tmx>");
    let document = read_all(text.as_bytes(), &ReadOptions::default()).unwrap();
    let kept: Vec<String> = document
        .units
        .iter()
        .map(|unit| {
            unit.variants[0].segment.text.chars().filter(|c| !"长文本".contains(*c)).collect()
        })
        .collect();
    assert_eq!(kept, ["\u{FFE8}", "\u{FFEE}"]);
    let found: Vec<String> = document
        .skipped
        .iter()
        .filter(|skipped| skipped.message.starts_with("control character"))
        .map(|skipped| {
            let what = skipped.message.split(" is not").next().unwrap_or_default();
            format!("{}:{} {what}", skipped.line, skipped.column)
        })
        .collect();
    assert_eq!(
        found,
        [
            "2:29 control character U+0001",
            "3:36 control character U+001F",
            "4:69 control character U+0008",
            "5:88 control character U+000B",
            "6:89 control character U+000C",
            "7:62 control character U+FFFE",
            "8:62 control character U+FFFF",
        ]
    );
}

/// A unit of many variants in one language has one language, however many variants it has.
#[test]
fn many_variants_of_one_language_are_one_language() {
    let variants = |langs: &[&str]| -> String {
        langs.iter().map(|lang| format!("<tuv xml:lang=\"{lang}\"><seg>t</seg></tuv>")).collect()
    };
    let text = format!(
        "<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n<tu tuid=\"one\">{}</tu>\n<tu tuid=\"two\">{}</tu>\n</body></tmx>",
        variants(&["en"; 12]),
        variants(&["en", "en", "en", "en", "en", "en", "en", "en", "en", "en", "zh"])
    );
    let document = read_all(text.as_bytes(), &ReadOptions::default()).unwrap();
    let tuids: Vec<Option<&str>> = document.units.iter().map(|unit| unit.tuid.as_deref()).collect();
    assert_eq!(tuids, [Some("two")]);
    assert_eq!(document.skipped.len(), 1, "{:?}", document.skipped);
    assert!(
        document.skipped[0].message.starts_with(
            "translation unit tuid=\"one\" skipped: it has 1 language(s) (en), fewer than 2"
        ),
        "{:?}",
        document.skipped
    );
}

/// An import stores each date as jiff's `Display` writes it; the digits written directly for
/// whole seconds of the years 1000–9999 are the same, and any other timestamp is left to jiff.
#[test]
fn stored_dates_are_written_as_jiff_writes_them() {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let (min, max) = (jiff::Timestamp::MIN.as_second(), jiff::Timestamp::MAX.as_second());
    let mut seconds: Vec<i64> =
        (0..20_000).map(|_| min + (next() % (max - min) as u64) as i64).collect();
    // Days around the edges of the written range, leap days and the turn of centuries.
    for date in [
        "0999-12-31T23:59:59Z",
        "1000-01-01T00:00:00Z",
        "1970-01-01T00:00:00Z",
        "2000-02-29T12:00:00Z",
        "2100-03-01T00:00:00Z",
        "2024-02-29T23:59:59Z",
        "9999-12-30T21:59:59Z",
        "1600-02-29T00:00:00Z",
        "1899-12-31T23:59:59Z",
    ] {
        seconds.push(date.parse::<jiff::Timestamp>().unwrap().as_second());
    }
    for second in seconds {
        let whole = jiff::Timestamp::from_second(second).unwrap();
        assert_eq!(date::rfc3339(whole), whole.to_string());
        let fraction = jiff::Timestamp::new(second.min(max - 1), 500_000_000).unwrap();
        assert_eq!(date::rfc3339(fraction), fraction.to_string());
    }
}

/// A TMX date whose fields are all in range is read by arithmetic, to the timestamp jiff's
/// calendar gives; a field out of range is left to the calendar, which refuses it.
#[test]
fn dates_read_by_arithmetic_match_the_calendar() {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = |below: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % below) as i64
    };
    for _ in 0..50_000 {
        let fields = [next(10_000), next(14), next(33), next(25), next(61), next(62)];
        let [year, month, day, hour, minute, second] = fields;
        let written = date::Fields { year, month, day, hour, minute, second };
        let by_calendar = date::utc_by_calendar(written);
        if let Some(seconds) = date::utc_seconds(written) {
            assert_eq!(
                Some(jiff::Timestamp::from_second(seconds).unwrap()),
                by_calendar,
                "{fields:?}"
            );
        }
        let text = format!("{year:04}{month:02}{day:02}T{hour:02}{minute:02}{second:02}Z");
        assert_eq!(parse_date(&text), by_calendar, "{text}");
    }
    for (text, expected) in [
        ("20240229T120000Z", Some("2024-02-29T12:00:00Z")),
        ("20230229T120000Z", None),
        ("19000229T000000Z", None),
        ("20000229T000000Z", Some("2000-02-29T00:00:00Z")),
        ("20240105T083012+0130", Some("2024-01-05T07:00:12Z")),
        ("00010101T000000Z", Some("0001-01-01T00:00:00Z")),
        ("20241231T235960Z", None),
    ] {
        assert_eq!(parse_date(text).map(|date| date.to_string()).as_deref(), expected, "{text}");
    }
}

/// Line and column (1-based, in characters) of the first `needle` in `text` at or after byte
/// `from`.
fn position_of(text: &str, needle: &str, from: usize) -> (u32, u32) {
    let at = from + text[from..].find(needle).unwrap();
    let before = &text[..at];
    let line = before.matches('\n').count() as u32 + 1;
    let line_start = before.rfind('\n').map_or(0, |idx| idx + 1);
    (line, before[line_start..].chars().count() as u32 + 1)
}

/// Problems found at the end of a unit, a variant or a segment are reported where it starts,
/// though reading went on for more than the input's 64 KiB buffer after that start: the
/// position is counted when the buffer is replaced, or when the problem is reported.
#[test]
fn problems_found_late_are_reported_where_their_element_starts() {
    let long = "长句子，很长的句子。".repeat(4_000);
    let unit = |body: &str| format!("<tu tuid=\"x\">\n  {body}\n</tu>\n");
    let tuv = |lang: &str, seg: &str| format!("<tuv xml:lang=\"{lang}\"><seg>{seg}</seg></tuv>");
    let units = [
        // One language: the unit is skipped, at its <tu>.
        unit(&tuv("zh", &long)),
        // A <bpt> without its <ept>, at the end of a long segment: reported at the <seg>.
        unit(&format!("{}{}", tuv("en", "x"), tuv("zh", &format!("{long}<bpt i=\"1\">b</bpt>")))),
        // A <tuv> without a language, its segment long: reported at the <tuv>.
        unit(&format!("{}<tuv>\n<seg>{long}</seg></tuv>{}", tuv("en", "y"), tuv("zh", "z"))),
        // A <prop> without a type after a long text: reported at the <prop>.
        unit(&format!("{}\n<prop>{long}</prop>{}", tuv("en", &long), tuv("zh", &long))),
    ];
    let text = format!(
        "<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n{}</body></tmx>",
        units.concat()
    );
    let document = read_all(text.as_bytes(), &ReadOptions::default()).unwrap();
    let found: Vec<(u32, u32, &str)> = document
        .skipped
        .iter()
        .map(|item| (item.line, item.column, item.message.split(';').next().unwrap_or_default()))
        .collect();
    let starts: Vec<usize> = text.match_indices("<tu ").map(|(idx, _)| idx).collect();
    let at = |unit_idx: usize, needle: &str| position_of(&text, needle, starts[unit_idx]);
    let expected = [
        (
            at(0, "<tu "),
            "translation unit tuid=\"x\" skipped: it has 1 language(s) (zh), fewer than 2",
        ),
        (at(1, &format!("<seg>{long}")), "<bpt i=\"1\"> has no partner in its segment"),
        (at(2, "<tuv>"), "<tuv> without xml:lang skipped"),
        (
            at(2, "<tu "),
            "translation unit tuid=\"x\" skipped: its markup is broken (see the other items at its lines)",
        ),
        (at(3, "<prop>"), "<prop> without a type attribute skipped"),
    ];
    let expected: Vec<(u32, u32, &str)> =
        expected.iter().map(|((line, column), message)| (*line, *column, *message)).collect();
    assert_eq!(found, expected);
    assert_eq!(document.units.len(), 2);
}

/// An attribute given twice is reported as quick-xml words it, wherever it is among the tag's
/// attributes (the names are checked on the stack up to eight, past that in a vector), and also
/// when the repeated attribute's value is malformed too.
#[test]
fn repeated_attributes_are_reported_as_quick_xml_words_them() {
    let many: String = (0..10).map(|idx| format!(" a{idx}=\"v\"")).collect();
    let cases = [
        "<tu tuid=\"1\" tuid=\"2\">".to_owned(),
        format!("<tu{many} a9=\"again\">"),
        format!("<tu{many} a2=\"again\">"),
        "<tu tuid=\"1\" tuid=2>".to_owned(),
        "<tu tuid=\"1\" segtype=2>".to_owned(),
        "<tu tuid=\"1\" changeid=\"&bad;\">".to_owned(),
    ];
    for start in cases {
        let text = format!(
            "<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n{start}<tuv xml:lang=\"en\"><seg>a</seg></tuv><tuv xml:lang=\"zh\"><seg>b</seg></tuv></tu>\n</body></tmx>"
        );
        let document = read_all(text.as_bytes(), &ReadOptions::default()).unwrap();
        let raw = &start[1..start.len() - 1];
        let tag = quick_xml::events::BytesStart::from_content(raw, 2);
        let checked = tag
            .attributes()
            .find_map(|attribute| match attribute {
                Ok(attribute) => attribute
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .err()
                    .map(|error| format!("attribute {} of <tu>: {error}", attribute.key.as_ref())),
                Err(error) => Some(format!("malformed attributes in <tu>: {error}")),
            })
            .unwrap();
        assert!(document.units.is_empty(), "{start}");
        assert!(
            document.skipped[0].message.starts_with(&checked),
            "{start}: {:?} is not {checked:?}",
            document.skipped[0]
        );
        assert_eq!((document.skipped[0].line, document.skipped[0].column), (2, 1), "{start}");
    }
}
