//! Typed readings of TOML values shared by the rule loader and the
//! `infragap.toml` parser (each reports its own error with the span).

use toml::de::DeValue;

/// `["a", "b"]`: every item a string, else `None`.
pub fn string_list(v: &DeValue) -> Option<Vec<String>> {
    v.as_array()?
        .iter()
        .map(|x| x.get_ref().as_str().map(str::to_string))
        .collect()
}

/// `[low, high]`: two whole numbers with low <= high, else `None`.
pub fn u32_range(v: &DeValue) -> Option<[u32; 2]> {
    let nums: Option<Vec<u32>> = v
        .as_array()?
        .iter()
        .map(|x| match x.get_ref() {
            DeValue::Integer(i) => i.as_str().parse::<u32>().ok(),
            _ => None,
        })
        .collect();
    match nums.as_deref() {
        Some([lo, hi]) if lo <= hi => Some([*lo, *hi]),
        _ => None,
    }
}
