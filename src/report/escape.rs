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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_control_characters() {
        assert_eq!(terminal("a\x1b[31mb\n"), "a\\u{1b}[31mb\\u{a}");
        assert_eq!(terminal("<script>é"), "<script>é");
    }
}
