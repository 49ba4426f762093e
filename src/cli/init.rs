//! `fleetform init [DIR] [--app NAME] [--force]`: a commented starter blueprint,
//! `DIR/blueprints/app.yaml`, plus the schema copy its modeline points at,
//! `DIR/.fleetform/blueprint.schema.json` (a relative path, so editors work offline and the
//! schema matches the fleetform that wrote it). The starter builds as-is, without warnings.

use std::fs;
use std::path::{Path, PathBuf};

use handlebars::Handlebars;

use super::{Status, fail};

/// The starter blueprint; `{{app}}` is filled in, `\{{…}}` stays blueprint interpolation.
const TEMPLATE: &str = include_str!("../../templates/init.yaml.hbs");

/// Where the blueprint goes, relative to DIR.
pub const BLUEPRINT: &str = "blueprints/app.yaml";
/// Where the schema copy goes, relative to DIR (the template's modeline points here).
pub const SCHEMA_COPY: &str = ".fleetform/blueprint.schema.json";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project directory.
    #[arg(value_name = "DIR", default_value = ".")]
    dir: PathBuf,
    /// The app name (`^[a-z][a-z0-9-]{0,19}$`); default: DIR's own name.
    #[arg(long, value_name = "NAME")]
    app: Option<String>,
    /// Overwrite existing files.
    #[arg(long)]
    force: bool,
}

pub fn run(args: &Args, quiet: bool) -> Status {
    let app = match &args.app {
        Some(app) => app.clone(),
        None => default_name(&args.dir),
    };
    if !valid_app_name(&app) {
        return fail(&format!(
            "`{app}` is not a valid app name: lowercase letters, digits and `-`, starting with a \
             letter, at most 20 characters (pass `--app NAME`)"
        ));
    }
    let text = match render(&app) {
        Ok(text) => text,
        Err(message) => return fail(&message),
    };
    let files = [
        (args.dir.join(BLUEPRINT), text.as_str()),
        (args.dir.join(SCHEMA_COPY), fleetform::check::SCHEMA),
    ];
    if !args.force
        && let Some((path, _)) = files.iter().find(|(p, _)| p.symlink_metadata().is_ok())
    {
        return fail(&format!(
            "`{}` exists; pass `--force` to overwrite it",
            path.display()
        ));
    }
    for (path, contents) in &files {
        if let Err(e) = write(path, contents) {
            return fail(&format!("cannot write `{}`: {e}", path.display()));
        }
    }
    if !quiet {
        out!(
            "wrote {} (app `{app}`) and {}",
            files[0].0.display(),
            files[1].0.display()
        );
    }
    Status::Ok
}

fn write(path: &Path, contents: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, contents)
}

/// The starter blueprint for `app` (strict handlebars, no HTML escaping).
pub fn render(app: &str) -> Result<String, String> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_escape_fn(handlebars::no_escape);
    hb.render_template(TEMPLATE, &serde_json::json!({ "app": app }))
        .map_err(|e| format!("cannot render the starter blueprint: {e}"))
}

/// DIR's own name (of its absolute path, so `.` works), lowercased.
fn default_name(dir: &Path) -> String {
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    dir.components()
        .rfind(|c| matches!(c, std::path::Component::Normal(_)))
        .map(|c| c.as_os_str().to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// The schema's app-name pattern, `^[a-z][a-z0-9-]{0,19}$`.
pub fn valid_app_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && name.len() <= 20
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_names_follow_the_schema_pattern() {
        let schema: serde_json::Value = serde_json::from_str(fleetform::check::SCHEMA).unwrap();
        assert_eq!(
            schema["properties"]["app"]["pattern"], "^[a-z][a-z0-9-]{0,19}$",
            "valid_app_name mirrors this pattern; update both together"
        );
        for ok in ["a", "shop", "my-app-2", "abcdefghijklmnopqrst"] {
            assert!(valid_app_name(ok), "{ok}");
        }
        for bad in [
            "",
            "2shop",
            "-shop",
            "Shop",
            "shop_1",
            "abcdefghijklmnopqrstu",
            "caf\u{e9}",
            "a b",
        ] {
            assert!(!valid_app_name(bad), "{bad}");
        }
    }

    #[test]
    fn the_template_fills_the_name_and_keeps_interpolation() {
        let text = render("shop").unwrap();
        assert!(
            text.starts_with(
                "# yaml-language-server: $schema=../.fleetform/blueprint.schema.json\n"
            )
        );
        assert!(text.contains("\napp: shop\n"), "{text}");
        assert!(text.contains("/shop/web:{{tag}}\""), "{text}");
        assert!(!text.contains("\\{{"), "escapes are consumed: {text}");
    }

    #[test]
    fn the_modeline_points_at_the_schema_copy() {
        // The blueprint is one directory down from DIR, so `../` reaches DIR.
        assert_eq!(Path::new(BLUEPRINT).components().count(), 2);
        let modeline = format!("# yaml-language-server: $schema=../{SCHEMA_COPY}\n");
        assert!(render("shop").unwrap().starts_with(&modeline));
    }

    #[test]
    fn default_name_is_the_directory_name() {
        assert_eq!(default_name(Path::new("/work/Shop")), "shop");
    }
}
