//! Settings the client sends as `initializationOptions`, in `workspace/didChangeConfiguration`
//! (under the `corefile` section) or as the answer to `workspace/configuration`.

use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

/// The configuration section the VS Code extension uses.
pub const SECTION: &str = "corefile";

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub struct Config {
    /// Directives of a custom CoreDNS build, accepted without validation.
    pub plugins: Vec<String>,
    pub format: FormatConfig,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum IndentStyle {
    #[default]
    Spaces,
    Tabs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct FormatConfig {
    pub indent_style: IndentStyle,
    pub indent_width: u32,
}

impl Default for FormatConfig {
    fn default() -> Self {
        FormatConfig {
            indent_style: IndentStyle::Spaces,
            indent_width: 4,
        }
    }
}

impl Config {
    /// Reads settings given either bare (`{plugins, format}`) or wrapped in `{"corefile": …}`.
    /// A malformed value is an error message for the client's log; the caller keeps its settings.
    pub fn from_value(value: &Value) -> Result<Option<Config>, String> {
        let inner = match value.get(SECTION) {
            Some(v) => v,
            None => value,
        };
        if inner.is_null() || inner.as_object().is_some_and(|o| o.is_empty()) {
            return Ok(None);
        }
        serde_json::from_value::<Config>(inner.clone())
            .map(|mut c| {
                c.plugins.retain(|p| !p.trim().is_empty());
                c.format.indent_width = c.format.indent_width.clamp(1, 16);
                Some(c)
            })
            .map_err(|e| format!("ignoring malformed `{SECTION}` settings: {e}"))
    }
}

/// The `.corefile-lint.toml` that applies to the document at `path` (the nearest one above its
/// directory): `Ok(None)` for a document without a path or without such a file, `Err` with the
/// reason when the file cannot be used.
pub fn file_config(path: Option<&Path>) -> Result<Option<corefile_rules::config::Config>, String> {
    let Some(dir) = path.and_then(Path::parent) else {
        return Ok(None);
    };
    match corefile_rules::config::Config::discover(dir) {
        None => Ok(None),
        Some(found) => corefile_rules::config::Config::load(&found)
            .map(Some)
            .map_err(|e| e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_bare_and_sectioned_settings() {
        let bare =
            json!({"plugins": ["myplugin"], "format": {"indentStyle": "tabs", "indentWidth": 2}});
        let c = Config::from_value(&bare).unwrap().unwrap();
        assert_eq!(c.plugins, ["myplugin"]);
        assert_eq!(c.format.indent_style, IndentStyle::Tabs);
        assert_eq!(c.format.indent_width, 2);
        let wrapped = json!({ "corefile": bare });
        assert_eq!(Config::from_value(&wrapped).unwrap().unwrap(), c);
    }

    #[test]
    fn missing_fields_take_defaults_and_garbage_is_reported() {
        let c = Config::from_value(&json!({"plugins": []}))
            .unwrap()
            .unwrap();
        assert_eq!(c.format, FormatConfig::default());
        assert!(Config::from_value(&json!(null)).unwrap().is_none());
        assert!(Config::from_value(&json!({"plugins": 3})).is_err());
    }
}
