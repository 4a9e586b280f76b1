//! Escaping for the gate's and the diff's Markdown (a pull-request comment):
//! every string from a report or the repository goes through [`cell`].
//!
//! The rules match the Markdown report's escaping: inline markup gets a
//! backslash, `<` `>` `&` become entities (so no HTML reaches the page),
//! `@` cannot mention anyone, `|` cannot split a table cell, and control
//! characters (newlines included) are shown as `\u{..}`. Block markers at
//! the start (`- `, `1. `) are left alone: every call site is a table cell
//! or follows other text on its line, where they cannot open a block.

pub(super) fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for ch in s.chars() {
        match ch {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '$' | '@' | '#' | '!' => {
                out.push('\\');
                out.push(ch);
            }
            c if c.is_control()
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
                ) =>
            {
                out.push_str(&format!("\\\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_carry_no_markup() {
        assert_eq!(cell("a|b<img src=x>"), "a\\|b&lt;img src=x&gt;");
        assert_eq!(cell("x\ny"), "x\\\\u{a}y");
        assert_eq!(cell("@team [x](http://e)"), "\\@team \\[x\\](http://e)");
        assert_eq!(cell("src/my_file.ts"), "src/my\\_file.ts");
    }
}
