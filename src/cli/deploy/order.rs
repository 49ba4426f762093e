//! Which stacks may start next: in manifest order, once every stack they depend on is done,
//! at most `limit` at a time, and nothing new once one has failed.

/// Where one stack of a deploy is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Waiting,
    Running,
    /// Deployed, or already up to date.
    Done,
    Failed,
}

/// The indexes of the stacks to start now, in manifest order. `depends_on[i]` names the stacks
/// stack `i` needs; a name that is not among `names` is outside this deploy (another region,
/// or deployed before) and does not hold anything up.
pub fn ready(
    names: &[&str],
    depends_on: &[&[String]],
    states: &[State],
    limit: usize,
) -> Vec<usize> {
    if states.contains(&State::Failed) {
        return Vec::new();
    }
    let running = states.iter().filter(|s| **s == State::Running).count();
    let done = |name: &str| {
        names
            .iter()
            .position(|n| *n == name)
            .is_none_or(|i| states[i] == State::Done)
    };
    (0..names.len())
        .filter(|&i| states[i] == State::Waiting && depends_on[i].iter().all(|d| done(d)))
        .take(limit.max(1).saturating_sub(running))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use State::{Done, Failed, Running, Waiting};

    fn deps(lists: &[&[&str]]) -> Vec<Vec<String>> {
        lists
            .iter()
            .map(|l| l.iter().map(|s| (*s).to_owned()).collect())
            .collect()
    }

    fn run(states: &[State], limit: usize) -> Vec<usize> {
        let names = ["env", "web", "api", "worker"];
        let deps = deps(&[&[], &["env"], &["env"], &["env", "api"]]);
        let deps: Vec<&[String]> = deps.iter().map(Vec::as_slice).collect();
        ready(&names, &deps, states, limit)
    }

    #[test]
    fn the_environment_stack_goes_first_alone() {
        assert_eq!(run(&[Waiting; 4], 4), [0]);
        assert_eq!(
            run(&[Running, Waiting, Waiting, Waiting], 4),
            Vec::<usize>::new()
        );
    }

    #[test]
    fn stacks_whose_dependencies_are_done_go_in_parallel_up_to_the_limit() {
        assert_eq!(run(&[Done, Waiting, Waiting, Waiting], 4), [1, 2]);
        assert_eq!(run(&[Done, Waiting, Waiting, Waiting], 1), [1]);
        assert_eq!(run(&[Done, Running, Waiting, Waiting], 2), [2]);
        assert_eq!(
            run(&[Done, Running, Running, Waiting], 2),
            Vec::<usize>::new()
        );
        assert_eq!(run(&[Done, Running, Done, Waiting], 2), [3]);
    }

    #[test]
    fn nothing_new_starts_after_a_failure() {
        assert_eq!(
            run(&[Done, Failed, Waiting, Waiting], 4),
            Vec::<usize>::new()
        );
        assert_eq!(
            run(&[Done, Failed, Running, Waiting], 4),
            Vec::<usize>::new()
        );
    }

    #[test]
    fn a_dependency_outside_the_deploy_holds_nothing_up() {
        let names = ["web"];
        let deps = deps(&[&["env-in-another-region"]]);
        let deps: Vec<&[String]> = deps.iter().map(Vec::as_slice).collect();
        assert_eq!(ready(&names, &deps, &[Waiting], 4), [0]);
    }
}
