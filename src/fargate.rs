//! Fargate's task sizes: the cpu units it offers and the memory (MiB) each allows. The one copy
//! of the table: the checker (FF0301) and both importers read it. Source: the ECS Developer
//! Guide, "Task CPU and memory" for Fargate (cfn-facts §2).

/// (cpu units, first memory, last memory, step), in MiB, smallest cpu first. 256 units also
/// allow 2048 MiB, off its step (see [`memory_for`]).
const SIZES: &[(u32, u32, u32, u32)] = &[
    (256, 512, 1024, 512),
    (512, 1024, 4096, 1024),
    (1024, 2048, 8192, 1024),
    (2048, 4096, 16384, 1024),
    (4096, 8192, 30720, 1024),
    (8192, 16384, 61440, 4096),
    (16384, 32768, 122_880, 8192),
];

/// The cpu sizes Fargate offers, smallest first.
pub fn cpus() -> impl Iterator<Item = u32> {
    SIZES.iter().map(|&(cpu, ..)| cpu)
}

/// The memory values Fargate allows for `cpu`, smallest first, or `None` for a cpu it does not
/// offer.
pub fn memory_for(cpu: u32) -> Option<Vec<u32>> {
    let &(_, first, last, step) = SIZES.iter().find(|(c, ..)| *c == cpu)?;
    let mut values: Vec<u32> = (first..=last).step_by(step as usize).collect();
    if cpu == 256 {
        values.push(2048);
    }
    Some(values)
}

/// The smallest Fargate size with at least `cpu` units and `memory` MiB (the largest size when
/// nothing is big enough).
pub fn smallest(cpu: u32, memory: u32) -> (u32, u32) {
    let fits = cpus().filter(|&c| c >= cpu).find_map(|c| {
        let m = memory_for(c)?.into_iter().find(|&m| m >= memory)?;
        Some((c, m))
    });
    let (largest, _, most, _) = SIZES[SIZES.len() - 1];
    fits.unwrap_or((largest, most))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_per_cpu() {
        assert_eq!(memory_for(256), Some(vec![512, 1024, 2048]));
        assert_eq!(memory_for(512), Some(vec![1024, 2048, 3072, 4096]));
        assert_eq!(memory_for(16384).map(|v| v.len()), Some(12));
        assert_eq!(memory_for(300), None);
        assert_eq!(
            cpus().collect::<Vec<_>>(),
            [256, 512, 1024, 2048, 4096, 8192, 16384]
        );
    }

    #[test]
    fn smallest_size_that_fits() {
        assert_eq!(smallest(0, 0), (256, 512));
        assert_eq!(smallest(512, 300), (512, 1024));
        assert_eq!(smallest(256, 3000), (512, 3072));
        assert_eq!(smallest(1500, 1000), (2048, 4096));
        assert_eq!(smallest(99_999, 1), (16384, 122_880));
    }
}
