//! The keyword prefilter of the content pass: which patterns *can* match a file.
//!
//! Every pattern declares (or has extracted) literal keywords, one of which
//! must occur in any match. One automaton finds them all in a single scan of
//! the file. Two choices keep that scan fast without losing candidates:
//!
//! - **Leftmost-longest search that restarts one byte after each match's
//!   start**, instead of an overlapping search (which defeats the SIMD
//!   prefilters and was half of the scan time). Restarting finds a keyword at
//!   every position where one starts; of several keywords starting at the same
//!   position only the longest is reported, so each keyword also gates the
//!   patterns of every keyword it contains (the *substring closure*).
//! - **Case-sensitive keywords in their own automaton**: only patterns written
//!   with `(?i)` need ASCII case folding, which slows the automaton down.
//!
//! The search stops early once every eligible gated pattern is a candidate.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Input, MatchKind};

use super::PatternId;

struct Automaton {
    ac: AhoCorasick,
    /// Keyword index → patterns it gates (substring closure applied).
    gates: Vec<Vec<PatternId>>,
    /// Every pattern gated by this automaton.
    patterns: Vec<PatternId>,
}

pub struct Prefilter {
    automata: Vec<Automaton>,
}

impl Prefilter {
    /// `keywords`: (keyword, case-insensitive, pattern). Insensitive keywords must be lowercase.
    pub fn build(keywords: &[(Vec<u8>, bool, PatternId)]) -> Result<Prefilter, String> {
        let mut automata = Vec::new();
        for insensitive in [false, true] {
            let group: Vec<&(Vec<u8>, bool, PatternId)> = keywords
                .iter()
                .filter(|(_, ci, _)| *ci == insensitive)
                .collect();
            // One automaton per case mode. (Cutting the keywords into small
            // automata that each get the SIMD prefilter was measured slower:
            // every chunk rescans the file.)
            automata.extend(Self::automaton(&group, insensitive)?);
        }
        Ok(Prefilter { automata })
    }

    fn automaton(
        keywords: &[&(Vec<u8>, bool, PatternId)],
        insensitive: bool,
    ) -> Result<Option<Automaton>, String> {
        {
            let mut words: Vec<Vec<u8>> = Vec::new();
            let mut direct: Vec<Vec<PatternId>> = Vec::new();
            for (kw, ci, p) in keywords.iter().copied() {
                debug_assert_eq!(*ci, insensitive);
                match words.iter().position(|w| w == kw) {
                    Some(i) => direct[i].push(*p),
                    None => {
                        words.push(kw.clone());
                        direct.push(vec![*p]);
                    }
                }
            }
            if words.is_empty() {
                return Ok(None);
            }
            let gates: Vec<Vec<PatternId>> = words
                .iter()
                .map(|outer| {
                    let mut ps: Vec<PatternId> = words
                        .iter()
                        .zip(&direct)
                        .filter(|(inner, _)| memchr::memmem::find(outer, inner).is_some())
                        .flat_map(|(_, ps)| ps.iter().copied())
                        .collect();
                    ps.sort_unstable();
                    ps.dedup();
                    ps
                })
                .collect();
            let mut patterns: Vec<PatternId> = direct.iter().flatten().copied().collect();
            patterns.sort_unstable();
            patterns.dedup();
            let ac = AhoCorasickBuilder::new()
                .ascii_case_insensitive(insensitive)
                .match_kind(MatchKind::LeftmostLongest)
                .kind(Some(AhoCorasickKind::DFA))
                .build(&words)
                .or_else(|_| {
                    // Very large keyword sets can exceed the DFA's size limit.
                    AhoCorasickBuilder::new()
                        .ascii_case_insensitive(insensitive)
                        .match_kind(MatchKind::LeftmostLongest)
                        .build(&words)
                })
                .map_err(|e| e.to_string())?;
            Ok(Some(Automaton {
                ac,
                gates,
                patterns,
            }))
        }
    }

    /// Marks in `candidates` every eligible pattern one of whose keywords occurs in `bytes`.
    pub fn mark(&self, bytes: &[u8], eligible: &[bool], candidates: &mut [bool]) {
        for a in &self.automata {
            let mut remaining = a
                .patterns
                .iter()
                .filter(|&&p| eligible[p] && !candidates[p])
                .count();
            let mut at = 0usize;
            while remaining > 0 && at < bytes.len() {
                let Some(m) = a.ac.find(Input::new(bytes).span(at..bytes.len())) else {
                    break;
                };
                for &p in &a.gates[m.pattern().as_usize()] {
                    if eligible[p] && !candidates[p] {
                        candidates[p] = true;
                        remaining -= 1;
                    }
                }
                at = m.start() + 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(keywords: &[(&str, bool, usize)], n: usize, text: &[u8]) -> Vec<bool> {
        let kws: Vec<(Vec<u8>, bool, usize)> = keywords
            .iter()
            .map(|(k, ci, p)| (k.as_bytes().to_vec(), *ci, *p))
            .collect();
        let pf = Prefilter::build(&kws).unwrap();
        let mut c = vec![false; n];
        pf.mark(text, &vec![true; n], &mut c);
        c
    }

    #[test]
    fn overlapping_and_nested_keywords_are_all_found() {
        // "pytest" contains "test"; "sentry.init" starts with "sentry"; "abc" overlaps "bcd".
        let k = [
            ("pytest", false, 0),
            ("test", false, 1),
            ("sentry.init", false, 2),
            ("sentry", false, 3),
            ("abc", false, 4),
            ("bcd", false, 5),
        ];
        assert_eq!(
            marks(&k, 6, b"run pytest; sentry.init(); abcd"),
            vec![true; 6]
        );
        assert_eq!(
            marks(&k, 6, b"just test"),
            vec![false, true, false, false, false, false]
        );
    }

    #[test]
    fn case_modes_are_kept_apart() {
        let k = [("Sentry", false, 0), ("describe", true, 1)];
        assert_eq!(marks(&k, 2, b"sentry DESCRIBE"), vec![false, true]);
        assert_eq!(marks(&k, 2, b"Sentry"), vec![true, false]);
    }

    #[test]
    fn ineligible_patterns_are_never_marked() {
        let kws = vec![(b"redis".to_vec(), false, 0)];
        let pf = Prefilter::build(&kws).unwrap();
        let mut c = vec![false];
        pf.mark(b"redis", &[false], &mut c);
        assert_eq!(c, vec![false]);
    }
}

#[cfg(test)]
mod stats {
    #[test]
    #[ignore]
    fn print_keyword_stats() {
        let pack = crate::rules::RulePack::builtin().unwrap();
        for (i, s) in pack.patterns.specs().iter().enumerate() {
            println!("{i} {:?} {}", super::super::keywords_of(&s.regex), s.regex);
        }
    }
}
