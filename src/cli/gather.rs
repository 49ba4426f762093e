//! Gathering blueprint files: the paths on the command line, then every `include:` entry of
//! every file gathered, until closure. Each file is read once (by canonical path); names are
//! shown relative to the current directory.
//!
//! Includes come from whoever wrote the blueprint (in CI: whoever opened the pull request), so
//! they are confined to the blueprint's tree (see [`root_of`]) unless `--allow-include-outside`
//! is given, and a file reached through an include that is not a blueprint is never shown: it
//! is not parsed, and one diagnostic on the `include` entry says so (FF0020, FF0021).

use std::collections::{BTreeSet, VecDeque};
use std::fs;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use fleetform::diagnostic::{Diagnostic, FileId, SourceFile, SourceMap, Span};

use super::Inputs;
use super::tree::{self, Filter, Refused, Root, Why, normalize};

/// What a directory stands for: its blueprint files, hidden entries skipped.
const BLUEPRINTS: Filter = Filter {
    skip_hidden: true,
    extensions: &["yaml", "yml"],
};

/// The files of one build, plus problems found while gathering and decoding them (invalid
/// UTF-8, includes refused).
#[derive(Debug, Default)]
pub struct Gathered {
    pub sources: SourceMap,
    pub diagnostics: Vec<Diagnostic>,
    pub files: usize,
}

/// The `include` entry a file was reached through.
#[derive(Debug, Clone)]
struct Via {
    /// The including file, as shown.
    file: String,
    entry: String,
    span: Span,
}

/// A file still to read, with the tree it must stay in.
struct Pending {
    path: PathBuf,
    root: Rc<Root>,
    via: Option<Rc<Via>>,
}

/// Reads every blueprint reachable from the input paths. An I/O problem (a missing path or
/// include, an unreadable file, a device or pipe) is an error message for stderr; an include
/// outside the tree or of a file that is not a blueprint is a diagnostic.
pub fn gather(inputs: &Inputs) -> Result<Gathered, String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    let mut queue: VecDeque<Pending> = VecDeque::new();
    for path in &inputs.paths {
        let root = Rc::new(root_of(path, &cwd, inputs.allow_include_outside)?);
        let files = expand(path, &root).map_err(|e| shown(&e, &cwd))?;
        queue.extend(files.into_iter().map(|path| Pending {
            path,
            root: Rc::clone(&root),
            via: None,
        }));
    }
    let mut seen = BTreeSet::new();
    let mut gathered = Gathered::default();
    while let Some(Pending { path, root, via }) = queue.pop_front() {
        let canonical = fs::canonicalize(&path)
            .map_err(|e| format!("cannot read `{}`: {e}", display(&path, &cwd)))?;
        if !seen.insert(canonical) {
            continue;
        }
        let name = display(&path, &cwd);
        let bytes = match tree::read(&path, Some(&root)) {
            Ok(bytes) => bytes,
            Err(refused) => match (&refused.why, &via) {
                (Why::Outside(root), Some(via)) => {
                    let through = display(&refused.path, &cwd);
                    gathered
                        .diagnostics
                        .push(outside(via, Some(&through), root));
                    continue;
                }
                _ => return Err(shown(&refused, &cwd)),
            },
        };
        let id = FileId(u32::try_from(gathered.files).map_err(|_| "too many files".to_owned())?);
        let (text, problem) = fleetform::source::decode(id, &bytes);
        if let Some(via) = &via
            && !looks_like_blueprint(&text)
        {
            gathered.diagnostics.push(not_a_blueprint(via, &name));
            continue;
        }
        gathered.diagnostics.extend(problem);
        let dir = path.parent().map_or_else(PathBuf::new, Path::to_path_buf);
        for (entry, span) in fleetform::includes(id, &text) {
            let target = normalize(&dir.join(&entry));
            let via = Rc::new(Via {
                file: name.clone(),
                entry: entry.clone(),
                span,
            });
            match expand(&target, &root) {
                Ok(found) => queue.extend(found.into_iter().map(|path| Pending {
                    path,
                    root: Rc::clone(&root),
                    via: Some(Rc::clone(&via)),
                })),
                Err(Refused {
                    path,
                    why: Why::Outside(root),
                }) => {
                    let through = (path != target).then(|| display(&path, &cwd));
                    gathered
                        .diagnostics
                        .push(outside(&via, through.as_deref(), &root));
                }
                Err(refused) => return Err(include_error(&name, &entry, &refused, &target, &cwd)),
            }
        }
        let added = gathered.sources.add(SourceFile { name, text });
        debug_assert_eq!(added, id);
        gathered.files += 1;
    }
    Ok(gathered)
}

/// The tree a command-line path may include from: the current directory (the repository, in
/// CI) when the path as written lies inside it, else the path's own directory (a file's
/// parent). As written, not resolved: `blueprints/` committed as a symlink to `~/.config` must
/// not make `~/.config` the tree.
fn root_of(path: &Path, cwd: &Path, anywhere: bool) -> Result<Root, String> {
    let cannot = |e: std::io::Error| format!("cannot read `{}`: {e}", display(path, cwd));
    if normalize(&cwd.join(path)).starts_with(cwd) {
        return Root::new(cwd, ".".to_owned(), anywhere).map_err(cannot);
    }
    let canonical = fs::canonicalize(path).map_err(cannot)?;
    let dir = if canonical.is_dir() {
        canonical
    } else {
        canonical
            .parent()
            .map_or_else(PathBuf::new, Path::to_path_buf)
    };
    let name = display(&dir, cwd);
    Root::new(&dir, name, anywhere).map_err(cannot)
}

/// A refusal as an error message, the path shown as the user sees it.
fn shown(refused: &Refused, cwd: &Path) -> String {
    refused.message(&display(&refused.path, cwd))
}

/// An include that cannot be followed: "`app.yaml` includes `x`, which cannot be read: …", or
/// naming the path that is wrong when it is not the entry itself (a file found in an included
/// directory).
fn include_error(name: &str, entry: &str, refused: &Refused, target: &Path, cwd: &Path) -> String {
    if refused.path == target {
        format!("`{name}` includes `{entry}`, which {}", refused.reason())
    } else {
        format!("`{name}` includes `{entry}`: {}", shown(refused, cwd))
    }
}

/// FF0020: the include leads outside the tree: itself, or through `through` (a symlink found
/// in an included directory).
fn outside(via: &Via, through: Option<&str>, root: &str) -> Diagnostic {
    let what = match through {
        None => format!(
            "`{}` includes `{}`, which is outside `{root}`",
            via.file, via.entry
        ),
        Some(path) => format!(
            "`{}` includes `{}`, which leads outside `{root}` through `{path}`",
            via.file, via.entry
        ),
    };
    Diagnostic::error("FF0020", what)
        .label(via.span, "outside the blueprint tree")
        .help(format!(
            "remove this entry, or move the files it names into `{root}`; `--allow-include-outside` \
             lifts the limit for blueprints you trust"
        ))
}

/// FF0021: a file reached through an include is not a blueprint. Its lines are not shown: it
/// may be a credentials file, a key or a kube config.
fn not_a_blueprint(via: &Via, name: &str) -> Diagnostic {
    Diagnostic::error(
        "FF0021",
        format!(
            "`{}` includes `{}`, but `{name}` is not a blueprint file",
            via.file, via.entry
        ),
    )
    .label(via.span, "this reaches a file that is not a blueprint")
    .help(
        "remove this entry; an included file must be a blueprint, starting with `blueprint: 1` \
         (its content is not shown)",
    )
}

/// Whether a file reads as a blueprint: some line starts with the `blueprint` key. Broken
/// blueprints still pass (their diagnostics quote the user's own lines); a secret file, a key
/// or a kube config does not, so none of its lines is ever printed.
fn looks_like_blueprint(text: &str) -> bool {
    text.lines().any(|line| {
        let line = line.trim_start_matches('\u{feff}');
        ["blueprint:", "\"blueprint\":", "'blueprint':"]
            .iter()
            .any(|key| line.starts_with(key))
    })
}

/// A file as itself; a directory as its `*.yaml`/`*.yml` files, recursively, sorted, skipping
/// hidden entries. A path outside `root` (after symlinks) is refused.
fn expand(path: &Path, root: &Root) -> Result<Vec<PathBuf>, Refused> {
    let canonical = fs::canonicalize(path).map_err(|e| Refused {
        path: path.to_path_buf(),
        why: Why::Io(e),
    })?;
    if !root.admits(&canonical) {
        return Err(Refused {
            path: path.to_path_buf(),
            why: Why::Outside(root.shown().to_owned()),
        });
    }
    if !canonical.is_dir() {
        // Type and size are checked when the file is read.
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = tree::walk(path, root, BLUEPRINTS)?;
    files.sort();
    Ok(files)
}

/// The name a user sees: relative to the current directory when inside it, `/` separated.
pub fn display(path: &Path, cwd: &Path) -> String {
    let path = normalize(path);
    let shown = if path.is_absolute() {
        path.strip_prefix(cwd)
            .map_or(path.clone(), Path::to_path_buf)
    } else {
        path
    };
    shown.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_resolves_parent_components() {
        assert_eq!(
            normalize(Path::new("a/b/../c/./d.yaml")),
            PathBuf::from("a/c/d.yaml")
        );
        assert_eq!(normalize(Path::new("../x")), PathBuf::from("../x"));
    }

    #[test]
    fn display_strips_the_current_directory() {
        assert_eq!(
            display(Path::new("/w/p/a.yaml"), Path::new("/w")),
            "p/a.yaml"
        );
        assert_eq!(
            display(Path::new("/elsewhere/a.yaml"), Path::new("/w")),
            "/elsewhere/a.yaml"
        );
    }

    #[test]
    fn directories_expand_to_sorted_yaml_files_without_hidden_ones() {
        let dir = tempfile::tempdir().unwrap();
        for rel in [
            "b.yaml",
            "a/z.yml",
            "a/notes.txt",
            ".hidden/x.yaml",
            "a/.y.yaml",
            "c/d/e.yaml",
        ] {
            let path = dir.path().join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "").unwrap();
        }
        let found = expand(dir.path(), &root(dir.path())).unwrap();
        let rel: Vec<_> = found
            .iter()
            .map(|p| p.strip_prefix(dir.path()).unwrap().to_path_buf())
            .collect();
        assert_eq!(
            rel,
            [
                PathBuf::from("a/z.yml"),
                PathBuf::from("b.yaml"),
                PathBuf::from("c/d/e.yaml")
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlink_cycles_are_walked_once() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("a")).unwrap();
        fs::write(dir.path().join("a/app.yaml"), "").unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("a/loop")).unwrap();
        assert_eq!(
            expand(dir.path(), &root(dir.path())).unwrap(),
            [dir.path().join("a/app.yaml")]
        );
    }

    fn root(dir: &Path) -> Root {
        Root::new(dir, ".".to_owned(), false).unwrap()
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_out_of_the_tree_is_refused_by_name() {
        let tree = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        fs::write(elsewhere.path().join("secret.yaml"), "token: hunter2").unwrap();
        let link = tree.path().join("svc.yaml");
        std::os::unix::fs::symlink(elsewhere.path().join("secret.yaml"), &link).unwrap();
        let refused = expand(tree.path(), &root(tree.path())).unwrap_err();
        assert!(matches!(refused.why, Why::Outside(_)), "{refused}");
        assert_eq!(refused.path, link);
        assert!(!refused.to_string().contains("hunter2"));
        let anywhere = Root::new(tree.path(), ".".to_owned(), true).unwrap();
        assert_eq!(expand(tree.path(), &anywhere).unwrap(), [link]);
    }

    #[test]
    fn blueprints_are_told_from_other_files_by_their_first_key() {
        for text in [
            "blueprint: 1\napp: a\n",
            "# notes\napp: a\nblueprint: 1\n",
            "\u{feff}blueprint: 1\n",
            "\"blueprint\": 1\n",
            "blueprint: 1\nenvironments: [\n",
        ] {
            assert!(looks_like_blueprint(text), "{text}");
        }
        for text in [
            "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n",
            "-----BEGIN OPENSSH PRIVATE KEY-----\n",
            "apiVersion: v1\nkind: Config\n",
            "  blueprint: 1\n",
            "",
        ] {
            assert!(!looks_like_blueprint(text), "{text}");
        }
    }
}
