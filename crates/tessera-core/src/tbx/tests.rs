//! Tests for the TBX reader and writer: each `test_data/tbx/X.tbx` is dumped to `X.txt`
//! (bless with `UPDATE_EXPECT=1`), written back and read again.

use std::{
    fmt::Write as _,
    path::{Path, PathBuf},
};

use expect_test::{expect, expect_file};

use super::*;

fn tbx_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/tbx");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "tbx"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "fixtures missing: {files:?}");
    files
}

fn show_fields(out: &mut String, indent: &str, fields: &[Field]) {
    for field in fields {
        let target = field.target.as_ref().map(|t| format!(" target={t:?}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "{indent}{} {:?}{target}: {:?}",
            field.element.name(),
            field.kind,
            field.value
        );
        show_fields(out, &format!("{indent}  + "), &field.related);
    }
}

fn dump(bytes: &[u8]) -> String {
    let glossary = match read_all(bytes) {
        Ok(glossary) => glossary,
        Err(error) => return format!("error: {error}\n"),
    };
    let mut out = String::new();
    let header = &glossary.header;
    let _ = writeln!(
        out,
        "header: {:?} type={:?} lang={:?} title={:?} source={:?}",
        header.dialect,
        header.tbx_type,
        header.lang.as_ref().map(|l| l.tag.to_string()),
        header.title,
        header.source_desc
    );
    for concept in &glossary.concepts {
        let _ = writeln!(out, "concept {:?}", concept.id);
        show_fields(&mut out, "  ", &concept.fields);
        for section in &concept.languages {
            let _ = writeln!(out, "  lang {} ({})", section.lang.tag, section.lang.original);
            show_fields(&mut out, "    ", &section.fields);
            for term in &section.terms {
                let _ = writeln!(
                    out,
                    "    term {:?} status={:?} pos={:?}",
                    term.text,
                    term.status(),
                    term.part_of_speech()
                );
                show_fields(&mut out, "      ", &term.fields);
            }
        }
    }
    if !glossary.skipped.is_empty() {
        let _ = writeln!(out, "skipped:");
        for item in &glossary.skipped {
            let _ = writeln!(out, "  {}:{}: {}", item.line, item.column, item.message);
        }
    }
    out
}

#[test]
fn fixtures_read_as_their_dumps() {
    for path in tbx_files() {
        let bytes = std::fs::read(&path).unwrap();
        expect_file![path.with_extension("txt")].assert_eq(&dump(&bytes));
    }
}

/// Concepts as the writer reproduces them: normalised language spellings, ids made valid.
fn as_written(concepts: &[Concept]) -> Vec<Concept> {
    let mut concepts = concepts.to_vec();
    for concept in &mut concepts {
        concept.id = None;
        for section in &mut concept.languages {
            section.lang.original = section.lang.tag.to_string();
            for term in &mut section.terms {
                // The writer puts termNotes first.
                term.fields.sort_by_key(|field| field.element != FieldElement::TermNote);
            }
        }
    }
    concepts
}

#[test]
fn read_write_read_keeps_concepts_terms_and_fields() {
    let mut n_terms = 0;
    for path in tbx_files() {
        let Ok(first) = read_all(std::fs::read(&path).unwrap().as_slice()) else { continue };
        let mut written = Vec::new();
        let report =
            write(&mut written, &first.header, &first.concepts, &WriteOptions::default()).unwrap();
        assert_eq!(report.concepts_written as usize, first.concepts.len());
        let second = read_all(written.as_slice()).unwrap();
        assert_eq!(second.skipped, Vec::new(), "{}", String::from_utf8_lossy(&written));
        assert_eq!(second.header.source_desc, first.header.source_desc);
        assert_eq!(second.header.title, first.header.title);
        assert_eq!(as_written(&second.concepts), as_written(&first.concepts), "{}", path.display());
        n_terms +=
            first.concepts.iter().flat_map(|c| &c.languages).map(|s| s.terms.len()).sum::<usize>();
    }
    assert!(n_terms >= 10);
}

#[test]
fn written_file_is_tbx_basic_v3_dca() {
    let bytes =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/tbx/v2-martif.tbx"))
            .unwrap();
    let glossary = read_all(bytes.as_slice()).unwrap();
    let mut written = Vec::new();
    write(&mut written, &glossary.header, &glossary.concepts, &WriteOptions::default()).unwrap();
    let text = String::from_utf8(written).unwrap();
    expect![[r#"
        <?xml version="1.0" encoding="UTF-8"?>
        <tbx style="dca" type="TBX-Basic" xml:lang="en-US" xmlns="urn:iso:std:iso:30042:ed-2">
          <tbxHeader>
            <fileDesc>
              <sourceDesc>
                <p>Hand-made fixture in TBX v2 (martif) style.</p>
              </sourceDesc>
            </fileDesc>
          </tbxHeader>
          <text>
            <body>
              <conceptEntry id="c-1001">
                <descrip type="subjectField">economy</descrip>
                <langSec xml:lang="zh">
                  <termSec>
                    <term>国内生产总值</term>
                    <termNote type="partOfSpeech">noun</termNote>
                  </termSec>
                </langSec>
                <langSec xml:lang="en">
                  <descripGrp>
                    <descrip type="definition">The total value of goods and services produced in a country in a year.</descrip>
                    <admin type="source">NBS glossary</admin>
                  </descripGrp>
                  <termSec>
                    <term>gross domestic product</term>
                    <termNote type="partOfSpeech">noun</termNote>
                    <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
                    <descrip type="context">GDP grew 5.2 percent in 2023.</descrip>
                  </termSec>
                  <termSec>
                    <term>GDP</term>
                    <termNote type="termType">abbreviation</termNote>
                    <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>
                  </termSec>
                </langSec>
              </conceptEntry>
            </body>
          </text>
        </tbx>
    "#]]
    .assert_eq(&text);
}

#[test]
fn every_status_survives_a_round_trip() {
    let concepts: Vec<Concept> = TermStatus::ALL
        .iter()
        .map(|&status| Concept {
            id: Some(format!("s-{}", status.as_str())),
            fields: Vec::new(),
            languages: vec![LangSection {
                lang: Language::parse("en"),
                fields: Vec::new(),
                terms: vec![Term {
                    id: None,
                    text: status.as_str().to_owned(),
                    fields: status_fields(status),
                }],
            }],
        })
        .collect();
    let mut written = Vec::new();
    write(&mut written, &Header::default(), &concepts, &WriteOptions::default()).unwrap();
    let glossary = read_all(written.as_slice()).unwrap();
    let statuses: Vec<_> =
        glossary.concepts.iter().map(|c| c.languages[0].terms[0].status()).collect();
    assert_eq!(statuses, TermStatus::ALL.map(Some));
}

#[test]
fn tbx_v2_administrative_statuses_map_to_tessera_statuses() {
    // From the LISA TBX samples (Okapi's oracle_TBX.tbx) and TBX-Default's picklist.
    let statuses: Vec<Option<TermStatus>> = [
        "standardizedTerm-admn-sts",
        "preferredTerm-admn-sts",
        "legalTerm-admn-sts",
        "regulatedTerm-admn-sts",
        "admittedTerm-admn-sts",
        "supersededTerm-admn-sts",
        "deprecatedTerm-admn-sts",
        "proposed",
    ]
    .iter()
    .map(|value| {
        let fields = vec![Field::new(FieldElement::TermNote, "administrativeStatus", value)];
        Term { id: None, text: "t".to_owned(), fields }.status()
    })
    .collect();
    use TermStatus::{Admitted, Deprecated, Preferred};
    let expected =
        [Some(Preferred), Some(Preferred), Some(Admitted), Some(Admitted), Some(Admitted)];
    assert_eq!(statuses[..5], expected);
    assert_eq!(statuses[5..], [Some(Deprecated), Some(Deprecated), None]);
}

#[test]
fn admin_and_descrip_notes_are_kept_in_their_groups() {
    // As TBX-Linguist tools write them (all-categories-dca.tbx in the interop corpus).
    let file = r#"<tbx type="TBX-Linguist" style="dca" xmlns="urn:iso:std:iso:30042:ed-2">
      <text><body><conceptEntry id="c"><langSec xml:lang="en">
        <descripGrp><descrip type="definition">A whole.</descrip>
          <descripNote type="sourceType">dictionary</descripNote></descripGrp>
        <termSec><term>completeness</term>
          <adminGrp><admin type="reading">kuhm-pleet-nis</admin>
            <adminNote type="readingNote">IPA approximation</adminNote></adminGrp>
        </termSec></langSec></conceptEntry></body></text></tbx>"#;
    let glossary = read_all(file.as_bytes()).unwrap();
    assert_eq!(glossary.skipped, Vec::new());
    let mut written = Vec::new();
    write(&mut written, &glossary.header, &glossary.concepts, &WriteOptions::default()).unwrap();
    let again = read_all(written.as_slice()).unwrap();
    assert_eq!(again.concepts, glossary.concepts);
    let mut dumped = String::new();
    let section = &again.concepts[0].languages[0];
    show_fields(&mut dumped, "", &section.fields);
    show_fields(&mut dumped, "", &section.terms[0].fields);
    expect![[r#"
        descrip "definition": "A whole."
          + descripNote "sourceType": "dictionary"
        admin "reading": "kuhm-pleet-nis"
          + adminNote "readingNote": "IPA approximation"
    "#]]
    .assert_eq(&dumped);
}

#[test]
fn tbx_min_2013_files_are_read_in_both_layouts() {
    // The two layouts of BYU's TBX::Min test corpus (byutrg-tbx-min/ in the interop corpus):
    // termEntry/langSet/tig without an XML declaration, entry/langGroup/termGroup with one.
    let early = r#"<TBX dialect="TBX-Min">
      <header><id>TBX sample</id><description>Sample</description>
        <languages source="de" target="en"/><creator>K.-D. Schmidt</creator></header>
      <body><termEntry id="C002"><subjectField>biology</subjectField>
        <langSet xml:lang="de"><tig><term>Hund</term><partOfSpeech>noun</partOfSpeech></tig>
        </langSet>
        <langSet xml:lang="en"><tig><term>hound</term><termStatus>obsolete</termStatus>
          <customer>SAP</customer><note>bloodhound is used</note></tig></langSet>
      </termEntry></body></TBX>"#;
    let late = r#"<?xml version="1.0"?><TBX dialect="TBX-Min"><header><id>x</id></header><body>
      <entry id="C7"><langGroup xml:lang="en"><termGroup><term>dog</term>
        <termStatus>notRecommended</termStatus></termGroup></langGroup>
      <langGroup xml:lang="de"><termGroup><term>Hund</term><termStatus>preferred</termStatus>
      </termGroup></langGroup></entry></body></TBX>"#;
    expect![[r#"
        header: TbxMin type=Some("TBX-Min") lang=None title=Some("TBX sample") source=["Sample"]
        concept Some("C002")
          descrip "subjectField": "biology"
          lang de (de)
            term "Hund" status=None pos=Some("noun")
              termNote "partOfSpeech": "noun"
          lang en (en)
            term "hound" status=Some(Deprecated) pos=None
              termNote "administrativeStatus": "supersededTerm-admn-sts"
              admin "customerSubset": "SAP"
              note "": "bloodhound is used"
    "#]]
    .assert_eq(&dump(early.as_bytes()));
    let glossary = read_all(late.as_bytes()).unwrap();
    assert_eq!(glossary.skipped, Vec::new());
    let statuses: Vec<_> =
        glossary.concepts[0].languages.iter().map(|section| section.terms[0].status()).collect();
    assert_eq!(statuses, [Some(TermStatus::Deprecated), Some(TermStatus::Preferred)]);
    // Written back as TBX-Basic v3, the same concepts read again.
    let mut written = Vec::new();
    write(&mut written, &glossary.header, &glossary.concepts, &WriteOptions::default()).unwrap();
    assert_eq!(read_all(written.as_slice()).unwrap().concepts, glossary.concepts);
}

#[test]
fn language_filter_drops_sections_and_empty_concepts() {
    let bytes =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/tbx/basic-v3-dca.tbx"))
            .unwrap();
    let glossary = read_all(bytes.as_slice()).unwrap();
    let options = WriteOptions { languages: Some(vec![crate::LanguageTag::parse("fr")]) };
    let mut written = Vec::new();
    let report = write(&mut written, &glossary.header, &glossary.concepts, &options).unwrap();
    assert_eq!((report.concepts_written, report.concepts_omitted), (0, 2));
    let options = WriteOptions { languages: Some(vec![crate::LanguageTag::parse("zh")]) };
    let mut written = Vec::new();
    write(&mut written, &glossary.header, &glossary.concepts, &options).unwrap();
    let again = read_all(written.as_slice()).unwrap();
    assert!(
        again.concepts.iter().all(|c| c.languages.iter().all(|s| s.lang.tag.primary() == "zh"))
    );
    assert_eq!(again.concepts.len(), 2);
}

#[test]
fn fuzz_corpus_and_regressions_pass_the_fuzz_checks() {
    crate::tmx::tests::replay_fuzz_inputs("tbx_read", fuzz_check);
}

#[test]
fn prefixes_of_a_fixture_read_without_panicking() {
    let bytes =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/tbx/basic-v3-dca.tbx"))
            .unwrap();
    let complete = read_all(bytes.as_slice()).unwrap().concepts.len();
    for cut in 0..bytes.len() {
        if let Ok(glossary) = read_all(&bytes[..cut]) {
            assert!(glossary.concepts.len() <= complete);
        }
    }
}

#[test]
fn deeply_nested_groups_do_not_overflow_the_stack() {
    let depth = 100_000;
    let mut text = String::from(
        "<tbx><text><body><conceptEntry id=\"c\"><langSec xml:lang=\"en\"><termSec><term>t</term>",
    );
    text.push_str(&"<descripGrp>".repeat(depth));
    text.push_str(&"</descripGrp>".repeat(depth));
    text.push_str(&"<termGrp>".repeat(depth));
    text.push_str(&"</termGrp>".repeat(depth));
    text.push_str("</termSec></langSec></conceptEntry></body></text></tbx>");
    let glossary = read_all(text.as_bytes()).unwrap();
    assert_eq!(glossary.concepts.len(), 1);
    assert!(glossary.skipped.iter().any(|item| item.message.contains("unexpected <descripGrp>")));
}
