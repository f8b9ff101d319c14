//! Embeds the rule documents of `rules/` (the default care rules and points programme) without
//! the indentation that keeps them readable: whitespace outside strings is dropped, which takes
//! about 9 KB off every build of the module. The documents read the same.

use std::path::Path;

const DOCUMENTS: [&str; 2] = ["care-rules.v1.json", "points-program.v1.json"];

fn main() {
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    for name in DOCUMENTS {
        let source = format!("rules/{name}");
        println!("cargo:rerun-if-changed={source}");
        let text = std::fs::read_to_string(&source).unwrap_or_else(|e| panic!("cannot read {source}: {e}"));
        std::fs::write(Path::new(&out_dir).join(name), without_layout(&text)).expect("OUT_DIR is writable");
    }
}

/// JSON text without the whitespace between tokens (strings, escapes included, unchanged).
fn without_layout(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !matches!(c, ' ' | '\n' | '\r' | '\t') {
            out.push(c);
        }
    }
    out
}
