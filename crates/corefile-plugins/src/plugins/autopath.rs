//! `autopath`: answers a query for the first name of the client's search path that exists,
//! saving the client its search-path round trips. Mirrors plugin/autopath/setup.go
//! `autoPathParse`: each occurrence is one line, `[ZONES...] RESOLV-CONF|@PLUGIN`; a
//! RESOLV-CONF file is read at setup, a `@PLUGIN` is looked up among the block's plugins at
//! startup.

use corefile_model::{Diagnostic, Group, RuleMeta, ServerBlock, Severity, Token};

use crate::values::zone;
use crate::{codes, Controller, PluginDef, PluginError, SetupResult};

/// Plugins that can supply a search path (implement CoreDNS's `AutoPather`).
const SEARCH_PATH_PLUGINS: &[&str] = &["kubernetes", "erratic"];

pub static PLUGIN_WITHOUT_AT: RuleMeta = RuleMeta {
    code: "PLG107",
    name: "autopath-plugin-without-at",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "`autopath kubernetes`: a plugin name without `@` is read as a resolv.conf file",
    doc: "## What it does\nFinds an `autopath` source that is the name of a plugin able to provide a search path \
(`kubernetes`, `erratic`) but lacks the `@`.\n\n## Why is this bad?\nWithout `@` the word is a file name: CoreDNS tries \
to read a resolv.conf file called `kubernetes` in its working directory and fails to start when it is missing.\n\n\
## Example\n```corefile\ncluster.local {\n    autopath kubernetes\n    kubernetes cluster.local {\n        pods verified\n    }\n}\n```\n\n\
## Fix\nWrite `autopath @kubernetes`.",
};

pub static REPEATED: RuleMeta = RuleMeta {
    code: "PLG108",
    name: "autopath-repeated",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "`autopath` written more than once in a server block",
    doc: "## What it does\nFinds a second `autopath` line in the same server block.\n\n## Why is this bad?\nThere is \
one autopath per block: each line overwrites the zones and source of the previous one (a file's search path can \
even survive a later `@plugin` line), so the result is not what either line says.\n\n\
## Example\n```corefile\n. {\n    autopath /etc/resolv.conf\n    autopath @kubernetes\n}\n```\n\n## Fix\nKeep one `autopath` line.",
};

pub static PLUGIN: PluginDef = PluginDef {
    name: "autopath",
    summary: "Follows the client's DNS search path on the server side, answering with the first name that exists.",
    syntax: "autopath [ZONES...] RESOLV-CONF\nautopath [ZONES...] @PLUGIN",
    snippet: "autopath @${1:kubernetes}",
    options: &[],
    history: "Separate plugin since 011 (replacing the kubernetes `autopath` option); no crash on an empty token since 1.9.1; \
expanded queries are checked by `acl` since 1.14.7.",
    setup,
    rules: &[&PLUGIN_WITHOUT_AT, &REPEATED],
};

/// Where the search path comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchSource {
    /// `@NAME`: a plugin of the same block (normally `kubernetes`, which needs `pods verified`).
    Plugin(String),
    /// A resolv.conf-style file read at setup.
    File(String),
}

/// What a block's `autopath` configures, for cross-plugin rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutoPathConfig {
    /// Zones autopath acts on (the last occurrence's; the block's zones without arguments).
    pub zones: Vec<String>,
    /// The last occurrence's source.
    pub source: SearchSource,
    /// The `autopath` name token of that occurrence, for messages.
    pub at: Token,
}

/// Reads the block's `autopath` line(s) as [`PLUGIN`]'s setup does; `None` when the block has
/// none or its setup fails. `zones` are the block's zones.
pub fn config(block: &ServerBlock, zones: &[String]) -> Option<AutoPathConfig> {
    crate::read_config(PLUGIN.name, block, zones, parse).flatten()
}

fn setup(c: &mut Controller<'_>) -> SetupResult {
    parse(c).map(|_| ())
}

fn parse(c: &mut Controller<'_>) -> Result<Option<AutoPathConfig>, PluginError> {
    let mut config: Option<AutoPathConfig> = None;
    while c.next() {
        let at = c.token().expect("the loop stands on a token").clone();
        let args = c.remaining_args();
        let Some((source, zone_args)) = args.split_last() else {
            return Err(c
                .err(&codes::SETUP_FAILS, "`autopath` needs a resolv.conf file or `@PLUGIN` as its last argument")
                .with_help("write e.g. `autopath @kubernetes`; a `{` on this line starts a new, empty `autopath`"));
        };
        let source_kind = match source.text.strip_prefix('@') {
            Some(name) => SearchSource::Plugin(name.to_string()),
            None => {
                // No file has an empty name, so this fails wherever CoreDNS runs.
                if source.text.is_empty() {
                    return Err(c
                        .err_at(
                            &codes::INVALID_VALUE,
                            source,
                            "`autopath` resolv.conf path is empty",
                        )
                        .with_help("name a resolv.conf file or `@PLUGIN`"));
                }
                if SEARCH_PATH_PLUGINS.contains(&source.text.as_str()) {
                    let message = format!(
                        "`{0}` is read as a resolv.conf file named `{0}`; a plugin needs `@`",
                        source.text
                    );
                    let d = Diagnostic::new(&PLUGIN_WITHOUT_AT, source.loc, message)
                        .with_help(format!("write `@{}`", source.text));
                    c.report(d);
                } else if !source.has_placeholder() {
                    let message = format!(
                        "`autopath` reads `{}` when CoreDNS starts; it must exist there",
                        source.text
                    );
                    c.report(Diagnostic::new(
                        &codes::NEEDS_OUTSIDE_WORLD,
                        source.loc,
                        message,
                    ));
                }
                SearchSource::File(source.text.to_string())
            }
        };
        let texts: Vec<&str> = zone_args.iter().map(|t| t.text.as_str()).collect();
        let list = zone::origins_from_args_or_server_block(&texts, c.ctx.zones);
        zone::report_dropped_zones(c, zone_args, &list);
        if let Some(previous) = &config {
            let message = "`autopath` is repeated in this server block; each line overwrites the previous one";
            let d = Diagnostic::new(&REPEATED, at.loc, message)
                .with_label(previous.at.loc, "earlier `autopath`")
                .with_help("keep a single `autopath` line");
            c.report(d);
        }
        config = Some(AutoPathConfig {
            zones: list.zones,
            source: source_kind,
            at,
        });
    }
    Ok(config)
}
