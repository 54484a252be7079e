//! `.corefile-lint.toml`: found by walking up from each linted file (or named with `--config`).
//! Unknown keys are errors that name the key and the file. Command-line flags override it.
//!
//! ```toml
//! target-version = "1.11.3"          # the CoreDNS release to check against
//! plugins = ["fanout", "alternate"]  # directives of a custom build
//! select = ["SYN", "ADR", "PLG"]     # only these codes or prefixes (default: all)
//! ignore = ["ADR005"]                # never these
//! fail-on = "warning"                # lowest severity that makes `check` exit 1
//! configmap-keys = ["extra.conf"]    # more ConfigMap data keys holding Corefiles
//!
//! [severity]                          # per code or prefix: error|warning|info|hint|off
//! SEM = "info"
//!
//! [per-file-ignores]                  # glob (relative to this file's folder) → codes
//! "legacy/**" = ["SYN002"]
//!
//! [format]
//! indent-style = "spaces"             # or "tabs"
//! indent-width = 4
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use corefile_model::directives::Version;
use corefile_model::{Diagnostic, RuleMeta, Severity};
use serde::Deserialize;

pub const CONFIG_FILE_NAME: &str = ".corefile-lint.toml";

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    pub target_version: Option<String>,
    #[serde(default)]
    pub plugins: Vec<String>,
    pub select: Option<Vec<String>>,
    #[serde(default)]
    pub ignore: Vec<String>,
    pub fail_on: Option<String>,
    #[serde(default)]
    pub configmap_keys: Vec<String>,
    #[serde(default)]
    pub severity: BTreeMap<String, String>,
    #[serde(default)]
    pub per_file_ignores: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub format: FormatConfig,
    /// Folder of the config file; per-file globs are relative to it.
    #[serde(skip)]
    pub root: PathBuf,
    #[serde(skip)]
    pub path: Option<PathBuf>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FormatConfig {
    pub indent_style: Option<IndentStyle>,
    pub indent_width: Option<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IndentStyle {
    Spaces,
    Tabs,
}

/// A config file that cannot be used; `message` names the key and position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// A severity override: a level, or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        if s == "off" {
            return Some(Level::Off);
        }
        Severity::parse(s).map(Level::On)
    }
}

impl Config {
    /// Reads and validates a config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let err = |message: String| ConfigError {
            path: path.to_path_buf(),
            message,
        };
        let text =
            std::fs::read_to_string(path).map_err(|e| err(corefile_model::files::os_error(&e)))?;
        let mut config: Config = toml::from_str(&text).map_err(|e| err(toml_message(&text, &e)))?;
        config.root = path.parent().map(Path::to_path_buf).unwrap_or_default();
        config.path = Some(path.to_path_buf());
        config.validate().map_err(err)?;
        Ok(config)
    }

    /// The nearest `.corefile-lint.toml` in `start` or its parents.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let mut dir = Some(start);
        while let Some(d) = dir {
            let candidate = d.join(CONFIG_FILE_NAME);
            if candidate.is_file() {
                return Some(candidate);
            }
            dir = d.parent();
        }
        None
    }

    fn validate(&self) -> Result<(), String> {
        if let Some(v) = &self.target_version {
            if Version::parse(v).is_none() {
                return Err(format!(
                    "`target-version` must look like \"1.11.3\", got {v:?}"
                ));
            }
        }
        if let Some(f) = &self.fail_on {
            if Severity::parse(f).is_none() {
                return Err(format!(
                    "`fail-on` must be one of error, warning, info, hint; got {f:?}"
                ));
            }
        }
        for (selector, level) in &self.severity {
            if Level::parse(level).is_none() {
                return Err(format!("`severity.{selector}` must be one of error, warning, info, hint, off; got {level:?}"));
            }
            check_selector(selector, "severity")?;
        }
        for s in self.select.iter().flatten().chain(&self.ignore) {
            check_selector(s, "select/ignore")?;
        }
        for (glob, codes) in &self.per_file_ignores {
            globset::Glob::new(glob)
                .map_err(|e| format!("`per-file-ignores` has an invalid glob {glob:?}: {e}"))?;
            for c in codes {
                check_selector(c, "per-file-ignores")?;
            }
        }
        if let Some(w) = self.format.indent_width {
            if !(1..=16).contains(&w) {
                return Err(format!(
                    "`format.indent-width` must be between 1 and 16, got {w}"
                ));
            }
        }
        Ok(())
    }

    pub fn target_version(&self) -> Option<Version> {
        self.target_version.as_deref().and_then(Version::parse)
    }

    /// Applies select/ignore/severity/per-file-ignores to the diagnostics of `file`.
    pub fn apply(&self, file: Option<&Path>, diagnostics: &mut Vec<Diagnostic>) {
        let relative = file.map(|f| f.strip_prefix(&self.root).unwrap_or(f).to_path_buf());
        let file_ignores: Vec<&String> = self
            .per_file_ignores
            .iter()
            .filter(|(glob, _)| {
                relative.as_deref().is_some_and(|r| {
                    globset::Glob::new(glob)
                        .map(|g| g.compile_matcher().is_match(r))
                        .unwrap_or(false)
                })
            })
            .flat_map(|(_, codes)| codes)
            .collect();
        diagnostics.retain_mut(|d| {
            if let Some(select) = &self.select {
                if !select.iter().any(|s| selects(s, d.rule)) {
                    return false;
                }
            }
            if self
                .ignore
                .iter()
                .chain(file_ignores.iter().copied())
                .any(|s| selects(s, d.rule))
            {
                return false;
            }
            match self.severity_for(d.rule) {
                Some(Level::Off) => false,
                Some(Level::On(s)) => {
                    d.severity = s;
                    true
                }
                None => true,
            }
        });
    }

    /// The most specific severity override for a rule (a full code beats a prefix).
    fn severity_for(&self, rule: &RuleMeta) -> Option<Level> {
        self.severity
            .iter()
            .filter(|(sel, _)| selects(sel, rule))
            .max_by_key(|(sel, _)| sel.len())
            .and_then(|(_, level)| Level::parse(level))
    }
}

/// Whether a selector (a code `SYN001`, a prefix `SYN`, a group `syntax`, or a rule name) picks `rule`.
pub fn selects(selector: &str, rule: &RuleMeta) -> bool {
    let s = selector.trim();
    s.eq_ignore_ascii_case("ALL")
        || rule.code.eq_ignore_ascii_case(s)
        || (!s.is_empty()
            && rule
                .code
                .to_ascii_uppercase()
                .starts_with(&s.to_ascii_uppercase()))
        || rule.name == s
        || rule.group.as_str() == s
}

fn check_selector(s: &str, key: &str) -> Result<(), String> {
    if crate::all_rules().iter().any(|r| selects(s, r)) {
        Ok(())
    } else {
        Err(format!("`{key}` names {s:?}, which matches no rule code, prefix, group or name (see `corefile-lint rules`)"))
    }
}

/// toml's error with the line and column it points at.
fn toml_message(text: &str, e: &toml::de::Error) -> String {
    let msg = e.message().to_string();
    match e.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            format!("{line}:{col}: {msg}")
        }
        None => msg,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, String> {
        let mut c: Config = toml::from_str(text).map_err(|e| toml_message(text, &e))?;
        c.validate()?;
        c.root = PathBuf::new();
        Ok(c)
    }

    #[test]
    fn unknown_keys_are_named() {
        let e = parse("target-version = \"1.11.3\"\nplugin = [\"x\"]\n").unwrap_err();
        assert!(e.starts_with("2:1:"), "{e}");
        assert!(e.contains("plugin"), "{e}");
        let e = parse("[format]\nindent = 2\n").unwrap_err();
        assert!(e.contains("indent"), "{e}");
    }

    #[test]
    fn bad_values() {
        assert!(parse("target-version = \"one\"").is_err());
        assert!(parse("[severity]\nSYN001 = \"loud\"").is_err());
        assert!(parse("ignore = [\"NOPE999\"]").is_err());
        assert!(parse("[per-file-ignores]\n\"[\" = [\"SYN\"]").is_err());
    }

    #[test]
    fn severity_and_selection() {
        let c = parse("select = [\"SYN\"]\n[severity]\nSYN = \"warning\"\nSYN001 = \"hint\"\n")
            .unwrap();
        let r = &corefile_model::codes::UNKNOWN_DIRECTIVE;
        assert_eq!(c.severity_for(r), Some(Level::On(Severity::Hint)));
        assert_eq!(
            c.severity_for(&corefile_model::codes::UNCLOSED_BLOCK),
            Some(Level::On(Severity::Warning))
        );
        assert!(selects("syntax", r) && selects("unknown-directive", r) && !selects("ADR", r));
    }
}
