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

use fleetform::diagnostic::{Code, Diagnostic, FileId, SourceFile, SourceMap, Span};

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
    /// The path the entry names, normalized.
    target: PathBuf,
}

/// A file still to read, with the tree it must stay in.
struct Pending {
    path: PathBuf,
    root: Rc<Root>,
    via: Option<Rc<Via>>,
}

/// Reads every blueprint reachable from the input paths. A path on the command line that cannot
/// be read (missing, unreadable, a device or pipe) is an error message for stderr; every problem
/// of a file reached through an `include` entry is a diagnostic on that entry (FF0020, FF0021,
/// FF0035, FF0036), so JSON and SARIF output stay one document.
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
        let canonical = fs::canonicalize(&path).map_err(|e| Refused {
            path: path.clone(),
            why: Why::Io(e),
        });
        let canonical = match canonical {
            Ok(canonical) => canonical,
            Err(refused) => {
                let diagnostic = refusal(&refused, via.as_deref(), &cwd)?;
                gathered.diagnostics.push(diagnostic);
                continue;
            }
        };
        if !seen.insert(canonical) {
            continue;
        }
        let name = display(&path, &cwd);
        let bytes = match tree::read(&path, Some(&root)) {
            Ok(bytes) => bytes,
            Err(refused) => {
                let diagnostic = refusal(&refused, via.as_deref(), &cwd)?;
                gathered.diagnostics.push(diagnostic);
                continue;
            }
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
                target: target.clone(),
            });
            if entry.contains('\\') {
                gathered.diagnostics.push(backslash(&via));
                continue;
            }
            match expand(&target, &root) {
                Ok(found) => queue.extend(found.into_iter().map(|path| Pending {
                    path,
                    root: Rc::clone(&root),
                    via: Some(Rc::clone(&via)),
                })),
                Err(refused) => {
                    let diagnostic = refusal(&refused, Some(&via), &cwd)?;
                    gathered.diagnostics.push(diagnostic);
                }
            }
        }
        let added = gathered.sources.add(SourceFile { name, text });
        debug_assert_eq!(added, id);
        gathered.files += 1;
    }
    Ok(gathered)
}

/// A file that was not read: reached through an `include` entry, a diagnostic on it (FF0020
/// outside the tree, FF0035 otherwise); named on the command line, an error message (there is no
/// entry to point at).
fn refusal(refused: &Refused, via: Option<&Via>, cwd: &Path) -> Result<Diagnostic, String> {
    let Some(via) = via else {
        return Err(shown(refused, cwd));
    };
    let through = (refused.path != via.target).then(|| display(&refused.path, cwd));
    Ok(match &refused.why {
        Why::Outside(root) => outside(via, through.as_deref(), root),
        _ => unreadable(via, through.as_deref(), refused),
    })
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
    Diagnostic::error(Code::FF0020, what)
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
        Code::FF0021,
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

/// FF0035: an include, or a file found in a directory it names (`through`), cannot be read:
/// it is missing, not a regular file, over the size limit, nested too deep, or unreadable. A
/// diagnostic on the entry, not a bare error, so JSON and SARIF output stay one document.
fn unreadable(via: &Via, through: Option<&str>, refused: &Refused) -> Diagnostic {
    let what = match through {
        None => format!(
            "`{}` includes `{}`, which {}",
            via.file,
            via.entry,
            refused.reason()
        ),
        Some(path) => format!(
            "`{}` includes `{}`: {}",
            via.file,
            via.entry,
            refused.message(path)
        ),
    };
    let label = match refused.why {
        Why::Io(ref e) if e.kind() == std::io::ErrorKind::NotFound => "no such file or directory",
        Why::NotRegular => "not a regular file",
        Why::TooLarge => "too large",
        Why::TooDeep => "nests too deep",
        _ => "cannot be read",
    };
    Diagnostic::error(Code::FF0035, what)
        .label(via.span, label)
        .help(
            "remove this entry, or correct it to name a blueprint file or directory; paths are \
             relative to the including file",
        )
}

/// FF0036: an include written with `\` (a Windows path). Paths are `/`-separated on every
/// system, so the same blueprint reads the same files in CI (Linux) as on a laptop.
fn backslash(via: &Via) -> Diagnostic {
    // `sub\\web.yaml` (a doubled separator, as escaped in some editors) is `sub/web.yaml` too.
    let mut fixed = via.entry.replace('\\', "/");
    while fixed.contains("//") {
        fixed = fixed.replace("//", "/");
    }
    Diagnostic::error(
        Code::FF0036,
        format!("`{}` includes `{}`, written with `\\`", via.file, via.entry),
    )
    .label(via.span, "separate path parts with `/`")
    .help(format!("write `{fixed}`"))
    .fix(via.span, quoted(&fixed))
}

/// A path as a YAML double-quoted scalar (JSON string syntax is valid YAML), so the replacement
/// reads the same in a flow list, a block list, plain or quoted where it was written.
fn quoted(path: &str) -> String {
    serde_json::to_string(path).unwrap_or_else(|_| format!("\"{path}\""))
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
