//! Documentation of the codes emitted outside the semantic rules: source and interpolation
//! (`FF00xx`), the schema (`FF01xx`) and file merging (`FF02xx`).

use super::RuleDoc;

pub const SOURCE: &[RuleDoc] = &[
    RuleDoc {
        code: "FF0001",
        title: "yaml syntax error",
        explanation: "The file is not valid YAML; the label points at where parsing stopped.",
    },
    RuleDoc {
        code: "FF0010",
        title: "interpolation syntax error",
        explanation: "A `{{…}}` in a string is malformed, e.g. an unclosed `{{name`.\n\n```yaml\nimage: cart:{{tag\n```",
    },
    RuleDoc {
        code: "FF0011",
        title: "unknown interpolation name",
        explanation: "`{{name}}` must be a built-in name (`app`, `env`, `region`, `partition`, \
`url_suffix`, `account`, `tag`) or a name in `vars` for every environment the string is built for.\n\n\
```yaml\nimage: cart:{{tga}}   # did you mean `tag`?\n```",
    },
    RuleDoc {
        code: "FF0012",
        title: "unsupported interpolation expression",
        explanation: "Only plain names are allowed inside `{{…}}`: no helpers, blocks, paths or \
partials.\n\n```yaml\nimage: \"cart:{{#if prod}}1{{/if}}\"\n```",
    },
];

pub const SCHEMA: &[RuleDoc] = &[
    RuleDoc {
        code: "FF0101",
        title: "unknown key",
        explanation: "A key the blueprint format does not define at this place, usually a typo.\n\n```yaml\nmemroy: 512   # did you mean `memory`?\n```",
    },
    RuleDoc {
        code: "FF0102",
        title: "wrong type",
        explanation: "A value of the wrong type. Blueprints use YAML 1.2, so `yes`, `no`, `on` and \
`off` are strings: write `true` or `false` for booleans.\n\n```yaml\npublic-ip: yes   # write true\n```",
    },
    RuleDoc {
        code: "FF0103",
        title: "missing required key",
        explanation: "A required key is missing, e.g. a service without `cpu` or `memory`, or an \
environment without `regions`.",
    },
    RuleDoc {
        code: "FF0104",
        title: "value not allowed",
        explanation: "The value is not one of the allowed values.\n\n```yaml\nnat: per_az   # none | single | per-az\n```",
    },
    RuleDoc {
        code: "FF0105",
        title: "value or name has the wrong form",
        explanation: "A name or value does not have the required form, e.g. an app name with \
capitals (`^[a-z][a-z0-9-]{0,19}$`) or an account ID that is not 12 digits.",
    },
    RuleDoc {
        code: "FF0106",
        title: "out of range",
        explanation: "A number outside its range, a string too long or short, or a list with too few \
or many items.\n\n```yaml\nport: 70000   # 1..65535\n```",
    },
    RuleDoc {
        code: "FF0107",
        title: "invalid value",
        explanation: "A value the schema rejects for another reason, e.g. `cidr` next to an imported \
network.",
    },
    RuleDoc {
        code: "FF0108",
        title: "unsupported blueprint version",
        explanation: "`blueprint:` names the format version; this fleetform reads version 1.\n\n```yaml\nblueprint: 2\n```",
    },
];

pub const FILES: &[RuleDoc] = &[
    RuleDoc {
        code: "FF0201",
        title: "service defined twice",
        explanation: "A service is defined in exactly one file of its app; two definitions would make \
the result depend on file order. Both places are shown.",
    },
    RuleDoc {
        code: "FF0202",
        title: "app without an app file",
        explanation: "Service files name an app whose app file (the file with `environments`) is not \
part of the build. Include it, or add `environments` to one of the files.",
    },
    RuleDoc {
        code: "FF0203",
        title: "two app files for one app",
        explanation: "Exactly one file per app has `environments`; the other files of the app may \
only define `services`.",
    },
    RuleDoc {
        code: "FF0208",
        title: "app setting in a service file",
        explanation: "`include`, `vars`, `tag`, `tags`, `cluster` and `ingress` belong to the app file; \
a service file only has `blueprint`, `app` and `services`.",
    },
];
