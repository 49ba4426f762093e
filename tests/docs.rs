//! The generated documentation is checked in and current: `docs/reference.md` (from the JSON
//! Schema) and `docs/diagnostics.md` (from the registry of codes and the rules' doc comments).
//! `FLEETFORM_UPDATE_SNAPSHOTS=1 cargo test --test docs` rewrites them (`common::checked_in`).
//! And the pages' relative links resolve: one test per page (`links/docs/NAME.md`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use libtest_mimic::{Arguments, Failed, Trial};

mod common;

use common::checked_in;

fn reference_is_current() {
    checked_in::assert_file("docs/reference.md", &fleetform::docgen::reference(), "docs");
}

fn diagnostics_index_is_current() {
    checked_in::assert_file(
        "docs/diagnostics.md",
        &fleetform::docgen::diagnostics(),
        "docs",
    );
}

/// The pages whose relative links are checked: the README, SECURITY.md and `docs/*.md`.
fn pages() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md"), root.join("SECURITY.md")];
    let mut pages: Vec<PathBuf> = fs::read_dir(root.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.sort();
    files.extend(pages);
    files
}

/// Every relative Markdown link of `file` points at a file that exists and, with a
/// `#anchor`, at a heading of that file (GitHub's slugs), so moving a section cannot leave a
/// dead link behind. Returns how many links were checked.
fn relative_links_resolve(file: &Path) -> Result<usize, String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut broken = Vec::new();
    let mut checked = 0;
    let text = fs::read_to_string(file).unwrap();
    let rel = file.strip_prefix(&root).unwrap().display().to_string();
    for (line, target) in links(&text) {
        if target.contains("://") || target.starts_with("mailto:") {
            continue;
        }
        checked += 1;
        let (path, anchor) = target.split_once('#').unwrap_or((&target, ""));
        let dest = if path.is_empty() {
            file.to_path_buf()
        } else {
            file.parent().unwrap().join(path)
        };
        if !dest.exists() {
            broken.push(format!("{rel}:{line}: `{target}`: no such file"));
            continue;
        }
        if anchor.is_empty() {
            continue;
        }
        let headings = fs::read_to_string(&dest)
            .map(|t| slugs(&t))
            .unwrap_or_default();
        if !headings.iter().any(|h| h == anchor) {
            broken.push(format!("{rel}:{line}: `{target}`: no heading `#{anchor}`"));
        }
    }
    if broken.is_empty() {
        Ok(checked)
    } else {
        Err(format!("broken links:\n{}", broken.join("\n")))
    }
}

/// The link scan finds links at all: a broken scan would pass every page.
fn links_are_found() -> Result<(), Failed> {
    let pages = pages();
    if pages.len() < 6 {
        return Err(format!("only {} pages", pages.len()).into());
    }
    let mut checked = 0;
    for page in &pages {
        checked += relative_links_resolve(page).unwrap_or(1);
    }
    if checked <= 50 {
        return Err(format!("only {checked} relative links found").into());
    }
    Ok(())
}

/// Lines of `text` outside fenced code blocks, numbered from 1.
fn prose(text: &str) -> Vec<(usize, &str)> {
    let mut fenced = false;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        if !fenced {
            out.push((i + 1, line));
        }
    }
    out
}

/// `(line, target)` of every inline link `[text](target)` and reference definition
/// `[label]: target`.
fn links(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (line, raw) in prose(text) {
        // Drop `code spans`: the odd-numbered pieces between backticks.
        let plain: String = raw
            .split('`')
            .enumerate()
            .filter(|(k, _)| k % 2 == 0)
            .map(|(_, piece)| piece)
            .collect();
        if plain.starts_with('[')
            && let Some((_, rest)) = plain.split_once("]: ")
        {
            let target = rest.split_whitespace().next().unwrap_or("");
            out.push((line, target.to_owned()));
        }
        let mut rest = plain.as_str();
        while let Some(at) = rest.find("](") {
            rest = &rest[at + 2..];
            let end = rest.find([')', ' ']).unwrap_or(rest.len());
            let target = rest[..end].trim_start_matches('<').trim_end_matches('>');
            out.push((line, target.to_owned()));
        }
    }
    out
}

/// The anchors GitHub gives the headings of `text`: lowercase, spaces become `-`, punctuation
/// other than `-` and `_` is dropped, and a repeated slug gets `-1`, `-2`, ….
fn slugs(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (_, line) in prose(text) {
        let Some(title) = line.strip_prefix('#') else {
            continue;
        };
        let title = title.trim_start_matches('#');
        if !title.starts_with(' ') {
            continue;
        }
        let base: String = title
            .trim()
            .to_lowercase()
            .chars()
            .filter_map(|c| match c {
                ' ' => Some('-'),
                c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
                _ => None,
            })
            .collect();
        let mut slug = base.clone();
        let mut n = 0;
        while out.contains(&slug) {
            n += 1;
            slug = format!("{base}-{n}");
        }
        out.push(slug);
    }
    out
}

fn slugs_follow_github() {
    let text = "# Blue/green by DNS weights\n## Global names (Route 53)\n```\n# not a heading\n```\n\
                ## `alarms`, dashboard and metrics\n## Pipeline\n## Pipeline\n#no heading\n";
    assert_eq!(
        slugs(text),
        [
            "bluegreen-by-dns-weights",
            "global-names-route-53",
            "alarms-dashboard-and-metrics",
            "pipeline",
            "pipeline-1",
        ]
    );
}

/// A docs page that mentions an example app (`examples/NAME`, `blueprints/NAME`, in prose or in a
/// code span) links to it, so a reader gets from the page to the blueprint that shows it.
fn mentioned_examples_are_linked() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let docs = root.join("docs");
    let mut missing = Vec::new();
    let mut mentions = 0;
    for entry in fs::read_dir(&docs).unwrap() {
        let page = entry.unwrap().path();
        if page.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = fs::read_to_string(&page).unwrap();
        let linked: Vec<String> = links(&text)
            .into_iter()
            .filter_map(|(_, target)| target.strip_prefix("../").map(str::to_owned))
            .collect();
        let name = page.file_name().unwrap().to_string_lossy().into_owned();
        for (line, raw) in prose(&text) {
            for dir in ["examples/", "blueprints/"] {
                for (at, _) in raw.match_indices(dir) {
                    let rest = &raw[at + dir.len()..];
                    let app: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                        .collect();
                    let path = format!("{dir}{app}");
                    if app.is_empty() || !root.join(&path).is_dir() {
                        continue;
                    }
                    mentions += 1;
                    if !linked.iter().any(|t| t.starts_with(&path)) {
                        missing.push(format!("docs/{name}:{line}: `{path}` is not linked"));
                    }
                }
            }
        }
    }
    assert!(mentions > 10, "only {mentions} mentions of examples found");
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

/// Run a test that asserts as one that returns a result.
fn asserting(name: &str, test: fn()) -> Trial {
    Trial::test(name, move || {
        test();
        Ok(())
    })
}

/// One test per page for its links (`links/docs/NAME.md`, libtest-mimic, `harness = false`),
/// so a failure names the page, then the tests of the generated pages.
fn main() -> ExitCode {
    let args = Arguments::from_args();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut trials: Vec<Trial> = pages()
        .into_iter()
        .map(|page| {
            let rel = page.strip_prefix(&root).unwrap().display().to_string();
            Trial::test(format!("links/{rel}"), move || {
                relative_links_resolve(&page)
                    .map(drop)
                    .map_err(Failed::from)
            })
        })
        .collect();
    trials.extend([
        Trial::test("links_are_found", links_are_found),
        asserting("reference_is_current", reference_is_current),
        asserting("diagnostics_index_is_current", diagnostics_index_is_current),
        asserting("slugs_follow_github", slugs_follow_github),
        asserting(
            "mentioned_examples_are_linked",
            mentioned_examples_are_linked,
        ),
    ]);
    libtest_mimic::run(&args, trials).exit_code()
}
