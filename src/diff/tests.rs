use serde_json::json;

use super::*;

fn stack(env: &str, region: &str, name: &str, role: &str, template: &Value) -> LoadedStack {
    LoadedStack {
        env: env.into(),
        region: region.into(),
        name: name.into(),
        role: role.into(),
        path: format!("app/{env}/{region}/{name}.json"),
        template: canonicalize(template),
        config: None,
    }
}

fn service(props: &Value) -> Value {
    json!({"Resources": {"Service": {"Type": "AWS::ECS::Service", "Properties": props}}})
}

#[test]
fn changed_properties_are_listed_and_create_only_ones_replace() {
    let a = stack(
        "p",
        "us-east-1",
        "app-p-web",
        "web",
        &service(&json!({"DesiredCount": 1, "ServiceName": "a"})),
    );
    let b = stack(
        "p",
        "us-east-1",
        "app-p-web",
        "web",
        &service(&json!({"DesiredCount": 2, "ServiceName": "b"})),
    );
    let report = compare(
        "a",
        "b",
        &pair_by_path(vec![a], vec![b]),
        &Expected::default(),
    );
    let r = &report.stacks[0].resources[0];
    assert_eq!(r.change, Change::Changed);
    assert_eq!(
        r.paths,
        [
            PathChange {
                path: "Properties.DesiredCount".into(),
                replacement: false
            },
            PathChange {
                path: "Properties.ServiceName".into(),
                replacement: true
            },
        ]
    );
    assert!(report.has_differences());
}

#[test]
fn added_and_removed_stacks_and_resources() {
    let a = stack("p", "us-east-1", "app-p-web", "web", &service(&json!({})));
    let b = stack("p", "us-east-1", "app-p-api", "api", &service(&json!({})));
    let report = compare(
        "a",
        "b",
        &pair_by_path(vec![a], vec![b]),
        &Expected::default(),
    );
    let changes: Vec<Change> = report.stacks.iter().map(|s| s.change).collect();
    assert_eq!(changes, [Change::Added, Change::Removed]);
    assert_eq!(report.stacks[0].resources[0].change, Change::Added);
}

#[test]
fn region_placeholders_hide_expected_differences() {
    let img = |r: &str, s: &str| {
        service(
            &json!({"Image": format!("1.dkr.ecr.{r}.{s}/x:1"), "Az": format!("{r}a"), "Arn": format!("arn:{}:s3:::b", if s.ends_with("cn") {"aws-cn"} else {"aws"})}),
        )
    };
    let a = stack(
        "p",
        "us-east-1",
        "app-p-web",
        "web",
        &img("us-east-1", "amazonaws.com"),
    );
    let b = stack(
        "p",
        "cn-north-1",
        "app-p-web",
        "web",
        &img("cn-north-1", "amazonaws.com.cn"),
    );
    let mut e = Expected::default();
    e.region_facts("us-east-1", "cn-north-1");
    e.sort();
    let report = compare(
        "a",
        "b",
        &pair_by_role(&[a], &[b], ("p", "us-east-1"), ("p", "cn-north-1")),
        &e,
    );
    let s = &report.stacks[0];
    assert_eq!(s.change, Change::Same, "{}", render_text(&report));
    assert_eq!(s.expected.len(), 3);
    assert!(!report.has_differences());
}

#[test]
fn unexpected_differences_remain() {
    let a = stack(
        "p",
        "us-east-1",
        "app-p-web",
        "web",
        &service(&json!({"Region": "us-east-1", "Count": 1})),
    );
    let b = stack(
        "p",
        "eu-west-1",
        "app-p-web",
        "web",
        &service(&json!({"Region": "eu-west-1", "Count": 2})),
    );
    let mut e = Expected::default();
    e.region_facts("us-east-1", "eu-west-1");
    e.sort();
    let report = compare(
        "a",
        "b",
        &pair_by_role(&[a], &[b], ("p", "us-east-1"), ("p", "eu-west-1")),
        &e,
    );
    let s = &report.stacks[0];
    assert_eq!(s.change, Change::Changed);
    assert_eq!(s.resources[0].paths[0].path, "Properties.Count");
    assert_eq!(s.expected[0].path, "Resources.Service.Properties.Region");
}

#[test]
fn environment_regions() {
    let r = |xs: &[&str]| xs.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let (a, b) = (r(&["eu-west-1", "us-east-1"]), r(&["us-east-1"]));
    assert_eq!(
        env_regions(("t", &a), ("p", &b), None).unwrap(),
        ("us-east-1".into(), "us-east-1".into())
    );
    let c = r(&["ap-south-1"]);
    assert_eq!(
        env_regions(("t", &a), ("p", &c), None).unwrap(),
        ("eu-west-1".into(), "ap-south-1".into())
    );
    assert!(env_regions(("t", &a), ("p", &c), Some("us-east-1")).is_err());
}

#[test]
fn load_names_roles() {
    let mut files = BTreeMap::new();
    files.insert("app/p/us-east-1/app-p.json".to_owned(), "{}".to_owned());
    files.insert(
        "app/p/us-east-1/app-p-web.yaml".to_owned(),
        "Resources: {}\n".to_owned(),
    );
    files.insert(
        "app/p/us-east-1/app-p-web.config.json".to_owned(),
        "{\"Parameters\": {}}".to_owned(),
    );
    files.insert("app/manifest.json".to_owned(), "{}".to_owned());
    let stacks = load(&files, "app").unwrap();
    let roles: Vec<(&str, bool)> = stacks
        .iter()
        .map(|s| (s.role.as_str(), s.config.is_some()))
        .collect();
    assert_eq!(roles, [("web", true), ("environment", false)]);
}

fn web(region: &str, props: &Value) -> LoadedStack {
    stack("p", region, "app-p-web", "web", &service(props))
}

fn declared_report(pairs: &[StackPair], baseline: &[StackPair]) -> Report {
    let overrides = Overrides {
        baseline,
        a: None,
        b: Some("environments.p.overrides.eu-west-1"),
    };
    compare_declared("a", "b", pairs, &overrides, &Expected::default())
}

fn by_role(a: &[LoadedStack], b: &[LoadedStack]) -> Vec<StackPair> {
    pair_by_role(a, b, ("p", "us-east-1"), ("p", "eu-west-1"))
}

#[test]
fn only_what_the_baseline_lacks_is_declared() {
    // As built: Count and Name differ; without overrides only Name does.
    let pairs = by_role(
        &[web("us-east-1", &json!({"Count": 1, "Name": "a"}))],
        &[web("eu-west-1", &json!({"Count": 3, "Name": "b"}))],
    );
    let baseline = by_role(
        &[web("us-east-1", &json!({"Count": 1, "Name": "a"}))],
        &[web("eu-west-1", &json!({"Count": 1, "Name": "b"}))],
    );
    let report = declared_report(&pairs, &baseline);
    let s = &report.stacks[0];
    assert_eq!(s.change, Change::Changed);
    assert_eq!(s.resources[0].paths[0].path, "Properties.Name");
    assert_eq!(s.resources[0].paths.len(), 1);
    assert_eq!(
        s.declared,
        [DeclaredValue {
            path: "Resources.Service.Properties.Count".into(),
            a: "1".into(),
            b: "3".into(),
            by: vec!["environments.p.overrides.eu-west-1".into()],
        }]
    );
    assert!(report.has_differences());

    // With the same baseline Name, nothing unexpected is left.
    let baseline = by_role(
        &[web("us-east-1", &json!({"Count": 1, "Name": "a"}))],
        &[web("eu-west-1", &json!({"Count": 1, "Name": "a"}))],
    );
    let report = declared_report(&pairs, &baseline);
    assert_eq!(report.stacks[0].change, Change::Declared);
    assert_eq!(report.stacks[0].declared.len(), 2);
    assert!(!report.has_differences(), "{}", render_text(&report));
}

#[test]
fn overlapping_paths_stay_unexpected() {
    // The override lengthens a list whose first item already differs without overrides.
    let pairs = by_role(
        &[web("us-east-1", &json!({"Subnets": ["x"]}))],
        &[web("eu-west-1", &json!({"Subnets": ["y", "z"]}))],
    );
    let baseline = by_role(
        &[web("us-east-1", &json!({"Subnets": ["x"]}))],
        &[web("eu-west-1", &json!({"Subnets": ["y"]}))],
    );
    let report = declared_report(&pairs, &baseline);
    let s = &report.stacks[0];
    assert_eq!(s.change, Change::Changed);
    assert_eq!(s.resources[0].paths[0].path, "Properties.Subnets");
    assert!(s.declared.is_empty());
}

#[test]
fn a_stack_an_override_adds_is_declared_and_iam_rows_follow_their_paths() {
    let role = |actions: &[&str]| {
        json!({"Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {
            "Policies": [{"PolicyName": "p", "PolicyDocument": {"Statement": [
                {"Effect": "Allow", "Action": actions, "Resource": "*"}]}}]}}}})
    };
    let env =
        |region: &str, actions: &[&str]| stack("p", region, "app-p", "environment", &role(actions));
    let pairs = by_role(
        &[env("us-east-1", &["s3:GetObject"])],
        &[
            env("eu-west-1", &["s3:GetObject", "s3:PutObject"]),
            web("eu-west-1", &json!({})),
        ],
    );
    let baseline = by_role(
        &[env("us-east-1", &["s3:GetObject"])],
        &[env("eu-west-1", &["s3:GetObject"])],
    );
    let plain = compare("a", "b", &pairs, &Expected::default());
    assert_eq!(plain.stacks[0].iam_added.len(), 1);
    let report = declared_report(&pairs, &baseline);
    let changes: Vec<Change> = report.stacks.iter().map(|s| s.change).collect();
    assert_eq!(changes, [Change::Declared, Change::Declared]);
    assert!(report.stacks[0].iam_added.is_empty());
    assert_eq!(report.stacks[1].declared[0].path, "stack");
    assert_eq!(report.stacks[1].declared[0].a, "(none)");
    assert!(!report.has_differences(), "{}", render_text(&report));
    let json = render_json(&report);
    assert_eq!(json["differences"], false);
    assert_eq!(json["stacks"][1]["change"], "declared");
}

/// A designed difference hides only its property of its resource type: the same values
/// elsewhere, and a value the design does not give, still differ.
#[test]
fn designed_differences_hide_only_their_property() {
    let trail = |global: bool, other: bool| {
        json!({"Resources": {
            "AuditTrail": {"Type": "AWS::CloudTrail::Trail", "Properties": {"IncludeGlobalServiceEvents": global}},
            "Service": {"Type": "AWS::ECS::Service", "Properties": {"IncludeGlobalServiceEvents": other}}
        }})
    };
    let e = Expected {
        designed: vec![Designed {
            kind: "AWS::CloudTrail::Trail",
            property: "IncludeGlobalServiceEvents",
            a: Value::Bool(true),
            b: Value::Bool(false),
            placeholder: "{designed}",
        }],
        ..Expected::default()
    };
    let run = |a: &Value, b: &Value| {
        let a = stack("p", "us-east-1", "app-p", "environment", a);
        let b = stack("p", "eu-west-1", "app-p", "environment", b);
        compare(
            "a",
            "b",
            &pair_by_role(&[a], &[b], ("p", "us-east-1"), ("p", "eu-west-1")),
            &e,
        )
    };
    let designed = run(&trail(true, true), &trail(false, true));
    assert_eq!(designed.stacks[0].change, Change::Same);
    assert_eq!(
        designed.stacks[0].expected[0].path,
        "Resources.AuditTrail.Properties.IncludeGlobalServiceEvents"
    );
    // The other resource's property is not designed, nor the reverse of the design.
    assert!(run(&trail(true, true), &trail(false, false)).has_differences());
    assert!(run(&trail(false, true), &trail(true, true)).has_differences());
}

#[test]
fn security_changes_from_nothing_add_every_statement_and_rule_in_diffs_words() {
    let after = json!({"Resources": {
        "Role": {"Type": "AWS::IAM::Role", "Properties": {"ManagedPolicyArns": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]}},
        "Sg": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0"}]}}
    }});
    let changes = security_changes(&Value::Null, &after);
    assert!(changes.iam_removed.is_empty() && changes.rules_removed.is_empty());
    assert_eq!(
        changes.render_text(),
        "  IAM statements:\n    \
         + Role: managed policy arn:aws:iam::aws:policy/ReadOnlyAccess\n  \
         security group rules:\n    \
         + Sg: ingress tcp port 443 from 0.0.0.0/0\n"
    );
    assert!(security_changes(&after, &after).is_empty());
    assert_eq!(security_changes(&after, &after).render_text(), "");
}
