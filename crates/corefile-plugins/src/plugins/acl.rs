//! `acl`: allows, blocks, filters or drops queries by query type and client network. Mirrors
//! plugin/acl/setup.go `parse`, `isPreservedIdentifier` and `normalize`: zones on the directive
//! line, one policy per block line (`ACTION [type QTYPE...] [net SOURCE...]`).

use corefile_model::{Diagnostic, Group, RuleMeta, Severity, Token};

use crate::codes::{INVALID_VALUE, SETUP_FAILS, UNKNOWN_OPTION};
use crate::values::{dns, net, zone};
use crate::{Controller, OptionDef, PluginDef, SetupResult};

pub static PLUGIN: PluginDef = PluginDef {
    name: "acl",
    summary: "Allows, blocks, filters or drops queries by query type and source network",
    syntax: "acl [ZONES...] {\n    allow|block|filter|drop [type QTYPE...] [net SOURCE...]\n}",
    snippet: "acl ${1:ZONE} {\n\t${2|block,allow,filter,drop|} net ${3:192.0.2.0/24}\n}",
    options: &[
        OptionDef {
            name: "allow",
            args: "[type QTYPE...] [net SOURCE...]",
            doc: "Lets matching queries through and stops evaluating further rules.",
            values: &["type", "net"],
        },
        OptionDef {
            name: "block",
            args: "[type QTYPE...] [net SOURCE...]",
            doc: "Answers matching queries with REFUSED (extended error \"Blocked\").",
            values: &["type", "net"],
        },
        OptionDef {
            name: "filter",
            args: "[type QTYPE...] [net SOURCE...]",
            doc: "Answers matching queries with an empty NOERROR (extended error \"Filtered\").",
            values: &["type", "net"],
        },
        OptionDef {
            name: "drop",
            args: "[type QTYPE...] [net SOURCE...]",
            doc: "Sends no answer at all to matching queries.",
            values: &["type", "net"],
        },
    ],
    history: "1.6.4: added. 1.8.2: `filter`. 1.8.4: zones normalized like server keys. \
1.9.4: extended DNS errors in answers. 1.10.1: `drop`. 1.14.7: runs after `autopath`, before `cache`.",
    setup,
    rules: &[&zone::ZONE_ARGUMENT_IGNORED, &UNREACHABLE_POLICY, &BRACE_NOT_OPENED],
};

const ACTIONS: &[&str] = &["allow", "block", "filter", "drop"];

pub static UNREACHABLE_POLICY: RuleMeta = RuleMeta {
    code: "PLG210",
    name: "acl-unreachable-policy",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "An acl policy or rule after one that matches every query, so it never applies",
    doc: "## What it does\nFinds policies that follow, in the same `acl` block, a policy with no `type` and no `net` \
section (or with `type *` and `net *`), and `acl` rules whose zones all lie inside those of an earlier rule with \
such a policy.\n\n## Why is this bad?\nPolicies are tried in order and the first match wins; \
a policy that matches everything ends evaluation for every query, so the later lines are dead.\n\n\
## Example\n```corefile\n. {\n    acl {\n        block\n        allow net 10.0.0.0/8\n    }\n}\n```\n\n\
## Fix\nMove the catch-all policy to the end of the block.",
};

pub static BRACE_NOT_OPENED: RuleMeta = RuleMeta {
    code: "PLG211",
    name: "acl-brace-on-next-line",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "An acl block whose `{` is on the line after `acl`, so no policy is read",
    doc: "## What it does\nFlags an `acl` directive followed by a `{` on the next line.\n\n## Why is this bad?\n\
CoreDNS only opens a block when `{` is on the directive's line. Otherwise every line is read as another `acl` \
without policies, and nothing is blocked.\n\n## Example\n```corefile\n. {\n    acl\n    {\n        block type ANY\n    }\n}\n```\n\n\
## Fix\nPut the `{` at the end of the `acl` line.",
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    let mut previous_head: Option<&Token> = None;
    // Earlier rules that end evaluation for every query in their zones.
    let mut closed: Vec<(Vec<String>, &Token)> = Vec::new();
    while c.next() {
        let head = c.token().expect("positioned on a token");
        if head.text == "{" && previous_head.is_some_and(|p| p.text == "acl") {
            let d = Diagnostic::new(
                &BRACE_NOT_OPENED,
                head.loc,
                "this `{` does not open a block for `acl`: it must be on the `acl` line",
            )
            .with_help("move the `{` to the end of the line above");
            c.report(d);
        }
        previous_head = Some(head);
        let zones = c.remaining_args();
        let texts: Vec<&str> = zones.iter().map(|t| t.text.as_str()).collect();
        let list = zone::origins_from_args_or_server_block(&texts, c.ctx.zones);
        zone::report_dropped_zones(c, &zones, &list);
        let shadowing = closed
            .iter()
            .find(|(earlier, _)| {
                !list.zones.is_empty()
                    && list
                        .zones
                        .iter()
                        .all(|z| earlier.iter().any(|e| zone::is_subdomain(e, z)))
            })
            .map(|(_, policy)| *policy);
        if let Some(policy) = shadowing {
            let d = Diagnostic::new(
                &UNREACHABLE_POLICY,
                head.loc,
                "this `acl` is never reached: an earlier `acl` for the same zones matches every query",
            )
            .with_label(policy.loc, "matches every query")
            .with_help("merge the rules into one `acl` block, with the catch-all policy last");
            c.report(d);
        }
        let mut catch_all: Option<&Token> = None;
        while c.next_block() {
            let action = c.token().expect("inside a block");
            if !action.has_placeholder() && !ACTIONS.contains(&action.text.to_lowercase().as_str())
            {
                let mut e = c.unknown_option(ACTIONS);
                e.message = format!(
                    "unknown acl action `{}`; expected allow, block, filter or drop",
                    action.text
                );
                return Err(e);
            }
            let sections = c.remaining_args();
            let matches_all = check_policy(c, &sections)?;
            if let Some(earlier) = catch_all {
                let d = Diagnostic::new(
                    &UNREACHABLE_POLICY,
                    action.loc,
                    format!(
                        "this policy is never reached: the `{}` above matches every query",
                        earlier.text
                    ),
                )
                .with_label(earlier.loc, "matches every query")
                .with_help("move the catch-all policy to the end of the block");
                c.report(d);
            } else if matches_all {
                catch_all = Some(action);
            }
        }
        if let Some(policy) = catch_all {
            closed.push((list.zones, policy));
        }
    }
    Ok(())
}

fn is_section_keyword(tok: &Token) -> bool {
    let lower = tok.text.to_lowercase();
    lower == "type" || lower == "net"
}

/// Checks one policy's `type`/`net` sections; true if the policy matches every query.
fn check_policy(c: &Controller<'_>, tokens: &[&Token]) -> Result<bool, crate::PluginError> {
    let mut all_types = true;
    let mut all_sources = true;
    let mut i = 0;
    while i < tokens.len() {
        let keyword = tokens[i];
        if !is_section_keyword(keyword) {
            if keyword.has_placeholder() {
                return Ok(false);
            }
            return Err(c
                .err_at(
                    &UNKNOWN_OPTION,
                    keyword,
                    format!(
                        "unexpected `{}` in an acl policy; expected `type` or `net`",
                        keyword.text
                    ),
                )
                .with_help("write `ACTION [type QTYPE...] [net SOURCE...]`"));
        }
        let section = keyword.text.to_lowercase();
        let values: Vec<&Token> = tokens[i + 1..]
            .iter()
            .copied()
            .take_while(|t| !is_section_keyword(t))
            .collect();
        i += 1 + values.len();
        if values.is_empty() {
            return Err(c.err_at(
                &SETUP_FAILS,
                keyword,
                format!("the `{section}` section of an acl policy needs at least one value"),
            ));
        }
        if section == "type" {
            all_types = false;
            for v in values {
                if v.text == "*" {
                    // CoreDNS stops reading the section at `*`.
                    all_types = true;
                    break;
                }
                if v.has_placeholder() {
                    continue;
                }
                if v.text == "None" {
                    all_types = true;
                }
                if !dns::is_qtype(&v.text) {
                    return Err(c
                        .err_at(
                            &INVALID_VALUE,
                            v,
                            format!("unknown query type `{}`", v.text),
                        )
                        .with_help(
                            "use upper-case type names such as A, AAAA, MX, or `*` for all types",
                        ));
                }
            }
        } else {
            all_sources = false;
            for v in values {
                if v.text == "*" {
                    all_sources = true;
                    break;
                }
                if v.has_placeholder() {
                    continue;
                }
                let cidr = with_prefix_length(&v.text);
                if net::parse_cidr(&cidr).is_err() {
                    return Err(c
                        .err_at(&INVALID_VALUE, v, format!("`{}` is not an IP address or CIDR", v.text))
                        .with_help("write e.g. `192.0.2.0/24`, `2001:db8::/32`, `192.0.2.1`, or `*` for all sources"));
                }
            }
        }
    }
    Ok(all_types && all_sources)
}

/// acl's `normalize`: a bare address gets `/32` (or `/128` when it contains a `:`).
fn with_prefix_length(raw: &str) -> String {
    if raw.contains('/') {
        raw.to_string()
    } else if raw.contains(':') {
        format!("{raw}/128")
    } else {
        format!("{raw}/32")
    }
}
