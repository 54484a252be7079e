//! Finding `.corefile-lint.toml` for each input, shared by `check` and `fmt`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use corefile_rules::config::{Config, ConfigError};

use crate::discover::{inputs, Input};

/// Finds and caches configuration per directory (or uses the one `--config` named).
pub struct Configs {
    explicit: Option<Config>,
    disabled: bool,
    by_dir: HashMap<PathBuf, Config>,
}

impl Configs {
    pub fn new(explicit: Option<&Path>, disabled: bool) -> Result<Configs, ConfigError> {
        let explicit = explicit.map(Config::load).transpose()?;
        Ok(Configs {
            explicit,
            disabled,
            by_dir: HashMap::new(),
        })
    }

    /// The configuration for a file in `dir`: the explicit one, none, or the nearest file's.
    pub fn for_dir(&mut self, dir: &Path) -> Result<Config, ConfigError> {
        if let Some(c) = &self.explicit {
            return Ok(c.clone());
        }
        if self.disabled {
            return Ok(Config::default());
        }
        if let Some(c) = self.by_dir.get(dir) {
            return Ok(c.clone());
        }
        let c = match Config::discover(dir) {
            Some(p) => Config::load(&p)?,
            None => Config::default(),
        };
        self.by_dir.insert(dir.to_path_buf(), c.clone());
        Ok(c)
    }
}

/// What `check` and `fmt` start from: the inputs the command line names (the current directory
/// by default) and the configuration finder. Errors are usage errors (exit 2).
pub fn start(
    paths: &[String],
    config: Option<&Path>,
    no_config: bool,
) -> Result<(Vec<Input>, Configs), String> {
    let paths = if paths.is_empty() {
        vec![".".to_string()]
    } else {
        paths.to_vec()
    };
    let inputs = inputs(&paths)?;
    let configs = Configs::new(config, no_config).map_err(|e| e.to_string())?;
    Ok((inputs, configs))
}
