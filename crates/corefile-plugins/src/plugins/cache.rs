//! `cache`: caches answers of the plugins after it, positive and negative separately, with
//! prefetching and stale serving. Mirrors plugin/cache/setup.go `cacheParse`,
//! `parseServeStaleTTL` and `parseServeStaleRecheck` (once per block; optional TTL then zones on
//! the directive line; every block option reads the rest of its line).

use corefile_model::{Diagnostic, Group, RuleMeta, Severity, Token};

use super::shared::unknown_option;
use crate::values::{duration, known, number, zone};
use crate::{codes, Controller, OptionDef, PluginDef, PluginError, SetupResult};

const OPTIONS: &[&str] = &[
    "success",
    "denial",
    "prefetch",
    "serve_stale",
    "serve_stale_policy",
    "servfail",
    "disable",
    "keepttl",
];

/// Entries are kept in 256 shards of at least 4 entries each.
const SHARDS: i64 = 256;
const MIN_CAPACITY: i64 = 4 * SHARDS;
const FIVE_MINUTES: i64 = 5 * duration::MINUTE;

pub static TTL_TAKEN_AS_ZONE: RuleMeta = RuleMeta {
    code: "PLG104",
    name: "cache-ttl-taken-as-zone",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "`cache 30s` and similar: a TTL that is not a plain integer becomes a zone",
    doc: "## What it does\nFinds a first `cache` argument that looks like a TTL (a duration such as `30s` or `1h`, or a \
number such as `1e3` or `3.0`) but is not a plain integer.\n\n## Why is this bad?\nOnly an integer number of seconds is read as \
the TTL. Anything else is taken as the first zone, so the cache only serves the non-existent zone `30s.` and caches \
nothing for real traffic, without any message.\n\n## Example\n```corefile\n. {\n    cache 30s\n}\n```\n\n\
## Fix\nWrite the TTL in seconds: `cache 30`.",
};

pub static MIN_TTL_ABOVE_TTL: RuleMeta = RuleMeta {
    code: "PLG105",
    name: "cache-min-ttl-above-ttl",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "`success`/`denial` with a MINTTL larger than its TTL",
    doc: "## What it does\nCompares the MINTTL and TTL of `success` and `denial` (TTL defaults to 3600 for success and \
1800 for denial, or the directive's TTL).\n\n## Why is this bad?\nCoreDNS accepts it, but an entry cannot live both at \
most TTL and at least MINTTL seconds; the maximum wins and the minimum is not what the line says.\n\n\
## Example\n```corefile\n. {\n    cache {\n        success 10000 60 300\n    }\n}\n```\n\n## Fix\nMake MINTTL at most TTL.",
};

pub static CAPACITY_ROUNDED: RuleMeta = RuleMeta {
    code: "PLG106",
    name: "cache-capacity-rounded",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "A cache CAPACITY below 1024 (including 0 or negative) that CoreDNS raises to 1024",
    doc: "## What it does\nFinds `success` or `denial` capacities below the smallest real cache size.\n\n## Why is this bad?\n\
The cache is split into 256 shards of at least 4 entries, so any smaller capacity (even 0 or a negative number) \
gives a cache of 1024 entries. `success 0` does not turn the positive cache off.\n\n\
## Example\n```corefile\n. {\n    cache {\n        success 0\n    }\n}\n```\n\n\
## Fix\nUse a capacity of at least 1024, or `disable success` to turn that cache off.",
};

pub static PLUGIN: PluginDef = PluginDef {
    name: "cache",
    summary: "Caches responses of the plugins after it (positive and negative answers, up to a TTL).",
    syntax: "cache [TTL] [ZONES...] {\n    success CAPACITY [TTL [MINTTL]]\n    denial CAPACITY [TTL [MINTTL]]\n    \
prefetch AMOUNT [DURATION [PERCENTAGE%]]\n    serve_stale [DURATION [immediate [RESPONSE_TTL [FAILURE_RECHECK]]]]\n    \
serve_stale [DURATION [verify [VERIFY_TIMEOUT [RESPONSE_TTL [FAILURE_RECHECK]]]]]\n    serve_stale_policy prefer_positive\n    \
servfail DURATION\n    disable success|denial [ZONES...]\n    keepttl\n}",
    snippet: "cache ${1:30}",
    options: &[
        OptionDef { name: "success", args: "CAPACITY [TTL [MINTTL]]", doc: "Size of the positive cache (default 10000), its maximum TTL in seconds (default 3600) and minimum TTL (default 5).", values: &[] },
        OptionDef { name: "denial", args: "CAPACITY [TTL [MINTTL]]", doc: "Size of the NXDOMAIN/NODATA cache (default 10000), its maximum TTL (default 1800) and minimum TTL (default 5).", values: &[] },
        OptionDef { name: "prefetch", args: "AMOUNT [DURATION [PERCENTAGE%]]", doc: "Refresh an entry before it expires when it got AMOUNT queries within DURATION (default 1m) and PERCENTAGE (10%–90%, default 10%) of its TTL is left.", values: &[] },
        OptionDef {
            name: "serve_stale",
            args: "[DURATION [immediate|verify [VERIFY_TIMEOUT] [RESPONSE_TTL [FAILURE_RECHECK]]]]",
            doc: "Serve expired entries for up to DURATION (default 1h) while refreshing them, immediately or after verifying the upstream fails.",
            values: &[],
        },
        OptionDef { name: "serve_stale_policy", args: "prefer_positive", doc: "With `serve_stale`: keep serving a stale positive answer when the refresh returns NXDOMAIN/NODATA.", values: &["prefer_positive"] },
        OptionDef { name: "servfail", args: "DURATION", doc: "How long to cache SERVFAIL answers, at most 5m (default 5s; 0 turns it off).", values: &[] },
        OptionDef { name: "disable", args: "success|denial [ZONES...]", doc: "Do not cache positive (`success`) or negative (`denial`) answers in these zones (default: all).", values: &["success", "denial"] },
        OptionDef { name: "keepttl", args: "", doc: "Return cached answers with their original TTL instead of the remaining one.", values: &[] },
    ],
    history: "`prefetch` 1.0.0; once per block since 1.1.0; MINTTL 1.2.3; `serve_stale` 1.6.6 (refresh mode 1.9.2, verify \
timeout 1.14.4, response TTL and failure recheck 1.14.7); `servfail` and `disable` 1.9.4; `keepttl` 1.10.1; TTLs above \
3600 honoured since 1.14.4 (capped before); `serve_stale_policy` 1.14.7.",
    setup,
    rules: &[&zone::ZONE_ARGUMENT_IGNORED, &TTL_TAKEN_AS_ZONE, &MIN_TTL_ABOVE_TTL, &CAPACITY_ROUNDED],
};

fn invalid(c: &Controller<'_>, token: &Token, message: String) -> PluginError {
    c.err_at(&codes::INVALID_VALUE, token, message)
}

fn atoi(c: &Controller<'_>, what: &str, token: &Token) -> Result<Option<i64>, PluginError> {
    known(token, number::parse_atoi)
        .map_err(|e| invalid(c, token, format!("{what} must be an integer: {e}")))
}

fn go_duration(c: &Controller<'_>, what: &str, token: &Token) -> Result<Option<i64>, PluginError> {
    known(token, duration::parse_duration)
        .map_err(|e| invalid(c, token, format!("{what} must be a duration: {e}")))
}

/// Looks like a TTL someone meant: a duration or a non-integer number.
fn looks_like_ttl(text: &str) -> bool {
    text.starts_with(|ch: char| ch.is_ascii_digit() || ch == '.')
        && (duration::parse_duration(text).is_ok() || number::parse_float(text).is_ok())
}

fn setup(c: &mut Controller<'_>) -> SetupResult {
    while c.next_once()? {
        parse_stanza(c)?;
    }
    Ok(())
}

/// The maximum TTLs in force, for the MINTTL comparison (None when unknown).
struct Ttls {
    success: Option<i64>,
    denial: Option<i64>,
}

fn parse_stanza(c: &mut Controller<'_>) -> SetupResult {
    let mut args = c.remaining_args();
    let mut ttls = Ttls {
        success: Some(3600),
        denial: Some(1800),
    };
    if let Some(first) = args.first().copied() {
        if first.has_placeholder() {
            ttls = Ttls {
                success: None,
                denial: None,
            };
            args.remove(0);
        } else if let Ok(ttl) = number::parse_atoi(&first.text) {
            if ttl <= 0 {
                return Err(invalid(
                    c,
                    first,
                    format!(
                        "`cache` TTL must be a positive integer, got `{}`",
                        first.text
                    ),
                ));
            }
            ttls = Ttls {
                success: Some(ttl),
                denial: Some(ttl),
            };
            args.remove(0);
        } else if looks_like_ttl(&first.text) {
            let message = format!(
                "`{}` is not an integer TTL, so `cache` takes it as a zone and caches nothing else",
                first.text
            );
            let d = Diagnostic::new(&TTL_TAKEN_AS_ZONE, first.loc, message)
                .with_help("write the TTL in whole seconds, e.g. `cache 30`");
            c.report(d);
        }
    }
    let texts: Vec<&str> = args.iter().map(|t| t.text.as_str()).collect();
    let list = zone::origins_from_args_or_server_block(&texts, c.ctx.zones);
    zone::report_dropped_zones(c, &args, &list);

    let mut serve_stale = false;
    let mut policy: Option<Token> = None;
    while c.next_block() {
        let option = c.token().expect("next_block stands on a token").clone();
        if !OPTIONS.contains(&option.text.as_str()) {
            // CoreDNS reports an unknown option as an argument-count error at the option name.
            unknown_option(c, OPTIONS)?;
            continue;
        }
        if option.text == "serve_stale_policy" && policy.is_some() {
            return Err(c.err_at(
                &codes::SETUP_FAILS,
                &option,
                "`serve_stale_policy` can only be given once",
            ));
        }
        let args = c.remaining_args();
        match option.text.as_str() {
            "success" | "denial" => {
                let max = if option.text == "success" {
                    &mut ttls.success
                } else {
                    &mut ttls.denial
                };
                parse_capacity(c, &option, &args, max)?;
            }
            "prefetch" => parse_prefetch(c, &args)?,
            "serve_stale" => {
                serve_stale = true;
                parse_serve_stale(c, &args)?;
            }
            "serve_stale_policy" => {
                policy = Some(option.clone());
                let [value] = args.as_slice() else {
                    return Err(c.arg_err());
                };
                if !value.has_placeholder() && !value.text.eq_ignore_ascii_case("prefer_positive") {
                    return Err(invalid(
                        c,
                        value,
                        format!(
                            "`serve_stale_policy` must be `prefer_positive`, got `{}`",
                            value.text
                        ),
                    ));
                }
            }
            "servfail" => {
                let [ttl] = args.as_slice() else {
                    return Err(c.arg_err());
                };
                if let Some(d) = go_duration(c, "`servfail`", ttl)? {
                    if d < 0 {
                        return Err(invalid(
                            c,
                            ttl,
                            format!("`servfail` must not be negative, got `{}`", ttl.text),
                        ));
                    }
                    if d > FIVE_MINUTES {
                        return Err(invalid(
                            c,
                            ttl,
                            format!(
                                "`servfail` may cache SERVFAIL for at most 5m, got `{}`",
                                ttl.text
                            ),
                        ));
                    }
                }
            }
            "disable" => {
                let Some(kind) = args.first() else {
                    return Err(c.arg_err());
                };
                if !kind.has_placeholder() && kind.text != "success" && kind.text != "denial" {
                    return Err(invalid(
                        c,
                        kind,
                        format!("`disable` takes `success` or `denial`, got `{}`", kind.text),
                    ));
                }
            }
            // The remaining option: `keepttl`.
            _ => {
                if !args.is_empty() {
                    return Err(c.arg_err());
                }
            }
        }
    }
    if let (Some(policy), false) = (&policy, serve_stale) {
        return Err(c
            .err_at(
                &codes::SETUP_FAILS,
                policy,
                "`serve_stale_policy` needs a `serve_stale` line in the same block",
            )
            .with_help("add `serve_stale`, or remove `serve_stale_policy`"));
    }
    Ok(())
}

/// `success`/`denial CAPACITY [TTL [MINTTL]]`; `max` is the maximum TTL in force, updated.
fn parse_capacity(
    c: &mut Controller<'_>,
    option: &Token,
    args: &[&Token],
    max: &mut Option<i64>,
) -> SetupResult {
    let Some(capacity) = args.first() else {
        return Err(c.arg_err());
    };
    let what = format!("`{}` CAPACITY", option.text);
    if let Some(cap) = atoi(c, &what, capacity)? {
        if cap < MIN_CAPACITY {
            let message = format!("`{}` capacity `{cap}` is raised to {MIN_CAPACITY}, the smallest cache CoreDNS builds", option.text);
            let help = format!(
                "use at least {MIN_CAPACITY}, or `disable {}` to turn this cache off",
                option.text
            );
            c.report(Diagnostic::new(&CAPACITY_ROUNDED, capacity.loc, message).with_help(help));
        }
    }
    if let Some(ttl) = args.get(1) {
        let value = atoi(c, &format!("`{}` TTL", option.text), ttl)?;
        if value.is_some_and(|t| t <= 0) {
            return Err(invalid(
                c,
                ttl,
                format!(
                    "`{}` TTL must be a positive integer, got `{}`",
                    option.text, ttl.text
                ),
            ));
        }
        *max = value;
    }
    if let Some(min) = args.get(2) {
        let value = atoi(c, &format!("`{}` MINTTL", option.text), min)?;
        if value.is_some_and(|m| m < 0) {
            return Err(invalid(
                c,
                min,
                format!(
                    "`{}` MINTTL must not be negative, got `{}`",
                    option.text, min.text
                ),
            ));
        }
        if let (Some(m), Some(t)) = (value, *max) {
            if m > t {
                let message = format!(
                    "`{}` MINTTL {m} is above its TTL {t}; entries are kept at most {t}s",
                    option.text
                );
                c.report(
                    Diagnostic::new(&MIN_TTL_ABOVE_TTL, min.loc, message)
                        .with_help("make MINTTL at most TTL"),
                );
            }
        }
    }
    Ok(())
}

fn parse_prefetch(c: &mut Controller<'_>, args: &[&Token]) -> SetupResult {
    if args.is_empty() || args.len() > 3 {
        return Err(c
            .arg_err()
            .with_help("`prefetch` takes AMOUNT [DURATION [PERCENTAGE%]]"));
    }
    if atoi(c, "`prefetch` AMOUNT", args[0])?.is_some_and(|n| n < 0) {
        return Err(invalid(
            c,
            args[0],
            format!(
                "`prefetch` AMOUNT must not be negative, got `{}`",
                args[0].text
            ),
        ));
    }
    if let Some(window) = args.get(1) {
        go_duration(c, "`prefetch` DURATION", window)?;
    }
    let Some(percentage) = args.get(2).filter(|t| !t.has_placeholder()) else {
        return Ok(());
    };
    let Some(number) = percentage.text.strip_suffix('%') else {
        let why = if percentage.text.is_empty() {
            "an empty percentage crashes CoreDNS"
        } else {
            "it must end in `%`"
        };
        return Err(invalid(
            c,
            percentage,
            format!(
                "`prefetch` PERCENTAGE `{}` is invalid: {why}",
                percentage.text
            ),
        )
        .with_help("write e.g. `10%`"));
    };
    let value = number::parse_atoi(number).map_err(|e| {
        invalid(
            c,
            percentage,
            format!("`prefetch` PERCENTAGE must be an integer followed by `%`: {e}"),
        )
    })?;
    if !(10..=90).contains(&value) {
        return Err(invalid(
            c,
            percentage,
            format!(
                "`prefetch` PERCENTAGE must be between 10% and 90%, got `{}`",
                percentage.text
            ),
        ));
    }
    Ok(())
}

fn parse_serve_stale(c: &mut Controller<'_>, args: &[&Token]) -> SetupResult {
    if args.len() > 5 {
        return Err(c.arg_err());
    }
    if let Some(up_to) = args.first() {
        if go_duration(c, "`serve_stale` DURATION", up_to)?.is_some_and(|d| d < 0) {
            return Err(invalid(
                c,
                up_to,
                format!(
                    "`serve_stale` DURATION must not be negative, got `{}`",
                    up_to.text
                ),
            ));
        }
    }
    let Some(mode) = args.get(1) else {
        return Ok(());
    };
    let verify = match mode.text.to_lowercase().as_str() {
        "verify" => true,
        "immediate" => false,
        _ if mode.has_placeholder() => return Ok(()),
        _ => {
            return Err(invalid(
                c,
                mode,
                format!(
                    "`serve_stale` refresh mode must be `immediate` or `verify`, got `{}`",
                    mode.text
                ),
            ))
        }
    };
    let rest = if verify {
        if let Some(timeout) = args.get(2) {
            if go_duration(c, "`serve_stale` VERIFY_TIMEOUT", timeout)?.is_some_and(|d| d < 0) {
                return Err(invalid(
                    c,
                    timeout,
                    format!(
                        "`serve_stale` VERIFY_TIMEOUT must not be negative, got `{}`",
                        timeout.text
                    ),
                ));
            }
        }
        args.get(3..).unwrap_or_default()
    } else {
        if args.len() > 4 {
            return Err(c.arg_err().with_help(
                "with `immediate`, `serve_stale` takes at most RESPONSE_TTL and FAILURE_RECHECK",
            ));
        }
        args.get(2..).unwrap_or_default()
    };
    if let Some(ttl) = rest.first() {
        check_stale_ttl(c, ttl)?;
    }
    if let Some(recheck) = rest.get(1) {
        if let Some(d) = go_duration(c, "`serve_stale` FAILURE_RECHECK", recheck)? {
            if !(0..=FIVE_MINUTES).contains(&d) {
                return Err(invalid(
                    c,
                    recheck,
                    format!(
                        "`serve_stale` FAILURE_RECHECK must be between 0 and 5m, got `{}`",
                        recheck.text
                    ),
                ));
            }
        }
    }
    Ok(())
}

fn check_stale_ttl(c: &Controller<'_>, ttl: &Token) -> SetupResult {
    let Some(d) = go_duration(c, "`serve_stale` RESPONSE_TTL", ttl)? else {
        return Ok(());
    };
    let problem = if d < 0 {
        "must not be negative"
    } else if d % duration::SECOND != 0 {
        "must be a whole number of seconds"
    } else if d / duration::SECOND > i64::from(u32::MAX) {
        "exceeds the DNS TTL range (at most 4294967295s)"
    } else {
        return Ok(());
    };
    Err(invalid(
        c,
        ttl,
        format!("`serve_stale` RESPONSE_TTL {problem}, got `{}`", ttl.text),
    ))
}
