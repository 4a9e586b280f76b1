//! Escaping for the gate's and the diff's Markdown (a pull-request comment):
//! every string from a report or the repository goes through [`cell`], the
//! Markdown report's own escaping (one rule set for every Markdown output).

pub(super) fn cell(s: &str) -> String {
    crate::report::escape::markdown(s)
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
