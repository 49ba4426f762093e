//! The one edit distance and the one "did you mean" policy: every near-miss suggestion (unknown
//! keys, names, regions, time zones, interpolation names, placement subjects, `explain` codes)
//! goes through [`closest`] or [`near`], so a typo is recognised the same way everywhere.

/// Edit distance in characters, counting a swap of two neighbours as one edit (optimal string
/// alignment), since swapped letters are the most common typo.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows: the one before the previous is needed for swaps.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut row: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        row[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(row[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            row[j] = d;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut row);
    }
    prev[b.len()]
}

/// The most edits a candidate may be from `word` to count as a typo of it: a third of the
/// word's length, and at least one. More than that and the "suggestion" is a different word.
fn limit(word: &str) -> usize {
    (word.chars().count() / 3).max(1)
}

/// The candidates close enough to `word` to be plausible typos (ignoring ASCII case), nearest
/// first, ties in name order.
pub fn near<'a, I>(word: &str, candidates: I) -> Vec<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let word_lower = word.to_ascii_lowercase();
    let limit = limit(word);
    let mut found: Vec<(usize, &str)> = candidates
        .into_iter()
        .map(|c| (distance(&word_lower, &c.to_ascii_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .collect();
    found.sort_unstable();
    found.dedup();
    found.into_iter().map(|(_, c)| c).collect()
}

/// The candidate closest to `word`, if it is close enough to be a plausible typo.
pub fn closest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    near(word, candidates).into_iter().next()
}

/// "did you mean `x`?", when a candidate is close.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    closest(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(distance("memroy", "memory"), 1);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("abc", ""), 3);
        assert_eq!(distance("same", "same"), 0);
        assert_eq!(distance("ca", "abc"), 3);
        assert_eq!(distance("régin", "région"), 1);
    }

    #[test]
    fn suggests_only_near_misses() {
        let keys = ["cpu", "memory", "port"];
        assert_eq!(closest("memroy", keys), Some("memory"));
        assert_eq!(closest("mem", keys), None);
        assert_eq!(closest("prot", keys), Some("port"));
        assert_eq!(closest("MEMORY", keys), Some("memory"));
        assert_eq!(
            closest("us-eats-1", ["us-east-1", "us-east-2"]),
            Some("us-east-1")
        );
        assert_eq!(
            did_you_mean("cpus", keys).as_deref(),
            Some("did you mean `cpu`?")
        );
    }

    #[test]
    fn near_is_ordered_by_distance_then_name() {
        // Code-like words (not real codes: a test greps the source for those).
        let codes = ["XY0311", "XY0310", "XY0301", "XY0410"];
        assert_eq!(
            near("XY0310", codes),
            ["XY0310", "XY0301", "XY0311", "XY0410"]
        );
        assert_eq!(near("XY031", codes), ["XY0301", "XY0310", "XY0311"]);
        assert!(near("QQ", codes).is_empty());
    }
}
