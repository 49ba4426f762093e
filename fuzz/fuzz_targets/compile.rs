//! Any bytes as one blueprint file, through what the CLI does: decode, then compile. The
//! property lives in `fuzz/compile_any.rs`, which `tests/fuzz.rs` runs in CI on the seeds, the
//! repository's blueprints and a bounded number of mutations.
#![no_main]

#[path = "../compile_any.rs"]
mod compile_any;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| compile_any::compile_any(bytes));
