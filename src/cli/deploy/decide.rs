//! What to do with a stack given the status CloudFormation reports for it, so that re-running a
//! deploy after an interruption (or a failure) picks up where it stopped.

/// The next step for one stack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// No stack yet (or one only reviewed, `REVIEW_IN_PROGRESS`): a `CREATE` change set.
    Create,
    /// A stack in a stable state: an `UPDATE` change set (empty when it is up to date).
    Update,
    /// A failed first create left `ROLLBACK_COMPLETE`: such a stack can only be deleted, so it is
    /// deleted (after confirmation) and created anew.
    Recreate,
    /// CloudFormation is still working on it (e.g. a deploy interrupted here): wait, then decide.
    Wait,
    /// A state a deploy must not touch; the message says why.
    Refuse(String),
}

/// The action for a stack whose status is `status` (`None`: no such stack).
pub fn action(status: Option<&str>) -> Action {
    let Some(status) = status else {
        return Action::Create;
    };
    match status {
        "REVIEW_IN_PROGRESS" | "DELETE_COMPLETE" => Action::Create,
        "ROLLBACK_COMPLETE" => Action::Recreate,
        s if s.ends_with("_IN_PROGRESS") => Action::Wait,
        "UPDATE_ROLLBACK_FAILED" => Action::Refuse(
            "is in `UPDATE_ROLLBACK_FAILED`: continue the rollback (`aws cloudformation continue-update-rollback`), then deploy again".to_owned(),
        ),
        s if s.ends_with("_FAILED") => Action::Refuse(format!(
            "is in `{s}`: look at its events, fix or delete it, then deploy again"
        )),
        _ => Action::Update,
    }
}

/// Whether a stack status is the end of a successful create or update.
pub fn succeeded(status: &str) -> bool {
    matches!(
        status,
        "CREATE_COMPLETE" | "UPDATE_COMPLETE" | "IMPORT_COMPLETE"
    )
}

/// Whether CloudFormation is still working on the stack.
pub fn in_progress(status: &str) -> bool {
    status.ends_with("_IN_PROGRESS")
}

/// The failure reasons of a change set that mean "nothing to change" rather than an error.
pub fn no_changes(reason: &str) -> bool {
    reason.contains("didn't contain changes") || reason.contains("No updates are to be performed")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_actions() {
        assert_eq!(action(None), Action::Create);
        assert_eq!(action(Some("REVIEW_IN_PROGRESS")), Action::Create);
        assert_eq!(action(Some("CREATE_COMPLETE")), Action::Update);
        assert_eq!(action(Some("UPDATE_ROLLBACK_COMPLETE")), Action::Update);
        assert_eq!(action(Some("ROLLBACK_COMPLETE")), Action::Recreate);
        assert_eq!(action(Some("UPDATE_IN_PROGRESS")), Action::Wait);
        assert_eq!(action(Some("CREATE_IN_PROGRESS")), Action::Wait);
        assert!(
            matches!(action(Some("UPDATE_ROLLBACK_FAILED")), Action::Refuse(m) if m.contains("continue-update-rollback"))
        );
        assert!(
            matches!(action(Some("DELETE_FAILED")), Action::Refuse(m) if m.contains("`DELETE_FAILED`"))
        );
    }

    #[test]
    fn empty_change_sets_are_told_from_failed_ones() {
        assert!(no_changes(
            "The submitted information didn't contain changes. Submit different information to create a change set."
        ));
        assert!(no_changes("No updates are to be performed."));
        assert!(!no_changes(
            "Template format error: Unresolved resource dependencies [X]"
        ));
        assert!(succeeded("UPDATE_COMPLETE"));
        assert!(!succeeded("UPDATE_ROLLBACK_COMPLETE"));
    }
}
