#!/usr/bin/env python3
"""Writes the hostile-input corpus next to this script: malformed or adversarial blueprints.

Every `*.yaml` written here must be rejected (exit 1, at least one error) except the `ok-*`
files, which must compile (tests/hostile_corpus.rs checks both, one test per file, and what the
`ok-*` files emit; tests/hostile.rs pins every file's diagnostics in one snapshot). The
`cli-*` files are wrong only once the CLI follows their `include:`, so only the binary must reject
them (the library's `compile` leaves includes to the CLI).
Run it again after editing; the files are committed, so review `git diff tests/hostile/`.
Huge inputs are made inside the test instead, to keep the corpus small.
"""

import pathlib

HERE = pathlib.Path(__file__).resolve().parent

BASE = """blueprint: 1
app: hello
environments:
  dev:
    regions: [us-east-1]
ingress: { public: true }
services:
  web:
    image: public.ecr.aws/nginx/nginx:1.27
    cpu: 256
    memory: 512
    port: 80
    route: { path: /* }
"""

cases: dict[str, bytes] = {}


def add(name: str, text: "str | bytes") -> None:
    assert name not in cases, name
    cases[name] = text.encode() if isinstance(text, str) else text


def swap(old: str, new: str, text: str = BASE) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# --- truncated files: cut inside a token, a flow collection or a quoted string -------------
for cut in ["blueprint: 1\nap", "blueprint: 1\napp: hello\nenvironments:\n  dev:\n    regions: [us-ea",
            BASE[: BASE.index("ingress") + 12], BASE[: BASE.index("image") + 20],
            BASE[: BASE.index("route") + 14]]:
    add(f"truncated-{len(cut):03}.yaml", cut)
add("truncated-quote.yaml", swap("image: public.ecr.aws/nginx/nginx:1.27", 'image: "public.ecr.aws/ng'))
add("truncated-single-quote.yaml", swap("app: hello", "app: 'hello"))
add("truncated-block-scalar.yaml", BASE + "    command: |\n")
add("truncated-anchor.yaml", BASE + "x: &")
add("truncated-alias.yaml", BASE + "x: *")
add("truncated-key-only.yaml", BASE + "services2")

# --- wrong types everywhere ------------------------------------------------------------------
WRONG = {
    "blueprint-string": ("blueprint: 1", 'blueprint: "1"'),
    "blueprint-float": ("blueprint: 1", "blueprint: 1.0"),
    "blueprint-list": ("blueprint: 1", "blueprint: [1]"),
    "app-number": ("app: hello", "app: 5"),
    "app-list": ("app: hello", "app: [hello]"),
    "app-map": ("app: hello", "app: {name: hello}"),
    "app-null": ("app: hello", "app: ~"),
    "app-bool": ("app: hello", "app: true"),
    "environments-list": ("environments:\n  dev:\n    regions: [us-east-1]", "environments: [dev]"),
    "environments-string": ("environments:\n  dev:\n    regions: [us-east-1]", "environments: dev"),
    "env-null": ("  dev:\n    regions: [us-east-1]", "  dev: ~"),
    "env-list": ("  dev:\n    regions: [us-east-1]", "  dev: [us-east-1]"),
    "regions-string": ("regions: [us-east-1]", "regions: us-east-1"),
    "regions-number": ("regions: [us-east-1]", "regions: [1]"),
    "regions-nested": ("regions: [us-east-1]", "regions: [[us-east-1]]"),
    "regions-map": ("regions: [us-east-1]", "regions: {us-east-1: true}"),
    "ingress-bool": ("ingress: { public: true }", "ingress: true"),
    "ingress-public-string": ("ingress: { public: true }", "ingress: { public: yes }"),
    "services-list": ("services:\n  web:", "services:\n  - web:"),
    "services-string": ("services:\n  web:\n", "services: web\nx:\n  web:\n"),
    "service-null": ("image: public.ecr.aws/nginx/nginx:1.27\n    cpu: 256\n    memory: 512\n    port: 80\n    route: { path: /* }\n", "\n"),
    "image-number": ("image: public.ecr.aws/nginx/nginx:1.27", "image: 1.27"),
    "image-list": ("image: public.ecr.aws/nginx/nginx:1.27", "image: [public.ecr.aws/nginx/nginx:1.27]"),
    "cpu-string": ("cpu: 256", 'cpu: "256"'),
    "cpu-float": ("cpu: 256", "cpu: 256.5"),
    "cpu-negative": ("cpu: 256", "cpu: -256"),
    "cpu-huge": ("cpu: 256", "cpu: 18446744073709551616"),
    "cpu-inf": ("cpu: 256", "cpu: .inf"),
    "cpu-nan": ("cpu: 256", "cpu: .nan"),
    "memory-bool": ("memory: 512", "memory: true"),
    "memory-map": ("memory: 512", "memory: {mib: 512}"),
    "port-map": ("port: 80", "port: {}"),
    "port-zero": ("port: 80", "port: 0"),
    "port-big": ("port: 80", "port: 65536"),
    "route-string": ("route: { path: /* }", "route: /*"),
    "route-path-number": ("route: { path: /* }", "route: { path: 1 }"),
    "route-path-empty-list": ("route: { path: /* }", "route: { path: [] }"),
    "route-priority-string": ("route: { path: /* }", "route: { path: /*, priority: high }"),
    "count-negative": ("port: 80", "port: 80\n    count: -1"),
    "env-vars-list": ("port: 80", "port: 80\n    env: [A=1]"),
    "env-value-map": ("port: 80", "port: 80\n    env: { A: { b: 1 } }"),
    "secrets-list": ("port: 80", "port: 80\n    secrets: [ssm:/x]"),
    "command-map": ("port: 80", "port: 80\n    command: { run: x }"),
    "permissions-map": ("port: 80", "port: 80\n    permissions: { allow: [s3:GetObject], on: '*' }"),
    "vars-number-value": ("app: hello", "app: hello\nvars: { a: 1 }"),
    "vars-list": ("app: hello", "app: hello\nvars: [a]"),
    "tags-list": ("app: hello", "app: hello\ntags: [a]"),
    "include-map": ("app: hello", "app: hello\ninclude: { a: b }"),
}
for name, (old, new) in WRONG.items():
    add(f"type-{name}.yaml", swap(old, new))

# --- structure of the document itself ---------------------------------------------------------
add("doc-empty.yaml", "")
add("doc-only-comment.yaml", "# nothing here\n")
add("doc-only-whitespace.yaml", "   \n\n  \n")
add("doc-separator-only.yaml", "---\n")
add("doc-end-marker.yaml", "...\n")
add("doc-scalar-root.yaml", "hello\n")
add("doc-list-root.yaml", "- blueprint: 1\n- app: hello\n")
add("doc-null-root.yaml", "~\n")
add("doc-two-documents.yaml", BASE + "---\n" + BASE)
add("ok-yaml-directive.yaml", "%YAML 1.1\n---\n" + BASE)
add("doc-tag-ref.yaml", swap("image: public.ecr.aws/nginx/nginx:1.27", "image: !Ref Image"))
add("doc-tag-binary.yaml", swap("app: hello", "app: !!binary aGVsbG8="))
add("doc-tag-python.yaml", swap("app: hello", "app: !!python/object/apply:os.system ['true']"))
add("doc-complex-key.yaml", swap("app: hello", "app: hello\n? [a, b]\n: c"))
add("doc-null-key.yaml", swap("app: hello", "app: hello\n~: c"))
add("doc-map-key.yaml", swap("app: hello", "app: hello\n{a: 1}: c"))
add("doc-unknown-top-key.yaml", BASE + "servics: {}\n")
add("cli-include-dev-null.yaml", swap("app: hello", "app: hello\ninclude: [/dev/null]"))

# --- deep nesting (MAX_DEPTH is 64) ---------------------------------------------------------
add("deep-flow-lists.yaml", BASE + "x: " + "[" * 200 + "]" * 200 + "\n")
add("deep-flow-maps.yaml", BASE + "x: " + "{a: " * 200 + "1" + "}" * 200 + "\n")
add("deep-block-maps.yaml", BASE + "".join("  " * i + "k:\n" for i in range(100)) + "  " * 100 + "k: 1\n")
add("deep-block-lists.yaml", BASE + "x:\n" + "".join("  " * i + "-\n" for i in range(1, 100)) + "  " * 100 + "- 1\n")
add("deep-unclosed.yaml", BASE + "x: " + "[" * 5000 + "\n")
add("deep-in-env.yaml", swap("port: 80", "port: 80\n    env: { A: " + "[" * 70 + "]" * 70 + " }"))

# --- alias bombs and alias misuse --------------------------------------------------------------
laughs = "".join(
    f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]\n" for i in range(1, 9)
)
add("alias-billion-laughs.yaml", BASE + "l0: &l0 [lol]\n" + laughs)
add("alias-map-bomb.yaml", BASE + "m0: &m0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8}\n"
    + "".join(f"m{i}: &m{i} {{" + ", ".join(f"k{j}: *m{i - 1}" for j in range(10)) + "}\n" for i in range(1, 8)))
add("alias-undefined.yaml", swap("cpu: 256", "cpu: *size"))
add("alias-self.yaml", BASE + "x: &x [*x]\n")
add("alias-as-key.yaml", BASE + "k: &k name\n*k : value\n")
add("alias-merge-scalar.yaml", swap("    cpu: 256", "    <<: *tag\n    cpu: 256", "t: &tag 1\n" + BASE))
add("ok-merge-overridden.yaml", swap("services:\n  web:", "services:\n  <<: &w { web: 1 }\n  web:"))

# --- duplicate keys ------------------------------------------------------------------------------
add("dup-top-app.yaml", BASE + "app: other\n")
add("dup-service.yaml", BASE + "  web:\n    image: x:1\n")
add("dup-quoted-vs-plain.yaml", swap("app: hello", 'app: hello\n"app": hello'))
add("dup-explicit-key.yaml", swap("app: hello", "app: hello\n? app\n: hello"))
add("dup-in-flow.yaml", swap("route: { path: /* }", "route: { path: /*, path: /x }"))
add("dup-env-var.yaml", swap("port: 80", "port: 80\n    env: { A: '1', A: '2' }"))
add("dup-escaped-key.yaml", swap("app: hello", 'app: hello\n"\\x61pp": hello'))

# --- encodings: non-UTF-8, BOMs, line ends, tabs, NUL --------------------------------------------
b = BASE.encode()
add("enc-latin1-value.yaml", b.replace(b"app: hello", b"app: h\xe9llo"))
add("enc-latin1-comment.yaml", b"# caf\xe9\n" + b)
add("enc-lone-continuation.yaml", b.replace(b"cpu: 256", b"cpu: 256 \x80"))
add("enc-truncated-multibyte.yaml", b + b"x: \xe2\x82")
add("enc-overlong.yaml", b.replace(b"app: hello", b"app: \xc0\xafhello"))
add("enc-surrogate.yaml", b.replace(b"app: hello", b"app: \xed\xa0\x80"))
add("enc-invalid-after-multibyte.yaml", b.replace(b"app: hello", b"app: \xc3\xa9\xff"))
add("bom-utf16le.yaml", b"\xff\xfe" + BASE.encode("utf-16-le"))
add("bom-utf16be.yaml", b"\xfe\xff" + BASE.encode("utf-16-be"))
add("bom-utf16le-no-bom.yaml", BASE.encode("utf-16-le"))
add("bom-utf32le.yaml", b"\xff\xfe\x00\x00" + BASE.encode("utf-32-le"))
add("ok-bom-utf8-twice.yaml", b"\xef\xbb\xbf\xef\xbb\xbf" + b)
add("bom-utf8-invalid.yaml", b"\xef\xbb\xbf" + b.replace(b"cpu: 256", b"cpu: 257"))
add("bom-utf8-middle.yaml", b.replace(b"app: hello", b"app: \xef\xbb\xbfhello"))
add("crlf-invalid.yaml", BASE.replace("\n", "\r\n").replace("cpu: 256", "cpu: 300"))
add("crlf-broken.yaml", BASE.replace("\n", "\r\n").replace("regions: [us-east-1]", "regions: [us-east-1"))
add("ok-cr-only.yaml", BASE.replace("\n", "\r"))
add("tab-indent.yaml", swap("    cpu: 256", "\tcpu: 256"))
add("tab-indent-map.yaml", BASE.replace("  web:\n", "\tweb:\n"))
add("nul-in-value.yaml", b.replace(b"app: hello", b"app: hel\x00lo"))
add("nul-at-start.yaml", b"\x00" + b)
add("nul-in-key.yaml", b.replace(b"app: hello", b"ap\x00p: hello"))
add("nul-at-end.yaml", b + b"\x00")
add("nul-quoted-escape.yaml", swap("app: hello", 'app: "hel\\0lo"'))
add("control-chars.yaml", swap("app: hello", "app: hel\x07\x1blo"))

# --- non-ASCII and look-alike names ----------------------------------------------------------------
add("name-accented-app.yaml", swap("app: hello", "app: héllo"))
add("name-cyrillic-env.yaml", swap("  dev:", "  тест:"))
add("name-emoji-service.yaml", swap("  web:\n", "  web🚀:\n"))
add("name-homoglyph-service.yaml", swap("  web:\n", "  wеb:\n"))  # Cyrillic е
add("name-zero-width.yaml", swap("  web:\n", "  w\u200beb:\n"))
add("name-rtl-override.yaml", swap("app: hello", "app: he\u202ello"))
add("name-fullwidth-digits.yaml", swap("cpu: 256", "cpu: ２５６"))
add("name-region-lookalike.yaml", swap("regions: [us-east-1]", "regions: [us‐east‐1]"))
add("name-uppercase.yaml", swap("app: hello", "app: Hello"))
add("name-path-traversal-app.yaml", swap("app: hello", "app: ../../etc"))
add("name-path-traversal-env.yaml", swap("  dev:", '  "../dev":'))
add("name-slash-service.yaml", swap("  web:\n", '  "web/../../x":\n'))
add("name-empty-service.yaml", swap("  web:\n", '  "":\n'))
add("name-long-service.yaml", swap("  web:\n", "  " + "w" * 5000 + ":\n"))

# --- interpolation: loops, unknown names, handlebars constructs ------------------------------------
add("interp-loop-vars.yaml", swap("app: hello", 'app: hello\nvars: { a: "{{b}}", b: "{{a}}" }').replace("port: 80", 'port: 80\n    env: { A: "{{a}}" }'))
add("interp-self-var.yaml", swap("app: hello", 'app: hello\nvars: { a: "{{a}}" }').replace("port: 80", 'port: 80\n    env: { A: "{{a}}" }'))
add("interp-unknown.yaml", swap("port: 80", 'port: 80\n    env: { A: "{{nope}}" }'))
add("interp-each.yaml", swap("port: 80", 'port: 80\n    env: { A: "{{#each services}}x{{/each}}" }'))
add("interp-partial.yaml", swap("port: 80", 'port: 80\n    env: { A: "{{> secrets}}" }'))
add("interp-triple.yaml", swap("port: 80", 'port: 80\n    env: { A: "{{{app}}}" }'))
add("interp-comment.yaml", swap("port: 80", 'port: 80\n    env: { A: "{{! hidden}}" }'))
add("interp-lookup.yaml", swap("port: 80", 'port: 80\n    env: { A: "{{lookup this \'app\'}}" }'))
add("interp-parent-path.yaml", swap("port: 80", 'port: 80\n    env: { A: "{{../app}}" }'))
add("interp-root.yaml", swap("port: 80", 'port: 80\n    env: { A: "{{@root.app}}" }'))
add("interp-whitespace-control.yaml", swap("port: 80", 'port: 80\n    env: { A: "{{~app~}}" }'))
add("interp-unclosed.yaml", swap("port: 80", 'port: 80\n    env: { A: "{{app" }'))
add("interp-in-key.yaml", swap("port: 80", 'port: 80\n    env: { "{{app}}": x }'))
add("interp-in-name.yaml", swap("app: hello", 'app: "{{env}}"'))
add("interp-in-image-unknown.yaml", swap("image: public.ecr.aws/nginx/nginx:1.27", 'image: "nginx:{{version}}"'))
add("interp-raw-block.yaml", swap("port: 80", 'port: 80\n    env: { A: "{{{{raw}}}}x{{{{/raw}}}}" }'))
add("interp-multiline.yaml", swap("port: 80", 'port: 80\n    env:\n      A: |\n        line\n        {{#if x}}y{{/if}}'))

# --- valid inputs that look dangerous: must compile, with `${` kept literal or escaped -------------
add("ok-dollar-in-plain-string.yaml", swap("port: 80", 'port: 80\n    env: { A: "${AWS::AccountId}", B: "${!x}" }'))
add("ok-dollar-in-sub.yaml", swap("port: 80", 'port: 80\n    env: { A: "{{account}}-${AWS::Region}-${!x}" }'))
add("ok-special-characters.yaml", swap("port: 80", 'port: 80\n    env:\n      Q: "say \\"hi\\""\n      N: "a\\nb"\n      C: "k: v"\n      H: "not # a comment"\n      S: \'it\'\'s\''))
add("ok-escaped-braces.yaml", swap("port: 80", 'port: 80\n    env: { A: "\\\\{{app}}" }'))
add("interp-var-uses-var.yaml", swap("app: hello", 'app: hello\nvars: { a: "x{{b}}", b: "y" }').replace("port: 80", 'port: 80\n    env: { A: "{{a}}" }'))
add("ok-crlf.yaml", BASE.replace("\n", "\r\n"))
add("ok-bom-utf8.yaml", b"\xef\xbb\xbf" + b)
add("ok-unicode-values.yaml", swap("port: 80", 'port: 80\n    env: { GREETING: "héllo wörld 👋 \u202e" }'))
add("ok-tab-in-value.yaml", swap("port: 80", 'port: 80\n    env: { A: "a\tb" }'))


def main() -> None:
    for old in HERE.glob("*.yaml"):
        old.unlink()
    for name, data in sorted(cases.items()):
        (HERE / name).write_bytes(data)
    total = sum(len(d) for d in cases.values())
    print(f"{len(cases)} files, {total} bytes")


if __name__ == "__main__":
    main()
