//! Rule tests on hand-built documents (no YAML): the codes each blueprint produces.

use serde_json::{Value, json};

use super::check;
use crate::diagnostic::{FileId, Severity, SourceMap};
use crate::source::{Document, SpanIndex};

fn doc(file: u32, value: Value) -> Document {
    Document {
        file: FileId(file),
        value,
        spans: SpanIndex::default(),
    }
}

fn codes_of(docs: &[Document]) -> Vec<&'static str> {
    let (_, diags) = check(&SourceMap::default(), docs);
    let mut codes: Vec<&'static str> = diags.iter().map(|d| d.code.as_str()).collect();
    codes.sort_unstable();
    codes
}

fn base() -> Value {
    json!({
        "blueprint": 1,
        "app": "shop",
        "tag": "1.0.0",
        "environments": { "test": { "regions": ["us-east-1"] } },
        "ingress": { "certificate": "arn:aws:acm:us-east-1:123456789012:certificate/abc" },
        "services": {
            "cart": { "image": "cart:{{tag}}", "cpu": 256, "memory": 512, "port": 8080, "route": { "path": "/cart/*" } }
        }
    })
}

/// The codes of the base app with `patch` merged in at `pointer`.
fn codes_with(pointer: &str, patch: Value) -> Vec<&'static str> {
    let mut v = base();
    let (parent, key) = pointer.rsplit_once('/').expect("pointer has a key");
    let target = if parent.is_empty() {
        &mut v
    } else {
        v.pointer_mut(parent).expect("parent exists")
    };
    target
        .as_object_mut()
        .expect("object")
        .insert(key.to_owned(), patch);
    codes_of(&[doc(0, v)])
}

#[test]
fn base_is_valid() {
    let (apps, diags) = check(&SourceMap::default(), &[doc(0, base())]);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(apps.len(), 1);
    assert_eq!(apps[0].services["cart"].memory, 512);
}

#[test]
fn schema_codes() {
    assert_eq!(codes_with("/services/cart/memroy", json!(512)), ["FF0101"]);
    assert_eq!(
        codes_with("/services/cart/public-ip", json!("yes")),
        ["FF0102"]
    );
    assert_eq!(codes_with("/environments/test", json!({})), ["FF0103"]);
    assert_eq!(
        codes_with("/cluster", json!({ "insights": "on" })),
        ["FF0104"]
    );
    assert_eq!(codes_with("/app", json!("Shop")), ["FF0105"]);
    assert_eq!(codes_with("/services/cart/port", json!(70000)), ["FF0106"]);
    assert_eq!(
        codes_with(
            "/environments/test/network",
            json!({ "cidr": "10.0.0.0/16", "import": {} })
        ),
        ["FF0107"]
    );
    assert_eq!(codes_with("/blueprint", json!(2)), ["FF0108"]);
}

#[test]
fn yes_is_a_string() {
    let mut v = base();
    v["services"]["cart"]["public-ip"] = json!("yes");
    let (_, diags) = check(&SourceMap::default(), &[doc(0, v)]);
    assert!(
        diags[0]
            .help
            .as_deref()
            .unwrap_or_default()
            .contains("YAML 1.2"),
        "{diags:?}"
    );
}

#[test]
fn unknown_key_suggests() {
    let mut v = base();
    v["services"]["cart"]["memroy"] = json!(512);
    let (_, diags) = check(&SourceMap::default(), &[doc(0, v)]);
    assert_eq!(diags[0].help.as_deref(), Some("did you mean `memory`?"));
}

#[test]
fn merge_codes() {
    let service_file = |file, extra: Value| {
        let mut v = json!({ "blueprint": 1, "app": "shop", "services": { "cart": { "image": "c:1", "cpu": 256, "memory": 512 } } });
        for (k, x) in extra.as_object().expect("object") {
            v[k] = x.clone();
        }
        doc(file, v)
    };
    assert_eq!(
        codes_of(&[doc(0, base()), service_file(1, json!({}))]),
        ["FF0201"]
    );
    assert_eq!(codes_of(&[service_file(1, json!({}))]), ["FF0202"]);
    assert_eq!(
        codes_of(&[
            doc(0, base()),
            doc(
                1,
                json!({ "blueprint": 1, "app": "shop", "environments": { "x": { "regions": ["us-east-1"] } } })
            )
        ]),
        ["FF0203"]
    );
    let mut other = service_file(1, json!({ "tag": "1" }));
    other.value["services"] = json!({ "orders": { "image": "o:1", "cpu": 256, "memory": 512 } });
    assert_eq!(codes_of(&[doc(0, base()), other]), ["FF0208"]);
}

#[test]
fn region_codes() {
    assert_eq!(
        codes_with("/environments/test/regions", json!(["us-eats-1"])),
        ["FF0204"]
    );
    assert_eq!(
        codes_with(
            "/environments/test/regions",
            json!(["us-east-1", "us-east-1"])
        ),
        ["FF0205"]
    );
    assert_eq!(
        codes_with("/environments/test/regions", json!([])),
        ["FF0401"]
    );
}

#[test]
fn service_codes() {
    let svc = |patch: Value| {
        let mut s = json!({ "image": "cart:1", "cpu": 256, "memory": 512, "port": 8080 });
        for (k, x) in patch.as_object().expect("object") {
            if x.is_null() {
                s.as_object_mut().expect("object").remove(k);
            } else {
                s[k] = x.clone();
            }
        }
        codes_with("/services/cart", s)
    };
    assert_eq!(svc(json!({ "memory": 4096 })), ["FF0301"]);
    assert_eq!(svc(json!({ "image": "cart" })), ["FF0302"]);
    assert_eq!(svc(json!({ "image": "cart:latest" })), ["FF0319"]);
    assert_eq!(
        svc(json!({ "port": null, "route": { "path": "/x" } })),
        ["FF0303"]
    );
    assert_eq!(
        svc(json!({ "env": { "DB_PASSWORD": "hunter2" } })),
        ["FF0305"]
    );
    assert_eq!(
        svc(json!({ "env": { "X": "AKIAIOSFODNN7EXAMPLE" } })),
        ["FF0305"]
    );
    assert_eq!(svc(json!({ "secrets": { "X": "/shop/db" } })), ["FF0311"]);
    assert_eq!(
        svc(json!({ "permissions": [{ "allow": ["s3:*"], "on": "*" }] })),
        ["FF0306", "FF0320"]
    );
    assert_eq!(svc(json!({ "logs": { "retention": 10 } })), ["FF0307"]);
    assert_eq!(svc(json!({ "capacity": "genral" })), ["FF0309"]);
    assert_eq!(
        svc(json!({ "image": "c:{{nope}}" })),
        ["FF0010"],
        "unknown interpolation name"
    );
    assert_eq!(
        svc(json!({ "containers": { "app": { "image": "a:1" } } })),
        ["FF0312"]
    );
    assert_eq!(svc(json!({ "image": null, "port": null })), ["FF0312"]);
    assert_eq!(
        svc(json!({ "health": { "command": "true", "interval": 5, "timeout": 5 } })),
        ["FF0316"]
    );
    let long = |containers: Value| {
        svc(
            json!({ "image": null, "port": null, "containers": containers, "route": { "path": "/x" } }),
        )
    };
    assert_eq!(
        long(json!({ "a": { "image": "a:1", "port": 1 }, "b": { "image": "b:1", "port": 2 } })),
        ["FF0314"]
    );
    assert_eq!(
        long(json!({ "a": { "image": "a:1", "port": 1, "essential": false } })),
        ["FF0315"]
    );
    assert_eq!(
        long(
            json!({ "a": { "image": "a:1", "port": 1, "memory": 400 }, "b": { "image": "b:1", "memory": 200 } })
        ),
        ["FF0313"]
    );
}

#[test]
fn app_codes() {
    let mut v = base();
    v["services"]["orders"] = json!({ "image": "o:1", "cpu": 256, "memory": 512, "port": 80, "route": { "path": "/cart/*" } });
    assert_eq!(codes_of(&[doc(0, v.clone())]), ["FF0304"]);
    v["services"]["orders"]["route"] = json!({ "path": "/orders/*", "priority": 5 });
    v["services"]["cart"]["route"]["priority"] = json!(5);
    assert_eq!(codes_of(&[doc(0, v.clone())]), ["FF0409"]);
    v["services"]["cart"]["route"] = json!({ "path": "/c" });
    v["services"]["orders"]["route"] = json!({ "path": "/o" });
    v["services"]["or-ders"] = v["services"]["orders"].clone();
    v["services"]["or-ders"]["route"] = json!({ "path": "/p" });
    assert_eq!(
        codes_of(&[doc(0, v)]),
        Vec::<&str>::new(),
        "`or-ders` is `OrDers`, `orders` is `Orders`"
    );

    let mut v = base();
    v["services"]["web-1"] = json!({ "image": "o:1", "cpu": 256, "memory": 512 });
    v["services"]["web1"] = json!({ "image": "o:1", "cpu": 256, "memory": 512 });
    assert_eq!(codes_of(&[doc(0, v)]), ["FF0318"]);

    assert_eq!(codes_with("/app", json!("grocery-checkout-api")).len(), 0);
    let mut v = base();
    v["app"] = json!("grocery-checkout-api");
    v["environments"] = json!({ "staging-europe-1": { "regions": ["eu-west-1"] } });
    v["ingress"] = json!({ "public": false });
    assert_eq!(codes_of(&[doc(0, v)]), ["FF0308"]);
}

#[test]
fn capacity_codes() {
    let ec2 = json!({ "instance": "c6i.large", "max": 4 });
    assert_eq!(
        codes_with(
            "/cluster",
            json!({ "capacity": { "general": { "instance": "c6i.large", "min": 5, "max": 4 } } })
        ),
        ["FF0405"]
    );
    assert_eq!(
        codes_with(
            "/cluster",
            json!({ "capacity": { "general": ec2, "fargate": { "weight": 1 } }, "default": ["fargate", "general"] })
        ),
        ["FF0317"]
    );
    let mut v = base();
    v["services"]["cart"]["capacity"] = json!([{ "provider": "fargate", "base": 1, "weight": 1 }, { "provider": "spot", "base": 1, "weight": 1 }]);
    assert_eq!(codes_of(&[doc(0, v)]), ["FF0405"]);
    // On EC2 capacity the Fargate size table does not apply.
    let mut v = base();
    v["cluster"] = json!({ "capacity": { "general": ec2 } });
    v["services"]["cart"]["capacity"] = json!("general");
    v["services"]["cart"]["memory"] = json!(300);
    assert_eq!(codes_of(&[doc(0, v)]), Vec::<&str>::new());
}

#[test]
fn network_codes() {
    assert_eq!(
        codes_with(
            "/environments/test/network",
            json!({ "cidr": "10.0.1.0/16" })
        ),
        ["FF0402"]
    );
    let net = json!({ "vpc": "vpc-0abc1234", "public": ["subnet-0abc1234"], "private": ["subnet-0abc1234"] });
    assert_eq!(
        codes_with(
            "/environments/test/network",
            json!({ "import": { "us-east-1": net } })
        ),
        // One private subnet, and one public subnet for a public load balancer.
        ["FF0403", "FF0403"]
    );
    assert_eq!(
        codes_with(
            "/ingress",
            json!({ "certificate": { "eu-west-1": "arn:aws:acm:eu-west-1:123456789012:certificate/x" } })
        ),
        ["FF0404"],
        "no certificate for us-east-1"
    );
    assert_eq!(
        codes_with(
            "/ingress",
            json!({ "certificate": { "us-east-1": "arn:aws:acm:eu-west-1:123456789012:certificate/x" } })
        ),
        ["FF0404"]
    );
}

#[test]
fn warnings_do_not_block() {
    let mut v = base();
    v["services"]["cart"]["image"] = json!("cart:latest");
    let (apps, diags) = check(&SourceMap::default(), &[doc(0, v)]);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].severity, Severity::Warning);
    assert_eq!(apps.len(), 1);
}

#[test]
fn rule_docs_are_sorted_and_unique() {
    let docs = super::rule_docs();
    assert!(docs.windows(2).all(|w| w[0].code < w[1].code));
    assert!(
        docs.iter()
            .all(|d| !d.title.is_empty() && !d.explanation.is_empty())
    );
}

#[test]
fn integral_floats_do_not_reach_serde() {
    let mut v = base();
    v["services"]["cart"]["cpu"] = json!(256.0);
    let (_, diags) = check(&SourceMap::default(), &[doc(0, v)]);
    assert_eq!(
        diags.iter().map(|d| d.code).collect::<Vec<_>>(),
        ["FF0102"],
        "{diags:?}"
    );
}

#[test]
fn integers_too_large_for_64_bits_are_reported_once() {
    // `blueprint: 1.0` equals `const: 1` in JSON Schema; the model wants an integer.
    let mut v = base();
    v["blueprint"] = json!(1.0);
    assert_eq!(codes_of(&[doc(0, v)]), ["FF0102"]);
    // Over 2^64: a bounded field is FF0106 only, an unbounded one FF0102 only.
    let mut v = base();
    v["services"]["cart"]["cpu"] = json!(1.8e19);
    assert_eq!(codes_of(&[doc(0, v)]), ["FF0106"]);
    let mut v = base();
    v["environments"]["test"]["stackset"] = json!({ "concurrency": 1.8e19 });
    let (_, diags) = check(&SourceMap::default(), &[doc(0, v)]);
    assert_eq!(
        diags.iter().map(|d| d.code).collect::<Vec<_>>(),
        ["FF0102"],
        "{diags:?}"
    );
    assert!(
        diags[0].message.contains("too large"),
        "{}",
        diags[0].message
    );
}

#[test]
fn odd_documents_do_not_panic() {
    let odd = [
        json!(null),
        json!([]),
        json!("text"),
        json!({ "app": 5 }),
        json!({ "blueprint": 1, "app": "shop", "services": null }),
        json!({ "blueprint": 1, "app": "shop", "services": { "cart": null } }),
        json!({ "blueprint": 1, "app": "shop", "environments": { "t": { "regions": [1, null] } } }),
        json!({ "blueprint": 1, "app": "shop", "environments": {} }),
        json!({ "blueprint": 1, "app": "shop", "environments": { "t": { "regions": ["us-east-1"] } },
                "services": { "c": { "cpu": 256, "memory": 512, "containers": {} , "route": {} } } }),
        json!({ "blueprint": 1, "app": "shop", "environments": { "t": { "regions": ["us-east-1"], "network": { "import": {} } } },
                "ingress": { "certificate": {} }, "cluster": { "default": [] } }),
        json!({ "blueprint": 1, "app": "shop", "environments": { "t": { "regions": ["us-east-1"] } },
                "services": { "c": { "image": "{{", "cpu": 99_999_999_999u64, "memory": -1, "env": { "A": "}}{{x" } } } }),
    ];
    for (i, v) in odd.into_iter().enumerate() {
        let (apps, diags) = check(&SourceMap::default(), &[doc(0, v.clone())]);
        assert!(
            apps.is_empty() || diags.iter().all(|d| d.severity == Severity::Warning),
            "case {i}: {v}"
        );
    }
}

#[test]
fn no_app_file_is_quiet_when_a_file_did_not_parse() {
    use crate::diagnostic::SourceFile;
    let mut sources = SourceMap::default();
    sources.add(SourceFile {
        name: "app.yaml".into(),
        text: "{".into(),
    });
    sources.add(SourceFile {
        name: "cart.yaml".into(),
        text: String::new(),
    });
    let service = json!({ "blueprint": 1, "app": "shop", "services": { "cart": { "image": "c:1", "cpu": 256, "memory": 512 } } });
    let (_, diags) = check(&sources, &[doc(1, service)]);
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn vars_are_not_interpolated_so_braces_in_them_are_reported() {
    let looping = json!({ "a": "{{b}}", "b": "{{a}}" });
    assert_eq!(codes_with("/vars", looping), ["FF0014", "FF0014"]);
    let env = json!({ "test": { "regions": ["us-east-1"], "vars": { "c": "x-{{env}}" } } });
    assert_eq!(codes_with("/environments", env), ["FF0014"]);
    assert!(codes_with("/vars", json!({ "a": "plain }} text" })).is_empty());
}

#[test]
fn placement_codes() {
    let app = |placement: Value, capacity: Value| {
        let mut v = base();
        v.as_object_mut().map(|m| m.remove("ingress"));
        v["environments"] = json!({ "prod": {
            "regions": ["us-east-1", "eu-west-1"],
            "region-vars": { "eu-west-1": { "family": "c7g", "zone": "eu-west-1a" }, "us-east-1": { "family": "m6i", "zone": "us-east-1a" } }
        } });
        v["cluster"] = json!({ "capacity": {
            "general": { "instance": "m6i.large", "max": 4, "weight": 1, "attributes": { "stack": "prod" } }
        } });
        v["services"]["cart"]["placement"] = placement;
        if !capacity.is_null() {
            v["services"]["cart"]["capacity"] = capacity;
        }
        codes_of(&[doc(0, v)])
    };
    let none: Vec<&str> = Vec::new();
    assert_eq!(app(json!("balanced"), Value::Null), none);
    // Per-region values through vars: right in each region.
    assert_eq!(
        app(
            json!({ "affinity": "attribute:ecs.availability-zone == {{zone}}" }),
            Value::Null
        ),
        none
    );
    // A zone literal in a placement is FF0334 (an error), not also FF0414.
    assert_eq!(
        app(
            json!({ "affinity": "attribute:ecs.availability-zone == us-east-1a" }),
            Value::Null
        ),
        ["FF0334"]
    );
    // An instance family that only exists in one region's var.
    assert_eq!(
        app(
            json!({ "affinity": "attribute:ecs.instance-type =~ {{family}}.*" }),
            Value::Null
        ),
        ["FF0333"]
    );
    // A var that breaks the expression once interpolated.
    let mut v = base();
    v.as_object_mut().map(|m| m.remove("ingress"));
    v["vars"] = json!({ "cond": "== prod and" });
    v["cluster"] = json!({ "capacity": { "general": { "instance": "m6i.large", "max": 4, "weight": 1, "attributes": { "stack": "prod" } } } });
    v["services"]["cart"]["placement"] = json!({ "affinity": "attribute:stack {{cond}}" });
    assert_eq!(codes_of(&[doc(0, v)]), ["FF0331"]);
    // Mixed Fargate and EC2: the strategy error and the placement error.
    assert_eq!(
        app(
            json!("compact"),
            json!([{ "provider": "general", "weight": 1 }, { "provider": "fargate", "weight": 1 }])
        ),
        ["FF0317", "FF0330"]
    );
    // Presets and raw entries that repeat each other count once.
    assert_eq!(
        app(
            json!({ "preset": ["anti-affinity", "balanced"], "constraints": ["distinct-instance"],
                    "strategy": [{ "spread": "instanceId" }, { "spread": "attribute:stack" }, { "binpack": "cpu" }, "random"] }),
            Value::Null
        ),
        none
    );
}

/// The model rejecting what the schema accepted is fleetform's bug: its own code (not the
/// user's schema code FF0107), a message that says so, and a help asking for a report.
#[test]
fn a_model_error_after_the_schema_is_reported_as_a_bug() {
    let span = crate::diagnostic::Span::new(FileId(0), 0, 4);
    let d = super::model_rejects(
        "the file does not match the blueprint model: x",
        span,
        "in this file",
    );
    assert_eq!(d.code, "FF0109");
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.code.severity(), Severity::Error);
    assert!(d.message.starts_with("fleetform bug: "), "{}", d.message);
    assert!(
        d.help.as_deref().is_some_and(|h| h.contains("report")),
        "{d:?}"
    );
    assert_eq!(d.primary(), Some(span));
}
