//! A SQL statement splitter: cuts a file at top-level `;`, respecting
//! single-quoted strings (`''` escapes, backslashes in `E'…'`), quoted
//! identifiers (`"…"`, `` `…` ``), dollar-quoted bodies (`$$…$$`,
//! `$tag$…$tag$`), `--` line comments and nested `/* */` block comments.
//! Comments are replaced by a space so later regexes never read commented-out
//! SQL. Each statement keeps the line where its first token starts.

/// One statement, without its terminating `;`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// Text with comments blanked; surrounding whitespace trimmed.
    pub text: String,
    /// 1-based line of the first token.
    pub line: u32,
}

/// Splits `src` into at most `max` statements. The flag is true when the
/// budget stopped the split before the end of the input.
pub fn split(src: &str, max: usize) -> (Vec<Statement>, bool) {
    let b = src.as_bytes();
    let n = b.len();
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut seg = 0usize;
    let mut start: Option<u32> = None;
    let mut line: u32 = 1;
    let mut i = 0usize;

    let newlines = |from: usize, to: usize| -> u32 {
        let c = memchr::memchr_iter(b'\n', &b[from..to.min(n)]).count();
        u32::try_from(c).unwrap_or(u32::MAX)
    };

    while i < n {
        let c = b[i];
        match c {
            b'\n' => {
                line = line.saturating_add(1);
                i += 1;
            }
            b'-' if b.get(i + 1) == Some(&b'-') => {
                cur.push_str(&src[seg..i]);
                cur.push(' ');
                let end = memchr::memchr(b'\n', &b[i..]).map_or(n, |p| i + p);
                i = end;
                seg = i;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                cur.push_str(&src[seg..i]);
                cur.push(' ');
                let mut depth = 1u32;
                let mut j = i + 2;
                while j < n && depth > 0 {
                    if b[j] == b'/' && b.get(j + 1) == Some(&b'*') {
                        depth += 1;
                        j += 2;
                    } else if b[j] == b'*' && b.get(j + 1) == Some(&b'/') {
                        depth -= 1;
                        j += 2;
                    } else {
                        j += 1;
                    }
                }
                let j = j.min(n);
                let nl = newlines(i, j);
                // Keep the comment's line breaks so positions inside the
                // statement still map to their lines.
                for _ in 0..nl {
                    cur.push('\n');
                }
                line = line.saturating_add(nl);
                i = j;
                seg = i;
            }
            b'\'' | b'"' | b'`' => {
                start.get_or_insert(line);
                let backslash = c == b'\''
                    && i > 0
                    && matches!(b[i - 1], b'e' | b'E')
                    && (i < 2 || !is_ident_byte(b[i - 2]));
                let mut j = i + 1;
                loop {
                    if j >= n {
                        break;
                    }
                    if backslash && b[j] == b'\\' {
                        j += 2;
                        continue;
                    }
                    if b[j] == c {
                        if b.get(j + 1) == Some(&c) {
                            j += 2;
                            continue;
                        }
                        j += 1;
                        break;
                    }
                    j += 1;
                }
                let j = j.min(n);
                let nl = newlines(i, j);
                // Keep the comment's line breaks so positions inside the
                // statement still map to their lines.
                for _ in 0..nl {
                    cur.push('\n');
                }
                line = line.saturating_add(nl);
                i = j;
            }
            b'$' if i == 0 || !is_ident_byte(b[i - 1]) => {
                let mut j = i + 1;
                while j < n && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                    j += 1;
                }
                let tag_ok = j < n && b[j] == b'$' && !b.get(i + 1).is_some_and(u8::is_ascii_digit);
                if !tag_ok {
                    start.get_or_insert(line);
                    i += 1;
                    continue;
                }
                start.get_or_insert(line);
                let delim = &b[i..=j];
                let body = j + 1;
                let end =
                    memchr::memmem::find(&b[body..], delim).map_or(n, |p| body + p + delim.len());
                line = line.saturating_add(newlines(i, end));
                i = end;
            }
            b';' => {
                cur.push_str(&src[seg..i]);
                i += 1;
                seg = i;
                if let Some(l) = start.take() {
                    let text = cur.trim();
                    if !text.is_empty() {
                        out.push(Statement {
                            text: text.to_string(),
                            line: l,
                        });
                        if out.len() >= max {
                            cur.clear();
                            return (out, b[i..].iter().any(|c| !c.is_ascii_whitespace()));
                        }
                    }
                }
                cur.clear();
            }
            _ => {
                if !c.is_ascii_whitespace() {
                    start.get_or_insert(line);
                }
                i += 1;
            }
        }
    }
    cur.push_str(&src[seg.min(n)..]);
    if let Some(l) = start {
        let text = cur.trim();
        if !text.is_empty() {
            out.push(Statement {
                text: text.to_string(),
                line: l,
            });
        }
    }
    (out, false)
}

fn is_ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<(String, u32)> {
        split(src, 1000)
            .0
            .into_iter()
            .map(|s| (s.text, s.line))
            .collect()
    }

    #[test]
    fn splits_on_top_level_semicolons_with_lines() {
        let got = texts("create table a (id int);\n\n-- note; here\ncreate table b (x text);\n");
        assert_eq!(
            got,
            vec![
                ("create table a (id int)".to_string(), 1),
                ("create table b (x text)".to_string(), 4)
            ]
        );
    }

    #[test]
    fn respects_strings_identifiers_and_comments() {
        let src = "insert into t values ('a;b', 'it''s;');\nselect \"we;ird\" from `x;y`;\n/* a; /* nested; */ still; */ select 1;";
        let got = texts(src);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].1, 1);
        assert_eq!(got[1].1, 2);
        assert_eq!(got[2].0, "select 1");
        assert_eq!(got[2].1, 3);
    }

    #[test]
    fn respects_dollar_quoted_bodies() {
        let src = "create function f() returns trigger as $$\nbegin\n  x := 1;\nend;\n$$ language plpgsql;\ncreate function g() as $body$ select 1; $body$;\nselect $1, a$b;";
        let got = texts(src);
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got[0].0.ends_with("language plpgsql"));
        assert_eq!(got[1].1, 6);
        assert_eq!(got[2].0, "select $1, a$b");
        assert_eq!(got[2].1, 7);
    }

    #[test]
    fn e_strings_allow_backslash_escapes() {
        let got = texts("select E'a\\';b'; select 'c\\'; select 2;");
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[2].0, "select 2");
    }

    #[test]
    fn comment_only_text_gives_nothing_and_budget_stops() {
        assert!(texts("-- only a comment\n/* and this */\n;;").is_empty());
        let (s, truncated) = split("select 1; select 2; select 3;", 2);
        assert_eq!(s.len(), 2);
        assert!(truncated);
        let (_, truncated) = split("select 1; select 2;  ", 2);
        assert!(!truncated);
    }

    #[test]
    fn unterminated_constructs_run_to_the_end() {
        for src in [
            "select 'abc",
            "select $$ body",
            "select /* x",
            "select \"x",
            "x $a$ y",
        ] {
            let got = texts(src);
            assert_eq!(got.len(), 1, "{src}");
        }
    }

    /// Fuzz in the manner of proptest: random inputs built from the tokens
    /// that change the splitter's state; it never panics, every statement is
    /// non-empty, and lines never go down and stay inside the input.
    #[test]
    fn random_inputs_never_panic_and_lines_only_go_up() {
        const TOKENS: &[&str] = &[
            "$$",
            "$a$",
            "$1",
            "'",
            "''",
            "\"",
            "`",
            "--",
            "/*",
            "*/",
            "\n",
            "\r\n",
            ";",
            "x",
            " ",
            "é",
            "E'",
            "\\",
            "$",
            "create table t (a int)",
            "ß;",
            "\u{0}",
            "🙂",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..3000 {
            let len = (next() % 40) as usize;
            let mut src = String::new();
            for _ in 0..len {
                src.push_str(TOKENS[(next() % TOKENS.len() as u64) as usize]);
            }
            let total_lines = src.matches('\n').count() as u32 + 1;
            let (stmts, _) = split(&src, 1000);
            let mut last = 0;
            for s in &stmts {
                assert!(!s.text.is_empty(), "{src:?}");
                assert!(s.line >= last, "lines went down in {src:?}");
                assert!(s.line >= 1 && s.line <= total_lines, "{src:?}");
                last = s.line;
            }
        }
    }
}
