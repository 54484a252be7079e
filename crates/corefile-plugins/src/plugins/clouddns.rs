//! `clouddns`: serves zones hosted in Google Cloud DNS. Mirrors plugin/clouddns/setup.go `setup`:
//! each occurrence takes `ZONE:PROJECT_ID:HOSTED_ZONE_NAME` arguments and a block with
//! `credentials`, `fallthrough` and the ignored `upstream`. Reading the credentials file and
//! talking to Google happen at startup and are left to CoreDNS.

use std::collections::HashSet;

use super::shared::{
    fallthrough_line, ignore_upstream, split_zone_argument, unknown_option, zone_listed_twice,
};
use crate::{Controller, OptionDef, PluginDef, SetupResult};

static OPTIONS: &[OptionDef] = &[
    OptionDef {
        name: "credentials",
        args: "FILENAME",
        doc: "Google credentials JSON file (service account, authorized user, impersonated service account or external \
account); without it Application Default Credentials are used.",
        values: &[],
    },
    OptionDef {
        name: "fallthrough",
        args: "[ZONES...]",
        doc: "Pass queries for names Cloud DNS has no records for on to the next plugin (optionally only for ZONES).",
        values: &[],
    },
    OptionDef { name: "upstream", args: "[ADDRESS...]", doc: "Obsolete and ignored.", values: &[] },
];

pub static PLUGIN: PluginDef = PluginDef {
    name: "clouddns",
    summary: "Serve zones hosted in Google Cloud DNS.",
    syntax: "clouddns [ZONE:PROJECT_ID:HOSTED_ZONE_NAME...] {\n    credentials FILENAME\n    fallthrough [ZONES...]\n}",
    snippet: "clouddns ${1:example.org.}:${2:PROJECT_ID}:${3:HOSTED_ZONE_NAME}",
    options: OPTIONS,
    history: "Added in 1.6.3; since 1.14.0 the `type` of the credentials file is checked at startup.",
    setup,
    rules: &[],
};

const KNOWN: &[&str] = &["credentials", "fallthrough", "upstream"];

fn setup(c: &mut Controller<'_>) -> SetupResult {
    while c.next() {
        let mut seen = HashSet::new();
        for arg in c.remaining_args() {
            if arg.has_placeholder() {
                continue;
            }
            split_zone_argument(
                c,
                arg,
                "zone",
                "ZONE:PROJECT_ID:HOSTED_ZONE_NAME",
                "example.org.:my-project:example-zone",
            )?;
            if !seen.insert(arg.text.as_str()) {
                return Err(zone_listed_twice(c, arg));
            }
        }
        while c.next_block() {
            match c.val() {
                "credentials" => {
                    if !c.next_arg() {
                        return Err(c.arg_err().with_help("write `credentials FILENAME`"));
                    }
                }
                "fallthrough" => fallthrough_line(c),
                "upstream" => ignore_upstream(c),
                _ => unknown_option(c, KNOWN)?,
            }
        }
    }
    Ok(())
}
