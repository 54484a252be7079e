//! `loadbalance`: shuffles or weights the order of address records in answers. Mirrors
//! plugin/loadbalance/setup.go `parse`: the policy (`round_robin`, the default, or `weighted
//! WEIGHTFILE`), a `reload` block for `weighted` and a `prefer` block otherwise. The weight file is
//! read by CoreDNS at startup.

use corefile_model::{Diagnostic, Group, RuleMeta, Severity};

use super::shared::unknown_option;
use crate::values::{duration, net};
use crate::{codes, Controller, OptionDef, PluginDef, SetupResult};

pub static NEGATIVE_RELOAD: RuleMeta = RuleMeta {
    code: "PLG417",
    name: "loadbalance-negative-reload",
    group: Group::Plugin,
    default_severity: Severity::Error,
    summary: "A negative `reload` interval of `loadbalance weighted` makes CoreDNS crash at startup",
    doc: "## What it does\nFlags a `reload` duration below zero in a `loadbalance weighted` block.\n\n\
## Why is this bad?\nThe setup code accepts any duration, but at startup the weight file reloader creates a Go \
ticker with it, and a non-positive ticker interval panics: CoreDNS exits.\n\n\
## Example\n```corefile\n. {\n    loadbalance weighted weights.txt {\n        reload -30s\n    }\n}\n```\n\n\
## Fix\nUse a positive interval such as `30s`, or `0` to read the weight file only once.",
};

static OPTIONS: &[OptionDef] = &[
    OptionDef {
        name: "reload",
        args: "DURATION",
        doc: "Only with `weighted`: how often to re-read the weight file (default `30s`); `0` reads it once.",
        values: &[],
    },
    OptionDef {
        name: "prefer",
        args: "CIDR...",
        doc: "Not with `weighted`: move addresses inside these networks to the front of the answer.",
        values: &[],
    },
];

pub static PLUGIN: PluginDef = PluginDef {
    name: "loadbalance",
    summary: "Randomize (or weight) the order of A, AAAA and MX records in answers.",
    syntax: "loadbalance [round_robin] {\n    prefer CIDR...\n}\nloadbalance weighted WEIGHTFILE {\n    reload DURATION\n}",
    snippet: "loadbalance",
    options: OPTIONS,
    history: "`weighted` policy with `reload` since 1.10.1; `prefer` since 1.12.4.",
    setup,
    rules: &[&NEGATIVE_RELOAD],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    while c.next() {
        let args = c.remaining_args();
        if let Some(policy) = args.first().copied() {
            match policy.text.as_str() {
                "round_robin" => {
                    if let Some(extra) = args.get(1) {
                        return Err(c
                            .err_at(
                                &codes::ARGUMENT_COUNT,
                                extra,
                                "`round_robin` takes no argument",
                            )
                            .with_help(
                                "write `loadbalance round_robin`, with `prefer` inside a block",
                            ));
                    }
                }
                "weighted" => {
                    if args.len() < 2 {
                        return Err(c
                            .err_at(
                                &codes::ARGUMENT_COUNT,
                                policy,
                                "`weighted` needs a weight file",
                            )
                            .with_help("write `loadbalance weighted WEIGHTFILE`"));
                    }
                    if let Some(extra) = args.get(2) {
                        return Err(c
                            .err_at(
                                &codes::ARGUMENT_COUNT,
                                extra,
                                "`weighted` takes only a weight file",
                            )
                            .with_help("write `loadbalance weighted WEIGHTFILE`"));
                    }
                    weighted_block(c)?;
                }
                _ if policy.has_placeholder() => {
                    // Unknown policy: its block may belong to `weighted` or not, so skip it.
                    while c.next_block() {}
                }
                other => {
                    return Err(c
                        .err_at(
                            &codes::INVALID_VALUE,
                            policy,
                            format!("unknown load balancing policy `{other}`"),
                        )
                        .with_help("use `round_robin` or `weighted WEIGHTFILE`"))
                }
            }
        }
        // For `weighted` its block is already consumed, so this finds nothing.
        while c.next_block() {
            if c.val() != "prefer" {
                misplaced(c, "prefer")?;
                continue;
            }
            for cidr in c.remaining_args() {
                if cidr.has_placeholder() {
                    continue;
                }
                net::parse_cidr(&cidr.text).map_err(|e| {
                    c.err_at(
                        &codes::INVALID_VALUE,
                        cidr,
                        format!("`prefer` needs CIDR networks: {e}"),
                    )
                    .with_help("write networks such as `10.0.0.0/8` or `2001:db8::/32`")
                })?;
            }
        }
    }
    Ok(())
}

/// The block of `weighted WEIGHTFILE`: only `reload DURATION`.
fn weighted_block(c: &mut Controller<'_>) -> SetupResult {
    while c.next_block() {
        if c.val() != "reload" {
            misplaced(c, "reload")?;
            continue;
        }
        let option = c.token().expect("positioned on the option");
        let values = c.remaining_args();
        let Some(value) = values.first().copied() else {
            return Err(c
                .err_at(&codes::ARGUMENT_COUNT, option, "`reload` needs a duration")
                .with_help("write e.g. `reload 30s`"));
        };
        if let Some(extra) = values.get(1) {
            return Err(c.err_at(&codes::ARGUMENT_COUNT, extra, "`reload` takes one duration"));
        }
        if value.has_placeholder() {
            continue;
        }
        let nanos = duration::parse_duration(&value.text).map_err(|e| {
            c.err_at(
                &codes::INVALID_VALUE,
                value,
                format!("invalid `reload` duration: {e}"),
            )
            .with_help("write a Go duration such as `30s` or `5m`")
        })?;
        if nanos < 0 {
            let message = format!(
                "`reload {}` is negative: CoreDNS crashes at startup",
                value.text
            );
            c.report(
                Diagnostic::new(&NEGATIVE_RELOAD, value.loc, message)
                    .with_help("use a positive interval, or `0` to read the weight file once"),
            );
        }
    }
    Ok(())
}

/// An option other than `allowed`: `reload` belongs to `weighted` and `prefer` to the other
/// policies, so say so when one is misplaced.
fn misplaced(c: &mut Controller<'_>, allowed: &str) -> SetupResult {
    let option = c.val();
    unknown_option(c, &[allowed]).map_err(|e| match option {
        "prefer" => e.with_help("`prefer` cannot be combined with the `weighted` policy"),
        "reload" => e.with_help("`reload` is only an option of `loadbalance weighted WEIGHTFILE`"),
        _ => e,
    })
}
