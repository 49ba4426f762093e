//! The two forms ECS runs a container health check in (`HealthCheck.Command`: the array starts
//! with `CMD`, to run the arguments directly, or `CMD-SHELL`, to run one string with the
//! container's shell), and how a blueprint's `health.command` maps onto them.
//!
//! A blueprint writes a shell string, or an argument list; users also copy Docker's own
//! `[CMD, …]` and `[CMD-SHELL, "…"]` forms from Dockerfiles and Compose files, so a leading `CMD`
//! or `CMD-SHELL` is understood rather than passed on as a program named `CMD` (which ECS would
//! fail to run, marking every task unhealthy). The importers write the plain forms, which
//! normalise to the same commands.

use crate::model::StringOrList;

/// A health-check command as ECS runs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HealthCommand<'a> {
    /// `["CMD", args…]`: the program and its arguments.
    Exec(&'a [String]),
    /// `["CMD-SHELL", text]`: one string for the container's shell.
    Shell(&'a str),
}

/// Why a `health.command` has no ECS form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HealthCommandError {
    /// Nothing to run: an empty string or list, a bare `[CMD]` or `[CMD-SHELL]`, or an empty
    /// program name.
    Empty,
    /// `[CMD-SHELL, …]` with more than one string after it; the suggestion joins them.
    ShellWords(String),
    /// Docker's `[NONE]`, which disables the image's check; ECS has no such form.
    Disabled,
}

/// The ECS form of a blueprint `health.command`.
pub fn normalise(command: &StringOrList) -> Result<HealthCommand<'_>, HealthCommandError> {
    match command {
        StringOrList::One(shell) if shell.trim().is_empty() => Err(HealthCommandError::Empty),
        StringOrList::One(shell) => Ok(HealthCommand::Shell(shell)),
        StringOrList::Many(words) => match words.as_slice() {
            [first, ..] if first == "NONE" => Err(HealthCommandError::Disabled),
            [first, shell] if first == "CMD-SHELL" && !shell.trim().is_empty() => {
                Ok(HealthCommand::Shell(shell))
            }
            [first, rest @ ..] if first == "CMD-SHELL" && rest.len() > 1 => {
                Err(HealthCommandError::ShellWords(rest.join(" ")))
            }
            [first, rest @ ..] if first == "CMD-SHELL" || first == "CMD" => exec(rest),
            all => exec(all),
        },
    }
}

fn exec(args: &[String]) -> Result<HealthCommand<'_>, HealthCommandError> {
    match args.first() {
        Some(program) if !program.trim().is_empty() => Ok(HealthCommand::Exec(args)),
        _ => Err(HealthCommandError::Empty),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(words: &[&str]) -> StringOrList {
        StringOrList::Many(words.iter().map(|w| (*w).to_owned()).collect())
    }

    fn args(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn a_docker_cmd_prefix_is_the_exec_form_not_a_program() {
        let plain = args(&["/app/orders", "healthcheck"]);
        assert_eq!(
            normalise(&list(&["CMD", "/app/orders", "healthcheck"])),
            Ok(HealthCommand::Exec(&plain))
        );
        // What the Compose and Copilot importers write for `[CMD, …]`.
        assert_eq!(
            normalise(&list(&["/app/orders", "healthcheck"])),
            Ok(HealthCommand::Exec(&plain))
        );
    }

    #[test]
    fn a_docker_cmd_shell_prefix_is_the_shell_form() {
        let shell = "curl -f http://localhost/ || exit 1";
        assert_eq!(
            normalise(&list(&["CMD-SHELL", shell])),
            Ok(HealthCommand::Shell(shell))
        );
        // What the importers write for `[CMD-SHELL, …]`.
        assert_eq!(
            normalise(&StringOrList::One(shell.to_owned())),
            Ok(HealthCommand::Shell(shell))
        );
    }

    #[test]
    fn commands_with_nothing_to_run_are_refused() {
        for bad in [
            list(&["CMD"]),
            list(&["CMD-SHELL"]),
            list(&["CMD-SHELL", " "]),
            list(&["CMD", ""]),
            list(&[""]),
            StringOrList::Many(Vec::new()),
            StringOrList::One("  ".to_owned()),
        ] {
            assert_eq!(normalise(&bad), Err(HealthCommandError::Empty), "{bad:?}");
        }
        assert_eq!(
            normalise(&list(&["CMD-SHELL", "curl", "-f", "localhost"])),
            Err(HealthCommandError::ShellWords(
                "curl -f localhost".to_owned()
            ))
        );
        assert_eq!(
            normalise(&list(&["NONE"])),
            Err(HealthCommandError::Disabled)
        );
    }
}
