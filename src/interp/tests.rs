use std::collections::BTreeMap;

use super::*;

fn scope() -> Scope {
    let literals: BTreeMap<String, String> = [
        ("app", "shop"),
        ("env", "prod"),
        ("region", "eu-west-1"),
        ("partition", "aws"),
        ("url_suffix", "amazonaws.com"),
        ("team", "grocery"),
        ("price", "${5}"),
        ("html", "<b>&'\""),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let deploy_time = [("account", "AWS::AccountId"), ("tag", "ImageTag")]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    Scope {
        literals,
        deploy_time,
    }
}

fn codes(text: &str) -> Vec<&'static str> {
    check(text, &scope())
        .iter()
        .map(|e| e.code.as_str())
        .collect()
}

#[test]
fn literals_are_substituted_as_text() {
    let s = scope();
    assert!(check("{{app}}-{{ env }}/{{region}}", &s).is_empty());
    assert_eq!(
        render("{{app}}-{{ env }}/{{region}}", &s),
        Rendered::Literal("shop-prod/eu-west-1".to_owned())
    );
    assert_eq!(
        render("no names", &s),
        Rendered::Literal("no names".to_owned())
    );
}

#[test]
fn no_html_escaping() {
    assert_eq!(
        render("x{{html}}", &scope()),
        Rendered::Literal("x<b>&'\"".to_owned())
    );
}

#[test]
fn literal_dollar_brace_is_kept_without_deploy_time_names() {
    assert_eq!(
        render("cost ${x} {{price}}", &scope()),
        Rendered::Literal("cost ${x} ${5}".to_owned())
    );
}

#[test]
fn deploy_time_names_make_fn_sub() {
    let v = render(
        "{{account}}.dkr.ecr.{{region}}.{{url_suffix}}/cart:{{tag}}",
        &scope(),
    );
    assert_eq!(
        v,
        Rendered::Sub(
            "${AWS::AccountId}.dkr.ecr.eu-west-1.amazonaws.com/cart:${ImageTag}".to_owned()
        )
    );
}

#[test]
fn fn_sub_escapes_literal_dollar_brace() {
    let v = render("${HOME}/{{tag}}/{{price}}", &scope());
    assert_eq!(v, Rendered::Sub("${!HOME}/${ImageTag}/${!5}".to_owned()));
    // A `$` right before a name is not an escape of the `${` that the name becomes.
    assert_eq!(
        render("${{tag}}", &scope()),
        Rendered::Sub("$${ImageTag}".to_owned())
    );
}

#[test]
fn unknown_name_suggests_a_close_one_with_the_range() {
    let text = "x-{{ regin }}";
    let errors = check(text, &scope());
    assert_eq!(errors.len(), 1);
    let e = &errors[0];
    assert_eq!(e.code, "FF0010");
    assert_eq!(e.message, "unknown interpolation `{{regin}}`");
    assert_eq!(e.help, "did you mean `{{region}}`?");
    assert_eq!((e.start, e.end), (5, 10));
    assert_eq!(&text[e.start..e.end], "regin");
}

#[test]
fn unknown_name_far_from_all_lists_them() {
    let errors = check("{{zzzzzzzz}}", &scope());
    assert_eq!(errors[0].code, "FF0010");
    assert!(
        errors[0]
            .help
            .starts_with("the names available here are `account`, `app`"),
        "{}",
        errors[0].help
    );
    assert!(errors[0].help.contains("`team`"));
}

#[test]
fn every_problem_is_reported() {
    assert_eq!(
        codes("{{nope}} {{#if x}}y{{/if}} {{env}} {{also}}"),
        ["FF0010", "FF0011", "FF0011", "FF0010"]
    );
}

#[test]
fn unsupported_constructs_are_ff0011() {
    for text in [
        "{{lookup env 1}}",
        "{{#if env}}x{{/if}}",
        "{{> part}}",
        "{{{env}}}",
        "{{! note }}",
        "{{!-- note --}}",
        "{{a.b}}",
        "{{a/b}}",
        "{{this}}",
        "{{~env~}}",
        "{{@index}}",
        "{{&env}}",
        "{{}}",
        "{{{{raw}}}}x{{{{/raw}}}}",
        "{{upper (env)}}",
    ] {
        let errors = check(text, &scope());
        assert!(!errors.is_empty(), "{text}");
        assert!(
            errors.iter().all(|e| e.code == "FF0011"),
            "{text}: {errors:?}"
        );
        assert_eq!(errors[0].start, 0, "{text}");
        assert!(errors[0].message.contains("is not supported"), "{text}");
        assert_eq!(
            render(text, &scope()),
            Rendered::Literal(text.to_owned()),
            "{text}"
        );
    }
    let e = &check("ab{{a.b}}cd", &scope())[0];
    assert_eq!((e.start, e.end), (2, 9));
    assert_eq!(
        e.message,
        "path `{{a.b}}` is not supported in interpolation"
    );
}

#[test]
fn unclosed_braces_are_ff0012_at_the_braces() {
    let text = "ok {{env}} then {{env";
    let errors = check(text, &scope());
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, "FF0012");
    assert_eq!((errors[0].start, errors[0].end), (16, 18));
    assert_eq!(render(text, &scope()), Rendered::Literal(text.to_owned()));
}

#[test]
fn render_never_panics_on_unchecked_input() {
    for text in [
        "{{",
        "}}",
        "{{{",
        "{{#each}}",
        "\\{{",
        "{{env}",
        "{{}}}}",
        "{{\u{e9}}}",
    ] {
        let _ = render(text, &scope());
        let _ = check(text, &scope());
        let _ = names(text);
    }
}

#[test]
fn backslash_escapes_braces() {
    assert!(check("\\{{literal}}", &scope()).is_empty());
    assert_eq!(
        render("\\{{literal}} {{env}}", &scope()),
        Rendered::Literal("{{literal}} prod".to_owned())
    );
}

#[test]
fn names_lists_plain_names_with_ranges() {
    assert_eq!(
        names("{{app}}-{{ tag }}{{#if x}}"),
        vec![("app".to_owned(), 2, 5), ("tag".to_owned(), 11, 14)]
    );
}

#[test]
fn text_without_braces_renders_as_handlebars_would() {
    let scope = scope();
    for text in [
        "",
        "plain",
        "a}}b",
        "}}",
        "{",
        "{ {",
        "\\",
        "back\\slash\\",
        "${x} ${!y}",
        "{}{}{",
        "\\{",
        "é ☃ \n\t",
    ] {
        assert_eq!(
            render(text, &scope),
            render_template(text, &scope),
            "{text:?}"
        );
        assert_eq!(
            render(text, &scope),
            Rendered::Literal(text.to_owned()),
            "{text:?}"
        );
    }
}

/// 100,000 names in one string: handlebars finds each token's line and column from the start of
/// its template, so compiling the string whole is quadratic (minutes at this size in a debug
/// build); compiled in pieces of a few names, the work is linear and this takes seconds.
#[test]
fn a_hundred_thousand_names_in_one_string_check_and_render() {
    let s = scope();
    let text = "{{app}}-".repeat(100_000);
    assert!(check(&text, &s).is_empty());
    assert_eq!(
        render(&text, &s),
        Rendered::Literal("shop-".repeat(100_000))
    );
    let errors = check(&"{{nope}}".repeat(100_000), &s);
    assert_eq!(errors.len(), 100_000);
}

/// Rendered in pieces, a string renders exactly as handlebars renders it whole.
#[test]
fn pieces_render_as_the_whole_string() {
    let s = scope();
    let mut data = serde_json::Map::new();
    for (k, v) in &s.literals {
        data.insert(k.clone(), serde_json::Value::String(v.clone()));
    }
    let mut whole = handlebars::Handlebars::new();
    whole.set_strict_mode(true);
    whole.register_escape_fn(handlebars::no_escape);
    for text in [
        "{{app}}",
        "a {{app}} b {{ env }}c",
        "\\{{literal}} {{env}}",
        "{{env}}\\{{x}}{{app}}",
        "x}}{{app}}}}y",
        "{{app}}}",
        "\\\\{{app}}",
        "{{app}}\n  {{env}}\n",
        "${x}{{price}}{{html}}",
        "{{app}}{{app}}{{app}}",
    ]
    .into_iter()
    .map(str::to_owned)
    // Long enough to be cut: every kind of text next to the cuts.
    .chain([
        "{{app}}\\{{x}} {{ env }}}\n${y}".repeat(40),
        "a}}{{app}}\\\\{{env}}{{html}}".repeat(70),
    ]) {
        let text = text.as_str();
        assert!(check(text, &s).is_empty(), "{text:?}");
        let expected = whole.render_template(text, &data).unwrap();
        assert_eq!(render(text, &s), Rendered::Literal(expected), "{text:?}");
    }
}

#[test]
fn secret_dynamic_references_point_to_secrets() {
    let e = &check(
        "x{{resolve:secretsmanager:prod/db:SecretString:password}}",
        &scope(),
    )[0];
    assert_eq!((e.code.as_str(), e.start), ("FF0011", 1));
    assert!(
        e.message.contains("dynamic reference to a secret"),
        "{}",
        e.message
    );
    assert!(
        e.help
            .contains("`NAME: \"secretsmanager:prod/db#password\"`"),
        "{}",
        e.help
    );
    let e = &check("{{resolve:ssm-secure:/shop/db}}", &scope())[0];
    assert!(e.help.contains("\"ssm:/shop/db\""), "{}", e.help);
    // A plain parameter is no secret: the ordinary message.
    let e = &check("{{resolve:ssm:/shop/plain}}", &scope())[0];
    assert!(e.message.contains("is not supported"), "{}", e.message);
}

/// A text [`plain`] calls plain is one handlebars compiles and renders as [`render_plain`] does,
/// so [`check`] and [`render`] may skip handlebars for it: random texts of braces, names (ones
/// handlebars would read as literals or keywords among them), whitespace and `$`, checked
/// against a scope that knows every name they use.
#[test]
fn plain_texts_compile_and_render_as_handlebars_does() {
    use proptest::prelude::*;
    let pieces = prop::sample::select(vec![
        "{{",
        "}}",
        "{",
        "}",
        "{{{",
        "}}}",
        " ",
        "\n",
        "\t",
        "\u{a0}",
        "$",
        "a",
        "app",
        "a-b",
        "_x",
        "x_1",
        "1",
        "-1",
        "true",
        "null",
        "else",
        "as",
        "this",
        "s",
        "é",
        "${",
        "\\",
        // Whole tags, most of them plain, so that plain texts with names come up often.
        "{{app}}",
        "{{ env }}",
        "{{a-b}}",
        "{{_x}}",
        "{{x_1}}",
        "{{\napp\n}}",
        "{{\tenv}}",
        "{{elsewhere}}",
        "{{assets}}",
        "{{thistle}}",
        "{{truth}}",
        "{{nullable}}",
        "{{Team}}",
        "{{a\u{a0}}}",
        "{{1a}}",
        "{{account}}",
        "{{tag}}",
        "{{a}}}",
        "{{app}}{{env}}",
    ]);
    let mut runner = proptest::test_runner::TestRunner::new(proptest::test_runner::Config {
        cases: 4000,
        ..proptest::test_runner::Config::default()
    });
    let exercised = std::cell::Cell::new(0);
    runner
        .run(&prop::collection::vec(pieces, 0..24), |parts| {
            let text = parts.concat();
            let Ok(tags) = scan(&text) else {
                return Ok(());
            };
            if !plain(&text, &tags) {
                return Ok(());
            }
            exercised.set(exercised.get() + usize::from(!tags.is_empty()));
            // Every name used is known, as a literal whose value is distinct per name.
            let mut s = scope();
            for (name, ..) in names(&text) {
                if !s.deploy_time.contains_key(&name) {
                    s.literals.insert(name.clone(), format!("<{name}>"));
                }
            }
            prop_assert!(check(&text, &s).is_empty(), "{text:?}");
            let template = handlebars::Template::compile(&text);
            prop_assert!(template.is_ok(), "{text:?}: {template:?}");
            let mut whole = handlebars::Handlebars::new();
            whole.set_strict_mode(true);
            whole.register_escape_fn(handlebars::no_escape);
            let mut data = serde_json::Map::new();
            for (k, v) in &s.literals {
                data.insert(k.clone(), serde_json::Value::String(v.clone()));
            }
            // Without deploy-time names, the rendering is the literal text.
            if names(&text)
                .iter()
                .all(|(n, ..)| !s.deploy_time.contains_key(n))
            {
                let expected = whole.render_template(&text, &data);
                prop_assert!(expected.is_ok(), "{text:?}: {expected:?}");
                prop_assert_eq!(
                    render(&text, &s),
                    Rendered::Literal(expected.unwrap()),
                    "{:?}",
                    text
                );
            }
            Ok(())
        })
        .unwrap();
    // Not a vacuous pass: plain texts with names came up.
    assert!(exercised.get() > 200, "{}", exercised.get());
}

/// A placeholder only a hostile blueprint could write is left alone, never turned into a
/// `${…}` of a deploy-time name.
#[test]
fn placeholder_characters_in_the_text_stay_text() {
    let s = scope();
    for text in [
        "\u{F8F0}0\u{F8F1}{{account}}",
        "\u{F8F0}00\u{F8F1}{{account}}",
        "\u{F8F0}{{account}}",
        "{{account}}\u{F8F0}9\u{F8F1}",
    ] {
        let Rendered::Sub(sub) = render(text, &s) else {
            panic!("{text:?} names a deploy-time name");
        };
        assert_eq!(
            sub.matches("${AWS::AccountId}").count(),
            2 - usize::from(text != "\u{F8F0}0\u{F8F1}{{account}}"),
            "{text:?}: {sub:?}"
        );
    }
}

/// What a plain text renders to depends on its names' values alone, as
/// `credential_value` relies on to render it once per distinct set of them: other names, and
/// deploy-time names that shift the placeholders' numbering, change nothing.
#[test]
fn plain_texts_depend_only_on_their_names() {
    let text = "{{ app }}:{{tag}}-{{team}}@{{account}}";
    assert!(depends_only_on_names(text));
    let mut other = scope();
    other.literals.insert("unused".to_owned(), "x".to_owned());
    other
        .literals
        .insert("env".to_owned(), "staging".to_owned());
    other
        .deploy_time
        .insert("aaa".to_owned(), "First".to_owned());
    let (a, b) = (render(text, &scope()), render(text, &other));
    assert_eq!(a.text(), b.text());
    assert_eq!(a.text(), "shop:${ImageTag}-grocery@${AWS::AccountId}");
    // Blocks, helpers and escapes read more than their names: not plain.
    assert!(!depends_only_on_names("{{#if team}}x{{/if}}"));
    assert!(!depends_only_on_names("{{lookup this 'team'}}"));
    assert!(!depends_only_on_names("\\{{team}}"));
    assert!(!depends_only_on_names("{{team"));
}
