//! `k8s_external`: answers for Kubernetes services' external IPs (LoadBalancer and ExternalIPs)
//! under zones of their own, using the `kubernetes` plugin of the same block as data source.
//! Mirrors plugin/k8s_external/setup.go `parse`: zones from `OriginsFromArgsOrServerBlock`,
//! options read per line; every occurrence replaces the zones of the single handler.

use corefile_model::{Diagnostic, Group, RuleMeta, ServerBlock, Severity, Token};

use super::shared::{report_ignored_arguments, unknown_option};
use crate::values::{fall, known, number, zone};
use crate::{codes, Controller, OptionDef, PluginDef, PluginError, SetupResult};

const OPTIONS: &[&str] = &["ttl", "apex", "headless", "fallthrough"];
const MAX_TTL: i64 = 3600;

pub static REPEATED: RuleMeta = RuleMeta {
    code: "PLG124",
    name: "k8s-external-repeated",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "`k8s_external` written more than once in a server block; only the last zones count",
    doc: "## What it does\nFinds a second `k8s_external` line in the same server block.\n\n## Why is this bad?\nThe block \
has one k8s_external handler: each line replaces the zones of the previous one while their options pile up, so \
`k8s_external a.org` followed by `k8s_external b.org` serves only `b.org`.\n\n\
## Example\n```corefile\n. {\n    kubernetes cluster.local\n    k8s_external a.example\n    k8s_external b.example\n}\n```\n\n\
## Fix\nList all zones on one line: `k8s_external a.example b.example`.",
};

pub static IGNORED_ARGUMENT: RuleMeta = RuleMeta {
    code: "PLG125",
    name: "k8s-external-ignored-argument",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "Extra arguments after `ttl` or `apex` in `k8s_external`",
    doc: "## What it does\nFinds `ttl` and `apex` lines with more than one argument.\n\n## Why is this bad?\nOnly the first \
argument is read; the others are ignored without a message.\n\n## Example\n```corefile\n. {\n    kubernetes cluster.local\n    \
k8s_external example.org {\n        apex dns ns\n    }\n}\n```\n\n## Fix\nKeep one argument.",
};

pub static PLUGIN: PluginDef = PluginDef {
    name: "k8s_external",
    summary: "Serves the external IPs of Kubernetes services (LoadBalancer, ExternalIPs) under zones outside the cluster domain.",
    syntax: "k8s_external [ZONE...] {\n    apex APEX\n    ttl TTL\n    headless\n    fallthrough [ZONE...]\n}",
    snippet: "k8s_external ${1:example.org}",
    options: &[
        OptionDef { name: "apex", args: "APEX", doc: "Label under the zone that holds its SOA and NS records (default `dns`).", values: &[] },
        OptionDef { name: "ttl", args: "TTL", doc: "TTL of answers in seconds, 0 to 3600 (default 5).", values: &[] },
        OptionDef { name: "headless", args: "", doc: "Also answer for headless services (their endpoints' external addresses).", values: &[] },
        OptionDef { name: "fallthrough", args: "[ZONE...]", doc: "Pass NXDOMAIN queries (in these zones, or all) to the next plugin.", values: &[] },
    ],
    history: "Since 1.3.0 (`apex`, `ttl`); `headless` 1.9.4; `fallthrough` 1.11.0. Needs the `kubernetes` plugin in the same block.",
    setup,
    rules: &[&REPEATED, &IGNORED_ARGUMENT],
};

/// What a block's `k8s_external` configures, for cross-plugin rules.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExternalConfig {
    /// The zones of the last occurrence (the block's zones without arguments).
    pub zones: Vec<String>,
    /// `None` without `fallthrough`; otherwise the zones of the last one (empty: never).
    pub fallthrough: Option<Vec<String>>,
}

/// Reads the block's `k8s_external` line(s) as [`PLUGIN`]'s setup does; `None` when the block
/// has none or its setup fails. `zones` are the block's zones.
pub fn config(block: &ServerBlock, zones: &[String]) -> Option<ExternalConfig> {
    crate::read_config(PLUGIN.name, block, zones, parse)
}

fn setup(c: &mut Controller<'_>) -> SetupResult {
    parse(c).map(|_| ())
}

fn parse(c: &mut Controller<'_>) -> Result<ExternalConfig, PluginError> {
    let mut config = ExternalConfig::default();
    let mut previous: Option<Token> = None;
    let mut repeat_reported = false;
    while c.next() {
        let at = c.token().expect("the loop stands on a token").clone();
        // One warning per block is enough: a stray `{` makes every later line an occurrence.
        if let Some(earlier) = previous.as_ref().filter(|_| !repeat_reported) {
            repeat_reported = true;
            // A `{` opening a line is glued to the directive and read as another occurrence.
            let (message, help) = if at.text == "{" {
                (
                    "this `{` starts a new `k8s_external` without zones, replacing the zones above with the block's",
                    "put `{` at the end of the `k8s_external` line",
                )
            } else {
                (
                    "`k8s_external` is repeated; only the last line's zones are served",
                    "put all zones on one `k8s_external` line",
                )
            };
            let d = Diagnostic::new(&REPEATED, at.loc, message)
                .with_label(earlier.loc, "earlier `k8s_external`")
                .with_help(help);
            c.report(d);
        }
        let args = c.remaining_args();
        let texts: Vec<&str> = args.iter().map(|t| t.text.as_str()).collect();
        let list = zone::origins_from_args_or_server_block(&texts, c.ctx.zones);
        zone::report_dropped_zones(c, &args, &list);
        config.zones = list.zones;
        while c.next_block() {
            if !OPTIONS.contains(&c.val()) {
                unknown_option(c, OPTIONS)?;
                continue;
            }
            let option = c.val();
            if option == "headless" {
                continue;
            }
            let args = c.remaining_args();
            match option {
                "fallthrough" => {
                    config.fallthrough = Some(fall::fallthrough_option(c, &args));
                }
                "ttl" => {
                    let Some(ttl) = args.first() else {
                        return Err(c.arg_err());
                    };
                    let value = known(ttl, number::parse_atoi).map_err(|e| {
                        c.err_at(
                            &codes::INVALID_VALUE,
                            ttl,
                            format!("`ttl` must be an integer: {e}"),
                        )
                    })?;
                    if value.is_some_and(|t| !(0..=MAX_TTL).contains(&t)) {
                        return Err(c.err_at(
                            &codes::INVALID_VALUE,
                            ttl,
                            format!("`ttl` must be between 0 and {MAX_TTL}, got `{}`", ttl.text),
                        ));
                    }
                    report_ignored_arguments(c, &IGNORED_ARGUMENT, "ttl", &args[1..]);
                }
                // The remaining option: `apex`.
                _ => {
                    if args.is_empty() {
                        return Err(c.arg_err());
                    }
                    report_ignored_arguments(c, &IGNORED_ARGUMENT, "apex", &args[1..]);
                }
            }
        }
        previous = Some(at);
    }
    Ok(config)
}
