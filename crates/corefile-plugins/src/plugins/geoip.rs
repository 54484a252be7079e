//! `geoip`: looks up the client's address in a MaxMind database and publishes the result as
//! metadata labels. Mirrors plugin/geoip/setup.go `geoipParse`: exactly one DBFILE over all
//! occurrences, and a block whose every token must be `edns-subnet`. Opening and probing the
//! database is left to CoreDNS.

use corefile_model::{Diagnostic, Group, RuleMeta, Severity};

use super::shared::unknown_option;
use crate::{codes, Controller, OptionDef, PluginDef, SetupResult};

pub static WITHOUT_METADATA: RuleMeta = RuleMeta {
    code: "PLG410",
    name: "geoip-without-metadata",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "`geoip` in a server block without `metadata` has no effect",
    doc: "## What it does\nFinds `geoip` in a server block that has no `metadata` directive.\n\n\
## Why is this bad?\n`geoip` only provides metadata labels (`geoip/country/code`, ...). They are computed \
only when the `metadata` plugin is enabled in the same block; without it no label is ever set, and `view`, `log` \
or `rewrite` rules using them silently see nothing.\n\n## Example\n```corefile\n. {\n    geoip /db/GeoLite2-City.mmdb\n    forward . 1.1.1.1\n}\n```\n\n\
## Fix\nAdd `metadata` to the server block.",
};

static OPTIONS: &[OptionDef] = &[OptionDef {
    name: "edns-subnet",
    args: "",
    doc: "Look up the address of the EDNS0 Client Subnet option when the query carries one, instead of the client's.",
    values: &[],
}];

pub static PLUGIN: PluginDef = PluginDef {
    name: "geoip",
    summary: "Add GeoIP metadata (country, city, ASN...) about the client from a MaxMind database.",
    syntax: "geoip DBFILE {\n    edns-subnet\n}",
    snippet: "geoip ${1:/etc/coredns/GeoLite2-City.mmdb}",
    options: OPTIONS,
    history: "Added in 1.8.5; `edns-subnet` since 1.9.2; ASN databases since 1.13.2.",
    setup,
    rules: &[&WITHOUT_METADATA],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    // Like the Go code, an empty (quoted `""`) path does not count as configured.
    let mut database = String::new();
    while c.next() {
        if !c.next_arg() {
            return Err(c
                .arg_err()
                .with_help("give the database file: `geoip DBFILE`"));
        }
        let path = c.token().expect("positioned on DBFILE");
        if !database.is_empty() {
            return Err(c
                .err_at(
                    &codes::SETUP_FAILS,
                    path,
                    "`geoip` supports only one database",
                )
                .with_help(format!(
                    "the block already uses `{database}`; keep one `geoip` line"
                )));
        }
        database = path.text.to_string();
        if !c.remaining_args().is_empty() {
            return Err(c.arg_err().with_help("`geoip` takes a single DBFILE"));
        }
        while c.next_block() {
            if c.val() != "edns-subnet" {
                unknown_option(c, &["edns-subnet"])?;
            }
        }
    }
    if c.ctx.block.directives_named("metadata").next().is_none() {
        if let Some(first) = c.ctx.block.directives_named("geoip").next() {
            let loc = first.name_token().loc;
            c.report(
                Diagnostic::new(
                    &WITHOUT_METADATA,
                    loc,
                    "`geoip` does nothing without `metadata` in the same server block",
                )
                .with_help("add `metadata` to the server block"),
            );
        }
    }
    Ok(())
}
