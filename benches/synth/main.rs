//! `cargo bench --bench synth -- DIR SERVICES ENVIRONMENTS REGIONS [peer]`: writes a synthetic
//! app (see `generate.rs`) into DIR, replacing DIR; with `peer`, the app of the peer comparison
//! (`generate::peer`, one environment × one region whatever the counts say). `scripts/bench.sh`
//! times `fleetform build` on it.

use std::fs;
use std::path::PathBuf;
use std::process::ExitCode;

mod generate;

fn main() -> ExitCode {
    // cargo bench appends `--bench`; options are not ours.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let (Some(dir), Some(Ok(services)), Some(Ok(envs)), Some(Ok(regions))) = (
        args.first().map(PathBuf::from),
        args.get(1).map(|s| s.parse::<usize>()),
        args.get(2).map(|s| s.parse::<usize>()),
        args.get(3).map(|s| s.parse::<usize>()),
    ) else {
        eprintln!("usage: cargo bench --bench synth -- DIR SERVICES ENVIRONMENTS REGIONS [peer]");
        return ExitCode::from(2);
    };
    if dir.exists()
        && let Err(e) = fs::remove_dir_all(&dir)
    {
        eprintln!("error: cannot remove {}: {e}", dir.display());
        return ExitCode::from(2);
    }
    let files = if args.get(4).is_some_and(|a| a == "peer") {
        generate::peer(services)
    } else {
        generate::app(services, envs, regions)
    };
    for (rel, text) in files {
        let path = dir.join(rel);
        let written = fs::create_dir_all(path.parent().expect("files are in a directory"))
            .and_then(|()| fs::write(&path, text));
        if let Err(e) = written {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}
