//! What the integration tests share: the repository root and running the built binary.

// Each test crate uses its own subset.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub mod checked_in;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `fleetform ARGS` in `cwd`, not yet run (a test may still set its environment).
pub fn command(args: &[&str], cwd: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_fleetform"));
    // A fixed build time, so warnings about schedules in the past (FF0475) do not appear as
    // the calendar passes the dates in examples and fixtures.
    command
        .args(args)
        .current_dir(cwd)
        .env("FLEETFORM_NOW", FIXED_NOW);
    command
}

/// The time every CLI test builds at.
pub const FIXED_NOW: &str = "2026-12-07T00:00:00Z";

pub fn fleetform(args: &[&str], cwd: &Path) -> Output {
    command(args, cwd).output().expect("the binary runs")
}

pub fn code(out: &Output) -> i32 {
    out.status.code().expect("exited normally")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("utf-8 stdout")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("utf-8 stderr")
}

/// Every file under `dir` with its bytes, for byte-for-byte comparisons.
pub fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.insert(
                    path.strip_prefix(dir).unwrap().to_path_buf(),
                    fs::read(&path).unwrap(),
                );
            }
        }
    }
    files
}
