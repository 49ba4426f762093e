//! The library's modules import one way: the layer order written in ARCHITECTURE.md (the
//! ```` ```layers ```` block, lowest layer first) is read here, and every `crate::…`, `super::…`
//! and child-module path of every file in `src/` (the binary's `main.rs` and `cli/` aside) is
//! checked against it. A module may import from its own layer and the layers before it; a
//! cycle is an error between top-level modules and between any two files (a file may still use
//! what its parent modules declare: the parent is where it is included).

#[path = "layers/imports.rs"]
mod imports;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use imports::{Import, Module};

/// The layers of the ```` ```layers ```` block of `markdown`: one line per layer, lowest first,
/// module names separated by spaces, `#` starting a comment.
fn layers(markdown: &str) -> Vec<Vec<String>> {
    let block = markdown
        .split("```layers\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("ARCHITECTURE.md has a ```layers block");
    block
        .lines()
        .map(|line| line.split('#').next().unwrap_or_default())
        .map(|line| {
            line.split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter(|layer| !layer.is_empty())
        .collect()
}

fn name(module: &[String]) -> String {
    if module.is_empty() {
        "the crate root".to_owned()
    } else {
        module.join("::")
    }
}

/// Every way `files` (path under `src/` → text) breaks `layers`, one message each, in a stable
/// order: a module missing from the layers or listed twice or not at all, an import against
/// the order, a cycle between top-level modules or between files.
fn problems(files: &BTreeMap<String, String>, layers: &[Vec<String>]) -> Vec<String> {
    let mut out = Vec::new();
    let mut rank = BTreeMap::new();
    for (i, layer) in layers.iter().enumerate() {
        for module in layer {
            if rank.insert(module.clone(), i).is_some() {
                out.push(format!("`{module}` is listed in two layers"));
            }
        }
    }
    let top_level: BTreeSet<String> = files
        .keys()
        .filter_map(|rel| imports::module_of(rel))
        .filter_map(|m| m.first().cloned())
        .collect();
    for module in top_level.difference(&rank.keys().cloned().collect()) {
        out.push(format!(
            "`{module}` is in no layer: add it to the ```layers block of ARCHITECTURE.md"
        ));
    }
    for module in rank.keys().filter(|m| !top_level.contains(*m)) {
        out.push(format!("the layers list `{module}`, which is no module"));
    }
    let imports = imports::imports(files);
    for i in &imports {
        let (Some(from), to) = (i.from.first(), i.to.first()) else {
            continue;
        };
        match to {
            None => out.push(format!(
                "{}:{}: `{}` imports from the crate root, the top of the layers",
                i.file,
                i.line,
                name(&i.from)
            )),
            Some(to) if to != from && rank.get(to) > rank.get(from) => out.push(format!(
                "{}:{}: `{}` imports `{}`, which is in a layer above it",
                i.file,
                i.line,
                name(&i.from),
                name(&i.to)
            )),
            Some(_) => {}
        }
    }
    // Between top-level modules, then between files (leaving out the uses of a parent).
    let top: Vec<Import> = imports
        .iter()
        .filter(|i| !i.from.is_empty() && !i.to.is_empty() && i.from[0] != i.to[0])
        .map(|i| Import {
            from: i.from[..1].to_vec(),
            to: i.to[..1].to_vec(),
            ..i.clone()
        })
        .collect();
    out.extend(cycles(&top, "top-level modules"));
    let files: Vec<Import> = imports
        .iter()
        .filter(|i| !i.from.starts_with(&i.to))
        .cloned()
        .collect();
    out.extend(cycles(&files, "files"));
    out
}

/// A message for each cycle among `imports` (a strongly connected set of more than one module):
/// the shortest way round from its first module, each import with where it is written.
fn cycles(imports: &[Import], what: &str) -> Vec<String> {
    let mut graph: BTreeMap<&Module, BTreeSet<&Module>> = BTreeMap::new();
    let mut at: BTreeMap<(&Module, &Module), &Import> = BTreeMap::new();
    for i in imports {
        graph.entry(&i.from).or_default().insert(&i.to);
        graph.entry(&i.to).or_default();
        at.entry((&i.from, &i.to)).or_insert(i);
    }
    strongly_connected(&graph)
        .into_iter()
        .filter(|set| set.len() > 1)
        .map(|set| {
            let start = *set.first().expect("a set of more than one");
            let path = shortest_cycle(&graph, &set, start);
            let steps: Vec<String> = path
                .windows(2)
                .map(|w| {
                    let i = at[&(w[0], w[1])];
                    format!("`{}` ({}:{})", name(w[1]), i.file, i.line)
                })
                .collect();
            format!(
                "a cycle between {what}: `{}` → {}",
                name(start),
                steps.join(" → ")
            )
        })
        .collect()
}

/// The shortest path from `start` back to itself inside `set` (breadth first), both ends
/// included.
fn shortest_cycle<'m>(
    graph: &BTreeMap<&'m Module, BTreeSet<&'m Module>>,
    set: &BTreeSet<&'m Module>,
    start: &'m Module,
) -> Vec<&'m Module> {
    let mut came_from: BTreeMap<&Module, &Module> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for &w in graph[v].iter().filter(|w| set.contains(*w)) {
            if w == start {
                // Back from `v` to `start`, which has no predecessor.
                let mut path = vec![v];
                while let Some(&p) = came_from.get(path[path.len() - 1]) {
                    path.push(p);
                }
                path.reverse();
                path.push(start);
                return path;
            }
            if !came_from.contains_key(w) {
                came_from.insert(w, v);
                queue.push_back(w);
            }
        }
    }
    vec![start]
}

/// Tarjan's strongly connected components, each sorted, in a stable order.
fn strongly_connected<'m>(
    graph: &BTreeMap<&'m Module, BTreeSet<&'m Module>>,
) -> Vec<BTreeSet<&'m Module>> {
    struct State<'m> {
        index: BTreeMap<&'m Module, usize>,
        low: BTreeMap<&'m Module, usize>,
        stack: Vec<&'m Module>,
        on_stack: BTreeSet<&'m Module>,
        out: Vec<BTreeSet<&'m Module>>,
    }
    fn visit<'m>(
        v: &'m Module,
        graph: &BTreeMap<&'m Module, BTreeSet<&'m Module>>,
        s: &mut State<'m>,
    ) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        for &w in &graph[v] {
            if !s.index.contains_key(w) {
                visit(w, graph, s);
                s.low.insert(v, s.low[v].min(s.low[w]));
            } else if s.on_stack.contains(w) {
                s.low.insert(v, s.low[v].min(s.index[w]));
            }
        }
        if s.low[v] == s.index[v] {
            let mut set = BTreeSet::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                set.insert(w);
                if w == v {
                    break;
                }
            }
            s.out.push(set);
        }
    }
    let mut s = State {
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for &v in graph.keys() {
        if !s.index.contains_key(v) {
            visit(v, graph, &mut s);
        }
    }
    s.out
}

/// Every `.rs` file under `dir`, by its path relative to `root` with `/` separators.
fn read_tree(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            read_tree(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, fs::read_to_string(&path).unwrap());
        }
    }
}

#[test]
fn the_library_imports_in_layer_order_without_cycles() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let layers = layers(&fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap());
    let mut files = BTreeMap::new();
    read_tree(&root.join("src"), &root.join("src"), &mut files);
    // The reader found the crate: a file that imports nothing would pass any order.
    assert!(imports::imports(&files).len() > 500, "too few imports read");
    let problems = problems(&files, &layers);
    assert!(
        problems.is_empty(),
        "against the layers of ARCHITECTURE.md:\n{}",
        problems.join("\n")
    );
}

/// A synthetic crate: (path under `src/`, text).
fn crate_of(files: &[(&str, &str)]) -> BTreeMap<String, String> {
    files
        .iter()
        .map(|(p, t)| ((*p).to_owned(), (*t).to_owned()))
        .collect()
}

fn two_layers() -> Vec<Vec<String>> {
    layers("```layers\ncheck   # below\nlower\n```\n")
}

#[test]
fn an_import_of_a_higher_layer_is_reported_with_its_line() {
    let files = crate_of(&[
        ("lib.rs", "pub mod check;\npub mod lower;\n"),
        (
            "check/mod.rs",
            "//! checks\n\nuse crate::lower::naming::stack;\n",
        ),
        ("lower/mod.rs", "pub mod naming;\nuse crate::check;\n"),
        ("lower/naming.rs", "pub fn stack() {}\n"),
    ]);
    assert_eq!(
        problems(&files, &two_layers()),
        [
            "src/check/mod.rs:3: `check` imports `lower::naming`, which is in a layer above it",
            "a cycle between top-level modules: `check` → `lower` (src/check/mod.rs:3) \
             → `check` (src/lower/mod.rs:2)",
        ]
    );
}

#[test]
fn a_cycle_between_two_files_is_reported_and_using_the_parent_is_not() {
    let files = crate_of(&[
        ("lib.rs", "pub mod lower;\npub mod check;\n"),
        ("check/mod.rs", ""),
        (
            "lower/mod.rs",
            "mod a;\nmod b;\npub struct Stack;\nfn f() { a::run(); }\n",
        ),
        (
            "lower/a.rs",
            "use super::Stack;\nuse super::b::{self, Wiring as W};\npub fn run() {}\n",
        ),
        (
            "lower/b.rs",
            "pub struct Wiring;\n\nfn g() {\n    super::a::run();\n}\n",
        ),
    ]);
    assert_eq!(
        problems(&files, &two_layers()),
        [
            "a cycle between files: `lower::a` → `lower::b` (src/lower/a.rs:2) \
          → `lower::a` (src/lower/b.rs:4)"
        ]
    );
}

#[test]
fn modules_missing_from_the_layers_and_the_crate_root_are_reported() {
    let files = crate_of(&[
        (
            "lib.rs",
            "pub mod check;\npub mod lower;\npub mod output;\npub enum Format {}\n",
        ),
        ("check/mod.rs", ""),
        ("lower/mod.rs", ""),
        ("output.rs", "use crate::Format;\n"),
    ]);
    let layers = layers("```layers\ncheck emit\nlower check\n```");
    assert_eq!(
        problems(&files, &layers),
        [
            "`check` is listed in two layers",
            "`output` is in no layer: add it to the ```layers block of ARCHITECTURE.md",
            "the layers list `emit`, which is no module",
            "src/output.rs:1: `output` imports from the crate root, the top of the layers",
        ]
    );
}

#[test]
fn tests_comments_and_strings_are_not_imports() {
    let files = crate_of(&[
        ("lib.rs", "pub mod check;\npub mod lower;\n"),
        (
            "check/mod.rs",
            "// crate::lower::x\n/* crate::lower /* nested */ crate::lower */\n\
             const A: &str = \"crate::lower::x\";\nconst B: &str = r#\"crate::lower\"#;\n\
             fn f<'a>(c: char) -> bool { c == '\"' }\n\
             #[cfg(test)]\nmod tests {\n    use crate::lower;\n}\n\
             #[cfg(test)]\npub(crate) mod more;\n\
             #[cfg(test)]\nfn helper() { crate::lower::x(); }\n",
        ),
        ("check/more.rs", "use crate::lower;\n"),
        ("lower/mod.rs", "use crate::check;\n"),
    ]);
    assert_eq!(problems(&files, &two_layers()), Vec::<String>::new());
}

#[test]
fn use_trees_and_inline_modules_resolve_to_file_modules() {
    let files = crate_of(&[
        (
            "lib.rs",
            "pub mod a;\npub mod b;\npub mod c;\nfn f() { c::go(); }\n",
        ),
        (
            "a/mod.rs",
            "pub mod inner;\nuse crate::{b::{self, X as Y}, c::*};\n\
             pub mod id {\n    use super::inner::Z;\n    fn f() -> super::super::b::X { todo!() }\n}\n",
        ),
        ("a/inner.rs", ""),
        ("b.rs", ""),
        ("c.rs", "pub fn go() {}\n"),
    ]);
    let found: Vec<(String, String, usize)> = imports::imports(&files)
        .into_iter()
        .map(|i| (name(&i.from), name(&i.to), i.line))
        .collect();
    let want = [
        ("the crate root", "c", 4),
        ("a", "b", 2),
        ("a", "b", 2),
        ("a", "c", 2),
        ("a", "a::inner", 4),
        ("a", "b", 5),
    ];
    assert_eq!(found, want.map(|(f, t, l)| (f.to_owned(), t.to_owned(), l)));
}
