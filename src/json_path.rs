//! JSON paths as the library writes them in `field`: `profile.sbp`, `readings[3].at`,
//! `options.rules.schedules[2].intervalMonths`. Used by the reader (to build them), by errors (to
//! prefix them) and by the field labels (to read them).

/// Joins a document's name and a path inside it: `profile` + `sbp` → `profile.sbp`,
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

/// The path of the object or list holding `path`'s last step (`a.b[2].c` → `a.b[2]`).
pub fn parent(path: &str) -> &str {
    match path.rfind(['.', '[']) {
        Some(i) => &path[..i],
        None => "",
    }
}

/// One step of a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

impl<'a> Step<'a> {
    /// The key of a `Key` step.
    pub fn key(&self) -> Option<&'a str> {
        match self {
            Step::Key(k) => Some(k),
            Step::Index(_) => None,
        }
    }
}

/// `a.b[2].c` → `[Key(a), Key(b), Index(2), Key(c)]`.
pub fn steps(path: &str) -> Vec<Step<'_>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            out.push(Step::Key(key));
        }
        while let Some(close) = rest.find(']') {
            if let Ok(i) = rest[1..close].parse() {
                out.push(Step::Index(i));
            }
            rest = &rest[close + 1..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_parent_and_steps() {
        assert_eq!(join("profile", "sbp"), "profile.sbp");
        assert_eq!(join("readings", "[3].at"), "readings[3].at");
        assert_eq!(join("profile", ""), "profile");
        assert_eq!(parent("a.b[2].c"), "a.b[2]");
        assert_eq!(parent("a.b[2]"), "a.b");
        assert_eq!(parent("a"), "");
        assert_eq!(steps("a.b[2][0].c"), [Step::Key("a"), Step::Key("b"), Step::Index(2), Step::Index(0), Step::Key("c")]);
    }
}
