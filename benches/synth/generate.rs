//! A synthetic app of any size, for `scripts/bench.sh` and the tests that keep it valid: one
//! app file (`app.yaml`) with `environments` × `regions` and a cluster of Fargate, Fargate Spot
//! and one EC2 group, plus one service file per service under `services/`. Services vary the
//! way real ones do: most are routed web services on the cluster default, every fifth is a
//! queue worker without a route on Spot, every seventh runs on the EC2 group, every third has
//! a secret, and every service has a task-role permission.

use std::fmt::Write as _;

/// Regions the environments deploy to, in order (all in the `aws` partition).
const REGIONS: &[&str] = &[
    "us-east-1",
    "eu-west-1",
    "us-west-2",
    "ap-southeast-2",
    "eu-central-1",
    "ap-northeast-1",
];

/// Routed services per app: an ALB listener allows 100 rules, so the rest are workers.
const MAX_ROUTED: usize = 90;

/// The app's files as (path relative to the app directory, YAML text), in path order.
pub fn app(services: usize, environments: usize, regions: usize) -> Vec<(String, String)> {
    let regions = &REGIONS[..regions.clamp(1, REGIONS.len())];
    let mut app = String::from(
        "# A synthetic app for benchmarks (benches/synth/generate.rs).\n\
         blueprint: 1\napp: synth\ninclude: [services]\nvars: { team: synth }\ntag: \"1.0.0\"\n\
         environments:\n",
    );
    for e in 0..environments.max(1) {
        let _ = writeln!(
            app,
            "  env{e}:\n    regions: [{}]\n    network: {{ cidr: 10.{}.0.0/16, azs: 2, nat: single }}",
            regions.join(", "),
            e % 250
        );
    }
    app.push_str(
        "cluster:\n  capacity:\n    fargate: { base: 1, weight: 1 }\n    spot: { weight: 2 }\n    \
         hosts: { instance: c6i.large, min: 1, max: 20 }\n  default: [fargate, spot]\n\
         ingress: { domain: synth.example.com }\n",
    );
    let mut files = vec![("app.yaml".to_owned(), app)];
    let mut routed = 0;
    for i in 0..services {
        let name = format!("svc{i:04}");
        let worker = i % 5 == 4 || routed >= MAX_ROUTED;
        let mut text = format!(
            "blueprint: 1\napp: synth\nservices:\n  {name}:\n    \
             image: \"{{{{account}}}}.dkr.ecr.{{{{region}}}}.{{{{url_suffix}}}}/synth/{name}:{{{{tag}}}}\"\n    \
             cpu: 256\n    memory: 512\n    count: 2\n    \
             env: {{ LOG_LEVEL: info, TABLE: \"synth-{{{{env}}}}-{name}\" }}\n"
        );
        if !worker {
            let _ = writeln!(
                text,
                "    port: 8080\n    route: {{ path: [/{name}, /{name}/*], health: /healthz }}"
            );
            routed += 1;
        }
        if i % 7 == 6 {
            text.push_str("    capacity: hosts\n");
        } else if worker {
            text.push_str("    capacity: spot\n");
        }
        if i % 3 == 0 {
            let _ = writeln!(
                text,
                "    secrets: {{ DB_PASSWORD: \"ssm:/synth/{{{{env}}}}/{name}/db-password\" }}"
            );
        }
        let _ = writeln!(
            text,
            "    permissions:\n      - allow: [dynamodb:GetItem, dynamodb:PutItem]\n        \
             on: \"arn:{{{{partition}}}}:dynamodb:{{{{region}}}}:{{{{account}}}}:table/synth-{{{{env}}}}-{name}\""
        );
        files.push((format!("services/{name}.yaml"), text));
    }
    files
}

/// The peer benchmark app (`benches/peer/troposphere_app.py` builds the same with troposphere):
/// one environment in one region, a VPC with 2 zones and one NAT gateway, a cluster with
/// Container Insights, one public load balancer on port 80, and `services` Fargate services,
/// each nginx with a 30-day log group, a task role allowed `s3:GetObject`, the circuit breaker,
/// 100/200 rolling deployments and CPU-60% scaling from 2 to 10 tasks. The first 90 are routed
/// (a target group and a listener rule each): one load balancer takes 100 rules, so both tools
/// leave the rest without a route.
pub fn peer(services: usize) -> Vec<(String, String)> {
    let mut text = String::from(
        "# The peer benchmark app (benches/synth/generate.rs, benches/peer/troposphere_app.py).\n\
         blueprint: 1\napp: peer\nenvironments:\n  prod:\n    regions: [us-east-1]\n    \
         network: { cidr: 10.0.0.0/16, azs: 2, nat: single }\n\
         cluster: { insights: enabled }\ningress: { public: true }\nservices:\n",
    );
    for i in 0..services {
        let name = format!("svc{i:04}");
        let _ = writeln!(
            text,
            "  {name}:\n    image: public.ecr.aws/nginx/nginx:1.27\n    cpu: 256\n    memory: 512\n    \
             logs: {{ retention: 30 }}\n    scaling: {{ min: 2, max: 10, cpu: 60 }}\n    \
             permissions:\n      - allow: [s3:GetObject]\n        on: \"arn:{{{{partition}}}}:s3:::peer-{name}/*\""
        );
        if i < MAX_ROUTED {
            let _ = writeln!(
                text,
                "    port: 80\n    route: {{ path: [/{name}, /{name}/*] }}"
            );
        }
    }
    vec![("app.yaml".to_owned(), text)]
}
