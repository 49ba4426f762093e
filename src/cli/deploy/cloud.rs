//! What deploy, plan and status ask of CloudFormation (and S3), as plain data behind one trait:
//! the orchestration runs against [`super::aws::Aws`] in the product and against a fake in tests.

use std::collections::BTreeMap;

/// A deployed stack as `DescribeStacks` tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StackState {
    pub status: String,
    pub reason: Option<String>,
    /// The parameter values the stack was last deployed with.
    pub parameters: BTreeMap<String, String>,
}

/// Where CloudFormation reads a template from: inline up to 51,200 bytes, else an S3 URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Template {
    Body(String),
    Url(String),
}

/// One `CreateChangeSet` call.
#[derive(Debug, Clone)]
pub struct ChangeSetRequest<'a> {
    pub region: &'a str,
    pub stack: &'a str,
    /// The change set's name (unique per run).
    pub name: &'a str,
    /// `CREATE` (a new stack, or one in `REVIEW_IN_PROGRESS`) rather than `UPDATE`.
    pub create: bool,
    pub template: Template,
    pub parameters: &'a BTreeMap<String, String>,
    pub tags: &'a BTreeMap<String, String>,
    pub capabilities: &'a [String],
}

/// One resource change of a change set.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    /// `Add`, `Modify`, `Remove` (or `Import`, `Dynamic`).
    pub action: String,
    pub logical_id: String,
    pub resource_type: String,
    /// `True`, `False` or `Conditional` for a `Modify`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replacement: Option<String>,
}

/// A change set once CloudFormation has finished computing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prepared {
    Ready {
        id: String,
        changes: Vec<Change>,
    },
    /// Nothing to change: the stack is up to date.
    Empty {
        id: String,
    },
    Failed {
        id: String,
        reason: String,
    },
}

impl Prepared {
    pub fn id(&self) -> &str {
        match self {
            Self::Ready { id, .. } | Self::Empty { id } | Self::Failed { id, .. } => id,
        }
    }
}

/// One stack event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: String,
    pub logical_id: String,
    pub resource_type: String,
    pub status: String,
    pub reason: Option<String>,
}

/// The drift of one resource (`DetectStackDrift`, then `DescribeStackResourceDrifts`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Drift {
    pub logical_id: String,
    pub resource_type: String,
    /// `IN_SYNC`, `MODIFIED`, `DELETED` or `NOT_CHECKED`.
    pub status: String,
}

/// CloudFormation and S3 in the regions of a build. Every call is blocking; errors are messages
/// for people (the SDK's own, with the service's code).
pub trait Cloud: Sync {
    /// The stack, or `None` when there is none by that name.
    fn stack(&self, region: &str, name: &str) -> Result<Option<StackState>, String>;
    /// Creates a change set and waits until CloudFormation has computed it.
    fn prepare_change_set(&self, request: &ChangeSetRequest<'_>) -> Result<Prepared, String>;
    fn execute_change_set(&self, region: &str, id: &str) -> Result<(), String>;
    fn delete_change_set(&self, region: &str, id: &str) -> Result<(), String>;
    /// Starts deleting a stack.
    fn delete_stack(&self, region: &str, name: &str) -> Result<(), String>;
    /// The stack's events, newest first.
    fn events(&self, region: &str, name: &str) -> Result<Vec<Event>, String>;
    /// The deployed template's body (the original, as submitted).
    fn template(&self, region: &str, name: &str) -> Result<String, String>;
    /// Detects drift and returns each resource's.
    fn drift(&self, region: &str, name: &str) -> Result<Vec<Drift>, String>;
    /// Puts a template into the templates bucket of `region`; returns its URL.
    fn upload(&self, region: &str, key: &str, body: &str) -> Result<String, String>;
    /// Waits between two polls of something CloudFormation is doing.
    fn pause(&self);
}
