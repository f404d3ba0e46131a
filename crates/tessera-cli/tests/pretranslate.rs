//! Black-box tests of `tessera pretranslate`: a memory built from a real article fills XLIFF
//! 1.2 and 2.0 files; the output validates against the OASIS schemas (xmllint) and reopens in
//! translate-toolkit.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
    process::{Command, Output},
};

use tessera_core::tmx;

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().unwrap().parent().unwrap().to_path_buf()
}

/// Runs `tessera --db <dir>/x.db ARGS` with the user's environment kept out.
fn tessera(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tessera"))
        .arg("--db")
        .arg(dir.join("x.db"))
        .args(args)
        .current_dir(dir)
        .env_remove("TESSERA_DB")
        .env("HOME", dir)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// Imports a sample article and returns its sentences in `lang` (`zh`, `en`) by their position.
fn memory_from_article(dir: &Path) -> BTreeMap<u32, String> {
    sentences_of_article(dir, "zh")
}

fn sentences_of_article(dir: &Path, lang: &str) -> BTreeMap<u32, String> {
    let article = repo_root().join("samples/001_cc20114ba520b0ba.txt");
    let output = tessera(dir, &["import", article.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let output = tessera(dir, &["export", "tmx", "memory.tmx"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let file = std::fs::read(dir.join("memory.tmx")).unwrap();
    let document = tmx::read_all(file.as_slice(), &tmx::ReadOptions::default()).unwrap();
    document
        .units
        .iter()
        .map(|unit| {
            let position = unit.props.iter().find(|prop| prop.kind == "x-tessera-position");
            let chinese = unit.variants.iter().find(|variant| variant.lang.tag.primary() == lang);
            (position.unwrap().value.parse().unwrap(), chinese.unwrap().segment.text.clone())
        })
        .collect()
}

/// Source texts (XML-escaped where needed), `translate`, and an existing target.
fn sample_units(zh: &BTreeMap<u32, String>) -> Vec<(String, bool, Option<&'static str>)> {
    vec![
        // 100: the document starts here, the article does not.
        (zh[&2].clone(), true, None),
        // 101: the previous and next segments are the article's.
        (zh[&3].clone(), true, None),
        // 100: the next segment is not the article's.
        (zh[&4].clone(), true, None),
        // Fuzzy: the first five characters are gone.
        (zh[&2].chars().skip(5).collect(), true, None),
        // Nothing like it in the memory.
        ("今天天氣很好，我們去公園散步吧。".to_owned(), true, None),
        (zh[&6].clone(), false, None),
        (zh[&7].clone(), true, Some("Done already.")),
        // Exact but for an inline code: 98, the code goes at the end of the target.
        (format!("{}{{CODE}}", zh[&5]), true, None),
    ]
}

fn xliff_1_2(units: &[(String, bool, Option<&str>)]) -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a.txt" source-language="zh-Hant" target-language="en" datatype="plaintext"><body>
"#,
    );
    for (idx, (source, translate, target)) in units.iter().enumerate() {
        let source = source.replace("{CODE}", r#"<x id="1"/>"#);
        let translate = if *translate { "" } else { r#" translate="no""# };
        let target = target.map(|text| format!("<target>{text}</target>")).unwrap_or_default();
        xml.push_str(&format!(
            "<trans-unit id=\"{}\"{translate}><source>{source}</source>{target}</trans-unit>\n",
            idx + 1
        ));
    }
    xml.push_str("</body></file></xliff>\n");
    xml
}

fn xliff_2_0(units: &[(String, bool, Option<&str>)]) -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh-Hant" trgLang="en"><file id="f1">
"#,
    );
    for (idx, (source, translate, target)) in units.iter().enumerate() {
        let source = source.replace("{CODE}", r#"<ph id="1"/>"#);
        let translate = if *translate { "" } else { r#" translate="no""# };
        let target = target.map(|text| format!("<target>{text}</target>")).unwrap_or_default();
        xml.push_str(&format!(
            "<unit id=\"u{}\"{translate}><segment><source>{source}</source>{target}</segment></unit>\n",
            idx + 1
        ));
    }
    xml.push_str("</file></xliff>\n");
    xml
}

fn validate(schema: &str, file: &Path) {
    let schemas = repo_root().join("tests/fixtures/xliff/schemas");
    let output = Command::new("xmllint")
        .env("XML_CATALOG_FILES", schemas.join("catalog.xml"))
        .args(["--nonet", "--noout", "--schema"])
        .arg(schemas.join(schema))
        .arg(file)
        .output()
        .expect("xmllint (Debian libxml2-utils) is a test dependency");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

/// The targets translate-toolkit reads from a file, one line per unit (empty when none).
fn translate_toolkit_targets(file: &Path, version_2: bool) -> Vec<String> {
    let class = if version_2 { "xliff2.Xliff2File" } else { "xliff.xlifffile" };
    let script = format!(
        "import sys\nfrom translate.storage import xliff, xliff2\n\
         store = {class}.parsefile(sys.argv[1])\n\
         for unit in store.units:\n    print(unit.target or '')\n"
    );
    let output = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(file)
        .output()
        .expect("python3 with translate-toolkit is a test dependency");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    stdout(&output).lines().map(str::to_owned).collect()
}

#[test]
fn pretranslate_fills_xliff_1_2_and_2_0_with_states_scores_and_band_counts() {
    let dir = tempfile::tempdir().unwrap();
    let zh = memory_from_article(dir.path());
    let units = sample_units(&zh);
    for (name, xml, schema, version_2) in [
        ("in12.xlf", xliff_1_2(&units), "1.2/xliff-core-1.2-strict.xsd", false),
        ("in20.xliff", xliff_2_0(&units), "2.0/modules/matches.xsd", true),
    ] {
        std::fs::write(dir.path().join(name), xml).unwrap();
        let out = dir.path().join(format!("out-{name}"));
        let output =
            tessera(dir.path(), &["pretranslate", name, "--out", out.to_str().unwrap(), "--json"]);
        assert!(output.status.success(), "{name}: {}", stderr(&output));
        let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
        assert_eq!(report["segments"], 7, "{name}: translate=\"no\" is left out: {report}");
        assert_eq!(report["kept"], 1, "{name}: {report}");
        assert_eq!(report["filled"], 5, "{name}: {report}");
        let bands = &report["bands"];
        assert_eq!(
            (&bands["101"], &bands["100"], &bands["95-99"], &bands["no match"]),
            (&1.into(), &2.into(), &1.into(), &1.into()),
            "{name}: {report}"
        );
        let fuzzy = bands["85-94"].as_u64().unwrap() + bands["75-84"].as_u64().unwrap();
        assert_eq!(fuzzy, 1, "{name}: {report}");

        let written = std::fs::read_to_string(&out).unwrap();
        if version_2 {
            assert!(written.contains(r#"subType="tessera:context""#), "{written}");
            assert_eq!(
                written.matches(r#"state="translated" subState="tessera:needs-review""#).count(),
                4,
                "{written}"
            );
            assert!(
                written.contains(r#"<ph id="1"/></target>"#),
                "the code goes at the end: {written}"
            );
        } else {
            assert_eq!(
                written
                    .matches(r#"<target state="translated" state-qualifier="exact-match">"#)
                    .count(),
                1,
                "{written}"
            );
            assert!(
                written.contains(r#"<alt-trans match-quality="101" origin="tessera">"#),
                "{written}"
            );
            assert!(
                written.contains(r#"<alt-trans match-quality="98" origin="tessera">"#),
                "{written}"
            );
            assert!(
                written.contains(r#"<x id="1"/></target>"#),
                "the code goes at the end: {written}"
            );
        }
        assert!(!dir.path().join(format!("out-{name}.partial")).exists());
        validate(schema, &out);
        let targets = translate_toolkit_targets(&out, version_2);
        assert_eq!(targets.len(), 8, "{targets:?}");
        assert_eq!(targets.iter().filter(|target| !target.is_empty()).count(), 6, "{targets:?}");
        assert_eq!(targets[6], "Done already.");
        assert!(targets[1].starts_with("He said that this signing"), "{targets:?}");
    }
}

#[test]
fn pretranslate_refuses_what_it_cannot_read_with_the_place() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("memory.tmx"), "<tmx version=\"1.4\"><body/></tmx>").unwrap();
    std::fs::copy(dir.path().join("memory.tmx"), dir.path().join("memory.xlf")).unwrap();
    let output = tessera(dir.path(), &["pretranslate", "memory.xlf", "--out", "out.xlf"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("memory.xlf: not an XLIFF file (line 1, column 1)"),
        "{}",
        stderr(&output)
    );
    assert!(!dir.path().join("out.xlf").exists());

    std::fs::write(
        dir.path().join("en-fr.xlf"),
        r#"<xliff version="1.2"><file original="a" source-language="en" target-language="fr" datatype="plaintext"><body><trans-unit id="1"><source>Hello</source></trans-unit></body></file></xliff>"#,
    )
    .unwrap();
    let output = tessera(dir.path(), &["pretranslate", "en-fr.xlf", "--out", "out.xlf"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("this file is en → fr"), "{}", stderr(&output));

    let output = tessera(dir.path(), &["pretranslate", "notes.txt", "--out", "out.txt"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("name the output .xlf or .xliff"), "{}", stderr(&output));
    let output = tessera(dir.path(), &["pretranslate", "notes.pdf", "--out", "out.xlf"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("reads XLIFF files"), "{}", stderr(&output));
}

#[test]
fn an_english_document_is_pretranslated_into_chinese() {
    let dir = tempfile::tempdir().unwrap();
    memory_from_article(dir.path());
    let en = sentences_of_article(dir.path(), "en");
    let zh = sentences_of_article(dir.path(), "zh");
    let escape = |text: &str| text.replace('&', "&amp;").replace('<', "&lt;");
    let units: String = [2, 3, 4]
        .iter()
        .map(|position| {
            format!(
                "<unit id=\"u{position}\"><segment><source>{}</source></segment></unit>\n",
                escape(&en[position])
            )
        })
        .collect();
    let xml = format!(
        r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en-US" trgLang="zh-TW"><file id="f1">{units}</file></xliff>"#
    );
    std::fs::write(dir.path().join("en.xlf"), xml).unwrap();
    let output = tessera(dir.path(), &["pretranslate", "en.xlf", "--out", "zh.xlf", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["filled"], 3, "{report}");
    assert_eq!(
        (&report["bands"]["101"], &report["bands"]["100"]),
        (&1.into(), &2.into()),
        "{report}"
    );
    let out = dir.path().join("zh.xlf");
    validate("2.0/modules/matches.xsd", &out);
    let targets = translate_toolkit_targets(&out, true);
    assert_eq!(targets, [zh[&2].clone(), zh[&3].clone(), zh[&4].clone()]);

    // Into simplified Chinese, the article's traditional Chinese is converted.
    let simplified = std::fs::read_to_string(dir.path().join("en.xlf"))
        .unwrap()
        .replace(r#"trgLang="zh-TW""#, r#"trgLang="zh-CN""#);
    std::fs::write(dir.path().join("en-cn.xlf"), simplified).unwrap();
    let output = tessera(dir.path(), &["pretranslate", "en-cn.xlf", "--out", "cn.xlf"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let targets = translate_toolkit_targets(&dir.path().join("cn.xlf"), true);
    assert!(targets[0].starts_with("座谈会上"), "{targets:?}");
    assert_ne!(targets[0], zh[&2]);

    // The lookup goes both ways, detecting the language, or as told.
    let output = tessera(dir.path(), &["lookup", &en[&2], "--json"]);
    let found: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(found["matches"][0]["target"], zh[&2].as_str(), "{found}");
    let output = tessera(dir.path(), &["lookup", &en[&2], "--from", "zh", "--json"]);
    let found: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_ne!(found["matches"][0]["score"], 100, "a Chinese lookup of English text: {found}");
}

#[test]
fn a_text_document_is_segmented_and_pretranslated_into_xliff() {
    let dir = tempfile::tempdir().unwrap();
    let zh = memory_from_article(dir.path());
    let en = sentences_of_article(dir.path(), "en");
    // Two paragraphs of the article's own sentences, and one sentence it does not have.
    let chinese =
        format!("{}{}\n\n{}\n\n今天天氣很好，我們去公園散步吧。\n", zh[&2], zh[&3], zh[&4]);
    std::fs::write(dir.path().join("news.txt"), chinese).unwrap();
    let output = tessera(dir.path(), &["pretranslate", "news.txt", "--out", "news.xlf", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!((&report["segments"], &report["filled"]), (&4.into(), &3.into()), "{report}");
    assert_eq!(report["bands"]["no match"], 1, "{report}");
    let out = dir.path().join("news.xlf");
    validate("2.0/modules/matches.xsd", &out);
    let targets = translate_toolkit_targets(&out, true);
    assert_eq!(targets.len(), 4, "{targets:?}");
    assert_eq!(targets[0], en[&2]);

    // An English document goes into the Chinese asked for.
    std::fs::write(dir.path().join("english.txt"), format!("{}\n", en[&2])).unwrap();
    let output = tessera(
        dir.path(),
        &["pretranslate", "english.txt", "--out", "chinese.xliff", "--to", "zh-Hant"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let out = dir.path().join("chinese.xliff");
    validate("2.0/modules/matches.xsd", &out);
    assert_eq!(translate_toolkit_targets(&out, true), [zh[&2].clone()]);
    assert!(std::fs::read_to_string(&out).unwrap().contains(r#"trgLang="zh-Hant""#));
}

#[test]
fn a_segmented_xliff_1_2_unit_is_pretranslated_segment_by_segment() {
    let dir = tempfile::tempdir().unwrap();
    let zh = memory_from_article(dir.path());
    let en = sentences_of_article(dir.path(), "en");
    // One paragraph, segmented by Okapi or Trados into three sentences with a space between.
    let xml = format!(
        r#"<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" source-language="zh-Hant" target-language="en" datatype="plaintext"><body>
<trans-unit id="1"><source>{a}{b} {c}</source><seg-source><mrk mtype="seg" mid="0">{a}</mrk><mrk mtype="seg" mid="1">{b}</mrk> <mrk mtype="seg" mid="2">{c}</mrk></seg-source></trans-unit></body></file></xliff>"#,
        a = zh[&2],
        b = zh[&3],
        c = zh[&4]
    );
    std::fs::write(dir.path().join("seg.xlf"), xml).unwrap();
    let output = tessera(dir.path(), &["pretranslate", "seg.xlf", "--out", "out.xlf", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!((&report["segments"], &report["filled"]), (&3.into(), &3.into()), "{report}");
    assert_eq!((&report["bands"]["101"], &report["bands"]["100"]), (&1.into(), &2.into()));
    let out = dir.path().join("out.xlf");
    validate("1.2/xliff-core-1.2-strict.xsd", &out);
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains(r#"<alt-trans mid="1" match-quality="101" origin="tessera">"#));
    let target = format!(
        r#"<mrk mtype="seg" mid="0">{}</mrk><mrk mtype="seg" mid="1">{}</mrk> <mrk mtype="seg" mid="2">{}</mrk></target>"#,
        en[&2].replace('&', "&amp;"),
        en[&3].replace('&', "&amp;"),
        en[&4].replace('&', "&amp;")
    );
    assert!(written.contains(&target), "{written}");
    // translate-toolkit reads the whole target, the segments' text as written.
    let targets = translate_toolkit_targets(&out, false);
    assert_eq!(targets, [format!("{}{} {}", en[&2], en[&3], en[&4])]);
}
