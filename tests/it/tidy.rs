//! Tidy checks: ARCHITECTURE.md's invariants, enforced as tests (rust-analyzer's "invariants are
//! tests").

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
};

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if path.file_name().is_some_and(|name| name == "target" || name == "gen") {
                continue;
            }
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

fn all_rust_files() -> Vec<PathBuf> {
    let root = repo_root();
    let mut files = Vec::new();
    for dir in ["crates", "src-tauri/src", "tests/it"] {
        rust_files(&root.join(dir), &mut files);
    }
    files.sort();
    files
}

#[test]
fn every_rust_file_starts_with_a_module_doc() {
    let offenders: Vec<String> = all_rust_files()
        .into_iter()
        .filter(|path| !path.ends_with("build.rs"))
        .filter(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            !text.trim_start().starts_with("//!")
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(offenders.is_empty(), "files without a `//!` doc: {offenders:#?}");
}

#[test]
fn no_ignored_or_should_panic_tests() {
    // Spelled in two parts so this file does not trip its own check.
    let banned = [concat!("#[", "ignore"), concat!("#[", "should_panic")];
    let offenders: Vec<String> = all_rust_files()
        .into_iter()
        .filter(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            banned.iter().any(|pattern| text.contains(pattern))
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(offenders.is_empty(), "ignored or should_panic tests in: {offenders:#?}");
}

#[test]
fn only_the_store_knows_sql() {
    let core_src = repo_root().join("crates/tessera-core/src");
    let mut files = Vec::new();
    rust_files(&core_src, &mut files);
    let offenders: Vec<String> = files
        .into_iter()
        .filter(|path| !path.starts_with(core_src.join("store")))
        .filter(|path| std::fs::read_to_string(path).unwrap().contains("rusqlite"))
        .map(|path| path.display().to_string())
        .collect();
    assert!(offenders.is_empty(), "rusqlite used outside store/: {offenders:#?}");
}

/// Parses Cargo.lock into package name → dependency names (versions dropped).
fn lock_graph() -> BTreeMap<String, Vec<String>> {
    let lock = std::fs::read_to_string(repo_root().join("Cargo.lock")).unwrap();
    let mut graph: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for block in lock.split("[[package]]").skip(1) {
        let name = block
            .lines()
            .find_map(|line| line.strip_prefix("name = "))
            .map(|name| name.trim_matches('"').to_owned())
            .unwrap();
        let mut deps = Vec::new();
        if let Some(start) = block.find("dependencies = [") {
            let list = &block[start + "dependencies = [".len()..];
            let list = &list[..list.find(']').unwrap()];
            for item in list.split(',') {
                let item = item.trim().trim_matches('"');
                if let Some(dep) = item.split_whitespace().next() {
                    deps.push(dep.to_owned());
                }
            }
        }
        graph.entry(name).or_default().extend(deps);
    }
    graph
}

#[test]
fn core_never_depends_on_tauri() {
    let graph = lock_graph();
    let mut seen = BTreeSet::new();
    let mut stack = vec!["tessera-core".to_owned()];
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        stack.extend(graph.get(&name).cloned().unwrap_or_default());
    }
    assert!(seen.len() > 5, "the lock graph parse found too little: {seen:?}");
    let forbidden: Vec<&String> = seen
        .iter()
        .filter(|name| {
            name.starts_with("tauri")
                || *name == "wry"
                || *name == "tao"
                || name.starts_with("webkit2gtk")
        })
        .collect();
    assert!(forbidden.is_empty(), "tessera-core reaches {forbidden:?}");
    // The graph check is only meaningful if it can see tauri at all.
    assert!(graph.contains_key("tauri"), "Cargo.lock has no tauri package");
    for manifest in ["crates/tessera-core/Cargo.toml", "crates/tessera-cli/Cargo.toml"] {
        let text = std::fs::read_to_string(repo_root().join(manifest)).unwrap();
        assert!(
            !text.lines().any(|line| line.trim_start().starts_with("tauri")),
            "{manifest} names a tauri crate"
        );
    }
}

#[test]
fn architecture_names_every_crate_and_top_level_folder() {
    let root = repo_root();
    let architecture = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(root.join("crates"))
        .unwrap()
        .map(|entry| format!("crates/{}", entry.unwrap().file_name().to_string_lossy()))
        .collect();
    for entry in std::fs::read_dir(&root).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_dir()
            && !name.starts_with('.')
            && name != "target"
            && name != "node_modules"
        {
            names.push(format!("{name}/"));
        }
    }
    let missing: Vec<&String> = names
        .iter()
        .filter(|name| {
            !architecture.contains(&format!("`{}`", name.trim_end_matches('/')))
                && !architecture.contains(&format!("`{name}`"))
        })
        .collect();
    assert!(missing.is_empty(), "ARCHITECTURE.md's code map lacks {missing:?}");
}
