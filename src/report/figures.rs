//! Figures as every written format shows them (plain text, nothing to
//! escape): percentages, hour ranges, grouped thousands.

/// `0.212` → `21%`.
pub fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// `[2, 6]` → `2–6 h`; `[3, 3]` → `3 h`.
pub fn hours(h: [u32; 2]) -> String {
    if h[0] == h[1] {
        format!("{} h", h[0])
    } else {
        format!("{}–{} h", h[0], h[1])
    }
}

/// `61900` → `61,900`: engineering totals run to five figures.
pub fn thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_and_hours() {
        assert_eq!(pct(0.212), "21%");
        assert_eq!(hours([2, 6]), "2–6 h");
        assert_eq!(hours([3, 3]), "3 h");
    }
}
