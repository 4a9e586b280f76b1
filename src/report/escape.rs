//! Escaping of strings that come from the scanned repository, one function
//! per output. File names and snippets can carry markup or terminal escapes.

/// For terminals: control characters (ESC included) shown as `\u{..}`, so a
/// hostile file name cannot move the cursor, recolour or retitle the terminal.
pub fn terminal(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if ch.is_control() || matches!(ch, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') {
            out.push_str(&format!("\\u{{{:x}}}", ch as u32));
        } else {
            out.push(ch);
        }
    }
    out
}

/// Characters outside the printable range: shown by code point so a hostile
/// name cannot break a line, hide text (bidi overrides) or ring a bell.
fn is_hidden(ch: char) -> bool {
    ch.is_control()
        || matches!(
            ch,
            '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// For Markdown inline text (paragraphs, list items and table cells alike).
///
/// Every character CommonMark or GitHub gives a meaning to inline is
/// neutralised: `\` `` ` `` `*` `_` `[` `]` `|` `~` `$` `@` `#` `!` get a
/// backslash (`@` would mention a user, `$` start maths, `|` split a cell);
/// `<` `>` `&` become entities, which every Markdown dialect leaves as text
/// (a backslash before `<` is not honoured by all of them). A leading `-`,
/// `+`, `=` or `1.` is escaped too, so the text cannot open a block inside a
/// list item. Control characters, newlines included, show as `\u{..}`.
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    push_markdown(&mut out, s, true);
    out
}

fn push_markdown(out: &mut String, s: &str, at_start: bool) {
    let leading_digits = s.chars().take_while(|c| c.is_ascii_digit()).count();
    for (i, ch) in s.chars().enumerate() {
        match ch {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '$' | '@' | '#' | '!' => {
                out.push('\\');
                out.push(ch);
            }
            '-' | '+' | '=' if at_start && i == 0 => {
                out.push('\\');
                out.push(ch);
            }
            '.' | ')' if at_start && i > 0 && i == leading_digits => {
                out.push('\\');
                out.push(ch);
            }
            c if is_hidden(c) => out.push_str(&format!("\\\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
}

/// A Markdown code span for a path or identifier, shown literally. Text a
/// code span cannot carry safely everywhere falls back to [`markdown`]: a
/// `|` splits a table cell even inside one, a backtick would need fence
/// games, and markup or control characters in a name are better shown
/// escaped than verbatim.
pub fn markdown_code(s: &str) -> String {
    let plain = !s.trim().is_empty()
        && !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s
            .chars()
            .any(|c| matches!(c, '|' | '`' | '<' | '>' | '&') || is_hidden(c));
    if plain { format!("`{s}`") } else { markdown(s) }
}

/// For prose the rule pack writes (reasons, remedies): as [`markdown`], but
/// whitespace runs fold to one space and balanced backtick pairs stay code
/// spans (through [`markdown_code`], so they are as safe as any other).
pub fn markdown_prose(s: &str) -> String {
    let folded: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let parts: Vec<&str> = folded.split('`').collect();
    // An odd number of parts means the backticks pair up.
    if parts.len() < 3 || parts.len().is_multiple_of(2) {
        return markdown(&folded);
    }
    let mut out = String::with_capacity(folded.len() + 8);
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 1 {
            if part.trim().is_empty() {
                out.push_str(&markdown(&format!("`{part}`")));
            } else {
                out.push_str(&markdown_code(part));
            }
        } else {
            push_markdown(&mut out, part, i == 0);
        }
    }
    out
}

/// For HTML text and attribute values alike (quotes escaped too), inside
/// SVG `<text>`/`<title>` as well. Control characters and bidirectional
/// overrides are shown as `\u{..}` as in [`terminal`]: they would otherwise
/// reorder or hide what a reader sees (a path that reads as another).
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(ch),
            c if c.is_control()
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') =>
            {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

/// For prose the rule pack writes (recommendations), in HTML: escaped as
/// [`html_escape`], with balanced backtick pairs shown as `<code>`. The
/// backticks are found after escaping, so only escaped text is wrapped.
pub fn html_prose(s: &str) -> String {
    let escaped = html_escape(s);
    let parts: Vec<&str> = escaped.split('`').collect();
    // An odd number of parts means the backticks pair up.
    if parts.len() < 3 || parts.len().is_multiple_of(2) {
        return escaped;
    }
    let mut out = String::with_capacity(escaped.len() + 16);
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 1 {
            out.push_str("<code>");
            out.push_str(part);
            out.push_str("</code>");
        } else {
            out.push_str(part);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_control_characters() {
        assert_eq!(terminal("a\x1b[31mb\n"), "a\\u{1b}[31mb\\u{a}");
        assert_eq!(terminal("<script>é"), "<script>é");
    }

    #[test]
    fn markdown_neutralises_markup_tables_and_newlines() {
        assert_eq!(markdown("a|b<script>"), "a\\|b&lt;script&gt;");
        assert_eq!(markdown("x\ny"), "x\\\\u{a}y");
        assert_eq!(markdown("`rm -rf`"), "\\`rm -rf\\`");
        assert_eq!(
            markdown("*a* _b_ [l](http://x) ![i](y) ~s~ $m$ @user #1 & \\"),
            "\\*a\\* \\_b\\_ \\[l\\](http://x) \\!\\[i\\](y) \\~s\\~ \\$m\\$ \\@user \\#1 &amp; \\\\"
        );
        assert_eq!(markdown("\u{202E}txt.exe"), "\\\\u{202e}txt.exe");
        // A plain path stays readable.
        assert_eq!(markdown("lib/urls.ts:1"), "lib/urls.ts:1");
    }

    #[test]
    fn markdown_cannot_open_a_block() {
        assert_eq!(markdown("- item"), "\\- item");
        assert_eq!(markdown("+ item"), "\\+ item");
        assert_eq!(markdown("12. item"), "12\\. item");
        assert_eq!(markdown("# h"), "\\# h");
        assert_eq!(markdown("> quote"), "&gt; quote");
        assert_eq!(markdown("a - b 1. c"), "a - b 1. c");
    }

    #[test]
    fn markdown_code_spans_fall_back_to_escaped_text() {
        assert_eq!(markdown_code("lib/a_b.ts:3"), "`lib/a_b.ts:3`");
        // What a code span cannot carry in a table, or should not carry raw.
        assert_eq!(markdown_code("a`b"), "a\\`b");
        assert_eq!(markdown_code(" x"), " x");
        assert_eq!(markdown_code("evil|x"), "evil\\|x");
        assert_eq!(markdown_code("<img src=x>"), "&lt;img src=x&gt;");
        assert_eq!(markdown_code("x\ny"), "x\\\\u{a}y");
        assert_eq!(markdown_code(""), "");
    }

    #[test]
    fn markdown_prose_keeps_paired_code_and_escapes_the_rest() {
        assert_eq!(
            markdown_prose("run `npm test` in\n CI_STEP"),
            "run `npm test` in CI\\_STEP"
        );
        assert_eq!(markdown_prose("odd ` tick"), "odd \\` tick");
        assert_eq!(markdown_prose("`a|b` <b>"), "a\\|b &lt;b&gt;");
        assert_eq!(markdown_prose("- `x`"), "\\- `x`");
    }

    #[test]
    fn html_escapes_markup_and_quotes() {
        assert_eq!(
            html_escape("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            html_escape("x\" onmouseover=\"alert(1)"),
            "x&quot; onmouseover=&quot;alert(1)"
        );
        assert_eq!(html_escape("a'b&c"), "a&#39;b&amp;c");
        assert_eq!(html_escape("&amp;"), "&amp;amp;");
    }

    #[test]
    fn html_shows_control_and_bidi_characters() {
        assert_eq!(html_escape("a\u{0}b\u{1b}"), "a\\u{0}b\\u{1b}");
        assert_eq!(html_escape("evil\u{202e}gpj.exe"), "evil\\u{202e}gpj.exe");
        assert_eq!(html_escape("line\nnext é ✔"), "line\nnext é ✔");
    }

    #[test]
    fn html_prose_shows_paired_backticks_as_code_and_stays_escaped() {
        assert_eq!(
            html_prose("run `npm audit` in CI"),
            "run <code>npm audit</code> in CI"
        );
        assert_eq!(
            html_prose("`<script>` and `a`"),
            "<code>&lt;script&gt;</code> and <code>a</code>"
        );
        assert_eq!(html_prose("odd ` tick <b>"), "odd ` tick &lt;b&gt;");
    }
}
