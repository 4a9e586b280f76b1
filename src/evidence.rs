//! Evidence and warnings: the two things every stage may hand downstream.
//!
//! Every status infragap reports other than `missing`, `unknown` and `n/a`
//! points at evidence. Evidence is captured when a file is read (by the facts
//! or signals stage); nothing later opens a file again to fetch a snippet.

use serde::Serialize;

/// One piece of evidence: a repository-relative path, an optional 1-based
/// line, and what was found there (already sanitised for display).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema)]
pub struct Evidence {
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    pub detail: String,
    /// Stable id of a hygiene finding (`path:rule:line`), what
    /// `[[suppress]] fingerprint = "…"` in `infragap.toml` names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
}

impl Evidence {
    pub fn new(path: impl Into<String>, line: Option<u32>, detail: impl Into<String>) -> Self {
        Evidence {
            path: path.into(),
            line,
            detail: sanitize_snippet(&detail.into(), 160),
            fingerprint: None,
        }
    }

    /// The same evidence, as a finding with this fingerprint.
    pub fn with_fingerprint(mut self, fingerprint: impl Into<String>) -> Self {
        self.fingerprint = Some(sanitize_snippet(&fingerprint.into(), 300));
        self
    }

    pub fn at(path: impl Into<String>, line: u32, detail: impl Into<String>) -> Self {
        Self::new(path, Some(line), detail)
    }

    pub fn file(path: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::new(path, None, detail)
    }

    /// `path:line` (or `path`) for one-line displays.
    pub fn location(&self) -> String {
        match self.line {
            Some(l) => format!("{}:{}", self.path, l),
            None => self.path.clone(),
        }
    }
}

/// What kind of trouble a warning reports; stable strings in the JSON.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// A file larger than the content cap: walked and classified, not read.
    TooLarge,
    /// A file with binary content where text was expected.
    Binary,
    /// A file that could not be read (permissions, I/O error).
    Unreadable,
    /// A path whose name is not valid UTF-8 (shown lossily).
    NonUtf8Name,
    /// A symlink that points outside the root or loops.
    Symlink,
    /// A manifest, CI file or descriptor that could not be parsed.
    Malformed,
    /// A parser stopped at a budget (aliases, depth, nodes, lines).
    Budget,
    /// Text that is not valid UTF-8 (read lossily).
    InvalidUtf8,
    /// An `infragap.toml` entry that expired or matched nothing.
    Config,
    /// Anything else worth telling the user.
    Other,
}

/// A problem met while scanning. The scan always finishes; warnings say what
/// was passed over and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema)]
pub struct Warning {
    pub kind: WarningKind,
    pub path: String,
    pub message: String,
}

impl Warning {
    pub fn new(kind: WarningKind, path: impl Into<String>, message: impl Into<String>) -> Self {
        Warning {
            kind,
            path: sanitize_snippet(&path.into(), 300),
            message: sanitize_snippet(&message.into(), 300),
        }
    }
}

/// Trims a snippet taken from the scanned repository for display: control
/// characters (terminal escapes included) are removed, runs of whitespace
/// folded, and the result cut to `max_chars` with an ellipsis. Escaping for a
/// given output format (HTML, Markdown) happens later, in the renderer.
pub fn sanitize_snippet(s: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(s.len().min(max_chars + 4));
    let mut count = 0usize;
    let mut last_space = false;
    for ch in s.chars() {
        let ch = if ch.is_whitespace() { ' ' } else { ch };
        if ch.is_control() || is_bidi_control(ch) {
            continue;
        }
        if ch == ' ' {
            if last_space {
                continue;
            }
            last_space = true;
        } else {
            last_space = false;
        }
        if count == max_chars {
            out.push('…');
            return out.trim().to_string();
        }
        out.push(ch);
        count += 1;
    }
    out.trim().to_string()
}

/// Bidirectional overrides can make a snippet read differently from what it
/// is ("Trojan Source"); they never help a reader of a report.
fn is_bidi_control(ch: char) -> bool {
    matches!(ch, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_removes_terminal_escapes_and_folds_space() {
        assert_eq!(
            sanitize_snippet("a\x1b[31mred\x1b[0m\t\tb", 100),
            "a[31mred[0m b"
        );
        assert_eq!(sanitize_snippet("  x\n\ny  ", 100), "x y");
    }

    #[test]
    fn sanitize_cuts_long_snippets() {
        let s = "x".repeat(500);
        let out = sanitize_snippet(&s, 10);
        assert_eq!(out, format!("{}…", "x".repeat(10)));
    }

    #[test]
    fn sanitize_drops_bidi_overrides() {
        assert_eq!(sanitize_snippet("a\u{202E}b", 10), "ab");
    }
}
