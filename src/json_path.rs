//! Reading typed documents from JSON text with errors that name the JSON path.
//!
//! `serde_json` reports where in the text an error happened (line and column), not which field.
//! [`from_str_at`] parses a document and, on error, turns the byte position back into a JSON path
//! (`questionnaires.phq9[8]`, `schedules[2].intervalMonths`) by scanning the text up to that
//! point. This gives every type a single deserializer (serde_json's), instead of one per input
//! backend plus a path-tracking wrapper around each, which kept the Wasm module small.

use serde::de::DeserializeOwned;

/// How a document failed to parse: the JSON path (empty for the root) and serde's description
/// without its position suffix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    pub path: String,
    pub message: String,
    /// `Some(name)` when a required field is absent (`path` is then the object holding it).
    pub missing_field: Option<String>,
}

impl PathError {
    /// The path of the missing field itself, or of the offending value.
    pub fn full_path(&self) -> String {
        match &self.missing_field {
            Some(name) if self.path.is_empty() => name.clone(),
            Some(name) => format!("{}.{}", self.path, name),
            None => self.path.clone(),
        }
    }
}

/// Parses compact or pretty JSON text into `T`, naming the path of the first error.
pub fn from_str_at<T: DeserializeOwned>(text: &str) -> Result<T, PathError> {
    serde_json::from_str(text).map_err(|e| {
        let offset = byte_offset(text, e.line(), e.column());
        let full = e.to_string();
        let message = match full.rfind(" at line ") {
            Some(i) => full[..i].to_string(),
            None => full,
        };
        let missing_field = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next())
            .map(str::to_string);
        let path = path_at(text, offset, missing_field.is_some());
        PathError { path, message, missing_field }
    })
}

/// The byte offset of serde_json's (1-based) line and column: the byte just read.
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => break,
        }
    }
    (start + column).min(text.len())
}

enum Frame {
    Object { key: Option<String>, expecting_key: bool },
    Array { index: usize },
}

/// The JSON path of the value being read when the parser stopped at `offset` (exclusive). For a
/// missing field, the parser stops at the object's closing brace: the path is the object's own.
fn path_at(text: &str, offset: usize, missing: bool) -> String {
    let bytes = text.as_bytes();
    let mut end = offset.min(bytes.len());
    if missing && end > 0 && bytes[end - 1] == b'}' {
        end -= 1;
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end {
        match bytes[i] {
            b'"' => {
                // A string: a key when an object expects one.
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                if let Some(Frame::Object { key, expecting_key }) = stack.last_mut() {
                    if *expecting_key {
                        let raw = text.get(start..i.min(text.len())).unwrap_or("");
                        *key = Some(serde_json::from_str::<String>(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.to_string()));
                        *expecting_key = false;
                    }
                }
            }
            b'{' => stack.push(Frame::Object { key: None, expecting_key: true }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { key, expecting_key }) => {
                    *key = None;
                    *expecting_key = true;
                }
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            _ => {}
        }
        i += 1;
    }
    if missing {
        // The object's last key is not part of the path to the object itself.
        if let Some(Frame::Object { key, .. }) = stack.last_mut() {
            *key = None;
        }
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(k), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
        }
    }
    path
}

/// Joins an argument name and a path inside it: `profile` + `sbp` → `profile.sbp`,
/// `readings` + `[3].at` → `readings[3].at`.
pub fn join(root: &str, path: &str) -> String {
    if path.is_empty() {
        root.to_string()
    } else if root.is_empty() {
        path.to_string()
    } else if path.starts_with('[') {
        format!("{root}{path}")
    } else {
        format!("{root}.{path}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        n: f64,
        kind: Kind,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Kind {
        A,
        B,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Outer {
        name: String,
        items: Vec<Inner>,
        #[serde(default)]
        scores: Vec<f64>,
    }

    fn err(text: &str) -> PathError {
        from_str_at::<Outer>(text).unwrap_err()
    }

    #[test]
    fn wrong_types_and_variants_name_their_path() {
        let e = err(r#"{"name":"x","items":[{"n":1,"kind":"a"},{"n":"2","kind":"b"}]}"#);
        assert_eq!(e.full_path(), "items[1].n");
        assert!(e.message.starts_with("invalid type: string"), "{}", e.message);
        let e = err(r#"{"name":"x","items":[{"n":1,"kind":"c"}]}"#);
        assert_eq!(e.full_path(), "items[0].kind");
        let e = err(r#"{"name":"x","items":[],"scores":[1,2,"三"]}"#);
        assert_eq!(e.full_path(), "scores[2]");
        let e = err(r#"{"name":5,"items":[]}"#);
        assert_eq!(e.full_path(), "name");
    }

    #[test]
    fn missing_and_unknown_fields() {
        let e = err(r#"{"name":"x","items":[{"n":1}]}"#);
        assert_eq!(e.missing_field.as_deref(), Some("kind"));
        assert_eq!(e.path, "items[0]");
        assert_eq!(e.full_path(), "items[0].kind");
        let e = err(r#"{"items":[]}"#);
        assert_eq!(e.full_path(), "name");
        let e = err(r#"{"name":"x","items":[{"n":1,"kind":"a","extra":true}]}"#);
        assert_eq!(e.full_path(), "items[0].extra");
    }

    #[test]
    fn keys_and_strings_with_escapes_and_chinese_text() {
        let e = err(r#"{"name":"高血压 \"2\" 级, {x}","items":[{"n":1,"kind":"a"},{"n":true,"kind":"a"}]}"#);
        assert_eq!(e.full_path(), "items[1].n");
        let e = err("{\n  \"name\": \"x\",\n  \"items\": [\n    {\"n\": 1, \"kind\": \"z\"}\n  ]\n}");
        assert_eq!(e.full_path(), "items[0].kind");
    }

    #[test]
    fn join_paths() {
        assert_eq!(join("profile", "sbp"), "profile.sbp");
        assert_eq!(join("readings", "[3].at"), "readings[3].at");
        assert_eq!(join("profile", ""), "profile");
    }
}
