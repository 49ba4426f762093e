//! Writing build output: each app's directory is replaced as a whole, or not at all.
//!
//! Every app is first written to a staging directory inside the output directory (same file
//! system, so renames are atomic), then swapped in: `out/{app}` → `.fleetform-old-…`, staging →
//! `out/{app}`, old removed. A failure while staging removes the staging directories and leaves
//! the output directory as it was.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Writes the files of `apps` (paths relative to `out`, each under `{app}/`) into `out`.
pub fn write_apps(
    out: &Path,
    apps: &[String],
    files: &BTreeMap<String, String>,
) -> Result<(), String> {
    let pid = std::process::id();
    let mut staged: Vec<(String, PathBuf)> = Vec::new();
    let result = (|| {
        fs::create_dir_all(out).map_err(|e| format!("cannot create `{}`: {e}", out.display()))?;
        for app in apps {
            let stage = out.join(format!(".fleetform-tmp-{app}-{pid}"));
            staged.push((app.clone(), stage.clone()));
            stage_app(&stage, app, files)
                .map_err(|e| format!("cannot write into `{}`: {e}", out.display()))?;
        }
        Ok(())
    })();
    if let Err(message) = result {
        for (_, stage) in &staged {
            let _ = fs::remove_dir_all(stage);
        }
        return Err(message);
    }
    for (app, stage) in &staged {
        swap(out, app, stage, pid)
            .map_err(|e| format!("cannot replace `{}`: {e}", out.join(app).display()))?;
    }
    Ok(())
}

fn stage_app(stage: &Path, app: &str, files: &BTreeMap<String, String>) -> io::Result<()> {
    if stage.exists() {
        fs::remove_dir_all(stage)?;
    }
    fs::create_dir_all(stage)?;
    let prefix = format!("{app}/");
    for (path, text) in files
        .range(prefix.clone()..)
        .take_while(|(p, _)| p.starts_with(&prefix))
    {
        let target = stage.join(&path[prefix.len()..]);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&target, text)?;
    }
    Ok(())
}

fn swap(out: &Path, app: &str, stage: &Path, pid: u32) -> io::Result<()> {
    let target = out.join(app);
    let old = out.join(format!(".fleetform-old-{app}-{pid}"));
    if old.exists() {
        fs::remove_dir_all(&old)?;
    }
    let had_old = match fs::symlink_metadata(&target) {
        Ok(_) => {
            fs::rename(&target, &old)?;
            true
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => return Err(e),
    };
    if let Err(e) = fs::rename(stage, &target) {
        if had_old {
            let _ = fs::rename(&old, &target);
        }
        let _ = fs::remove_dir_all(stage);
        return Err(e);
    }
    if had_old {
        // Removing the old copy may fail without harm: the new one is in place.
        if fs::metadata(&old).is_ok_and(|m| m.is_dir()) {
            let _ = fs::remove_dir_all(&old);
        } else {
            let _ = fs::remove_file(&old);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_an_app_directory_and_leaves_others() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        fs::create_dir_all(out.join("shop/stale")).unwrap();
        fs::write(out.join("shop/stale/old.json"), "old").unwrap();
        fs::create_dir_all(out.join("other")).unwrap();
        fs::write(out.join("other/keep.json"), "keep").unwrap();
        let files = BTreeMap::from([
            ("shop/manifest.json".to_owned(), "{}\n".to_owned()),
            (
                "shop/test/us-east-1/shop-test.json".to_owned(),
                "{}\n".to_owned(),
            ),
            ("shopx/manifest.json".to_owned(), "not this app".to_owned()),
        ]);
        write_apps(out, &["shop".to_owned()], &files).unwrap();
        assert!(!out.join("shop/stale").exists());
        assert_eq!(
            fs::read_to_string(out.join("shop/test/us-east-1/shop-test.json")).unwrap(),
            "{}\n"
        );
        assert_eq!(
            fs::read_to_string(out.join("other/keep.json")).unwrap(),
            "keep"
        );
        assert!(!out.join("shop/shopx").exists());
        let mut names: Vec<_> = fs::read_dir(out)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        assert_eq!(names, ["other", "shop"]);
    }
}
