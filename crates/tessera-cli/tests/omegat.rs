//! A round trip through the real OmegaT (Debian's `omegat`, a test dependency): Tessera's TMX
//! export, mapped to OmegaT's region tags, goes into an OmegaT project's `tm/auto/`; OmegaT in
//! console mode inserts its exact matches and writes its project memory (TMX 1.1, `lang`
//! attributes, `zh-TW`/`en-US`); importing that back into the memory it came from adds nothing,
//! and a lookup still shows one 100% hit per sentence.

use std::{
    path::{Path, PathBuf},
    process::{Command, Output},
};

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().unwrap().parent().unwrap().to_path_buf()
}

/// Runs `tessera --db <dir>/rt.db ARGS` with the user's environment kept out.
fn tessera(dir: &Path, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_tessera"))
        .arg("--db")
        .arg(dir.join("rt.db"))
        .args(args)
        .current_dir(dir)
        .env_remove("TESSERA_DB")
        .env("HOME", dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "tessera {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The memory's units as (Chinese, English), read from a JSON export of the memory.
fn units(dir: &Path) -> Vec<(String, String)> {
    tessera(dir, &["export", "tmx", "all.tmx"]);
    let file = std::fs::read(dir.join("all.tmx")).unwrap();
    let document =
        tessera_core::tmx::read_all(file.as_slice(), &tessera_core::tmx::ReadOptions::default())
            .unwrap();
    document
        .units
        .iter()
        .map(|unit| {
            let text = |lang: &str| {
                let variant = unit.variants.iter().find(|v| v.lang.tag.primary() == lang).unwrap();
                variant.segment.text.clone()
            };
            (text("zh"), text("en"))
        })
        .collect()
}

const PROJECT: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
    <project version="1.0">
        <source_dir>__DEFAULT__</source_dir>
        <target_dir>__DEFAULT__</target_dir>
        <tm_dir>__DEFAULT__</tm_dir>
        <glossary_dir>__DEFAULT__</glossary_dir>
        <glossary_file>__DEFAULT__</glossary_file>
        <dictionary_dir>__DEFAULT__</dictionary_dir>
        <source_lang>zh-TW</source_lang>
        <target_lang>en-US</target_lang>
        <source_tok>org.omegat.tokenizer.LuceneSmartChineseTokenizer</source_tok>
        <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
        <sentence_seg>false</sentence_seg>
        <support_default_translations>true</support_default_translations>
        <remove_tags>false</remove_tags>
    </project>
</omegat>
"#;

#[test]
fn a_round_trip_through_omegat_adds_no_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let article = repo_root().join("samples/001_cc20114ba520b0ba.txt");
    tessera(dir, &["import", article.to_str().unwrap()]);
    let before = units(dir);
    assert!(before.len() >= 5, "{before:?}");

    // The project: five of the article's sentences, one paragraph each, and the export in tm/auto.
    let project = dir.join("project");
    for folder in ["source", "target", "tm/auto", "glossary", "dictionary", "omegat"] {
        std::fs::create_dir_all(project.join(folder)).unwrap();
    }
    std::fs::write(project.join("omegat.project"), PROJECT).unwrap();
    let sentences: Vec<&str> = before.iter().take(5).map(|(zh, _)| zh.as_str()).collect();
    std::fs::write(project.join("source/article.txt"), sentences.join("\n\n") + "\n").unwrap();
    let export = project.join("tm/auto/tessera.tmx");
    tessera(dir, &["export", "tmx", export.to_str().unwrap(), "--map", "zh-Hant=zh-TW,en=en-US"]);

    let home = dir.join("omegat-home");
    std::fs::create_dir_all(&home).unwrap();
    let output: Output = Command::new("omegat")
        .arg(&project)
        .arg("--mode=console-translate")
        .env("HOME", &home)
        .env_remove("DISPLAY")
        .output()
        .expect("OmegaT (Debian package omegat) is a test dependency");
    assert!(output.status.success(), "omegat: {}", String::from_utf8_lossy(&output.stderr));
    // OmegaT read the export: it warned about nothing it could not load and inserted every match.
    let log = String::from_utf8_lossy(&output.stdout) + String::from_utf8_lossy(&output.stderr);
    assert!(log.contains("Source language: zh-TW"), "{log}");
    let translated = std::fs::read_to_string(project.join("target/article.txt")).unwrap();
    for (zh, en) in before.iter().take(5) {
        assert!(translated.contains(en.as_str()), "OmegaT did not insert the match for {zh}");
    }

    // OmegaT's project memory, with its own tags, back into the memory it came from.
    let memory = project.join("project-omegat.tmx");
    let written = std::fs::read_to_string(&memory).unwrap();
    assert!(written.contains(r#"lang="zh-TW""#) && written.contains(r#"lang="en-US""#));
    let report = tessera(dir, &["import", memory.to_str().unwrap(), "--duplicates", "newest"]);
    assert!(report.contains("0 units added, 5 duplicates skipped"), "{report}");
    assert_eq!(units(dir), before);
    let lookup = tessera(dir, &["lookup", "--json", sentences[2]]);
    let lookup: serde_json::Value = serde_json::from_str(&lookup).unwrap();
    let exact = lookup["matches"].as_array().unwrap().iter().filter(|m| m["score"] == 100).count();
    assert_eq!(exact, 1, "{lookup}");
}
