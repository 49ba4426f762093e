//! Hostile file trees, built here with `tempfile`: what a pull request can commit (symlinks out
//! of the repository, FIFOs, deep directories, includes of files that are not blueprints) and
//! the devices it can point at. In CI the blueprints, every include and the snapshots come from
//! whoever opened the pull request while the job holds secrets, so for each class the binary
//! must refuse cleanly: no hang, no panic, and nothing from outside the tree (nor from a file
//! that is not a blueprint) on stdout or stderr.

#![cfg(unix)]

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::BASE;

/// What files outside the tree hold: it must never be printed.
const MARKER: &str = "AKIASECRETOUTSIDETHETREE";

pub(super) struct Run {
    pub(super) code: Option<i32>,
    pub(super) stdout: String,
    pub(super) stderr: String,
}

impl Run {
    pub(super) fn both(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    /// Exit `code`, `needle` on stderr and the marker nowhere.
    pub(super) fn expect(&self, code: i32, needle: &str) {
        assert_eq!(self.code, Some(code), "{}", self.both());
        assert!(
            self.stderr.contains(needle),
            "want {needle:?}:\n{}",
            self.both()
        );
        assert!(!self.both().contains(MARKER), "leaked:\n{}", self.both());
    }
}

/// The binary in `cwd`, its output in files; a run that does not end is killed and fails the
/// test. Not a timing test: the guard is minutes for work of milliseconds, so that a hang (a
/// FIFO read, `/dev/zero`) is a failure rather than a stuck test run.
pub(super) fn fleetform(args: &[&str], cwd: &Path) -> Run {
    let logs = tempfile::tempdir().expect("temp dir");
    let (out, err) = (logs.path().join("out"), logs.path().join("err"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_fleetform"))
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(fs::File::create(&out).expect("log"))
        .stderr(fs::File::create(&err).expect("log"))
        .spawn()
        .expect("the binary runs");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > Duration::from_secs(300) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`fleetform {}` hung", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        code: status.code(),
        stdout: String::from_utf8_lossy(&fs::read(&out).expect("log")).into_owned(),
        stderr: String::from_utf8_lossy(&fs::read(&err).expect("log")).into_owned(),
    }
}

pub(super) fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(path, text).expect("write");
}

pub(super) fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

/// Writes `blueprints/app.yaml`: the base blueprint with `include: [ENTRIES]`.
pub(super) fn write_app_including(repo: &Path, entries: &str) {
    let app = BASE.replace(
        "app: hello\n",
        &format!("app: hello\ninclude: [{entries}]\n"),
    );
    write(repo, "blueprints/app.yaml", &app);
}

/// A secret outside the repository, as `~/.aws/credentials` or `/proc/self/environ` would be.
fn secret() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "credentials",
        &format!("[default]\naws_access_key_id = {MARKER}\n"),
    );
    write(dir.path(), "blueprint.yaml", &format!("{BASE}# {MARKER}\n"));
    dir
}

/// A repository with `blueprints/app.yaml` and its `snapshots/` as `build` writes them.
fn repository() -> tempfile::TempDir {
    let repo = tempfile::tempdir().expect("temp dir");
    write(repo.path(), "blueprints/app.yaml", BASE);
    let built = fleetform(&["build", "--out", "snapshots"], repo.path());
    assert_eq!(built.code, Some(0), "{}", built.both());
    repo
}

const CONFIG: &str = "snapshots/hello/dev/us-east-1/hello-dev-web.config.json";

#[test]
fn snapshots_symlinked_out_of_the_tree_are_not_read() {
    let outside = secret();
    let repo = repository();
    let config = repo.path().join(CONFIG);
    fs::remove_file(&config).expect("rm");
    symlink(outside.path().join("credentials"), &config).expect("symlink");
    for args in [&["check"][..], &["diff", "--against", "snapshots"]] {
        fleetform(args, repo.path())
            .expect(2, "hello-dev-web.config.json` leads outside `snapshots`");
    }
    // A directory of the snapshot linked out is refused the same way.
    fs::remove_dir_all(repo.path().join("snapshots/hello/dev")).expect("rm");
    symlink(outside.path(), repo.path().join("snapshots/hello/dev")).expect("symlink");
    fleetform(&["check"], repo.path()).expect(2, "hello/dev` leads outside `snapshots`");
    // And so is the snapshots directory itself, when written inside the repository.
    fs::remove_dir_all(repo.path().join("snapshots")).expect("rm");
    fs::create_dir_all(outside.path().join("hello/dev/us-east-1")).expect("mkdir");
    symlink(outside.path(), repo.path().join("snapshots")).expect("symlink");
    fleetform(&["check"], repo.path()).expect(2, "`snapshots` leads outside `.`");
}

#[test]
fn pipes_and_devices_in_snapshots_are_refused_without_a_hang() {
    let repo = repository();
    let config = repo.path().join(CONFIG);
    fs::remove_file(&config).expect("rm");
    mkfifo(&config);
    for args in [&["check"][..], &["diff", "--against", "snapshots"]] {
        fleetform(args, repo.path()).expect(2, "hello-dev-web.config.json` is not a regular file");
    }
    fs::remove_file(&config).expect("rm");
    // `/dev/zero` is outside the tree, so it is refused before its type is even looked at.
    symlink("/dev/zero", &config).expect("symlink");
    fleetform(&["check"], repo.path()).expect(2, "leads outside `snapshots`");
}

#[test]
fn deep_directory_trees_are_refused() {
    let repo = repository();
    let mut deep = String::from("snapshots/hello");
    let mut blueprints = String::from("blueprints");
    for _ in 0..1_500 {
        deep.push_str("/d");
        blueprints.push_str("/d");
    }
    fs::create_dir_all(repo.path().join(&deep)).expect("mkdir");
    fleetform(&["check"], repo.path()).expect(2, "nests deeper than 32 directories");
    fs::remove_dir_all(repo.path().join("snapshots/hello/d")).expect("rm");
    fs::create_dir_all(repo.path().join(&blueprints)).expect("mkdir");
    fleetform(&["validate"], repo.path()).expect(2, "nests deeper than 32 directories");
}

#[test]
fn includes_out_of_the_tree_are_diagnostics_on_the_entry() {
    let outside = secret();
    let repo = tempfile::tempdir().expect("temp dir");
    let credentials = outside.path().join("credentials");
    write_app_including(repo.path(), &credentials.display().to_string());
    let run = fleetform(&["--diagnostics", "short", "validate"], repo.path());
    run.expect(
        1,
        "blueprints/app.yaml:3:11: error[FF0020]: `blueprints/app.yaml` includes",
    );
    assert!(
        run.stderr.contains("which is outside `.`"),
        "{}",
        run.stderr
    );
    // Through a symlink in an included directory, and with `..`.
    write_app_including(repo.path(), "services, ../..");
    fs::create_dir_all(repo.path().join("blueprints/services")).expect("mkdir");
    symlink(
        outside.path().join("blueprint.yaml"),
        repo.path().join("blueprints/services/web.yaml"),
    )
    .expect("symlink");
    let run = fleetform(
        &["--diagnostics", "short", "validate", "blueprints/app.yaml"],
        repo.path(),
    );
    run.expect(1, "FF0020");
    assert!(
        run.stderr
            .contains("through `blueprints/services/web.yaml`")
            && run
                .stderr
                .contains("includes `../..`, which is outside `.`"),
        "{}",
        run.stderr
    );
    // Found by walking a directory named on the command line, the link is an I/O error.
    fleetform(&["validate"], repo.path()).expect(2, "web.yaml` leads outside `.`");
}

#[test]
fn a_blueprints_directory_linked_out_of_the_repository_is_refused() {
    let outside = secret();
    let repo = tempfile::tempdir().expect("temp dir");
    symlink(outside.path(), repo.path().join("blueprints")).expect("symlink");
    fleetform(&["validate"], repo.path()).expect(2, "`blueprints` leads outside `.`");
    // Named from outside the current directory, the path is the caller's choice.
    let run = fleetform(
        &["validate", &outside.path().display().to_string()],
        repo.path(),
    );
    assert_eq!(run.code, Some(0), "{}", run.both());
}

#[test]
fn included_files_that_are_not_blueprints_are_never_shown() {
    let outside = secret();
    let repo = tempfile::tempdir().expect("temp dir");
    // Inside the tree (a credentials file a CI step wrote into the checkout) …
    write(
        repo.path(),
        "gha-creds.yaml",
        &format!("aws_secret_access_key: {MARKER}\nbroken: [\n"),
    );
    // … and outside it, with the flag that allows reading there.
    write_app_including(
        repo.path(),
        &format!(
            "../gha-creds.yaml, {}",
            outside.path().join("credentials").display()
        ),
    );
    for format in ["human", "short", "json", "sarif"] {
        let run = fleetform(
            &[
                "--diagnostics",
                format,
                "validate",
                "--allow-include-outside",
            ],
            repo.path(),
        );
        run.expect(1, "FF0021");
        assert!(
            run.stderr.contains("is not a blueprint file"),
            "{}",
            run.stderr
        );
    }
    // With the flag, a blueprint outside is read like any other.
    write_app_including(
        repo.path(),
        &outside.path().join("blueprint.yaml").display().to_string(),
    );
    let run = fleetform(&["validate", "--allow-include-outside"], repo.path());
    assert_eq!(run.code, Some(1), "{}", run.both());
    assert!(
        run.stderr.contains("FF0201"),
        "the service is defined twice:\n{}",
        run.stderr
    );
}

#[test]
fn a_fifo_in_an_included_directory_is_refused_without_a_hang() {
    let repo = tempfile::tempdir().expect("temp dir");
    write_app_including(repo.path(), "services");
    fs::create_dir_all(repo.path().join("blueprints/services")).expect("mkdir");
    mkfifo(&repo.path().join("blueprints/services/web.yaml"));
    // `validate` reads `blueprints/` whole, so the FIFO is found on the command line's path
    // before the include reaches it: no entry to point at, an I/O error. (Reached only through
    // an include, it is FF0035 on the entry: tests/hostile/includes.rs.)
    fleetform(&["validate"], repo.path()).expect(2, "web.yaml` is not a regular file");
    // On the command line too.
    fleetform(&["validate", "blueprints/services/web.yaml"], repo.path())
        .expect(2, "web.yaml` is not a regular file");
}

#[test]
fn import_reads_only_regular_files_of_bounded_size() {
    let repo = tempfile::tempdir().expect("temp dir");
    mkfifo(&repo.path().join("compose.yml"));
    fleetform(&["import", "compose", "compose.yml"], repo.path())
        .expect(2, "compose.yml` is not a regular file");
    fleetform(&["import", "compose", "/dev/zero"], repo.path())
        .expect(2, "`/dev/zero` is not a regular file");
    let big = fs::File::create(repo.path().join("big.yml")).expect("create");
    big.set_len(8 * 1024 * 1024 + 1).expect("grow");
    fleetform(&["import", "compose", "big.yml"], repo.path()).expect(2, "big.yml` is over");
    // A Copilot manifest linked out of the workspace is not read.
    let outside = secret();
    write(repo.path(), "copilot/.workspace", "application: shop\n");
    fs::create_dir_all(repo.path().join("copilot/web")).expect("mkdir");
    symlink(
        outside.path().join("credentials"),
        repo.path().join("copilot/web/manifest.yml"),
    )
    .expect("symlink");
    fleetform(&["import", "copilot", "copilot"], repo.path())
        .expect(2, "manifest.yml` leads outside `copilot`");
}

/// `tests/fixtures/cli/NAME/app.yaml`, run from its directory, gives exactly the diagnostics
/// its `# expect:` header lists (the codes the CLI finds while gathering files, which the
/// compile-only fixtures of tests/fixtures.rs cannot reach), and never a line of `notes.yaml`.
#[test]
fn cli_fixtures_report_exactly_the_expected_diagnostics() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli");
    let mut cases = 0;
    for entry in fs::read_dir(&root).expect("fixtures") {
        let dir = entry.expect("entry").path();
        let Ok(text) = fs::read_to_string(dir.join("app.yaml")) else {
            continue;
        };
        let want: Vec<String> = text
            .lines()
            .filter_map(|l| l.strip_prefix("# expect:"))
            .flat_map(|list| list.split(','))
            .map(|e| e.trim().to_owned())
            .collect();
        let run = fleetform(&["--diagnostics", "short", "validate", "app.yaml"], &dir);
        let got: Vec<String> = run
            .stderr
            .lines()
            .filter_map(|line| {
                let (place, rest) = line.split_once(": error[")?;
                let code = rest.split(']').next()?;
                let at = place.strip_prefix("app.yaml:")?;
                Some(format!("{code}@{at}"))
            })
            .collect();
        assert_eq!(got, want, "{}:\n{}", dir.display(), run.both());
        assert!(
            !run.both().contains("stands-for-a-real-key"),
            "{}",
            run.both()
        );
        cases += 1;
    }
    assert!(cases >= 2, "only {cases} cli fixtures");
}
