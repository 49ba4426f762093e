//! A task on Fargate with a cpu/memory pair Fargate does not offer. ECS rejects the task definition
//! at deploy time ("No Fargate configuration exists for given values"); the table is the ECS
//! documentation's.
//!
//! # FF0301
//!
//! On Fargate, task `cpu` takes one of 256, 512, 1024, 2048, 4096, 8192 or 16384 units, and each
//! size allows only certain `memory` values (MiB):
//!
//! | cpu | memory |
//! |---|---|
//! | 256 | 512, 1024, 2048 |
//! | 512 | 1024-4096 step 1024 |
//! | 1024 | 2048-8192 step 1024 |
//! | 2048 | 4096-16384 step 1024 |
//! | 4096 | 8192-30720 step 1024 |
//! | 8192 | 16384-61440 step 4096 |
//! | 16384 | 32768-122880 step 8192 |
//!
//! ```yaml
//! cpu: 256
//! memory: 4096   # 256 units allow 512, 1024 or 2048
//! ```

use super::runs_on_fargate;
use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::fargate::memory_for;

fn describe(values: &[u32]) -> String {
    if values.len() <= 5 {
        let items: Vec<String> = values.iter().map(u32::to_string).collect();
        return items.join(", ");
    }
    let step = values[1] - values[0];
    format!(
        "{} to {} in steps of {step}",
        values[0],
        values[values.len() - 1]
    )
}

/// "256, 512, …": the cpu sizes Fargate offers.
fn cpu_list() -> String {
    let cpus: Vec<String> = crate::fargate::cpus().map(|c| c.to_string()).collect();
    cpus.join(", ")
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for w in ctx.workloads() {
        let (name, service, kind) = (w.name, w.service, w.kind.noun());
        if !runs_on_fargate(&ctx.app, service) {
            continue;
        }
        match memory_for(service.cpu) {
            None => out.push(
                Diagnostic::error(
                    Code::FF0301,
                    format!(
                        "{kind} `{name}` runs on fargate, which has no `cpu: {}`",
                        service.cpu
                    ),
                )
                .label(ctx.span(name, "/cpu"), "not a fargate cpu size")
                .help(format!("fargate cpu is one of {}", cpu_list())),
            ),
            Some(values) if !values.contains(&service.memory) => out.push(
                Diagnostic::error(
                    Code::FF0301,
                    format!(
                        "{kind} `{name}` runs on fargate, which has no `memory: {}` for `cpu: {}`",
                        service.memory, service.cpu
                    ),
                )
                .label(ctx.span(name, "/memory"), "not allowed with this cpu")
                .label(ctx.span(name, "/cpu"), "cpu set here")
                .help(format!(
                    "with `cpu: {}`, memory is {}",
                    service.cpu,
                    describe(&values)
                )),
            ),
            Some(_) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_text() {
        assert_eq!(cpu_list(), "256, 512, 1024, 2048, 4096, 8192, 16384");
        assert_eq!(
            describe(&memory_for(4096).unwrap()),
            "8192 to 30720 in steps of 1024"
        );
    }

    /// The explanation's table is prose (this file's doc comment); it must say what the one
    /// table says.
    #[test]
    fn explanation_matches_the_table() {
        for cpu in crate::fargate::cpus() {
            let m = memory_for(cpu).unwrap();
            let row = if m.len() <= 3 {
                let items: Vec<String> = m.iter().map(u32::to_string).collect();
                format!("| {cpu} | {} |", items.join(", "))
            } else {
                format!(
                    "| {cpu} | {}-{} step {} |",
                    m[0],
                    m[m.len() - 1],
                    m[1] - m[0]
                )
            };
            assert!(
                Code::FF0301.explanation().contains(&row),
                "no row `{row}`"
            );
        }
    }
}
