//! Data loss: `build`, `copy` and `import -o` never remove or change a file they did not write,
//! whatever the tree they run in holds (links, dangling links, what an interrupted build left).
//! The race of a file written into `out/{app}` during a build is tested with injected steps in
//! `src/cli/write/tests.rs`.

use std::fs;
use std::path::Path;

mod common;

use common::{code, fleetform, root, stderr, tree};

/// `fleetform build examples/minimal --out OUT` (app `hello`).
fn build(out: &Path) -> std::process::Output {
    fleetform(
        &["build", "examples/minimal", "--out", out.to_str().unwrap()],
        &root(),
    )
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn is_link(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Exit 2, saying that a link is in the way.
fn refused_as_a_link(result: &std::process::Output) {
    assert_eq!(code(result), 2, "{}", stderr(result));
    assert!(
        stderr(result).contains("is a symbolic link"),
        "{}",
        stderr(result)
    );
}

#[cfg(unix)]
#[test]
fn build_refuses_a_linked_app_directory() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    assert_eq!(code(&build(&out)), 0);
    // `out/hello` becomes a link to a copy of itself elsewhere, which a build must not replace.
    let elsewhere = dir.path().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    fs::rename(out.join("hello"), elsewhere.join("hello")).unwrap();
    std::os::unix::fs::symlink(elsewhere.join("hello"), out.join("hello")).unwrap();
    let before = tree(&elsewhere);
    refused_as_a_link(&build(&out));
    assert!(is_link(&out.join("hello")));
    assert_eq!(tree(&elsewhere), before);
    assert_eq!(names(&out), [".fleetform.lock", "hello"]);
}

#[cfg(unix)]
#[test]
fn build_refuses_a_dangling_lock_link_and_creates_nothing_outside() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    fs::create_dir(&out).unwrap();
    let outside = dir.path().join("outside.txt");
    std::os::unix::fs::symlink(&outside, out.join(".fleetform.lock")).unwrap();
    refused_as_a_link(&build(&out));
    assert!(
        fs::symlink_metadata(&outside).is_err(),
        "created outside --out"
    );
    assert_eq!(names(&out), [".fleetform.lock"]);
}

#[test]
fn build_recovers_what_an_interrupted_build_left() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    assert_eq!(code(&build(&out)), 0);
    let built = tree(&out.join("hello"));
    // Killed between its two renames: `out/hello` moved aside, the new copy staged (so far
    // only its manifest, half written).
    fs::rename(out.join("hello"), out.join(".hello.fleetform-old")).unwrap();
    fs::create_dir(out.join(".hello.fleetform-staging")).unwrap();
    fs::write(
        out.join(".hello.fleetform-staging/manifest.json"),
        "{\"fleetform\": \"0.",
    )
    .unwrap();
    let result = build(&out);
    assert_eq!(code(&result), 0, "{}", stderr(&result));
    let said = stderr(&result);
    assert!(said.contains("restored "), "{said}");
    assert!(
        said.contains(".hello.fleetform-staging (left by an interrupted build)"),
        "{said}"
    );
    assert_eq!(names(&out), [".fleetform.lock", "hello"]);
    assert_eq!(tree(&out.join("hello")), built);
}

#[cfg(unix)]
#[test]
fn copy_refuses_a_linked_blueprint() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("real")).unwrap();
    let real = dir.path().join("real/app.yaml");
    fs::copy(root().join("examples/minimal/app.yaml"), &real).unwrap();
    std::os::unix::fs::symlink(&real, dir.path().join("app.yaml")).unwrap();
    let before = fs::read(&real).unwrap();
    let args = [
        "copy",
        "app.yaml",
        "--env",
        "dev",
        "--from",
        "us-east-1",
        "--to",
        "eu-west-1",
    ];
    let result = fleetform(&args, dir.path());
    assert_eq!(code(&result), 2, "{}", stderr(&result));
    assert!(
        stderr(&result).contains("is a symbolic link") && stderr(&result).contains("real/app.yaml"),
        "{}",
        stderr(&result)
    );
    assert!(is_link(&dir.path().join("app.yaml")));
    assert_eq!(fs::read(&real).unwrap(), before);
    assert_eq!(
        names(dir.path()),
        ["app.yaml", "real"],
        "no file left beside it"
    );
    // As the error says, the file itself can be edited.
    let mut direct = args;
    direct[1] = "real/app.yaml";
    let result = fleetform(&direct, dir.path());
    assert_eq!(code(&result), 0, "{}", stderr(&result));
    assert!(fs::read_to_string(&real).unwrap().contains("eu-west-1"));
}

fn import_compose(dir: &Path, input: &str, out: &str, force: bool) -> std::process::Output {
    let mut args = vec!["import", "compose", input, "--app", "polls", "-o", out];
    if force {
        args.push("--force");
    }
    fleetform(&args, dir)
}

#[test]
fn import_output_never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        root().join("tests/fixtures/import/compose/voting.yml"),
        dir.path().join("compose.yml"),
    )
    .unwrap();
    fs::write(dir.path().join("app.yaml"), "mine").unwrap();
    let result = import_compose(dir.path(), "compose.yml", "app.yaml", false);
    assert_eq!(code(&result), 2, "{}", stderr(&result));
    assert!(
        stderr(&result).contains("`app.yaml` exists; pass `--force`"),
        "{}",
        stderr(&result)
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("app.yaml")).unwrap(),
        "mine"
    );
    assert!(!dir.path().join("app.yaml.notes.txt").exists());
    // The notes file is someone's too.
    fs::write(dir.path().join("new.yaml.notes.txt"), "mine").unwrap();
    let result = import_compose(dir.path(), "compose.yml", "new.yaml", false);
    assert_eq!(code(&result), 2, "{}", stderr(&result));
    assert!(!dir.path().join("new.yaml").exists());
    // With `--force`, both are replaced.
    let result = import_compose(dir.path(), "compose.yml", "app.yaml", true);
    assert_eq!(code(&result), 0, "{}", stderr(&result));
    assert!(
        fs::read_to_string(dir.path().join("app.yaml"))
            .unwrap()
            .contains("app: polls")
    );
    // A link is replaced, never written through: the file it points to is not the import's.
    #[cfg(unix)]
    {
        let outside = dir.path().join("outside.txt");
        fs::write(&outside, "theirs").unwrap();
        std::os::unix::fs::symlink(&outside, dir.path().join("linked.yaml")).unwrap();
        let result = import_compose(dir.path(), "compose.yml", "linked.yaml", true);
        assert_eq!(code(&result), 0, "{}", stderr(&result));
        assert_eq!(fs::read_to_string(&outside).unwrap(), "theirs");
        assert!(!is_link(&dir.path().join("linked.yaml")));
    }
}

#[test]
fn import_output_never_overwrites_its_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("compose.yml");
    fs::copy(
        root().join("tests/fixtures/import/compose/voting.yml"),
        &input,
    )
    .unwrap();
    let before = fs::read(&input).unwrap();
    let mut spellings = vec!["compose.yml", "./compose.yml"];
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&input, dir.path().join("link.yml")).unwrap();
        fs::hard_link(&input, dir.path().join("hard.yml")).unwrap();
        spellings.extend(["link.yml", "hard.yml"]);
    }
    for (out, force) in spellings.into_iter().flat_map(|o| [(o, false), (o, true)]) {
        let result = import_compose(dir.path(), "compose.yml", out, force);
        assert_eq!(code(&result), 2, "{out}: {}", stderr(&result));
        assert!(
            stderr(&result).contains("is an input of this import"),
            "{out}: {}",
            stderr(&result)
        );
        assert_eq!(fs::read(&input).unwrap(), before, "{out}");
    }
}
