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

/// Team mode's HTTP client and server stack stay outside the core: it syncs through use cases
/// that `tessera-sync` carries over the network.
#[test]
fn core_never_depends_on_a_network_or_postgres_stack() {
    let graph = lock_graph();
    let mut seen = BTreeSet::new();
    let mut stack = vec!["tessera-core".to_owned()];
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        stack.extend(graph.get(&name).cloned().unwrap_or_default());
    }
    let forbidden: Vec<&String> = seen
        .iter()
        .filter(|name| {
            ["tokio", "axum", "hyper", "ureq", "deadpool", "sqlx"]
                .iter()
                .any(|prefix| name.starts_with(prefix))
                || name.starts_with("postgres")
                || *name == "tokio-postgres"
        })
        .collect();
    assert!(forbidden.is_empty(), "tessera-core reaches {forbidden:?}");
    // The check is only meaningful if the lock file holds the server's stack at all.
    assert!(graph.contains_key("tokio-postgres") && graph.contains_key("ureq"));
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

/// The top-level module a `crate::…` path names, from the text that follows `crate::`: a module
/// itself, or a name `lib.rs` re-exports from one.
fn named_modules(
    after_crate: &str,
    modules: &BTreeSet<String>,
    reexports: &BTreeMap<String, String>,
) -> Vec<String> {
    let identifier = |text: &str| -> String {
        text.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect()
    };
    let module_of = |name: &str| -> Option<String> {
        if modules.contains(name) { Some(name.to_owned()) } else { reexports.get(name).cloned() }
    };
    if let Some(group) = after_crate.strip_prefix('{') {
        // `use crate::{a::b, c, d::{e, f}}`: the names at depth one.
        let mut names = Vec::new();
        let mut depth = 1;
        let mut at_start = true;
        let mut rest = group;
        while let Some(c) = rest.chars().next() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                ',' if depth == 1 => at_start = true,
                c if depth == 1 && at_start && (c.is_alphanumeric() || c == '_') => {
                    let name = identifier(rest);
                    names.extend(module_of(&name));
                    at_start = false;
                    rest = &rest[name.len()..];
                    continue;
                }
                _ => {}
            }
            rest = &rest[c.len_utf8()..];
        }
        names
    } else {
        module_of(&identifier(after_crate)).into_iter().collect()
    }
}

/// The code of a core module without its comments and test modules: what it really imports.
fn module_code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(start) => &text[..start],
        None => &text[..],
    };
    text.lines().filter(|line| !line.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// Which top-level modules of `tessera-core` each one names, test code left out.
fn core_module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = repo_root().join("crates/tessera-core/src");
    let mut modules = BTreeSet::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
        if name != "lib" {
            modules.insert(name);
        }
    }
    // `pub use crate::{project::{Project, …}, error::{Error, …}, …}` in lib.rs.
    let lib = module_code(&src.join("lib.rs"));
    let mut reexports = BTreeMap::new();
    for module in &modules {
        for (start, _) in lib.match_indices(&format!("    {module}::")) {
            let after = &lib[start + module.len() + 6..];
            let names: &str = match after.strip_prefix('{') {
                Some(group) => &group[..group.find('}').unwrap()],
                None => &after[..after.find([',', '\n']).unwrap()],
            };
            for name in names.split(',').map(str::trim).filter(|name| !name.is_empty()) {
                reexports.insert(name.to_owned(), module.clone());
            }
        }
    }
    let mut graph = BTreeMap::new();
    for module in &modules {
        let mut files = Vec::new();
        let dir = src.join(module);
        if dir.is_dir() {
            rust_files(&dir, &mut files);
        } else {
            files.push(src.join(format!("{module}.rs")));
        }
        let mut named = BTreeSet::new();
        for file in files.iter().filter(|file| !file.ends_with("tests.rs")) {
            let code = module_code(file);
            for (start, _) in code.match_indices("crate::") {
                named.extend(named_modules(&code[start + 7..], &modules, &reexports));
            }
        }
        named.remove(module);
        graph.insert(module.clone(), named);
    }
    graph
}

/// A cycle in `graph`, as the modules along it, if there is one.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        module: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|seen| seen == module) {
            let mut cycle = path[start..].to_vec();
            cycle.push(module.to_owned());
            return Some(cycle);
        }
        if done.contains(module) {
            return None;
        }
        path.push(module.to_owned());
        for next in graph.get(module).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(module.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|module| visit(module, graph, &mut Vec::new(), &mut done))
}

#[test]
fn core_modules_have_no_import_cycle() {
    let graph = core_module_graph();
    assert!(graph["project"].contains("store"), "the graph reader found no edge: {graph:#?}");
    if let Some(cycle) = find_cycle(&graph) {
        panic!("tessera-core modules import each other in a circle: {}", cycle.join(" -> "));
    }
    let importers: Vec<&String> =
        graph.iter().filter(|(_, named)| named.contains("project")).map(|(name, _)| name).collect();
    assert!(importers.is_empty(), "algorithm modules must not import `project`: {importers:?}");
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    let edges = |pairs: &[(&str, &str)]| {
        let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (from, to) in pairs {
            graph.entry((*from).to_owned()).or_default().insert((*to).to_owned());
            graph.entry((*to).to_owned()).or_default();
        }
        graph
    };
    assert_eq!(find_cycle(&edges(&[("a", "b"), ("b", "c"), ("a", "c")])), None);
    assert_eq!(
        find_cycle(&edges(&[("a", "b"), ("b", "c"), ("c", "a")])),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
}
