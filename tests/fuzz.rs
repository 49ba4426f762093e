//! The fuzz target's property (`fuzz/compile_any.rs`) in CI, on the stable toolchain: every
//! fuzz seed and every blueprint in the repository, then a bounded number of deterministic
//! mutations of them (byte flips, cuts, duplications, splices between files and YAML tokens
//! dropped anywhere). libFuzzer's coverage-guided search runs from `scripts/fuzz.sh`; this is its
//! bounded, repeatable share.
//!
//! `FLEETFORM_FUZZ_RUNS=N` (default 10,000, a few seconds) sets the number of mutations and
//! `FLEETFORM_FUZZ_SEED=S` picks another deterministic sequence. A failing input is written to
//! `target/fuzz-failures/` and named in the failure, so it can be replayed with
//! `cargo fuzz run compile FILE` or added to `fuzz/seeds/compile/`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

#[path = "../fuzz/compile_any.rs"]
mod compile_any;

/// Tokens that steer YAML and interpolation parsing into their corners.
const TOKENS: &[&[u8]] = &[
    b"{{",
    b"}}",
    b"{{region}}",
    b"{{#each x}}",
    b": ",
    b"- ",
    b"&a ",
    b"*a",
    b"<<: *a",
    b"\t",
    b"\r\n",
    b"\xef\xbb\xbf",
    b"~",
    b"!!str ",
    b"!!binary ",
    b"[",
    b"]",
    b"{",
    b"}",
    b"'",
    b"\"",
    b"# ",
    b"|",
    b">-",
    b"? ",
    b"---\n",
    b"...\n",
    b"\xff",
    b"\x00",
    b"\\u0000",
    b"99999999999999999999",
    b"-1",
    b"0x1F",
    b".inf",
    b"null",
    b"yes",
    b"1e400",
    b"\xe2\x80\xae",
    b"services:",
    b"environments:",
    b"regions: [cn-north-1]",
    b"  ",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every YAML file under `dir`, sorted, so the corpus order (and the mutations) are stable.
fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

fn corpus() -> Vec<(PathBuf, Vec<u8>)> {
    let mut paths = Vec::new();
    for dir in [
        "fuzz/seeds/compile",
        "examples",
        "blueprints",
        "tests/fixtures",
        "tests/hostile",
    ] {
        yaml_files(&root().join(dir), &mut paths);
    }
    paths
        .into_iter()
        .filter_map(|p| std::fs::read(&p).ok().map(|bytes| (p, bytes)))
        .collect()
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Runs the property; on a panic, saves the input and fails with its path.
fn run(bytes: &[u8], what: &str) {
    if catch_unwind(AssertUnwindSafe(|| compile_any::compile_any(bytes))).is_err() {
        let dir = root().join("target/fuzz-failures");
        let _ = std::fs::create_dir_all(&dir);
        let file = dir.join(format!("{}.yaml", what.replace(['/', ' '], "_")));
        let _ = std::fs::write(&file, bytes);
        panic!(
            "{what} failed the fuzz property; the input is in {}",
            file.display()
        );
    }
}

/// xorshift64*: a small, seedable generator, so a run is the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number below `n` (which must not be 0).
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }
}

/// One to four edits of `input`, sometimes with a piece of `other`.
fn mutate(rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut bytes = input.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(bytes.len() + 1);
        let len = rng.below(64).min(bytes.len() - at);
        match rng.below(6) {
            0 => {
                if let Some(b) = bytes.get_mut(at) {
                    *b ^= 1 << rng.below(8);
                }
            }
            1 => {
                bytes.drain(at..at + len);
            }
            2 => {
                let piece = bytes[at..at + len].to_vec();
                bytes.splice(at..at, piece);
            }
            3 if !other.is_empty() => {
                let from = rng.below(other.len());
                let n = rng.below(256).min(other.len() - from);
                bytes.splice(at..at, other[from..from + n].iter().copied());
            }
            4 => {
                // Cut the file short, as an interrupted write would.
                bytes.truncate(at);
            }
            _ => {
                let token = TOKENS[rng.below(TOKENS.len())];
                bytes.splice(at..at, token.iter().copied());
            }
        }
    }
    bytes
}

#[test]
fn every_seed_and_blueprint_satisfies_the_fuzz_property() {
    let corpus = corpus();
    // The seeds, the examples and the two fixture corpora: a few hundred files.
    assert!(
        corpus.len() > 300,
        "only {} corpus files found",
        corpus.len()
    );
    for (path, bytes) in &corpus {
        let name = path
            .strip_prefix(root())
            .unwrap_or(path)
            .display()
            .to_string();
        run(bytes, &name);
    }
}

#[test]
fn mutated_blueprints_satisfy_the_fuzz_property() {
    let corpus = corpus();
    assert!(!corpus.is_empty());
    let runs = env_number("FLEETFORM_FUZZ_RUNS", 10_000);
    let seed = env_number("FLEETFORM_FUZZ_SEED", 0x00f1_ee7f_0e3a);
    let mut rng = Rng(seed | 1);
    for run_number in 0..runs {
        let (_, input) = &corpus[rng.below(corpus.len())];
        let (_, other) = &corpus[rng.below(corpus.len())];
        let bytes = mutate(&mut rng, input, other);
        run(&bytes, &format!("mutation {run_number} of seed {seed:#x}"));
    }
}

#[test]
fn mutations_are_deterministic_and_change_the_input() {
    let input = b"app: shop\nservices:\n  web:\n    image: nginx\n";
    let first: Vec<Vec<u8>> = {
        let mut rng = Rng(7);
        (0..50).map(|_| mutate(&mut rng, input, b"x: 1")).collect()
    };
    let mut rng = Rng(7);
    let second: Vec<Vec<u8>> = (0..50).map(|_| mutate(&mut rng, input, b"x: 1")).collect();
    assert_eq!(first, second);
    let changed = first.iter().filter(|m| m.as_slice() != input).count();
    assert!(
        changed >= 45,
        "only {changed} of 50 mutations changed the input"
    );
}
