//! Tests of the XLIFF reader and writer: what is read from 1.2 and 2.0 files, what is reported,
//! and that written files read back the same.

use super::*;

const XLIFF_1_2: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:okp="okapi-framework:xliff-extensions">
 <file original="news.html" source-language="zh-CN" target-language="en" datatype="html">
  <body>
   <group id="g1">
    <trans-unit id="1" resname="title" okp:engine="x">
     <source>习近平<g id="1" ctype="bold">会见</g>外宾<x id="2"/></source>
     <target state="translated">Xi <g id="1" ctype="bold">met</g> foreign guests<x id="2"/></target>
     <note>headline</note>
    </trans-unit>
   </group>
   <trans-unit id="2" translate="no"><source>新华社 &amp; <ph id="3">&lt;br/&gt;</ph></source></trans-unit>
  </body>
 </file>
</xliff>"#;

const XLIFF_2_0: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh-CN" trgLang="en">
 <file id="f1" original="news.docx">
  <unit id="u1" name="p1">
   <notes><note>lead</note></notes>
   <originalData><data id="d1">&lt;b&gt;</data><data id="d2">&lt;/b&gt;</data></originalData>
   <segment id="s1" state="reviewed"><source>第一句<pc id="1" dataRefStart="d1" dataRefEnd="d2">加粗</pc>。</source><target>First <pc id="1" dataRefStart="d1" dataRefEnd="d2">bold</pc>.</target></segment>
   <ignorable><source> </source></ignorable>
   <segment id="s2"><source>第二句<ph id="2"/></source></segment>
  </unit>
 </file>
</xliff>"#;

#[test]
fn xliff_1_2_units_codes_states_and_notes_are_read() {
    let document = read(XLIFF_1_2.as_bytes()).unwrap();
    assert_eq!(document.version, Version::V1_2);
    assert_eq!(document.source_lang.as_str(), "zh-CN");
    assert_eq!(document.target_lang.as_ref().unwrap().as_str(), "en");
    assert!(document.skipped.is_empty(), "{:?}", document.skipped);
    let units = &document.files[0].units;
    assert_eq!(units.len(), 2, "the group is flattened");
    let segment = &units[0].segments[0];
    assert_eq!(segment.source.text, "习近平\u{E000}会见\u{E001}外宾\u{E002}");
    assert_eq!(segment.source.plain_text(), "习近平会见外宾");
    assert_eq!(segment.source.codes[0].role, CodeRole::Start);
    assert_eq!(segment.source.codes[1].start, Some(0));
    assert_eq!(segment.state, Some(State::Translated));
    assert_eq!(segment.target.as_ref().unwrap().plain_text(), "Xi met foreign guests");
    assert_eq!(units[0].notes, ["headline"]);
    assert_eq!(units[0].name.as_deref(), Some("title"));
    assert!(!units[1].translate);
    assert_eq!(units[1].segments[0].source.codes[0].content, "<br/>");
    assert_eq!(units[1].segments[0].source.plain_text(), "新华社 & ");
}

#[test]
fn xliff_2_segments_ignorables_and_original_data_are_read() {
    let document = read(XLIFF_2_0.as_bytes()).unwrap();
    assert_eq!(document.version, Version::V2_0);
    assert!(document.skipped.is_empty(), "{:?}", document.skipped);
    let unit = &document.files[0].units[0];
    assert_eq!(unit.segments.len(), 3);
    assert_eq!(unit.segments[0].state, Some(State::Reviewed));
    assert_eq!(unit.segments[0].source.text, "第一句\u{E000}加粗\u{E001}。");
    assert!(unit.segments[1].ignorable);
    assert_eq!(unit.segments[2].source.text, "第二句\u{E000}");
    assert_eq!(unit.original_data.len(), 2);
    assert_eq!(unit.notes, ["lead"]);
}

#[test]
fn written_files_read_back_the_same_in_both_versions() {
    for file in [XLIFF_1_2, XLIFF_2_0] {
        let document = read(file.as_bytes()).unwrap();
        let mut out = Vec::new();
        let report = write(&mut out, &document).unwrap();
        assert_eq!(report.codes_repaired, 0);
        let again = read(out.as_slice()).unwrap();
        assert!(again.skipped.is_empty(), "{:?}", again.skipped);
        assert_eq!(again.files[0].units, document.files[0].units);
        assert_eq!(again.version, document.version);
    }
}

#[test]
fn a_moved_end_code_is_written_isolated_so_the_file_stays_well_formed() {
    let mut document = read(XLIFF_1_2.as_bytes()).unwrap();
    let segment = &mut document.files[0].units[0].segments[0];
    let mut target = segment.source.clone();
    // The end of <g> moved before its start.
    target.text = "\u{E001}Xi met\u{E000} guests\u{E002}".to_owned();
    segment.target = Some(target);
    let mut out = Vec::new();
    let report = write(&mut out, &document).unwrap();
    assert_eq!(report.codes_repaired, 2);
    let written = String::from_utf8(out).unwrap();
    assert!(written.contains(r#"<target state="translated"><ex id="1"/>Xi met<bx id="1"/> guests<x id="2"/></target>"#), "{written}");
    assert!(read(written.as_bytes()).unwrap().skipped.is_empty());

    let mut document = read(XLIFF_2_0.as_bytes()).unwrap();
    let segment = &mut document.files[0].units[0].segments[0];
    let mut target = segment.source.clone();
    target.text = "\u{E000}First bold.".to_owned();
    segment.target = Some(target);
    let mut out = Vec::new();
    write(&mut out, &document).unwrap();
    let written = String::from_utf8(out).unwrap();
    assert!(written.contains(r#"<target><sc id="1"/>First bold.</target>"#), "{written}");
}

#[test]
fn leverage_and_states_are_written_in_the_standard_attributes() {
    let mut document = read(XLIFF_2_0.as_bytes()).unwrap();
    let segment = &mut document.files[0].units[0].segments[2];
    segment.target = Some(Segment::plain("Second sentence"));
    segment.state = Some(State::NeedsReview);
    segment.leverage = Some(Leverage {
        score: 101,
        origin: "tessera".to_owned(),
        source: "第二句".to_owned(),
        target: "Second sentence".to_owned(),
    });
    let mut out = Vec::new();
    write(&mut out, &document).unwrap();
    let written = String::from_utf8(out).unwrap();
    assert!(written.contains(r##"<mtc:match ref="#s2" type="tm" similarity="100" matchQuality="100" origin="tessera" subType="tessera:context">"##), "{written}");
    assert!(
        written.contains(r#"<segment id="s2" state="translated" subState="tessera:needs-review">"#),
        "{written}"
    );
    let again = read(written.as_bytes()).unwrap();
    assert_eq!(again.files[0].units[0].segments[2].state, Some(State::NeedsReview));

    let mut document = read(XLIFF_1_2.as_bytes()).unwrap();
    let segment = &mut document.files[0].units[1].segments[0];
    segment.target = Some(Segment::plain("Xinhua"));
    segment.state = Some(State::NeedsReview);
    segment.leverage = Some(Leverage {
        score: 87,
        origin: "tessera".to_owned(),
        source: "新华社".to_owned(),
        target: "Xinhua".to_owned(),
    });
    let mut out = Vec::new();
    write(&mut out, &document).unwrap();
    let written = String::from_utf8(out).unwrap();
    assert!(written.contains(r#"<target state="needs-review-translation" state-qualifier="fuzzy-match">Xinhua</target>"#), "{written}");
    assert!(written.contains(r#"<alt-trans match-quality="87" origin="tessera"><source>新华社</source><target>Xinhua</target></alt-trans>"#), "{written}");
}

#[test]
fn entities_are_never_expanded_and_problems_carry_line_and_column() {
    let file = "<?xml version=\"1.0\"?>\n<!DOCTYPE xliff [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n\
        <xliff version=\"1.2\"><file original=\"a\" source-language=\"zh\" datatype=\"plaintext\"><body>\n\
        <trans-unit id=\"1\"><source>&xxe;</source></trans-unit>\n\
        <trans-unit id=\"2\"><source>好</source></trans-unit></body></file></xliff>";
    let document = read(file.as_bytes()).unwrap();
    assert_eq!(document.files[0].units.len(), 1);
    assert_eq!(document.files[0].units[0].id, "2");
    assert!(document.skipped.iter().any(|item| item.line == 2 && item.message.contains("DOCTYPE")));
    let entity = document.skipped.iter().find(|item| item.message.contains("&xxe;")).unwrap();
    assert_eq!((entity.line, entity.column), (4, 28));
}

#[test]
fn a_file_that_is_not_xliff_says_what_its_root_is() {
    let error = read("<tmx version=\"1.4\"/>".as_bytes()).unwrap_err();
    assert!(matches!(error, ReadError::NotXliff { ref found, .. } if found == "tmx"), "{error}");
    assert!(matches!(read("hello".as_bytes()), Err(ReadError::NotXml { .. })));
}

#[test]
fn seg_source_segments_are_read_filled_and_written_back_segmented() {
    let file = r#"<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" source-language="zh-CN" target-language="en" datatype="plaintext"><body>
<trans-unit id="1"><source>第一句。第二句<x id="1"/>。</source><seg-source><mrk mtype="seg" mid="0">第一句。</mrk><mrk mtype="seg" mid="1">第二句<x id="1"/>。</mrk></seg-source></trans-unit>
</body></file></xliff>"#;
    let mut document = read(file.as_bytes()).unwrap();
    assert!(document.skipped.is_empty(), "{:?}", document.skipped);
    let unit = &mut document.files[0].units[0];
    assert!(unit.segmented);
    let sources: Vec<String> =
        unit.segments.iter().map(|segment| segment.source.plain_text()).collect();
    assert_eq!(sources, ["第一句。", "第二句。"]);
    unit.segments[1].target = Some(Segment::plain("Second."));
    unit.segments[1].state = Some(State::NeedsReview);
    let mut out = Vec::new();
    write(&mut out, &document).unwrap();
    let written = String::from_utf8(out).unwrap();
    assert!(written.contains(r#"<seg-source><mrk mtype="seg" mid="0">第一句。</mrk><mrk mtype="seg" mid="1">第二句<x id="1"/>。</mrk></seg-source>"#), "{written}");
    assert!(written.contains(r#"<target state="needs-review-translation"><mrk mtype="seg" mid="0"></mrk><mrk mtype="seg" mid="1">Second.</mrk></target>"#), "{written}");
    let again = read(written.as_bytes()).unwrap();
    assert_eq!(again.files[0].units, document.files[0].units);
}
