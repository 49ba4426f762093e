use super::*;

fn canon(text: &str) -> String {
    canonical(&parse(text).unwrap_or_else(|e| panic!("{text}: {e:?}")))
}

fn err(text: &str) -> (String, String) {
    let e = parse(text).expect_err(text);
    (e.message, text[e.at.0..e.at.1].to_owned())
}

#[test]
fn documented_examples_parse_and_print_canonically() {
    assert_eq!(
        canon("attribute:ecs.instance-type == t2.small"),
        "attribute:ecs.instance-type == t2.small"
    );
    assert_eq!(
        canon("attribute:ecs.availability-zone in [us-east-1a,us-east-1b]"),
        "attribute:ecs.availability-zone in [us-east-1a, us-east-1b]"
    );
    assert_eq!(
        canon(
            "attribute:ecs.instance-type =~ g2.*   and attribute:ecs.availability-zone != us-east-1d"
        ),
        "attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d"
    );
    assert_eq!(
        canon("task:group == service:production"),
        "task:group == service:production"
    );
    assert_eq!(
        canon("not(task:group == database)"),
        "not(task:group == database)"
    );
    assert_eq!(canon("runningTasksCount == 1"), "runningTasksCount == 1");
    assert_eq!(canon("agentVersion < 1.14.5"), "agentVersion < 1.14.5");
    assert_eq!(
        canon("registeredAt < 2018-02-13"),
        "registeredAt < 2018-02-13"
    );
    assert_eq!(
        canon("ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']"),
        "ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']"
    );
}

#[test]
fn word_operators_and_booleans_become_symbols() {
    assert_eq!(
        canon("attribute:a equals x && attribute:b not_in [y] || ! attribute:c exists"),
        "attribute:a == x and attribute:b !in [y] or not(attribute:c exists)"
    );
    assert_eq!(
        canon("(attribute:a==x or attribute:b!=y)and attribute:c !exists"),
        "(attribute:a == x or attribute:b != y) and attribute:c !exists"
    );
    assert_eq!(
        canon("attribute:a not_matches \"it's\""),
        "attribute:a !~ \"it's\""
    );
    assert_eq!(canon("attribute:a!in[x]"), "attribute:a !in [x]");
}

#[test]
fn and_binds_tighter_than_or() {
    let e = parse("attribute:a == 1 or attribute:b == 2 and attribute:c == 3").unwrap();
    let Expr::Or(items) = e else {
        panic!("not an or: {e:?}")
    };
    assert!(matches!(items[1], Expr::And(_)));
}

#[test]
fn interpolation_stays_inside_its_word() {
    let text = "attribute:ecs.availability-zone in [{{ region }}a, {{region}}b]";
    let e = parse(text).unwrap();
    let c = comparisons(&e)[0];
    assert_eq!(c.args[0].text, "{{ region }}a");
    assert_eq!(&text[c.args[1].at.0..c.args[1].at.1], "{{region}}b");
    assert_eq!(
        canonical(&e),
        "attribute:ecs.availability-zone in [{{ region }}a, {{region}}b]"
    );
}

#[test]
fn errors_point_at_the_problem() {
    assert_eq!(
        err("attribute:stack = prod"),
        (
            "`=` is not an operator in placement expressions".to_owned(),
            "=".to_owned()
        )
    );
    assert_eq!(err("atribute:stack == prod").1, "atribute:stack");
    assert_eq!(
        parse("atribute:stack == prod").unwrap_err().help,
        "did you mean `attribute:stack`?"
    );
    assert_eq!(
        parse("agentVersoin < 1").unwrap_err().help,
        "did you mean `agentVersion`?"
    );
    assert_eq!(err("attribute:stack == prod and").1, "d");
    assert_eq!(err("(attribute:stack == prod").1, "(");
    assert_eq!(err("attribute:stack in prod").1, "prod");
    assert_eq!(err("attribute:stack in []").1, "]");
    assert_eq!(err("attribute:stack in [a b]").1, "b");
    assert_eq!(err("attribute:stack == [a]").1, "[");
    assert_eq!(err("attribute:stack prod").1, "prod");
    assert_eq!(err("attribute:stack == 'prod").1, "'");
    assert_eq!(err("attribute:stack == a b").1, "b");
    assert_eq!(err("ec2InstanceId > i-1").1, ">");
    assert_eq!(err("agentVersion =~ 1.*").1, "=~");
    assert_eq!(err("agentVersion exists").1, "exists");
    assert_eq!(err("attribute: == a").1, "attribute:");
    assert_eq!(err("   ").0, "empty placement expression");
    assert_eq!(err("attribute:a == b)").1, ")");
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let text = format!("{}attribute:a == b{}", "(".repeat(5000), ")".repeat(5000));
    assert!(parse(&text).unwrap_err().message.contains("nests deeper"));
    let nots = format!("{}attribute:a == b", "not ".repeat(5000));
    assert!(parse(&nots).is_err());
    let ok = format!("{}attribute:a == b{}", "(".repeat(10), ")".repeat(10));
    assert!(parse(&ok).is_ok());
}

#[test]
fn canonical_form_is_a_fixed_point() {
    for text in [
        "attribute:a==x and(attribute:b in[1,2]or not attribute:c exists)",
        "task:group != 'a b' || attribute:x =~ \"c6[gi]\\..*\"",
    ] {
        let once = canon(text);
        assert_eq!(canon(&once), once, "{text}");
    }
}

#[test]
fn no_panic_on_arbitrary_text() {
    use proptest::prelude::*;
    let mut runner = proptest::test_runner::TestRunner::default();
    let chars = "[a-z:.=!~<>&|()\\[\\],'\" {}é*-]{0,40}";
    runner
        .run(&chars, |text| {
            if let Ok(e) = parse(&text) {
                let printed = canonical(&e);
                prop_assert_eq!(canonical(&parse(&printed).unwrap()), printed);
            } else if let Err(e) = parse(&text) {
                prop_assert!(e.at.0 <= e.at.1 && e.at.1 <= text.len());
                prop_assert!(text.is_char_boundary(e.at.0) && text.is_char_boundary(e.at.1));
            }
            Ok(())
        })
        .unwrap();
}
