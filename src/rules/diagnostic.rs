//! Errors in rule and configuration files, shown like a compiler's: the file,
//! the line, a caret under the offending span, and what was expected.

use std::fmt;
use std::ops::Range;

/// How bad a diagnostic is: errors stop the run (exit 2), warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Severity {
    #[default]
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
    /// The source line, and the caret span within it (character columns).
    pub source_line: String,
    pub caret: Range<usize>,
    pub help: Option<String>,
}

impl Diagnostic {
    /// Builds a diagnostic for the byte range `span` of `src`.
    pub fn at(file: &str, src: &str, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        let start = span.start.min(src.len());
        let start = floor_char_boundary(src, start);
        let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = src[start..].find('\n').map_or(src.len(), |i| start + i);
        let line_no = src[..start].matches('\n').count() as u32 + 1;
        let source_line = src[line_start..line_end].trim_end_matches('\r').to_string();
        let col = src[line_start..start].chars().count();
        let end = floor_char_boundary(src, span.end.clamp(start, line_end));
        let width = src[start..end].chars().count().max(1);
        Diagnostic {
            severity: Severity::Error,
            file: file.to_string(),
            line: line_no,
            column: col as u32 + 1,
            message: message.into(),
            source_line,
            caret: col..col + width,
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The same diagnostic as a warning (the run goes on).
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// `file:line`, as evidence and warnings cite it.
    pub fn location(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let num = self.line.to_string();
        let pad = " ".repeat(num.len());
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        // Rule and config files may come from the scanned repository: no
        // terminal escapes reach the screen (one char for one, so carets align).
        let clean = |t: &str| -> String {
            t.chars()
                .map(|c| if c.is_control() && c != '\t' { '?' } else { c })
                .collect()
        };
        writeln!(f, "{label}: {}", clean(&self.message))?;
        writeln!(
            f,
            "{pad}--> {}:{}:{}",
            clean(&self.file),
            self.line,
            self.column
        )?;
        writeln!(f, "{pad} |")?;
        writeln!(f, "{num} | {}", clean(&self.source_line))?;
        write!(
            f,
            "{pad} | {}{}",
            " ".repeat(self.caret.start),
            "^".repeat(self.caret.len().max(1))
        )?;
        if let Some(help) = &self.help {
            write!(f, "\n{pad} = help: {}", clean(help))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_never_reach_the_terminal() {
        let src = "id = \"\x1b[31mX\"\n";
        let d = Diagnostic::at("r.toml", src, 5..12, "bad id `\x1b[31mX`");
        assert!(!d.to_string().contains('\x1b'));
    }

    #[test]
    fn renders_with_caret() {
        let src = "a = 1\nwhen = { fact = \"nope\" }\n";
        let start = src.find("\"nope\"").unwrap();
        let d = Diagnostic::at("r.toml", src, start..start + 6, "unknown fact `nope`")
            .with_help("expected one of: has_ci");
        let text = d.to_string();
        assert_eq!(
            text,
            "error: unknown fact `nope`\n --> r.toml:2:17\n  |\n2 | when = { fact = \"nope\" }\n  |                 ^^^^^^\n  = help: expected one of: has_ci"
        );
    }
}
