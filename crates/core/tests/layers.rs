//! The core's modules and the modules each may use (docs/architecture.md draws the same). A
//! `use crate::…` that crosses a layer the wrong way fails here, so the import circle the
//! store, model, search and generator once made cannot come back unnoticed. Tests are left out:
//! they may use anything.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each top-level module of `crates/core/src` and what it may use.
const ALLOWED: &[(&str, &[&str])] = &[
    ("error", &[]),
    ("hlc", &[]),
    ("uscc", &[]),
    ("blob", &["error"]),
    ("day", &["error"]),
    ("search_doc", &["error"]),
    ("store", &["error", "hlc", "search_doc"]),
    ("calendar", &["error", "day", "store"]),
    ("backup", &["error", "store"]),
    ("search", &["error", "search_doc", "store"]),
    ("model", &["error", "backup", "blob", "day", "calendar", "search", "search_doc", "store", "uscc"]),
    ("io", &["error", "backup", "day", "calendar", "model", "search", "search_doc", "store", "uscc"]),
    ("generate", &["error", "day", "calendar", "model", "store", "uscc"]),
    ("registry", &["error", "backup", "model", "search", "search_doc", "store"]),
    ("sync", &["error", "blob", "hlc", "model", "registry", "store"]),
];

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if p.is_dir() {
            if name != "tests" {
                sources(&p, out);
            }
        } else if name.ends_with(".rs") && name != "tests.rs" && !name.ends_with("_tests.rs") {
            out.push(p);
        }
    }
}

/// The top-level modules a file names through `crate::`, its test module left out.
fn uses(text: &str) -> BTreeSet<String> {
    let text = match text.find("#[cfg(test)]\nmod tests {") {
        Some(i) => &text[..i],
        None => text,
    };
    let mut out = BTreeSet::new();
    let word = |s: &str| s.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect::<String>();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + 7..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            out.extend(inner.split(',').map(|s| word(s.trim())).filter(|s| !s.is_empty()));
        } else {
            out.insert(word(rest));
        }
    }
    // Re-exports at the crate root, not modules.
    for root in ["Result", "CoreError", "Store", "self"] {
        out.remove(root);
    }
    out
}

#[test]
fn modules_use_only_the_layers_below_them() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut wrong = Vec::new();
    let mut seen = BTreeSet::new();
    for f in &files {
        let rel = f.strip_prefix(&src).unwrap();
        let top = rel.components().next().unwrap().as_os_str().to_string_lossy().trim_end_matches(".rs").to_string();
        if top == "lib" {
            continue;
        }
        seen.insert(top.clone());
        let Some(ok) = allowed.get(top.as_str()) else {
            wrong.push(format!("{}: module `{top}` is not in ALLOWED (add it, with its layer)", rel.display()));
            continue;
        };
        for u in uses(&std::fs::read_to_string(f).unwrap()) {
            if u != top && !ok.contains(&u.as_str()) {
                wrong.push(format!("{} uses crate::{u}, which `{top}` may not", rel.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "layering broken:\n{}", wrong.join("\n"));
    assert!(seen.len() >= 10, "the source tree was read: {seen:?}");
}

#[test]
fn reads_paths_groups_and_skips_the_test_module() {
    let text = "use crate::{day, store::Store};\nfn f() { crate::model::x(); }\n#[cfg(test)]\nmod tests {\n use crate::generate;\n}";
    assert_eq!(uses(text), ["day", "model", "store"].map(String::from).into_iter().collect());
}
