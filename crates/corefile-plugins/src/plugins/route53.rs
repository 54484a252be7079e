//! `route53`: serves zones hosted in AWS Route 53. Mirrors plugin/route53/setup.go `setup`: each
//! occurrence takes `ZONE:HOSTED_ZONE_ID` arguments and a block with credentials, endpoint,
//! `refresh` and `fallthrough`. Loading AWS credentials and listing the hosted zones happen at
//! startup against AWS and are left to CoreDNS.

use std::collections::HashSet;

use corefile_model::{Diagnostic, Group, RuleMeta, Severity, Token};

use super::shared::{
    fallthrough_line, ignore_upstream, split_zone_argument, unknown_option, zone_listed_twice,
};
use crate::values::duration;
use crate::{codes, Controller, OptionDef, PluginDef, SetupResult};

pub static ZONE_NOT_FQDN: RuleMeta = RuleMeta {
    code: "PLG407",
    name: "route53-zone-without-dot",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "A `route53` ZONE without a trailing dot never matches a query",
    doc: "## What it does\nChecks that the ZONE part of each `ZONE:HOSTED_ZONE_ID` argument ends in a dot.\n\n\
## Why is this bad?\n`route53` uses the ZONE exactly as written to decide which queries it answers. Query names \
always end in a dot, and a zone written without one (`example.org`) never matches them, so the plugin loads the \
records and then never answers.\n\n## Example\n```corefile\nexample.org {\n    route53 example.org:Z1D633PJN98FT9\n}\n```\n\n\
## Fix\nWrite the zone fully qualified: `route53 example.org.:Z1D633PJN98FT9`.",
};

static OPTIONS: &[OptionDef] = &[
    OptionDef {
        name: "aws_access_key",
        args: "AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY",
        doc: "Deprecated: static AWS keys written in the Corefile. Prefer the environment, a shared credentials file or an instance role.",
        values: &[],
    },
    OptionDef {
        name: "aws_endpoint",
        args: "ENDPOINT",
        doc: "Use this Route 53 API endpoint instead of the AWS default.",
        values: &[],
    },
    OptionDef {
        name: "credentials",
        args: "PROFILE [FILENAME]",
        doc: "Use this profile of the AWS shared credentials file (optionally of FILENAME).",
        values: &[],
    },
    OptionDef {
        name: "fallthrough",
        args: "[ZONES...]",
        doc: "Pass queries for names Route 53 has no records for on to the next plugin (optionally only for ZONES).",
        values: &[],
    },
    OptionDef {
        name: "refresh",
        args: "DURATION",
        doc: "How often to fetch the records again (default `1m`); seconds or a Go duration, above zero.",
        values: &[],
    },
    OptionDef { name: "upstream", args: "[ADDRESS...]", doc: "Obsolete and ignored.", values: &[] },
];

pub static PLUGIN: PluginDef = PluginDef {
    name: "route53",
    summary: "Serve zones hosted in AWS Route 53.",
    syntax: "route53 [ZONE:HOSTED_ZONE_ID...] {\n    aws_access_key AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY\n    aws_endpoint ENDPOINT\n    credentials PROFILE [FILENAME]\n    fallthrough [ZONES...]\n    refresh DURATION\n}",
    snippet: "route53 ${1:example.org.}:${2:HOSTED_ZONE_ID}",
    options: OPTIONS,
    history: "Added in 1.0.5; `refresh` since 1.6.2; `aws_endpoint` since 1.8.7; `aws_access_key` deprecated in 1.9.2; \
AWS SDK v2 since 1.12.3 (the region must come from the configuration or the instance metadata).",
    setup,
    rules: &[&ZONE_NOT_FQDN],
};

const KNOWN: &[&str] = &[
    "aws_access_key",
    "aws_endpoint",
    "credentials",
    "fallthrough",
    "refresh",
    "upstream",
];

fn setup(c: &mut Controller<'_>) -> SetupResult {
    while c.next() {
        let mut seen = HashSet::new();
        for arg in c.remaining_args() {
            if arg.has_placeholder() {
                continue;
            }
            let parts = split_zone_argument(
                c,
                arg,
                "zone",
                "ZONE:HOSTED_ZONE_ID",
                "example.org.:Z1D633PJN98FT9",
            )?;
            if !seen.insert(arg.text.as_str()) {
                return Err(zone_listed_twice(c, arg));
            }
            if !parts[0].ends_with('.') {
                let message = format!(
                    "zone `{}` has no trailing dot, so it never matches a query",
                    parts[0]
                );
                c.report(
                    Diagnostic::new(&ZONE_NOT_FQDN, arg.loc, message)
                        .with_help(format!("write `{}.:{}`", parts[0], parts[1])),
                );
            }
        }
        while c.next_block() {
            let option = c.token().expect("positioned on the option");
            match c.val() {
                "aws_access_key" => {
                    let keys = c.remaining_args();
                    if keys.len() < 2 {
                        return Err(c
                            .err_at(
                                &codes::ARGUMENT_COUNT,
                                option,
                                "`aws_access_key` needs a key id and a secret key",
                            )
                            .with_help(
                                "write `aws_access_key AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY`",
                            ));
                    }
                    c.report(
                        Diagnostic::new(&codes::DEPRECATED, option.loc, "AWS keys in the Corefile are deprecated")
                            .with_help("use the AWS environment variables, `credentials PROFILE` or an instance role"),
                    );
                }
                "aws_endpoint" => {
                    if !c.next_arg() {
                        return Err(c.arg_err().with_help("write `aws_endpoint URL`"));
                    }
                }
                "credentials" => {
                    if !c.next_arg() {
                        return Err(c
                            .arg_err()
                            .with_help("write `credentials PROFILE [FILENAME]`"));
                    }
                    c.next_arg();
                }
                "fallthrough" => fallthrough_line(c),
                "upstream" => ignore_upstream(c),
                "refresh" => {
                    if !c.next_arg() {
                        return Err(c
                            .arg_err()
                            .with_help("write `refresh DURATION`, e.g. `refresh 5m`"));
                    }
                    let value = c.token().expect("positioned on the value");
                    check_refresh(c, value)?;
                }
                _ => unknown_option(c, KNOWN)?,
            }
        }
    }
    Ok(())
}

/// Integers are seconds, anything else a Go duration; it must be above zero.
fn check_refresh(c: &Controller<'_>, value: &Token) -> SetupResult {
    if value.has_placeholder() {
        return Ok(());
    }
    match duration::parse_duration_or_seconds(&value.text) {
        Err(e) => Err(c
            .err_at(
                &codes::INVALID_VALUE,
                value,
                format!("`refresh` must be seconds or a duration: {e}"),
            )
            .with_help("write e.g. `refresh 90` or `refresh 5m`")),
        Ok(nanos) if nanos <= 0 => Err(c
            .err_at(
                &codes::INVALID_VALUE,
                value,
                format!("`refresh` must be greater than 0, got `{}`", value.text),
            )
            .with_help("write a positive interval such as `1m`")),
        Ok(_) => Ok(()),
    }
}
