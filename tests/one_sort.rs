//! Every sort of the crate goes through `src/order.rs` (docs/architecture.md): a `sort_by`,
//! `sort_by_key`, `sort` or `sort_unstable*` anywhere else is one more copy of the standard sort
//! in the Wasm module (about 3 KB each). Test modules may sort as they like.

use std::fs;
use std::path::Path;

/// The code of a file before its `#[cfg(test)]` module, with line comments removed.
fn code_before_tests(text: &str) -> Vec<(usize, String)> {
    let end = text.find("#[cfg(test)]\nmod tests").unwrap_or(text.len());
    text[..end]
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.split("//").next().unwrap_or("").to_string()))
        .collect()
}

fn visit(dir: &Path, found: &mut Vec<String>) {
    let mut entries: Vec<_> = fs::read_dir(dir).expect("src readable").flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            visit(&p, found);
        } else if p.extension().is_some_and(|x| x == "rs") && !p.ends_with("src/order.rs") {
            let text = fs::read_to_string(&p).expect("source readable");
            for (n, line) in code_before_tests(&text) {
                for call in [".sort_by(", ".sort_by_key(", ".sort_by_cached_key(", ".sort()", ".sort_unstable"] {
                    if line.contains(call) {
                        found.push(format!("{}:{n}: {}", p.display(), line.trim()));
                    }
                }
            }
        }
    }
}

#[test]
fn every_sort_goes_through_the_one_sort() {
    let mut found = Vec::new();
    visit(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut found);
    assert!(found.is_empty(), "sort through crate::order::{{sort_vec, sort_idx}} instead:\n{}", found.join("\n"));
}

#[test]
fn the_check_sees_a_direct_sort() {
    let code = code_before_tests("fn f(v: &mut Vec<u8>) {\n    v.sort_by(|a, b| a.cmp(b));\n}\n#[cfg(test)]\nmod tests {\n    fn g(v: &mut Vec<u8>) { v.sort(); }\n}\n");
    let hits: Vec<usize> = code.iter().filter(|(_, l)| l.contains(".sort_by(") || l.contains(".sort()")).map(|(n, _)| *n).collect();
    assert_eq!(hits, vec![2]);
}
