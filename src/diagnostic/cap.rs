//! The terminal formats (human and short) show at most [`PER_CODE`] diagnostics of each code and
//! count the rest in one line per code: 20,000 unknown keys are one mistake repeated, and
//! printing every one buries the other problems. JSON and SARIF keep every diagnostic (tools
//! read them, and their size grows linearly with the count).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{Code, Diagnostic};

/// How many diagnostics of one code the terminal formats show.
pub const PER_CODE: usize = 20;

/// The diagnostics to show, in order, and the summary lines for the rest (empty when none
/// were left out).
pub fn capped(diags: &[Diagnostic]) -> (Vec<&Diagnostic>, String) {
    let mut seen: BTreeMap<Code, usize> = BTreeMap::new();
    let mut shown = Vec::with_capacity(diags.len().min(PER_CODE * 8));
    for d in diags {
        let n = seen.entry(d.code).or_default();
        *n += 1;
        if *n <= PER_CODE {
            shown.push(d);
        }
    }
    let mut more = String::new();
    for (code, n) in seen.into_iter().filter(|&(_, n)| n > PER_CODE) {
        let _ = writeln!(
            more,
            "… and {} more {code} (`--diagnostics json` lists every one)",
            grouped(n - PER_CODE)
        );
    }
    (shown, more)
}

/// `19950` → `19,950`.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;

    #[test]
    fn repeated_codes_are_summarised() {
        let mut diags: Vec<Diagnostic> = (0..20_000)
            .map(|i| Diagnostic::error(Code::FF0102, format!("unknown key `k{i}`")))
            .collect();
        diags.push(Diagnostic::warning(Code::FF0319, "mutable tag"));
        let (shown, more) = capped(&diags);
        assert_eq!(shown.len(), PER_CODE + 1);
        assert_eq!(shown[PER_CODE].code, Code::FF0319);
        assert_eq!(
            more,
            "… and 19,980 more FF0102 (`--diagnostics json` lists every one)\n"
        );
        let (all, none) = capped(&diags[..PER_CODE]);
        assert_eq!((all.len(), none.as_str()), (PER_CODE, ""));
    }

    #[test]
    fn numbers_are_grouped() {
        assert_eq!(grouped(7), "7");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }
}
