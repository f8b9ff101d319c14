//! No import cycles between the modules of `src/` (docs/architecture.md).
//!
//! Reads every source file, collects the module paths it refers to (`use crate::…`,
//! `use super::…`, `crate::a::b` in code), and builds the graph of dependencies between sibling
//! modules: a reference from `plan::cond` to `plan::rules::CareRules` is an edge `cond → rules`
//! under `plan`; one from `risk::cn::china_par` to `calendar` is an edge `risk → calendar` at the
//! top. A parent using its own children (and a child naming its parent) is how Rust modules are
//! built and is not counted. The test fails on any cycle, naming it.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// `src/plan/rules.rs` → `["plan", "rules"]`; `src/plan/mod.rs` → `["plan"]`; `src/lib.rs` → `[]`.
fn module_of(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let file = parts.pop().unwrap_or_default();
    let stem = file.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_string());
    }
    parts
}

fn sources(dir: &Path, root: &Path, out: &mut Vec<(Vec<String>, String)>) {
    let mut entries: Vec<_> = fs::read_dir(dir).expect("src readable").flatten().collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let p = e.path();
        if p.is_dir() {
            sources(&p, root, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            let text = fs::read_to_string(&p).expect("source readable");
            out.push((module_of(p.strip_prefix(root).unwrap()), text));
        }
    }
}

/// The code of a file without comments, strings and its `#[cfg(test)]` module.
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i..].starts_with(b"/*") {
            i += 2;
            while i + 1 < b.len() && !b[i..].starts_with(b"*/") {
                i += 1;
            }
            i += 2;
        } else if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if b[i] == b'\'' && b.get(i + 2) == Some(&b'\'') {
            i += 3;
        } else if b[i] == b'\'' && b.get(i + 1) == Some(&b'\\') {
            i += 2;
            while i < b.len() && b[i] != b'\'' {
                i += 1;
            }
            i += 1;
        } else {
            let c = text[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// Expands a use tree (`crate::{a, b::{c, d}}`) into its paths.
fn expand(tree: &str, prefix: &str, out: &mut Vec<String>) {
    let tree = tree.trim();
    if let Some(open) = tree.find('{') {
        let head = tree[..open].trim().trim_end_matches("::");
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        let base = join(prefix, head);
        let mut depth = 0;
        let mut start = 0;
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(&inner[start..i], &base, out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        expand(&inner[start..], &base, out);
    } else if !tree.is_empty() {
        let path = tree.split(" as ").next().unwrap_or(tree).trim();
        out.push(join(prefix, path));
    }
}

fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}::{b}"),
    }
}

/// Every path the code names: use trees and inline `crate::` / `super::` / `self::` paths.
fn paths_in(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("use ") {
        let before = rest[..i].chars().last();
        let after = &rest[i + 4..];
        let end = after.find(';').unwrap_or(after.len());
        if before.is_none_or(|c| !c.is_alphanumeric() && c != '_') {
            expand(&after[..end], "", &mut out);
        }
        rest = &after[end.min(after.len())..];
    }
    let ident = |c: char| c.is_alphanumeric() || c == '_' || c == ':';
    for start in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(i) = code[from..].find(start) {
            let at = from + i;
            let prev = code[..at].chars().last();
            if prev.is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == ':')) {
                let path: String = code[at..].chars().take_while(|&c| ident(c)).collect();
                out.push(path.trim_end_matches(':').to_string());
            }
            from = at + start.len();
        }
    }
    out
}

/// The module a path refers to (its longest prefix that is a module), from module `here`.
fn target(path: &str, here: &[String], modules: &BTreeSet<Vec<String>>) -> Option<Vec<String>> {
    let mut segs: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let mut base: Vec<String> = match segs.first().copied() {
        Some("crate") => {
            segs.remove(0);
            Vec::new()
        }
        Some("super") => {
            let mut b = here.to_vec();
            while segs.first() == Some(&"super") {
                segs.remove(0);
                b.pop();
            }
            b
        }
        Some("self") => {
            segs.remove(0);
            here.to_vec()
        }
        Some(first) if modules.contains(&[here, &[first.to_string()]].concat()) => here.to_vec(),
        _ => return None,
    };
    let mut best = base.clone();
    for s in segs {
        base.push(s.to_string());
        if modules.contains(&base) {
            best = base.clone();
        } else {
            break;
        }
    }
    Some(best)
}

/// Edges between siblings: `from → to` lifted to the children of their common ancestor.
fn sibling_edges(files: &[(Vec<String>, String)]) -> BTreeMap<Vec<String>, BTreeSet<(String, String)>> {
    let modules: BTreeSet<Vec<String>> = files.iter().map(|(m, _)| m.clone()).collect();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<(String, String)>> = BTreeMap::new();
    for (here, text) in files {
        for path in paths_in(&code_of(text)) {
            let Some(to) = target(&path, here, &modules) else { continue };
            let common = here.iter().zip(&to).take_while(|(a, b)| a == b).count();
            // A module and its own ancestors or descendants: not a sibling edge.
            if common == here.len() || common == to.len() {
                continue;
            }
            edges.entry(here[..common].to_vec()).or_default().insert((here[common].clone(), to[common].clone()));
        }
    }
    edges
}

/// A cycle in a directed graph, if any (as the list of its nodes).
fn find_cycle(edges: &BTreeSet<(String, String)>) -> Option<Vec<String>> {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (a, b) in edges {
        next.entry(a).or_default().push(b);
    }
    fn visit<'a>(n: &'a str, next: &BTreeMap<&'a str, Vec<&'a str>>, state: &mut BTreeMap<&'a str, u8>, stack: &mut Vec<&'a str>) -> Option<Vec<String>> {
        match state.get(n) {
            Some(2) => return None,
            Some(1) => {
                let from = stack.iter().position(|x| *x == n).unwrap_or(0);
                return Some(stack[from..].iter().map(|s| s.to_string()).chain([n.to_string()]).collect());
            }
            _ => {}
        }
        state.insert(n, 1);
        stack.push(n);
        for m in next.get(n).into_iter().flatten() {
            if let Some(c) = visit(m, next, state, stack) {
                return Some(c);
            }
        }
        stack.pop();
        state.insert(n, 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in next.keys() {
        if let Some(c) = visit(n, &next, &mut state, &mut Vec::new()) {
            return Some(c);
        }
    }
    None
}

/// Cycles another stream is breaking, by the parent module whose children form them. Each entry
/// must still be a cycle (the test fails once it is broken, so the entry is removed with the fix).
const BEING_BROKEN: &[(&str, &str)] = &[];

#[test]
fn no_module_of_src_is_in_an_import_cycle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &root, &mut files);
    assert!(files.len() > 20, "read {} files", files.len());
    let edges = sibling_edges(&files);
    let mut cycles = Vec::new();
    for (parent, e) in &edges {
        let name = if parent.is_empty() { "crate".to_string() } else { parent.join("::") };
        let cycle = find_cycle(e);
        match (BEING_BROKEN.iter().find(|(p, _)| *p == name), cycle) {
            (None, Some(c)) => cycles.push(format!("{name}: {}", c.join(" → "))),
            (Some((_, who)), None) => panic!("{name} has no import cycle any more: remove it from BEING_BROKEN ({who})"),
            _ => {}
        }
    }
    assert!(cycles.is_empty(), "import cycles between modules of src/ (break each at its cause):\n{}", cycles.join("\n"));
}

#[test]
fn the_checker_finds_cycles_and_reads_use_trees() {
    let mut out = Vec::new();
    expand("crate::{error::{Error, Result}, i18n::Msg as M}", "", &mut out);
    assert_eq!(out, ["crate::error::Error", "crate::error::Result", "crate::i18n::Msg"]);
    let files = vec![
        (vec!["a".to_string()], "use crate::b::X;".to_string()),
        (vec!["b".to_string()], "fn f() { crate::a::g(); }\n#[cfg(test)]\nmod tests { use crate::c::Y; }".to_string()),
        (vec!["c".to_string()], "// use crate::a::Z;\nconst S: &str = \"crate::a::W\";".to_string()),
        (vec!["p".to_string()], "pub mod q; pub use q::T;".to_string()),
        (vec!["p".to_string(), "q".to_string()], "use super::U;".to_string()),
    ];
    let edges = sibling_edges(&files);
    let top = &edges[&Vec::<String>::new()];
    assert_eq!(top.iter().cloned().collect::<Vec<_>>(), [("a".into(), "b".into()), ("b".into(), "a".into())]);
    assert!(find_cycle(top).is_some());
    assert!(!edges.contains_key(&vec!["p".to_string()]), "parent and child are not siblings");
}
