use std::os::unix::fs::symlink;
use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

use proptest::prelude::*;

use super::*;

const ALL: Filter = Filter {
    skip_hidden: false,
    extensions: &[],
};

const YAML: Filter = Filter {
    skip_hidden: true,
    extensions: &["yaml", "yml"],
};

/// What the files outside the tree hold: it must never come back from a read.
const MARKER: &str = "SECRET-OUTSIDE-THE-TREE";

fn root(dir: &Path) -> Root {
    Root::new(dir, "tree".to_owned(), false).unwrap()
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Runs `f` on a thread and fails if it does not return: a FIFO opened for reading blocks
/// forever, and a hang must be a failure, not a stuck test run. Not a timing test: the limit is
/// minutes for work of milliseconds.
fn without_hanging<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(f());
    });
    receive
        .recv_timeout(Duration::from_secs(300))
        .expect("the read returned (a FIFO or device must not block it)")
}

#[test]
fn pipes_and_devices_are_refused_without_being_opened() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.yaml");
    mkfifo(&fifo);
    let tree = root(dir.path());
    let refused = without_hanging(move || read(&fifo, Some(&tree)).unwrap_err());
    assert!(matches!(refused.why, Why::NotRegular), "{refused}");
    let refused = read(Path::new("/dev/zero"), None).unwrap_err();
    assert!(matches!(refused.why, Why::NotRegular), "{refused}");
    assert_eq!(refused.to_string(), "`/dev/zero` is not a regular file");
}

#[test]
fn a_file_over_the_cap_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.yaml");
    let file = fs::File::create(&big).unwrap();
    file.set_len(MAX_FILE_BYTES + 1).unwrap();
    let refused = read(&big, Some(&root(dir.path()))).unwrap_err();
    assert!(matches!(refused.why, Why::TooLarge), "{refused}");
}

#[test]
fn symlinks_are_followed_only_inside_the_root() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret"), MARKER).unwrap();
    fs::write(dir.path().join("a.yaml"), "a").unwrap();
    symlink(dir.path().join("a.yaml"), dir.path().join("in.yaml")).unwrap();
    symlink(outside.path().join("secret"), dir.path().join("out.yaml")).unwrap();
    let tree = root(dir.path());
    assert_eq!(
        read(&dir.path().join("in.yaml"), Some(&tree)).unwrap(),
        b"a"
    );
    let refused = read(&dir.path().join("out.yaml"), Some(&tree)).unwrap_err();
    assert!(matches!(refused.why, Why::Outside(_)), "{refused}");
    // The message names the link, not where it leads nor what is there.
    let message = refused.to_string();
    assert!(
        message.contains("out.yaml` leads outside `tree`"),
        "{message}"
    );
    assert!(
        !message.contains(MARKER) && !message.contains("secret"),
        "{message}"
    );
    let refused = walk(dir.path(), &tree, YAML).unwrap_err();
    assert_eq!(refused.path, dir.path().join("out.yaml"));
}

#[test]
fn a_link_out_that_the_walk_would_not_use_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret"), MARKER).unwrap();
    symlink(outside.path(), dir.path().join("notes.txt")).unwrap();
    symlink(outside.path().join("secret"), dir.path().join("host.txt")).unwrap();
    fs::write(dir.path().join("a.yaml"), "a").unwrap();
    assert_eq!(
        walk(dir.path(), &root(dir.path()), YAML).unwrap_err().path,
        dir.path().join("notes.txt"),
        "a directory is walked whatever its name, so a link to one outside is refused"
    );
    fs::remove_file(dir.path().join("notes.txt")).unwrap();
    assert_eq!(
        walk(dir.path(), &root(dir.path()), YAML).unwrap(),
        [dir.path().join("a.yaml")]
    );
}

#[test]
fn directories_nest_at_most_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let mut deepest = dir.path().to_path_buf();
    for _ in 0..MAX_DIR_DEPTH {
        deepest.push("d");
    }
    fs::create_dir_all(&deepest).unwrap();
    fs::write(deepest.join("a.yaml"), "a").unwrap();
    let tree = root(dir.path());
    assert_eq!(walk(dir.path(), &tree, YAML).unwrap().len(), 1);
    fs::create_dir(deepest.join("d")).unwrap();
    let refused = walk(dir.path(), &tree, YAML).unwrap_err();
    assert!(matches!(refused.why, Why::TooDeep), "{refused}");
    assert!(
        refused
            .to_string()
            .ends_with("nests deeper than 32 directories")
    );
}

/// One entry of a generated tree: what it is and the directory (by index) it goes in.
#[derive(Debug, Clone)]
enum Entry {
    File,
    Dir,
    Fifo,
    /// A symlink to an earlier entry of the tree (by index).
    LinkIn(usize),
    /// A symlink to the file or the directory outside the tree.
    LinkOut {
        dir: bool,
    },
    /// A symlink to the tree's own root (a cycle).
    LinkRoot,
    Dangling,
}

fn entry() -> impl Strategy<Value = Entry> {
    prop_oneof![
        3 => Just(Entry::File),
        3 => Just(Entry::Dir),
        1 => Just(Entry::Fifo),
        2 => any::<usize>().prop_map(Entry::LinkIn),
        2 => any::<bool>().prop_map(|dir| Entry::LinkOut { dir }),
        1 => Just(Entry::LinkRoot),
        1 => Just(Entry::Dangling),
    ]
}

/// Builds the entries under `top`: entry `i` goes in directory `parents[i]` (modulo the
/// directories made so far). Returns every path made.
fn build(top: &Path, outside: &Path, entries: &[(Entry, usize, bool)]) -> Vec<PathBuf> {
    let mut dirs = vec![top.to_path_buf()];
    let mut made: Vec<PathBuf> = Vec::new();
    for (i, (entry, parent, yaml)) in entries.iter().enumerate() {
        let parent = dirs[parent % dirs.len()].clone();
        let ext = if *yaml { "yaml" } else { "txt" };
        let path = parent.join(format!("e{i}.{ext}"));
        match entry {
            Entry::File => fs::write(&path, format!("file {i}")).unwrap(),
            Entry::Dir => {
                fs::create_dir(&path).unwrap();
                dirs.push(path.clone());
            }
            Entry::Fifo => mkfifo(&path),
            Entry::LinkIn(to) if !made.is_empty() => {
                symlink(&made[to % made.len()], &path).unwrap();
            }
            Entry::LinkIn(_) | Entry::LinkRoot => symlink(top, &path).unwrap(),
            Entry::LinkOut { dir } => {
                let target = if *dir {
                    outside.join("d")
                } else {
                    outside.join("secret.yaml")
                };
                symlink(target, &path).unwrap();
            }
            Entry::Dangling => symlink(top.join("no-such-file"), &path).unwrap(),
        }
        made.push(path);
    }
    made
}

/// Every outcome of walking and reading a tree: what was read, by path.
fn read_everything(top: &Path, made: &[PathBuf]) -> Vec<(PathBuf, Result<Vec<u8>, String>)> {
    let tree = root(top);
    let mut outcomes = Vec::new();
    for filter in [ALL, YAML] {
        if let Ok(found) = walk(top, &tree, filter) {
            for path in found {
                let read = read(&path, Some(&tree)).map_err(|e| e.to_string());
                outcomes.push((path, read));
            }
        }
    }
    for path in made {
        let read = read(path, Some(&tree)).map_err(|e| e.to_string());
        outcomes.push((path.clone(), read));
    }
    outcomes
}

proptest! {
    // Each case makes a few dozen files; a handful of cases covers the mixes.
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Random trees of files, directories, FIFOs and symlinks (inside, outside, cyclic,
    /// dangling): walking and reading never hangs, never panics, and never returns a byte
    /// from outside the tree; every file read lies inside it.
    #[test]
    fn generated_trees_are_read_only_inside(
        entries in prop::collection::vec((entry(), any::<usize>(), any::<bool>()), 1..24)
    ) {
        let top = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("secret.yaml"), MARKER).unwrap();
        fs::create_dir(outside.path().join("d")).unwrap();
        fs::write(outside.path().join("d/inner.yaml"), MARKER).unwrap();
        let made = build(top.path(), outside.path(), &entries);
        let top_path = top.path().to_path_buf();
        let outcomes = without_hanging(move || read_everything(&top_path, &made));
        let inside = fs::canonicalize(top.path()).unwrap();
        for (path, outcome) in outcomes {
            match outcome {
                Ok(bytes) => {
                    prop_assert!(!String::from_utf8_lossy(&bytes).contains(MARKER), "{}", path.display());
                    prop_assert!(fs::canonicalize(&path).unwrap().starts_with(&inside));
                }
                Err(message) => prop_assert!(!message.contains(MARKER), "{message}"),
            }
        }
    }
}
