//! Common EC2 instance types: vCPUs, memory and the most network interfaces (ENIs) an instance
//! can attach. Used to estimate how many tasks fit on a capacity's instances. The numbers are
//! the instance's nominal ones: ECS registers a little less memory (the agent and OS keep
//! some), so an estimate from this table is an upper bound.

/// One instance type's resources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InstanceType {
    pub vcpus: u32,
    pub memory_mib: u32,
    pub max_enis: u32,
}

/// Families of the current general-purpose (`m`), compute (`c`) and memory (`r`) generations,
/// with their memory per vCPU in GiB.
const FAMILIES: &[(&str, u32)] = &[
    ("c5", 2),
    ("c6a", 2),
    ("c6g", 2),
    ("c6i", 2),
    ("c7a", 2),
    ("c7g", 2),
    ("c7i", 2),
    ("m5", 4),
    ("m6a", 4),
    ("m6g", 4),
    ("m6i", 4),
    ("m7a", 4),
    ("m7g", 4),
    ("m7i", 4),
    ("r5", 8),
    ("r6a", 8),
    ("r6g", 8),
    ("r6i", 8),
    ("r7a", 8),
    ("r7g", 8),
    ("r7i", 8),
];

/// Sizes shared by those families: vCPUs and ENIs.
const SIZES: &[(&str, u32, u32)] = &[
    ("large", 2, 3),
    ("xlarge", 4, 4),
    ("2xlarge", 8, 4),
    ("4xlarge", 16, 8),
    ("8xlarge", 32, 8),
    ("12xlarge", 48, 8),
    ("16xlarge", 64, 15),
    ("24xlarge", 96, 15),
];

/// Burstable types (`t3`, `t3a`, `t4g` share them): size, vCPUs, memory MiB, ENIs.
const BURSTABLE: &[(&str, u32, u32, u32)] = &[
    ("nano", 2, 512, 2),
    ("micro", 2, 1024, 2),
    ("small", 2, 2048, 3),
    ("medium", 2, 4096, 3),
    ("large", 2, 8192, 3),
    ("xlarge", 4, 16384, 4),
    ("2xlarge", 8, 32768, 4),
];

/// The resources of `name` (e.g. `c6i.large`), if it is in the table.
pub fn lookup(name: &str) -> Option<InstanceType> {
    let (family, size) = name.split_once('.')?;
    if matches!(family, "t3" | "t3a" | "t4g") {
        return BURSTABLE.iter().find(|(s, ..)| *s == size).map(
            |&(_, vcpus, memory_mib, max_enis)| InstanceType {
                vcpus,
                memory_mib,
                max_enis,
            },
        );
    }
    let (_, gib_per_vcpu) = FAMILIES.iter().find(|(f, _)| *f == family)?;
    let (_, vcpus, max_enis) = SIZES.iter().find(|(s, ..)| *s == size)?;
    Some(InstanceType {
        vcpus: *vcpus,
        memory_mib: vcpus * gib_per_vcpu * 1024,
        max_enis: *max_enis,
    })
}

impl InstanceType {
    /// How many awsvpc tasks of `cpu` units and `memory` MiB fit on one instance: the least of
    /// what CPU, memory and ENIs allow (each task takes an ENI; the instance keeps its
    /// primary one; ENI trunking is not assumed).
    pub fn tasks(&self, cpu: u32, memory: u32) -> u32 {
        let by_cpu = (self.vcpus * 1024) / cpu.max(1);
        let by_memory = self.memory_mib / memory.max(1);
        let by_eni = self.max_enis.saturating_sub(1);
        by_cpu.min(by_memory).min(by_eni)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_types_and_task_counts() {
        let c6i = lookup("c6i.large").unwrap();
        assert_eq!((c6i.vcpus, c6i.memory_mib, c6i.max_enis), (2, 4096, 3));
        // 2 vCPUs hold 4 tasks of 512 units and 4 GiB hold 4 of 1 GiB, but 3 ENIs allow 2.
        assert_eq!(c6i.tasks(512, 1024), 2);
        let r6i = lookup("r6i.xlarge").unwrap();
        assert_eq!(r6i.tasks(2048, 16384), 2);
        assert_eq!(lookup("t3.micro").unwrap().tasks(256, 512), 1);
        assert_eq!(lookup("x2iedn.xlarge"), None);
        assert_eq!(lookup("c6i"), None);
    }
}
