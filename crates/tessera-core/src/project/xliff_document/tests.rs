//! Tests of XLIFF documents in the editor: open, edit, save back, for 1.2 and 2.0, UTF-16 input,
//! states both ways, inline codes moved or deleted, and a zh-CN file against a zh-Hans memory.

use super::*;
use crate::model::{NewUnit, NewVariant};

const XLIFF_1_2: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="news.html" source-language="zh-CN" target-language="en-US" datatype="html">
  <body>
   <trans-unit id="1"><source>习近平<g id="1">会见</g>外宾<x id="2"/></source></trans-unit>
   <trans-unit id="2" translate="no"><source>新华社</source></trans-unit>
   <trans-unit id="3"><source>会谈在北京举行。</source><target state="needs-review-translation">The talks were held in Beijing.</target></trans-unit>
   <trans-unit id="4"><source>双方签署了协议。</source><target state="signed-off">The two sides signed an agreement.</target></trans-unit>
   <trans-unit id="5"><source>第二天<ph id="3">&lt;br/&gt;</ph>继续。</source><target state="new"></target></trans-unit>
  </body>
 </file>
</xliff>"#;

const XLIFF_2_0: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en-US" trgLang="zh-CN">
 <file id="f1" original="news.docx">
  <unit id="u1">
   <originalData><data id="d1">&lt;b&gt;</data><data id="d2">&lt;/b&gt;</data></originalData>
   <segment id="s1"><source>The Premier <pc id="1" dataRefStart="d1" dataRefEnd="d2">chaired</pc> the meeting.</source></segment>
   <ignorable><source> </source></ignorable>
   <segment id="s2" state="final"><source>It ended at noon.</source><target>会议中午结束。</target></segment>
  </unit>
  <unit id="u2" translate="no"><segment><source>Xinhua</source></segment></unit>
  <unit id="u3"><segment id="s3" state="translated"><source>Both sides agreed.</source><target>双方同意。</target></segment></unit>
 </file>
</xliff>"#;

fn open(project: &mut Project, text: &str) -> i64 {
    project.open_xliff_document("news.xlf", text.as_bytes()).unwrap()
}

/// (source, target, status) of every segment.
fn rows(project: &Project, id: i64) -> Vec<(String, String, String)> {
    project
        .document_segments(id)
        .unwrap()
        .into_iter()
        .map(|segment| (segment.source, segment.target, segment.status))
        .collect()
}

fn saved(project: &Project, id: i64) -> xliff::Document {
    let bytes = project.save_document_xliff(id).unwrap();
    xliff::read(bytes.as_slice()).unwrap()
}

/// (target text, state) of every segment of the file, ignorables included.
fn targets(document: &xliff::Document) -> Vec<(Option<String>, Option<xliff::State>)> {
    document
        .segments()
        .map(|segment| (segment.target.as_ref().map(|target| target.text.clone()), segment.state))
        .collect()
}

#[test]
fn an_xliff_1_2_file_opens_with_codes_and_states_and_saves_back_edited() {
    let mut project = Project::open_in_memory().unwrap();
    let id = open(&mut project, XLIFF_1_2);
    assert!(project.document_is_xliff(id).unwrap());
    let summary = project.documents().unwrap().into_iter().find(|d| d.id == id).unwrap();
    // Matched as the memory's tags; the file keeps its own.
    assert_eq!((summary.source_lang.as_str(), summary.target_lang.as_str()), ("zh-Hans", "en"));
    let rows = rows(&project, id);
    let expected = [
        ("习近平\u{E000}会见\u{E001}外宾\u{E002}", "", "new"),
        ("会谈在北京举行。", "The talks were held in Beijing.", "draft"),
        ("双方签署了协议。", "The two sides signed an agreement.", "confirmed"),
        ("第二天\u{E000}继续。", "", "new"),
    ];
    let got: Vec<(&str, &str, &str)> =
        rows.iter().map(|(s, t, st)| (s.as_str(), t.as_str(), st.as_str())).collect();
    assert_eq!(got, expected, "translate=\"no\" is left out");

    let segments = project.document_segments(id).unwrap();
    // Tags alone are no translation.
    let error = project.save_segment(id, segments[0].id, "\u{E000}\u{E001}", true).unwrap_err();
    assert!(matches!(error, Error::InvalidEdit { .. }), "{error}");
    // The pair moved to the end and the standalone code deleted: still a valid file.
    project
        .save_segment(id, segments[0].id, "Xi met foreign guests\u{E000}\u{E001}", true)
        .unwrap();
    project
        .save_segment(id, segments[3].id, "On the second day\u{E000} it went on.", false)
        .unwrap();
    let document = saved(&project, id);
    assert_eq!(document.target_lang.as_ref().unwrap().as_str(), "en-US");
    assert_eq!(document.source_lang.as_str(), "zh-CN");
    assert_eq!(
        targets(&document),
        [
            (Some("Xi met foreign guests\u{E000}\u{E001}".to_owned()), Some(xliff::State::Final)),
            (None, None),
            (Some("The talks were held in Beijing.".to_owned()), Some(xliff::State::NeedsReview)),
            (Some("The two sides signed an agreement.".to_owned()), Some(xliff::State::Reviewed)),
            (
                Some("On the second day\u{E000} it went on.".to_owned()),
                Some(xliff::State::Translated)
            ),
        ],
        "unchanged segments keep the file's own state"
    );
    let first = document.segments().next().unwrap().target.clone().unwrap();
    assert_eq!(first.codes[0].element, "g");
    let last = document.segments().last().unwrap().target.clone().unwrap();
    assert_eq!(last.codes[0].content, "<br/>");
    assert!(!document.files[0].units[1].translate);

    // The confirmed pair went to the memory without the file's codes.
    let found = project
        .lookup("习近平会见外宾", &crate::matching::LookupOptions { limit: 1, min_score: 100 })
        .unwrap();
    assert_eq!(found[0].found.target, "Xi met foreign guests");

    // Saved, opened again: the same rows.
    let again = project.save_document_xliff(id).unwrap();
    let reopened = project.open_xliff_document("again.xlf", &again).unwrap();
    let first_rows = super::tests::rows(&project, id);
    assert_eq!(super::tests::rows(&project, reopened), first_rows);
}

#[test]
fn an_xliff_2_0_file_opens_into_chinese_and_saves_ignorables_and_units_not_to_translate() {
    let mut project = Project::open_in_memory().unwrap();
    let id = open(&mut project, XLIFF_2_0);
    let summary = project.documents().unwrap().into_iter().find(|d| d.id == id).unwrap();
    assert_eq!((summary.source_lang.as_str(), summary.target_lang.as_str()), ("en", "zh-Hans"));
    let segments = project.document_segments(id).unwrap();
    let blocks: Vec<u32> = segments.iter().map(|segment| segment.block_idx).collect();
    assert_eq!(blocks, [0, 0, 1], "a unit is a paragraph");
    let statuses: Vec<&str> = segments.iter().map(|segment| segment.status.as_str()).collect();
    assert_eq!(statuses, ["new", "confirmed", "draft"]);
    assert_eq!(segments[0].source, "The Premier \u{E000}chaired\u{E001} the meeting.");
    let tags = project.document_tags(id).unwrap();
    assert_eq!(tags.len(), 1);
    let shown: Vec<(u32, TagKind, &str)> =
        tags[0].tags.iter().map(|tag| (tag.number, tag.kind, tag.description.as_str())).collect();
    assert_eq!(shown, [(1, TagKind::Start, "<b>"), (1, TagKind::End, "</b>")]);

    // The end before the start: written as isolated codes.
    project.save_segment(id, segments[0].id, "总理\u{E001}主持\u{E000}了会议。", true).unwrap();
    project.save_segment(id, segments[2].id, "双方一致同意。", false).unwrap();
    let bytes = project.save_document_xliff(id).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.contains(r#"trgLang="zh-CN""#), "{text}");
    let document = xliff::read(bytes.as_slice()).unwrap();
    assert!(document.skipped.is_empty(), "{:?}", document.skipped);
    let got = targets(&document);
    assert_eq!(got[2], (Some("会议中午结束。".to_owned()), Some(xliff::State::Final)));
    assert_eq!(got[3], (None, None), "translate=\"no\"");
    assert_eq!(got[4], (Some("双方一致同意。".to_owned()), Some(xliff::State::Translated)));
    assert_eq!(got[0].1, Some(xliff::State::Final));
    assert_eq!(
        document.files[0].units[0].segments[0].target.as_ref().unwrap().plain_text(),
        "总理主持了会议。"
    );
    assert!(document.files[0].units[0].segments[1].ignorable);
}

#[test]
fn a_utf_16_file_opens_like_its_utf_8_twin() {
    let mut project = Project::open_in_memory().unwrap();
    let utf8 = open(&mut project, XLIFF_1_2);
    let declared = XLIFF_1_2.replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(declared.encode_utf16().flat_map(u16::to_le_bytes));
    let utf16 = project.open_xliff_document("news-utf16.xlf", &bytes).unwrap();
    assert_eq!(rows(&project, utf16), rows(&project, utf8));
    let saved = saved(&project, utf16);
    assert_eq!(saved.segments().count(), 5);
}

#[test]
fn a_zh_cn_file_is_pretranslated_from_a_zh_hans_memory_and_saved_with_the_match() {
    let mut project = Project::open_in_memory().unwrap();
    let unit = NewUnit {
        source_lang: Some(LanguageTag::parse("en")),
        variants: vec![
            NewVariant { lang: LanguageTag::parse("en"), text: "Both sides agreed.".to_owned() },
            NewVariant {
                lang: LanguageTag::parse("zh-Hans"), text: "双方达成一致。".to_owned()
            },
        ],
        created_by: "test".to_owned(),
        provenance: None,
    };
    let premier = NewUnit {
        variants: vec![
            NewVariant {
                lang: LanguageTag::parse("en"),
                text: "The Premier chaired the meeting.".to_owned(),
            },
            NewVariant {
                lang: LanguageTag::parse("zh-Hans"), text: "总理主持了会议。".to_owned()
            },
        ],
        ..unit.clone()
    };
    project.add_units([unit, premier], &mut |_| {}).unwrap();
    let id = open(
        &mut project,
        &XLIFF_2_0
            .replace("state=\"translated\"", "state=\"initial\"")
            .replace("<target>双方同意。</target>", ""),
    );
    let report =
        project.pretranslate_document(id, &crate::PretranslateOptions { min_score: 75 }).unwrap();
    assert_eq!(report.filled, 2, "{report:?}");
    let segments = project.document_segments(id).unwrap();
    // The file's codes go at the end of the memory's text.
    assert_eq!(segments[0].target, "总理主持了会议。\u{E000}\u{E001}");
    assert_eq!(segments[2].target, "双方达成一致。");
    let bytes = project.save_document_xliff(id).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    let score = segments[2].match_score.unwrap();
    let written = format!(
        r##"<mtc:match ref="#s3" type="tm" similarity="{score}" matchQuality="{score}" origin="tessera"><source>Both sides agreed.</source><target>双方达成一致。</target></mtc:match>"##
    );
    assert!(text.contains(&written), "{text}");
    let document = xliff::read(bytes.as_slice()).unwrap();
    assert_eq!(document.files[0].units[2].segments[0].state, Some(xliff::State::NeedsReview));
    assert_eq!(document.target_lang.as_ref().unwrap().as_str(), "zh-CN");
}

#[test]
fn a_target_with_its_own_codes_maps_onto_the_source_codes() {
    let mut project = Project::open_in_memory().unwrap();
    let file = r#"<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" source-language="zh" target-language="en" datatype="plaintext"><body>
<trans-unit id="1"><source>甲<x id="1"/>乙<x id="2"/></source><target state="translated">B<x id="2"/> A<x id="1"/><x id="9"/></target></trans-unit></body></file></xliff>"#;
    let id = open(&mut project, file);
    let segment = &project.document_segments(id).unwrap()[0];
    assert_eq!(segment.target, "B\u{E001} A\u{E000}\u{E002}", "x 9 is a code of its own");
    let numbers: Vec<u32> =
        project.document_tags(id).unwrap()[0].tags.iter().map(|tag| tag.number).collect();
    assert_eq!(numbers, [1, 2, 3]);
    let document = saved(&project, id);
    let target = document.segments().next().unwrap().target.clone().unwrap();
    let ids: Vec<Option<&str>> = target.codes.iter().map(|code| code.attribute("id")).collect();
    // Read back, codes are numbered in the order they appear.
    assert_eq!(ids, [Some("2"), Some("1"), Some("9")]);
    assert_eq!(target.text, "B\u{E000} A\u{E001}\u{E002}");
}

#[test]
fn a_text_document_is_not_xliff_and_bad_files_are_refused() {
    let mut project = Project::open_in_memory().unwrap();
    let id = project.open_document("a.txt", "国务院总理主持会议。".as_bytes()).unwrap();
    assert!(!project.document_is_xliff(id).unwrap());
    assert!(project.document_tags(id).unwrap().is_empty());
    assert!(matches!(project.save_document_xliff(id), Err(Error::InvalidEdit { .. })));
    assert!(matches!(project.document_is_xliff(999), Err(Error::NotFound { .. })));
    for (bad, why) in [
        ("<tmx version=\"1.4\"/>", "not an XLIFF file"),
        (&XLIFF_1_2.replace("target-language=\"en-US\"", "target-language=\"fr\""), "zh-CN → fr"),
        (&XLIFF_1_2.replace(" target-language=\"en-US\"", ""), "no target language"),
        (&XLIFF_1_2.replace("会谈在北京举行", "会谈&xxe;在北京举行"), "line 7, column"),
    ] {
        let error = project.open_xliff_document("bad.xlf", bad.as_bytes()).unwrap_err();
        assert!(error.to_string().contains(why), "{error}");
    }
    assert_eq!(project.documents().unwrap().len(), 1, "nothing stored");
    // Known by its content, whatever its name.
    let named_xml = project.open_document("news.xml", XLIFF_2_0.as_bytes()).unwrap();
    assert!(project.document_is_xliff(named_xml).unwrap());
    assert_eq!(project.document_segments(named_xml).unwrap().len(), 3);
}
