//! Pictures of validated apps for people: environments and their regions, the shared load
//! balancer with its routes (host and path → service), services with their size, count and
//! capacity, the calls between services, jobs, the cluster's capacity providers (Fargate, Fargate
//! Spot, EC2 groups) and the CI/CD pipeline's stages, as Mermaid (`flowchart LR`) or Graphviz DOT.
//!
//! The picture is built once as a small graph (groups, nodes, edges) and then written in either
//! syntax, so both formats always show the same thing. Node IDs are derived from blueprint names
//! (made safe for both syntaxes, with a counter on the rare clash); labels are escaped per
//! format, since routes and hosts are free text. Output is deterministic: apps, environments,
//! regions, services and capacities come in name order.

mod pipeline;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::model::{
    App, Capacity, CapacityChoice, Environment, Nat, PerRegion, Service, StringOrList,
};
use crate::resolved::{self, Resolved, Workload};

/// The syntax of a picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphFormat {
    /// A Mermaid `flowchart LR` (renders in GitHub Markdown).
    Mermaid,
    /// A Graphviz `digraph` (`dot -Tsvg`).
    Dot,
}

/// Draws `apps` in one picture; with `env`, only that environment of each app.
pub fn render(apps: &[&resolved::App], env: Option<&str>, format: GraphFormat) -> String {
    // The picture is of the app as written: a region's overrides are not drawn.
    let mut sorted: Vec<&Resolved> = apps.iter().map(|a| a.base()).collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    let mut graph = Graph::default();
    for app in sorted {
        draw_app(&mut graph, app, env);
    }
    match format {
        GraphFormat::Mermaid => mermaid(&graph),
        GraphFormat::Dot => dot(&graph),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Region,
    Balancer,
    Service,
    Capacity,
    /// A pipeline stage.
    Stage,
    /// A manual approval.
    Approval,
}

#[derive(Debug, Default)]
struct Group {
    id: String,
    label: Vec<String>,
    nodes: Vec<Node>,
    groups: Vec<Group>,
}

#[derive(Debug)]
struct Node {
    id: String,
    label: Vec<String>,
    shape: Shape,
}

#[derive(Debug)]
struct Edge {
    from: String,
    to: String,
    label: Vec<String>,
    dashed: bool,
}

#[derive(Debug, Default)]
struct Graph {
    groups: Vec<Group>,
    edges: Vec<Edge>,
    ids: BTreeSet<String>,
}

impl Graph {
    /// A fresh node ID from name parts: ASCII letters and digits kept, anything else `_`, and
    /// `_2`, `_3`, … on a clash, so every ID is a plain word in Mermaid and DOT alike.
    fn id(&mut self, parts: &[&str]) -> String {
        let base: String = parts
            .join("_")
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let mut id = base.clone();
        let mut n = 1;
        while self.ids.contains(&id) {
            n += 1;
            id = format!("{base}_{n}");
        }
        self.ids.insert(id.clone());
        id
    }

    fn edge(&mut self, from: &str, to: &str, label: Vec<String>, dashed: bool) {
        self.edges.push(Edge {
            from: from.to_owned(),
            to: to.to_owned(),
            label,
            dashed,
        });
    }
}

fn draw_app(graph: &mut Graph, app: &Resolved, only: Option<&str>) {
    let name = app.name.as_str();
    let mut group = Group {
        id: graph.id(&["app", name]),
        label: vec![format!("app {name}")],
        ..Group::default()
    };
    // Each load balancer by its name in `ingress.load-balancers` (`None`: the single one).
    let albs = balancers(graph, app);
    let mut regions = Vec::new();
    for (env_name, env) in &app.environments {
        if only.is_none_or(|o| o == env_name) {
            group
                .groups
                .push(environment(graph, app, env_name, env, &mut regions));
        }
    }
    for alb in albs.values() {
        for region in &regions {
            graph.edge(region, &alb.id, Vec::new(), false);
        }
    }

    let capacity_ids: BTreeMap<String, String> = capacity_names(app)
        .into_iter()
        .map(|c| {
            let id = graph.id(&["cap", name, &c]);
            (c, id)
        })
        .collect();
    let mut services = Group {
        id: graph.id(&["services", name]),
        label: vec!["services".to_owned()],
        ..Group::default()
    };
    let mut service_ids = BTreeMap::new();
    for (svc_name, svc) in &app.services {
        let id = graph.id(&["svc", name, svc_name]);
        service_ids.insert(svc_name.as_str(), id.clone());
        services.nodes.push(Node {
            id: id.clone(),
            label: vec![
                svc_name.clone(),
                if svc.scheduling == crate::model::Scheduling::Daemon {
                    format!(
                        "daemon: one per instance × {} CPU, {} MiB",
                        svc.cpu, svc.memory
                    )
                } else {
                    format!("{} × {} CPU, {} MiB", svc.count, svc.cpu, svc.memory)
                },
                format!("capacity: {}", capacity_text(svc)),
            ],
            shape: Shape::Service,
        });
        let alb = albs.get(&app.load_balancer_of(svc_name).map(str::to_owned));
        if let (Some(alb), Some(route), true) = (alb, &svc.route, svc.on_shared_load_balancer()) {
            graph.edge(&alb.id, &id, route_label(app, route), false);
        }
        for (cap, label, dashed) in strategy(svc) {
            if let Some(cap_id) = capacity_ids.get(&cap) {
                graph.edge(&id, cap_id, label, dashed);
            }
        }
    }
    // Declared calls, caller → callee, once each.
    for (svc_name, svc) in &app.services {
        let callees: BTreeSet<&str> = svc.calls.iter().map(String::as_str).collect();
        for callee in callees {
            if let (Some(from), Some(to)) =
                (service_ids.get(svc_name.as_str()), service_ids.get(callee))
            {
                graph.edge(from, to, vec!["calls".to_owned()], false);
            }
        }
    }
    let jobs = draw_jobs(graph, app, &capacity_ids);
    let mut cluster = Group {
        id: graph.id(&["cluster", name]),
        label: vec!["cluster capacity".to_owned()],
        ..Group::default()
    };
    for (cap, id) in capacity_ids {
        cluster.nodes.push(Node {
            label: capacity_label(app, &cap),
            id,
            shape: Shape::Capacity,
        });
    }
    group.nodes.extend(albs.into_values());
    if !services.nodes.is_empty() {
        group.groups.push(services);
    }
    group.groups.extend(jobs);
    group.groups.push(cluster);
    group.groups.extend(pipeline::draw(graph, app, only));
    graph.groups.push(group);
}

/// The app's jobs (none: no group), each with its schedule and an edge to its capacities.
fn draw_jobs(
    graph: &mut Graph,
    app: &Resolved,
    capacity_ids: &BTreeMap<String, String>,
) -> Option<Group> {
    if app.jobs.is_empty() {
        return None;
    }
    let mut jobs = Group {
        id: graph.id(&["jobs", &app.name]),
        label: vec!["jobs".to_owned()],
        ..Group::default()
    };
    for ((job_name, job), task) in app.model().jobs.iter().zip(app.jobs.values()) {
        let id = graph.id(&["job", &app.name, job_name]);
        let when = match (&job.schedule, &job.timezone) {
            (Some(s), Some(tz)) => format!("{s} {tz}"),
            (Some(s), None) => s.clone(),
            (None, _) => "on demand".to_owned(),
        };
        jobs.nodes.push(Node {
            id: id.clone(),
            label: vec![
                job_name.clone(),
                when,
                format!("{} CPU, {} MiB", job.cpu, job.memory),
                format!("capacity: {}", capacity_text(task)),
            ],
            shape: Shape::Service,
        });
        for (cap, label, dashed) in strategy(task) {
            if let Some(cap_id) = capacity_ids.get(&cap) {
                graph.edge(&id, cap_id, label, dashed);
            }
        }
    }
    Some(jobs)
}

/// The load balancer nodes: one per `ingress.load-balancers`, else the single one of `ingress`.
fn balancers(graph: &mut Graph, app: &App) -> BTreeMap<Option<String>, Node> {
    let Some(named) = app.named_load_balancers() else {
        return balancer(graph, app)
            .map(|n| (None, n))
            .into_iter()
            .collect();
    };
    named
        .keys()
        .map(|lb| {
            let settings = app.load_balancer_settings(Some(lb));
            let mut label = vec![
                format!("load balancer {lb} (one per region)"),
                format!(
                    "{}, {}",
                    if settings.public {
                        "public"
                    } else {
                        "internal"
                    },
                    if settings.certificate.is_some() {
                        "HTTPS"
                    } else {
                        "HTTP"
                    }
                ),
            ];
            label.extend(settings.domain.cloned());
            let node = Node {
                id: graph.id(&["alb", &app.name, lb]),
                label,
                shape: Shape::Balancer,
            };
            (Some(lb.clone()), node)
        })
        .collect()
}

fn balancer(graph: &mut Graph, app: &App) -> Option<Node> {
    app.ingress.as_ref().map(|ingress| {
        let https = ingress.certificate.is_some();
        let mut label = vec![
            "load balancer (one per region)".to_owned(),
            format!(
                "{}, {}",
                if ingress.public { "public" } else { "internal" },
                if https { "HTTPS" } else { "HTTP" }
            ),
        ];
        label.extend(ingress.domain.clone());
        Node {
            id: graph.id(&["alb", &app.name]),
            label,
            shape: Shape::Balancer,
        }
    })
}

/// One environment's group with a node per region; the region IDs go to `regions`.
fn environment(
    graph: &mut Graph,
    app: &App,
    env_name: &str,
    env: &Environment,
    regions: &mut Vec<String>,
) -> Group {
    let name = app.name.as_str();
    let mut label = vec![format!("environment {env_name}")];
    label.extend(env.account.as_ref().map(|a| format!("account {a}")));
    label.push(match &env.network.import {
        Some(_) => "imported network".to_owned(),
        None => format!(
            "{}, {} AZs, {}",
            env.network.cidr,
            env.network.azs,
            match env.network.nat {
                Nat::None => "no NAT",
                Nat::Single => "one NAT",
                Nat::PerAz => "NAT per AZ",
            }
        ),
    });
    let mut group = Group {
        id: graph.id(&["env", name, env_name]),
        label,
        ..Group::default()
    };
    for region in &env.regions {
        let mut label = vec![region.clone()];
        if let Some(cert) = app.ingress.as_ref().and_then(|i| i.certificate.as_ref())
            && matches!(cert, PerRegion::Map(_))
            && cert.get(region).is_none()
        {
            label.push("HTTP only".to_owned());
        }
        let id = graph.id(&["region", name, env_name, region]);
        regions.push(id.clone());
        group.nodes.push(Node {
            id,
            label,
            shape: Shape::Region,
        });
    }
    group
}

/// Every capacity the cluster declares, plus `fargate` when something runs on it by default.
fn capacity_names(app: &Resolved) -> BTreeSet<String> {
    let mut names: BTreeSet<String> = app.cluster.capacity.keys().cloned().collect();
    for w in app.services.values().chain(app.jobs.values()) {
        names.extend(strategy(w).into_iter().map(|(c, _, _)| c));
    }
    names
}

/// Where a workload's tasks run: (capacity, edge label, by the cluster default). Its own
/// strategy is labelled as written; the cluster default with the weights it deploys with.
fn strategy(svc: &Workload) -> Vec<(String, Vec<String>, bool)> {
    let weights = |base: Option<u32>, weight: Option<u32>| {
        let mut parts = Vec::new();
        parts.extend(base.filter(|b| *b > 0).map(|b| format!("base {b}")));
        parts.extend(weight.map(|w| format!("weight {w}")));
        parts.join(", ")
    };
    match &svc.capacity {
        Some(CapacityChoice::Name(name)) => vec![(name.clone(), Vec::new(), false)],
        Some(CapacityChoice::Strategy(items)) => items
            .iter()
            .map(|i| {
                let w = weights(i.base, i.weight);
                (
                    i.provider.clone(),
                    Some(w).filter(|w| !w.is_empty()).into_iter().collect(),
                    false,
                )
            })
            .collect(),
        // Without its own `capacity`, the resolved strategy is the cluster default.
        None => svc
            .strategy
            .iter()
            .map(|e| {
                let w = weights(e.base, e.weight);
                (e.capacity.clone(), vec![format!("default: {w}")], true)
            })
            .collect(),
    }
}

fn capacity_text(svc: &Service) -> String {
    match &svc.capacity {
        Some(CapacityChoice::Name(name)) => name.clone(),
        Some(CapacityChoice::Strategy(items)) => items
            .iter()
            .map(|i| i.provider.as_str())
            .collect::<Vec<_>>()
            .join(" + "),
        None => "cluster default".to_owned(),
    }
}

fn capacity_label(app: &App, name: &str) -> Vec<String> {
    match (name, app.cluster.capacity.get(name)) {
        (_, Some(Capacity::Ec2(e))) => vec![
            name.to_owned(),
            format!("EC2 {} ({})", e.instance, e.arch),
            format!("{}..{} instances", e.min, e.max),
        ],
        ("spot", _) => vec![name.to_owned(), "Fargate Spot".to_owned()],
        _ => vec![name.to_owned(), "Fargate".to_owned()],
    }
}

fn route_label(app: &App, route: &crate::model::Route) -> Vec<String> {
    let list = |v: &StringOrList| v.to_vec().join(", ");
    let mut label = Vec::new();
    match (
        &route.host,
        app.ingress.as_ref().and_then(|i| i.domain.as_ref()),
    ) {
        (Some(host), _) => label.push(list(host)),
        (None, Some(domain)) => label.push(domain.clone()),
        (None, None) => {}
    }
    if let Some(path) = &route.path {
        label.push(list(path));
    }
    if let Some(p) = route.priority {
        label.push(format!("priority {p}"));
    }
    label
}

// ---- Mermaid ----

/// Text inside a quoted Mermaid label: entity codes for what Mermaid (or the HTML it renders
/// into) would read as syntax, and control characters as spaces.
pub fn mermaid_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '|' => out.push_str("#124;"),
            '`' => out.push_str("#96;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn mermaid_label(lines: &[String]) -> String {
    let lines: Vec<String> = lines.iter().map(|l| mermaid_escape(l)).collect();
    format!("\"{}\"", lines.join("<br/>"))
}

fn mermaid(graph: &Graph) -> String {
    let mut out = String::from("flowchart LR\n");
    for group in &graph.groups {
        mermaid_group(&mut out, group, 1);
    }
    for e in &graph.edges {
        let arrow = if e.dashed { "-.->" } else { "-->" };
        if e.label.is_empty() {
            let _ = writeln!(out, "  {} {arrow} {}", e.from, e.to);
        } else {
            let _ = writeln!(
                out,
                "  {} {arrow}|{}| {}",
                e.from,
                mermaid_label(&e.label),
                e.to
            );
        }
    }
    out
}

fn mermaid_group(out: &mut String, group: &Group, depth: usize) {
    let pad = "  ".repeat(depth);
    let _ = writeln!(
        out,
        "{pad}subgraph {}[{}]",
        group.id,
        mermaid_label(&group.label)
    );
    let _ = writeln!(out, "{pad}  direction LR");
    for node in &group.nodes {
        let label = mermaid_label(&node.label);
        let shaped = match node.shape {
            Shape::Region => format!("([{label}])"),
            Shape::Balancer => format!("{{{{{label}}}}}"),
            Shape::Service => format!("[{label}]"),
            Shape::Capacity => format!("[({label})]"),
            Shape::Stage => format!("({label})"),
            Shape::Approval => format!("{{{label}}}"),
        };
        let _ = writeln!(out, "{pad}  {}{shaped}", node.id);
    }
    for sub in &group.groups {
        mermaid_group(out, sub, depth + 1);
    }
    let _ = writeln!(out, "{pad}end");
}

// ---- DOT ----

/// Text inside a quoted DOT string: backslashes and quotes escaped (so `\n`, `\l` in names
/// stay text), control characters as spaces. `<`, `>` and brackets are plain text in quotes.
pub fn dot_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn dot_label(lines: &[String]) -> String {
    let lines: Vec<String> = lines.iter().map(|l| dot_escape(l)).collect();
    format!("\"{}\"", lines.join("\\n"))
}

fn dot(graph: &Graph) -> String {
    let mut out = String::from(
        "digraph fleetform {\n  rankdir=LR;\n  compound=true;\n  node [fontname=\"Helvetica\", fontsize=11];\n  edge [fontname=\"Helvetica\", fontsize=10];\n",
    );
    for group in &graph.groups {
        dot_group(&mut out, group, 1);
    }
    for e in &graph.edges {
        let mut attrs = Vec::new();
        if !e.label.is_empty() {
            attrs.push(format!("label={}", dot_label(&e.label)));
        }
        if e.dashed {
            attrs.push("style=dashed".to_owned());
        }
        let attrs = if attrs.is_empty() {
            String::new()
        } else {
            format!(" [{}]", attrs.join(", "))
        };
        let _ = writeln!(out, "  {} -> {}{attrs};", e.from, e.to);
    }
    out.push_str("}\n");
    out
}

fn dot_group(out: &mut String, group: &Group, depth: usize) {
    let pad = "  ".repeat(depth);
    let _ = writeln!(out, "{pad}subgraph cluster_{} {{", group.id);
    let _ = writeln!(out, "{pad}  label={};", dot_label(&group.label));
    for node in &group.nodes {
        let shape = match node.shape {
            Shape::Region => "oval",
            Shape::Balancer => "hexagon",
            Shape::Service => "box",
            Shape::Capacity => "box3d",
            Shape::Stage => "box, style=rounded",
            Shape::Approval => "diamond",
        };
        let _ = writeln!(
            out,
            "{pad}  {} [label={}, shape={shape}];",
            node.id,
            dot_label(&node.label)
        );
    }
    for sub in &group.groups {
        dot_group(out, sub, depth + 1);
    }
    let _ = writeln!(out, "{pad}}}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mermaid_escapes_what_mermaid_reads_as_syntax() {
        assert_eq!(
            mermaid_escape(r#"/a"b[c]<d>{e}|f#g&h`i"#),
            "/a#quot;b[c]#lt;d#gt;{e}#124;f#35;g#amp;h#96;i"
        );
        assert_eq!(mermaid_escape("a\nb\tc"), "a b c");
        // An escaped label never closes its quotes or starts an entity of its own.
        let hostile = mermaid_escape(r##""]) --> x["#quot;"##);
        assert!(!hostile.contains('"'));
        assert!(hostile.starts_with("#quot;"));
    }

    #[test]
    fn dot_escapes_quotes_and_backslashes() {
        assert_eq!(dot_escape(r#"a"b\nc<d>[e]"#), r#"a\"b\\nc<d>[e]"#);
        assert_eq!(dot_escape("a\nb"), "a b");
        // Every quote left in the output is preceded by a backslash that is not itself escaped.
        let e = dot_escape(r#"\"\\""#);
        assert_eq!(e, r#"\\\"\\\\\""#);
    }

    #[test]
    fn ids_are_words_and_unique() {
        let mut g = Graph::default();
        assert_eq!(
            g.id(&["svc", "shop", "delivery-dispatch"]),
            "svc_shop_delivery_dispatch"
        );
        assert_eq!(
            g.id(&["svc", "shop-delivery", "dispatch"]),
            "svc_shop_delivery_dispatch_2"
        );
        assert_eq!(g.id(&["svc", "shop\"]", "x y"]), "svc_shop___x_y");
    }
}
