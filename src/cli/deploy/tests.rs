//! The orchestration of plan, deploy and status against a fake CloudFormation: ordering,
//! failures, resuming, recreating, confirming, and large templates (no AWS, no clock).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use super::cloud::{Change, ChangeSetRequest, Cloud, Drift, Event, Prepared, StackState, Template};
use super::deploy::{self, Outcome};
use super::plan;
use super::progress::Console;
use super::status::{self, TemplateMatch};
use super::targets::Target;

/// A CloudFormation whose operations are seen in progress once, then settled at the next poll.
#[derive(Default)]
struct Fake {
    /// Stacks already seen in progress (settled at their next poll).
    polled: Mutex<BTreeSet<String>>,
    /// Status by stack name (one region is enough here).
    stacks: Mutex<BTreeMap<String, String>>,
    /// Stacks whose change sets are empty.
    up_to_date: BTreeSet<String>,
    /// Stacks whose deploy fails, with the failing resource's reason.
    failing: BTreeMap<String, String>,
    events: Mutex<BTreeMap<String, Vec<Event>>>,
    /// Every call, in order: `verb stack`.
    log: Mutex<Vec<String>>,
}

impl Fake {
    fn with(stacks: &[(&str, &str)]) -> Self {
        Self {
            stacks: Mutex::new(
                stacks
                    .iter()
                    .map(|(n, s)| ((*n).to_owned(), (*s).to_owned()))
                    .collect(),
            ),
            ..Self::default()
        }
    }

    fn record(&self, line: String) {
        self.log.lock().unwrap().push(line);
    }

    fn log(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }

    fn event(&self, stack: &str, logical_id: &str, status: &str, reason: Option<&str>) {
        let mut events = self.events.lock().unwrap();
        let list = events.entry(stack.to_owned()).or_default();
        let id = format!("{stack}-{}", list.len());
        list.insert(
            0,
            Event {
                id,
                logical_id: logical_id.to_owned(),
                resource_type: if logical_id == stack {
                    "AWS::CloudFormation::Stack".to_owned()
                } else {
                    "AWS::ECS::Service".to_owned()
                },
                status: status.to_owned(),
                reason: reason.map(str::to_owned),
            },
        );
    }
}

impl Cloud for Fake {
    fn stack(&self, _region: &str, name: &str) -> Result<Option<StackState>, String> {
        let mut stacks = self.stacks.lock().unwrap();
        let Some(status) = stacks.get(name).cloned() else {
            return Ok(None);
        };
        if status.ends_with("_IN_PROGRESS")
            && status != "REVIEW_IN_PROGRESS"
            && self.polled.lock().unwrap().insert(name.to_owned())
        {
            return Ok(Some(StackState {
                status,
                reason: None,
                parameters: BTreeMap::new(),
            }));
        }
        self.polled.lock().unwrap().remove(name);
        // Whatever was in progress ends now.
        let settled = match status.as_str() {
            "CREATE_IN_PROGRESS" if self.failing.contains_key(name) => "ROLLBACK_COMPLETE",
            "UPDATE_IN_PROGRESS" if self.failing.contains_key(name) => "UPDATE_ROLLBACK_COMPLETE",
            "CREATE_IN_PROGRESS" => "CREATE_COMPLETE",
            "UPDATE_IN_PROGRESS" => "UPDATE_COMPLETE",
            "DELETE_IN_PROGRESS" => {
                stacks.remove(name);
                return Ok(None);
            }
            other => other,
        }
        .to_owned();
        if settled != status {
            drop(stacks);
            if let Some(reason) = self.failing.get(name) {
                self.event(name, "Service", "CREATE_FAILED", Some(reason));
                self.event(
                    name,
                    "Other",
                    "CREATE_FAILED",
                    Some("Resource creation cancelled"),
                );
            }
            self.event(name, name, &settled, None);
            stacks = self.stacks.lock().unwrap();
            stacks.insert(name.to_owned(), settled.clone());
        }
        Ok(Some(StackState {
            status: settled,
            reason: None,
            parameters: BTreeMap::from([("ImageTag".to_owned(), "old".to_owned())]),
        }))
    }

    fn prepare_change_set(&self, r: &ChangeSetRequest<'_>) -> Result<Prepared, String> {
        let kind = if r.create { "create" } else { "update" };
        let how = match &r.template {
            Template::Body(_) => "body".to_owned(),
            Template::Url(url) => url.clone(),
        };
        self.record(format!("change set {kind} {} {how}", r.stack));
        let id = format!("{}:{}", r.stack, r.name);
        if r.create {
            self.stacks
                .lock()
                .unwrap()
                .insert(r.stack.to_owned(), "REVIEW_IN_PROGRESS".to_owned());
        }
        if self.up_to_date.contains(r.stack) && !r.create {
            return Ok(Prepared::Failed {
                id,
                reason: "The submitted information didn't contain changes. Submit different information to create a change set.".into(),
            });
        }
        Ok(Prepared::Ready {
            id,
            changes: vec![Change {
                action: if r.create { "Add" } else { "Modify" }.to_owned(),
                logical_id: "Service".to_owned(),
                resource_type: "AWS::ECS::Service".to_owned(),
                replacement: (!r.create).then(|| "False".to_owned()),
            }],
        })
    }

    fn execute_change_set(&self, _region: &str, id: &str) -> Result<(), String> {
        let stack = id.split(':').next().unwrap_or_default().to_owned();
        self.record(format!("execute {stack}"));
        let mut stacks = self.stacks.lock().unwrap();
        let next = if stacks.get(&stack).map(String::as_str) == Some("REVIEW_IN_PROGRESS") {
            "CREATE_IN_PROGRESS"
        } else {
            "UPDATE_IN_PROGRESS"
        };
        stacks.insert(stack, next.to_owned());
        Ok(())
    }

    fn delete_change_set(&self, _region: &str, id: &str) -> Result<(), String> {
        self.record(format!(
            "delete change set {}",
            id.split(':').next().unwrap_or_default()
        ));
        Ok(())
    }

    fn delete_stack(&self, _region: &str, name: &str) -> Result<(), String> {
        self.record(format!("delete stack {name}"));
        self.stacks
            .lock()
            .unwrap()
            .insert(name.to_owned(), "DELETE_IN_PROGRESS".to_owned());
        Ok(())
    }

    fn events(&self, _region: &str, name: &str) -> Result<Vec<Event>, String> {
        Ok(self
            .events
            .lock()
            .unwrap()
            .get(name)
            .cloned()
            .unwrap_or_default())
    }

    fn template(&self, _region: &str, name: &str) -> Result<String, String> {
        Ok(if name.ends_with("web") {
            "{\"Resources\": {}}".to_owned()
        } else {
            template(name)
        })
    }

    fn drift(&self, _region: &str, name: &str) -> Result<Vec<Drift>, String> {
        if name.ends_with("api") {
            return Err("drift detection is not supported here".to_owned());
        }
        Ok(vec![Drift {
            logical_id: "Service".to_owned(),
            resource_type: "AWS::ECS::Service".to_owned(),
            status: "IN_SYNC".to_owned(),
        }])
    }

    fn upload(&self, _region: &str, key: &str, _body: &str) -> Result<String, String> {
        self.record(format!("upload {key}"));
        Ok(format!("https://bucket.s3.us-east-1.amazonaws.com/{key}"))
    }

    fn pause(&self) {}
}

/// Answers every question the same way and remembers them.
struct Answer {
    yes: bool,
    questions: Mutex<Vec<String>>,
    lines: Mutex<Vec<String>>,
}

impl Answer {
    fn new(yes: bool) -> Self {
        Self {
            yes,
            questions: Mutex::new(Vec::new()),
            lines: Mutex::new(Vec::new()),
        }
    }
}

impl Console for Answer {
    fn confirm(&self, summary: &str, question: &str) -> bool {
        self.questions
            .lock()
            .unwrap()
            .push(format!("{summary}{question}"));
        self.yes
    }

    fn progress(&self, stack: &str, text: &str) {
        self.lines.lock().unwrap().push(format!("{stack}: {text}"));
    }

    fn finish(&self, stack: &str, line: &str) {
        self.lines.lock().unwrap().push(format!("{stack}: {line}"));
    }
}

fn template(name: &str) -> String {
    format!(
        "{{\"Description\": \"{name}\", \"Resources\": {{\"Service\": {{\"Type\": \"AWS::ECS::Service\"}}}}}}"
    )
}

/// `hello-dev`, then `web` and `api` (both on the environment), then `worker` (on `api`).
fn targets() -> Vec<Target> {
    let stack = |name: &str, depends_on: &[&str]| Target {
        app: "hello".into(),
        name: name.into(),
        region: "us-east-1".into(),
        template: template(name),
        parameters: BTreeMap::from([("ImageTag".to_owned(), "new".to_owned())]),
        tags: BTreeMap::new(),
        capabilities: vec!["CAPABILITY_IAM".into()],
        depends_on: depends_on.iter().map(|d| (*d).to_owned()).collect(),
    };
    vec![
        stack("hello-dev", &[]),
        stack("hello-dev-web", &["hello-dev"]),
        stack("hello-dev-api", &["hello-dev"]),
        stack("hello-dev-worker", &["hello-dev-api"]),
    ]
}

fn options(yes: bool, concurrency: usize) -> deploy::Options {
    deploy::Options {
        yes,
        concurrency,
        run: "fleetform-1".into(),
    }
}

fn position(log: &[String], line: &str) -> usize {
    log.iter()
        .position(|l| l == line)
        .unwrap_or_else(|| panic!("no `{line}` in {log:#?}"))
}

#[test]
fn new_stacks_are_created_in_dependency_order() {
    let fake = Fake::default();
    let outcomes = deploy::deploy(&fake, &Answer::new(true), &targets(), &options(true, 4));
    assert_eq!(
        outcomes,
        vec![Outcome::Deployed("CREATE_COMPLETE".into()); 4]
    );
    let log = fake.log();
    let env_done = position(&log, "execute hello-dev");
    assert!(env_done < position(&log, "change set create hello-dev-web body"));
    assert!(env_done < position(&log, "change set create hello-dev-api body"));
    assert!(
        position(&log, "execute hello-dev-api")
            < position(&log, "change set create hello-dev-worker body")
    );
}

#[test]
fn a_failed_stack_reports_its_resources_reason_and_stops_the_rest() {
    let fake = Fake {
        failing: BTreeMap::from([(
            "hello-dev-api".to_owned(),
            "Resource handler returned message: \"boom\"".to_owned(),
        )]),
        ..Fake::default()
    };
    let outcomes = deploy::deploy(&fake, &Answer::new(true), &targets(), &options(true, 1));
    assert_eq!(outcomes[0], Outcome::Deployed("CREATE_COMPLETE".into()));
    assert_eq!(outcomes[1], Outcome::Deployed("CREATE_COMPLETE".into()));
    assert_eq!(
        outcomes[2],
        Outcome::Failed(vec![
            "Service (AWS::ECS::Service): CREATE_FAILED: Resource handler returned message: \"boom\"".into()
        ])
    );
    assert_eq!(outcomes[3], Outcome::NotStarted);
    assert!(!fake.log().iter().any(|l| l.contains("worker")));
}

#[test]
fn a_rerun_skips_up_to_date_stacks_and_waits_for_one_still_in_progress() {
    let fake = Fake {
        up_to_date: ["hello-dev".to_owned(), "hello-dev-web".to_owned()].into(),
        ..Fake::with(&[
            ("hello-dev", "CREATE_COMPLETE"),
            ("hello-dev-web", "UPDATE_COMPLETE"),
            ("hello-dev-api", "UPDATE_IN_PROGRESS"),
        ])
    };
    let console = Answer::new(true);
    let outcomes = deploy::deploy(&fake, &console, &targets(), &options(true, 2));
    assert_eq!(
        outcomes,
        [
            Outcome::UpToDate,
            Outcome::UpToDate,
            Outcome::Deployed("UPDATE_COMPLETE".into()),
            Outcome::Deployed("CREATE_COMPLETE".into()),
        ]
    );
    let lines = console.lines.lock().unwrap().clone();
    assert!(
        lines.contains(&"hello-dev-api: waiting for UPDATE_IN_PROGRESS to end".to_owned()),
        "{lines:?}"
    );
    let log = fake.log();
    assert!(log.contains(&"delete change set hello-dev".to_owned()));
    assert!(!log.contains(&"execute hello-dev".to_owned()));
    assert!(log.contains(&"change set update hello-dev-api body".to_owned()));
}

#[test]
fn a_stack_left_in_rollback_complete_is_deleted_and_created_again_once_confirmed() {
    let fake = Fake::with(&[("hello-dev", "ROLLBACK_COMPLETE")]);
    let outcomes = deploy::deploy(
        &fake,
        &Answer::new(true),
        &targets()[..1],
        &options(false, 1),
    );
    assert_eq!(outcomes, [Outcome::Deployed("CREATE_COMPLETE".into())]);
    let log = fake.log();
    assert!(
        position(&log, "delete stack hello-dev")
            < position(&log, "change set create hello-dev body")
    );

    let fake = Fake::with(&[("hello-dev", "ROLLBACK_COMPLETE")]);
    let console = Answer::new(false);
    let outcomes = deploy::deploy(&fake, &console, &targets(), &options(false, 4));
    assert_eq!(outcomes[0], Outcome::Declined);
    assert_eq!(outcomes[1], Outcome::NotStarted);
    assert!(fake.log().is_empty(), "{:?}", fake.log());
    assert!(console.questions.lock().unwrap()[0].contains("ROLLBACK_COMPLETE"));
}

#[test]
fn a_change_not_confirmed_is_not_deployed_and_leaves_nothing_behind() {
    let fake = Fake::default();
    let console = Answer::new(false);
    let outcomes = deploy::deploy(&fake, &console, &targets()[..1], &options(false, 1));
    assert_eq!(outcomes, [Outcome::Declined]);
    assert_eq!(
        fake.log(),
        [
            "change set create hello-dev body",
            "delete change set hello-dev",
            "delete stack hello-dev"
        ]
    );
    let question = &console.questions.lock().unwrap()[0];
    assert!(
        question.contains("+ Service AWS::ECS::Service"),
        "{question}"
    );
    assert!(question.ends_with("deploy `hello-dev`?"), "{question}");
}

#[test]
fn progress_tells_each_event() {
    let fake = Fake::default();
    let console = Answer::new(true);
    deploy::deploy(&fake, &console, &targets()[..1], &options(true, 1));
    let lines = console.lines.lock().unwrap().clone();
    assert!(
        lines.contains(
            &"hello-dev: hello-dev AWS::CloudFormation::Stack CREATE_COMPLETE".to_owned()
        ),
        "{lines:?}"
    );
    assert_eq!(
        lines.last().map(String::as_str),
        Some("hello-dev: CREATE_COMPLETE")
    );
}

#[test]
fn templates_over_51200_bytes_go_through_s3() {
    let fake = Fake::default();
    let mut big = targets().remove(0);
    big.template = format!("{{\"Description\": \"{}\"}}", "x".repeat(51_200));
    deploy::deploy(&fake, &Answer::new(true), &[big], &options(true, 1));
    assert_eq!(
        fake.log()[..2],
        [
            "upload hello/hello-dev/fleetform-1.json",
            "change set create hello-dev https://bucket.s3.us-east-1.amazonaws.com/hello/hello-dev/fleetform-1.json"
        ]
    );
}

#[test]
fn plan_lists_a_new_stacks_resources_and_deletes_the_change_sets_it_made() {
    let fake = Fake {
        up_to_date: ["hello-dev-web".to_owned()].into(),
        ..Fake::with(&[
            ("hello-dev", "UPDATE_COMPLETE"),
            ("hello-dev-web", "CREATE_COMPLETE"),
        ])
    };
    let plans = plan::plan(&fake, &targets()[..3], "fleetform-1");
    assert_eq!(plans[0].changes[0].action, "Modify");
    assert_eq!(plans[0].parameters[0].new.as_deref(), Some("new"));
    assert!(plans[1].changes.is_empty() && !plans[1].has_changes());
    assert!(plans[2].new_stack);
    assert_eq!(plans[2].changes[0].logical_id, "Service");
    assert_eq!(
        fake.log(),
        [
            "change set update hello-dev body",
            "delete change set hello-dev",
            "change set update hello-dev-web body",
            "delete change set hello-dev-web"
        ]
    );
}

#[test]
fn status_tells_deployed_templates_apart_and_survives_no_drift_detection() {
    let fake = Fake::with(&[
        ("hello-dev", "CREATE_COMPLETE"),
        ("hello-dev-web", "UPDATE_COMPLETE"),
        ("hello-dev-api", "UPDATE_COMPLETE"),
    ]);
    let statuses = status::status(&fake, &targets());
    assert_eq!(statuses[0].template, TemplateMatch::Equal);
    assert!(statuses[0].drifted.is_empty() && statuses[0].drift_error.is_none());
    assert_eq!(statuses[1].template, TemplateMatch::Differs);
    assert!(statuses[2].drift_error.is_some());
    assert_eq!(statuses[3].template, TemplateMatch::NotDeployed);
    assert_eq!(status::exit_code(&statuses), 1);
    assert_eq!(status::exit_code(&statuses[..1]), 0);
}

#[test]
fn plan_takes_a_stack_in_rollback_complete_for_a_new_one() {
    let fake = Fake::with(&[("hello-dev", "ROLLBACK_COMPLETE")]);
    let plans = plan::plan(&fake, &targets()[..1], "fleetform-1");
    assert!(plans[0].new_stack);
    assert!(fake.log().is_empty(), "{:?}", fake.log());
}
