//! `fleetform import compose FILE` / `fleetform import copilot DIR`: read the files, run the
//! pure importers in `fleetform::import`, print the blueprint on stdout (or write it with
//! `-o`) and the notes on stderr as diagnostics. With `-o OUT` the notes also go to
//! `OUT.notes.txt`, one per line, so they can be worked through later. Neither file is
//! overwritten without `--force`, and never when it is one of the inputs.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use fleetform::diagnostic::{self, Diagnostic, FileId, SourceFile, SourceMap};
use fleetform::import::{self, Imported};

use super::tree::{self, Root};
use super::{Global, Status, fail, report};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    from: From,
}

#[derive(Debug, clap::Subcommand)]
enum From {
    /// Import a Docker Compose file: one blueprint service per compose service.
    Compose {
        /// The compose file, e.g. `docker-compose.yml`.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// An environment file to interpolate `${VAR}` with, instead of the `.env` next to
        /// FILE (repeatable; later files win), as `docker compose --env-file` does.
        #[arg(long, value_name = "ENV_FILE")]
        env_file: Vec<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Import an AWS Copilot workspace (the `copilot/` directory): services, jobs and environments.
    Copilot {
        /// The Copilot directory holding `.workspace` and the manifests.
        #[arg(value_name = "DIR", default_value = "copilot")]
        dir: PathBuf,
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Debug, clap::Args)]
struct Common {
    /// The app name (default: compose `name:` or the directory's name; Copilot's application).
    #[arg(long, value_name = "NAME")]
    app: Option<String>,
    /// The region of the imported environments (neither format records one; default us-east-1).
    #[arg(long, value_name = "REGION")]
    region: Option<String>,
    /// Write the blueprint to OUT (and the notes to `OUT.notes.txt`) instead of stdout.
    #[arg(long, short, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Overwrite OUT and `OUT.notes.txt` if they exist (never an input file).
    #[arg(long, requires = "output")]
    force: bool,
}

pub fn run(args: &Args, global: Global) -> Status {
    let mut sources = SourceMap::default();
    let (result, common) = match &args.from {
        From::Compose {
            file,
            env_file,
            common,
        } => {
            let (id, problem) = match read(&mut sources, file, &file.display().to_string(), None) {
                Ok(read) => read,
                Err(status) => return status,
            };
            let mut problems: Vec<Diagnostic> = problem.into_iter().collect();
            let env_files = match env_files(&mut sources, &mut problems, file, env_file) {
                Ok(ids) => ids,
                Err(status) => return status,
            };
            let options = import::compose::Options {
                app: common.app.clone(),
                fallback: dir_name(file.parent().unwrap_or(Path::new("."))),
                region: common.region.clone(),
                env_files,
            };
            let result = if problems.is_empty() {
                import::compose::import(&sources, id, &options)
            } else {
                Err(problems)
            };
            (result, common)
        }
        From::Copilot { dir, common } => {
            let mut problems = Vec::new();
            let workspace = match gather_copilot(&mut sources, &mut problems, dir) {
                Ok(w) => w,
                Err(status) => return status,
            };
            let options = import::copilot::Options {
                app: common.app.clone(),
                region: common.region.clone(),
            };
            let result = if problems.is_empty() {
                import::copilot::import(&sources, &workspace, &options)
            } else {
                Err(problems)
            };
            (result, common)
        }
    };
    match result {
        Err(mut diags) => {
            diagnostic::sort(&mut diags);
            report::print(&diags, &sources, global);
            Status::Failed
        }
        Ok(Imported { blueprint, notes }) => {
            report::print(&notes, &sources, global);
            match &common.output {
                None => super::stdout_text(&blueprint),
                Some(out) => {
                    let notes_path = PathBuf::from(format!("{}.notes.txt", out.display()));
                    let inputs: Vec<PathBuf> = sources
                        .ids()
                        .map(|id| PathBuf::from(&sources.get(id).name))
                        .collect();
                    if let Err(message) = overwritable(&[out, &notes_path], &inputs, common.force) {
                        return fail(&message);
                    }
                    let listing = notes_text(&notes, &sources);
                    for (path, text) in [(out, &blueprint), (&notes_path, &listing)] {
                        if let Err(e) = write(path, text) {
                            return fail(&format!("cannot write `{}`: {e}", path.display()));
                        }
                    }
                    summary!(
                        global,
                        "wrote {} ({}) and {}",
                        out.display(),
                        if notes.is_empty() {
                            "no notes".to_owned()
                        } else {
                            report::plural(notes.len(), "note")
                        },
                        notes_path.display()
                    );
                }
            }
            Status::Ok
        }
    }
}

/// Reads one file into `sources`, with its encoding problem if any (FF0006); an I/O error, a
/// device or pipe, a file over the size cap or (with a root) a path leading out of the root is
/// a usage error (exit 2). The input may come from anyone: it is read like a blueprint.
fn read(
    sources: &mut SourceMap,
    path: &Path,
    name: &str,
    root: Option<&Root>,
) -> Result<(FileId, Option<Diagnostic>), Status> {
    let bytes = tree::read(path, root).map_err(|e| fail(&e.to_string()))?;
    let next = FileId(u32::try_from(sources.ids().count()).unwrap_or(u32::MAX));
    let (text, problem) = fleetform::source::decode(next, &bytes);
    let id = sources.add(SourceFile {
        name: name.to_owned(),
        text,
    });
    Ok((id, problem))
}

/// The environment files of a compose import: each `--env-file`, else the project's `.env`
/// (next to the compose file) when there is one, as `docker compose` reads them; each only
/// inside its own directory.
fn env_files(
    sources: &mut SourceMap,
    problems: &mut Vec<Diagnostic>,
    file: &Path,
    given: &[PathBuf],
) -> Result<Vec<FileId>, Status> {
    let default = file.parent().unwrap_or(Path::new("")).join(".env");
    let paths: Vec<PathBuf> = if given.is_empty() {
        fs::metadata(&default)
            .is_ok_and(|m| m.is_file())
            .then_some(default)
            .into_iter()
            .collect()
    } else {
        given.to_vec()
    };
    let mut ids = Vec::new();
    for path in paths {
        // Its values reach the blueprint: a link out of its own directory (to
        // `/proc/self/environ`, say) is refused like a Copilot manifest's.
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let root = tree::argument_root(dir).map_err(|e| fail(&e.to_string()))?;
        let (id, problem) = read(sources, &path, &path.display().to_string(), Some(&root))?;
        problems.extend(problem);
        ids.push(id);
    }
    Ok(ids)
}

/// The files of a Copilot workspace: `.workspace`, `*/manifest.yml`,
/// `environments/*/manifest.yml`; anything else at the top is listed for a note.
fn gather_copilot(
    sources: &mut SourceMap,
    problems: &mut Vec<Diagnostic>,
    dir: &Path,
) -> Result<import::copilot::Workspace, Status> {
    if !dir.is_dir() {
        return Err(fail(&format!("`{}` is not a directory", dir.display())));
    }
    let shown = |rel: &str| format!("{}/{rel}", dir.display());
    // Manifests are read only inside the workspace: a symlink out of it is refused.
    let root = tree::argument_root(dir).map_err(|e| fail(&e.to_string()))?;
    let root = Some(&root);
    let mut workspace = import::copilot::Workspace::default();
    let ws = dir.join(".workspace");
    if ws.is_file() {
        let (id, problem) = read(sources, &ws, &shown(".workspace"), root)?;
        problems.extend(problem);
        workspace.workspace = Some(id);
    }
    for entry in sorted(dir)? {
        let Some(name) = entry
            .file_name()
            .and_then(|n| n.to_str())
            .map(str::to_owned)
        else {
            continue;
        };
        if !entry.is_dir() {
            continue;
        }
        if name == "environments" {
            for env in sorted(&entry)? {
                let manifest = env.join("manifest.yml");
                let Some(env_name) = env.file_name().and_then(|n| n.to_str()) else {
                    continue;
                };
                if ["addons", "overrides"].contains(&env_name) {
                    workspace.extensions.push(extension(
                        "environments",
                        &env,
                        &shown(&format!("environments/{env_name}")),
                    )?);
                    continue;
                }
                if manifest.is_file() {
                    let rel = format!("environments/{env_name}/manifest.yml");
                    let (id, problem) = read(sources, &manifest, &shown(&rel), root)?;
                    problems.extend(problem);
                    workspace.environments.push((env_name.to_owned(), id));
                }
            }
            continue;
        }
        let manifest = entry.join("manifest.yml");
        if manifest.is_file() {
            let (id, problem) = read(
                sources,
                &manifest,
                &shown(&format!("{name}/manifest.yml")),
                root,
            )?;
            problems.extend(problem);
            for sub in ["addons", "overrides"] {
                let path = entry.join(sub);
                if path.is_dir() {
                    workspace.extensions.push(extension(
                        &name,
                        &path,
                        &shown(&format!("{name}/{sub}")),
                    )?);
                }
            }
            workspace.services.push((name, id));
        } else {
            workspace.skipped.push(shown(&name));
        }
    }
    Ok(workspace)
}

/// An `addons/` or `overrides/` directory: its owner and the names of its entries.
fn extension(owner: &str, dir: &Path, shown: &str) -> Result<import::copilot::Extension, Status> {
    let files = sorted(dir)?
        .iter()
        .filter_map(|p| p.file_name().and_then(|n| n.to_str()).map(str::to_owned))
        .collect();
    Ok(import::copilot::Extension {
        owner: owner.to_owned(),
        dir: format!("{shown}/"),
        overrides: dir.file_name().is_some_and(|n| n == "overrides"),
        files,
    })
}

fn sorted(dir: &Path) -> Result<Vec<PathBuf>, Status> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| fail(&format!("cannot read `{}`: {e}", dir.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    Ok(entries)
}

/// The notes as `file:line:col: warning[CODE]: message` lines, each with its help.
fn notes_text(notes: &[Diagnostic], sources: &SourceMap) -> String {
    let mut out = String::new();
    for note in notes {
        out.push_str(&diagnostic::render_short(
            std::slice::from_ref(note),
            sources,
        ));
        if let Some(help) = &note.help {
            let _ = writeln!(out, "  help: {help}");
        }
    }
    out
}

/// A directory's own name (absolute first, so `.` has one), or `app`.
fn dir_name(dir: &Path) -> String {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    fs::canonicalize(dir)
        .ok()
        .and_then(|d| d.file_name().and_then(|n| n.to_str()).map(str::to_owned))
        .unwrap_or_else(|| "app".to_owned())
}

/// Refuses to write over an input of the import, even with `--force` (the blueprint would
/// replace what it was made from), and over any other existing file (a link included) without
/// `--force`.
fn overwritable(outputs: &[&PathBuf], inputs: &[PathBuf], force: bool) -> Result<(), String> {
    for out in outputs {
        if inputs.iter().any(|input| same_file(out, input)) {
            return Err(format!(
                "`{}` is an input of this import; write the blueprint to another file",
                out.display()
            ));
        }
        if !force && fs::symlink_metadata(out).is_ok() {
            return Err(format!(
                "`{}` exists; pass `--force` to overwrite it",
                out.display()
            ));
        }
    }
    Ok(())
}

/// Whether two paths name one file, through symbolic links or, where the file system says
/// which file a path is (device and inode), hard links too.
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        if let (Ok(a), Ok(b)) = (fs::metadata(a), fs::metadata(b)) {
            return (a.dev(), a.ino()) == (b.dev(), b.ino());
        }
    }
    matches!((fs::canonicalize(a), fs::canonicalize(b)), (Ok(a), Ok(b)) if a == b)
}

/// Writes a new file, or (with `--force`) replaces one, never writing through a link.
fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)?;
    }
    super::replace::replace_file(path, text, "import")
}
