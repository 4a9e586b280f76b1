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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_control_characters() {
        assert_eq!(terminal("a\x1b[31mb\n"), "a\\u{1b}[31mb\\u{a}");
        assert_eq!(terminal("<script>é"), "<script>é");
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
}
