//! Which blueprint file defined each part of an app, so that the pipelines know which pushes
//! change which stacks (see `lower::pipeline::sources`).

use std::collections::BTreeMap;

/// The files of one app, as `/`-separated paths relative to the app file's directory (so a
/// build does not depend on the directory it runs in): `app.yaml`, `services/cart.yaml`,
/// `../shared/jobs.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceFiles {
    /// The app file.
    pub app: String,
    /// The file of each service.
    pub services: BTreeMap<String, String>,
    /// The file of each job.
    pub jobs: BTreeMap<String, String>,
}

impl SourceFiles {
    /// The file that defines service or job `name` (the app file when unknown).
    pub fn of(&self, name: &str) -> &str {
        self.services
            .get(name)
            .or_else(|| self.jobs.get(name))
            .map_or(self.app.as_str(), String::as_str)
    }
}

/// `path` relative to the directory of `base`, both `/`- or `\`-separated paths relative to the
/// same directory (or both absolute), resolved lexically: `relative_to("a/b/s.yaml",
/// "a/app.yaml")` is `b/s.yaml`, `relative_to("x/s.yaml", "a/app.yaml")` is `../x/s.yaml`.
pub fn relative_to(path: &str, base: &str) -> String {
    let split = |p: &str| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for part in p.split(['/', '\\']) {
            match part {
                "" | "." => {}
                ".." if out.last().is_some_and(|l| l != "..") => {
                    out.pop();
                }
                _ => out.push(part.to_owned()),
            }
        }
        out
    };
    let target = split(path);
    let mut dir = split(base);
    dir.pop();
    let common = target.iter().zip(&dir).take_while(|(a, b)| a == b).count();
    let mut out: Vec<&str> = vec![".."; dir.len() - common];
    out.extend(target[common..].iter().map(String::as_str));
    out.join("/")
}

#[cfg(test)]
mod tests {
    use super::relative_to;

    #[test]
    fn paths_relative_to_the_app_file() {
        assert_eq!(relative_to("a/b/s.yaml", "a/app.yaml"), "b/s.yaml");
        assert_eq!(relative_to("a/app.yaml", "a/app.yaml"), "app.yaml");
        assert_eq!(relative_to("x/s.yaml", "a/app.yaml"), "../x/s.yaml");
        assert_eq!(relative_to("./a/./c/../s.yaml", "a/app.yaml"), "s.yaml");
        assert_eq!(relative_to("s.yaml", "app.yaml"), "s.yaml");
        assert_eq!(relative_to(r"a\svc\s.yaml", "a/app.yaml"), "svc/s.yaml");
    }
}
