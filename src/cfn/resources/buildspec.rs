//! A CodeBuild buildspec (version 0.2), written as YAML into a project's `Source.BuildSpec`:
//! typed, so every command and variable is one string scalar whatever it holds.

use serde::Serialize;
use serde::ser::SerializeMap;

#[derive(Debug, Clone, Serialize)]
pub struct Buildspec {
    pub version: &'static str,
    pub env: BuildEnv,
    pub phases: BuildPhases,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub artifacts: Option<BuildArtifacts>,
}

impl Buildspec {
    /// A version 0.2 buildspec running `build` in bash, with nothing else yet.
    pub fn bash(build: Vec<String>) -> Self {
        Self {
            version: "0.2",
            env: BuildEnv {
                shell: "bash",
                variables: Variables::default(),
                exported_variables: Vec::new(),
            },
            phases: BuildPhases {
                install: None,
                build: Phase { commands: build },
            },
            artifacts: None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct BuildEnv {
    pub shell: &'static str,
    #[serde(skip_serializing_if = "Variables::is_empty")]
    pub variables: Variables,
    #[serde(rename = "exported-variables", skip_serializing_if = "Vec::is_empty")]
    pub exported_variables: Vec<&'static str>,
}

/// `env.variables`, in the order they were first set.
#[derive(Debug, Clone, Default)]
pub struct Variables(Vec<(String, String)>);

impl Variables {
    /// Sets `name`, in its first place if it is set already.
    pub fn set(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let (name, value) = (name.into(), value.into());
        match self.0.iter_mut().find(|(n, _)| *n == name) {
            Some((_, old)) => *old = value,
            None => self.0.push((name, value)),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for Variables {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct BuildPhases {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub install: Option<Phase>,
    pub build: Phase,
}

#[derive(Debug, Clone, Serialize)]
pub struct Phase {
    pub commands: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BuildArtifacts {
    #[serde(rename = "base-directory")]
    pub base_directory: &'static str,
    pub files: Vec<&'static str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_keep_their_first_place() {
        let mut spec = Buildspec::bash(vec!["true".to_owned()]);
        spec.env.variables.set("B", "1");
        spec.env.variables.set("A", "2");
        spec.env.variables.set("B", "3");
        assert_eq!(
            serde_json::to_string(&spec).unwrap(),
            r#"{"version":"0.2","env":{"shell":"bash","variables":{"B":"3","A":"2"}},"phases":{"build":{"commands":["true"]}}}"#
        );
    }
}
