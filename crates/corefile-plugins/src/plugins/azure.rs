//! `azure`: serves public and private zones hosted in Azure DNS. Mirrors plugin/azure/setup.go
//! `parse` (and go-autorest's `EnvironmentFromName`): `RESOURCE_GROUP:ZONE` arguments, merged
//! over all occurrences of the block, and credential, environment, `access` and `fallthrough`
//! options. Authenticating and listing the zones happen at startup against Azure and are left to
//! CoreDNS.

use std::collections::HashMap;

use super::shared::{fallthrough_line, split_zone_argument, unknown_option, zone_listed_twice};
use crate::{codes, Controller, OptionDef, PluginDef, SetupResult};

/// Cloud names go-autorest knows, compared after upper-casing. `AZURESTACKCLOUD` reads its
/// endpoints from the file named by `AZURE_ENVIRONMENT_FILEPATH` (a machine-specific check).
const ENVIRONMENTS: &[&str] = &[
    "AZURECHINACLOUD",
    "AZUREGERMANCLOUD",
    "AZURECLOUD",
    "AZUREPUBLICCLOUD",
    "AZUREUSGOVERNMENT",
    "AZUREUSGOVERNMENTCLOUD",
    "AZURESTACKCLOUD",
];

static OPTIONS: &[OptionDef] = &[
    OptionDef { name: "tenant", args: "TENANT_ID", doc: "Azure AD tenant to authenticate in.", values: &[] },
    OptionDef { name: "client", args: "CLIENT_ID", doc: "Application (client) id of the service principal.", values: &[] },
    OptionDef { name: "secret", args: "CLIENT_SECRET", doc: "Client secret of the service principal.", values: &[] },
    OptionDef { name: "subscription", args: "SUBSCRIPTION_ID", doc: "Subscription that holds the zones.", values: &[] },
    OptionDef {
        name: "environment",
        args: "ENVIRONMENT",
        doc: "Azure cloud to use (default the public cloud); the name is not case-sensitive.",
        values: ENVIRONMENTS,
    },
    OptionDef {
        name: "fallthrough",
        args: "[ZONES...]",
        doc: "Pass queries for names Azure DNS has no records for on to the next plugin (optionally only for ZONES).",
        values: &[],
    },
    OptionDef {
        name: "access",
        args: "public|private",
        doc: "Whether the zones of this directive are public Azure DNS zones (default) or private DNS zones.",
        values: &["public", "private"],
    },
];

pub static PLUGIN: PluginDef = PluginDef {
    name: "azure",
    summary: "Serve zones hosted in Azure DNS (public or private).",
    syntax: "azure RESOURCE_GROUP:ZONE... {\n    tenant TENANT_ID\n    client CLIENT_ID\n    secret CLIENT_SECRET\n    subscription SUBSCRIPTION_ID\n    environment ENVIRONMENT\n    fallthrough [ZONES...]\n    access public|private\n}",
    snippet: "azure ${1:RESOURCE_GROUP}:${2:example.org} {\n\ttenant ${3:TENANT_ID}\n\tclient ${4:CLIENT_ID}\n\tsecret ${5:CLIENT_SECRET}\n\tsubscription ${6:SUBSCRIPTION_ID}\n}",
    options: OPTIONS,
    history: "Added in 1.6.2; `access` (private zones) since 1.6.8; `environment` fixed in 1.7.0; since 1.14.4 \
`access` applies to every zone of its directive (before, only to the last one).",
    setup,
    rules: &[],
};

const KNOWN: &[&str] = &[
    "tenant",
    "client",
    "secret",
    "subscription",
    "environment",
    "fallthrough",
    "access",
];

fn setup(c: &mut Controller<'_>) -> SetupResult {
    // Keyed by RESOURCE_GROUP+ZONE concatenated, as the Go code does; shared by all occurrences.
    let mut seen: HashMap<String, String> = HashMap::new();
    while c.next() {
        for arg in c.remaining_args() {
            if arg.has_placeholder() {
                continue;
            }
            let parts = split_zone_argument(
                c,
                arg,
                "resource group/zone",
                "RESOURCE_GROUP:ZONE",
                "my-resource-group:example.org",
            )?;
            let key = format!("{}{}", parts[0], parts[1]);
            if let Some(earlier) = seen.get(&key) {
                let mut e = zone_listed_twice(c, arg);
                if *earlier != arg.text {
                    e = e.with_help(format!(
                        "CoreDNS compares RESOURCE_GROUP and ZONE glued together, so `{earlier}` and `{}` collide",
                        arg.text
                    ));
                }
                return Err(e);
            }
            seen.insert(key, arg.text.to_string());
        }
        while c.next_block() {
            let option = c.token().expect("positioned on the option");
            match c.val() {
                "subscription" | "tenant" | "client" | "secret" => {
                    if !c.next_arg() {
                        return Err(c
                            .arg_err()
                            .with_help(format!("write `{} VALUE`", option.text)));
                    }
                }
                "environment" => {
                    if !c.next_arg() {
                        return Err(c.arg_err().with_help(
                            "write `environment AZUREPUBLICCLOUD` or another cloud name",
                        ));
                    }
                    let value = c.token().expect("positioned on the value");
                    let upper = value.text.to_uppercase();
                    if !value.has_placeholder() && !ENVIRONMENTS.contains(&upper.as_str()) {
                        let mut e = c.err_at(
                            &codes::INVALID_VALUE,
                            value,
                            format!("unknown Azure environment `{}`", value.text),
                        );
                        e = match corefile_model::did_you_mean(&upper, ENVIRONMENTS.iter().copied())
                        {
                            Some(s) => e.with_help(format!("did you mean `{s}`?")),
                            None => e.with_help(format!("use one of: {}", ENVIRONMENTS.join(", "))),
                        };
                        return Err(e);
                    }
                }
                "fallthrough" => fallthrough_line(c),
                "access" => {
                    if !c.next_arg() {
                        return Err(c
                            .arg_err()
                            .with_help("write `access public` or `access private`"));
                    }
                    let value = c.token().expect("positioned on the value");
                    if !value.has_placeholder() && value.text != "public" && value.text != "private"
                    {
                        return Err(c
                            .err_at(
                                &codes::INVALID_VALUE,
                                value,
                                format!(
                                    "`access` must be `public` or `private`, got `{}`",
                                    value.text
                                ),
                            )
                            .with_help("the value is case-sensitive"));
                    }
                }
                _ => unknown_option(c, KNOWN)?,
            }
        }
    }
    Ok(())
}
