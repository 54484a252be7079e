//! `proxyproto`: accepts PROXY protocol (v1/v2) headers on the block's listeners so that plugins
//! see the real client address. Mirrors plugin/proxyproto/setup.go `setup`: no arguments, block
//! options `allow`, `default` and `udp_session_tracking`; every occurrence is read and merged.

use super::shared::{
    check_first_key_only, report_brace_on_next_line, unknown_option, BRACE_ON_NEXT_LINE,
    FIRST_KEY_ONLY,
};
use crate::values::{duration, net, number};
use crate::{codes, Controller, OptionDef, PluginDef, SetupResult};

const OPTIONS: &[&str] = &["allow", "default", "udp_session_tracking"];
const POLICIES: &[&str] = &["use", "ignore", "reject", "skip"];

pub static PLUGIN: PluginDef = PluginDef {
    name: "proxyproto",
    summary: "Reads PROXY protocol headers from load balancers so the real client address is used.",
    syntax: "proxyproto {\n    allow CIDR...\n    default use|ignore|reject|skip\n    udp_session_tracking DURATION [MAX_SESSIONS]\n}",
    snippet: "proxyproto {\n\tallow ${1:10.0.0.0/8}\n}",
    options: &[
        OptionDef {
            name: "allow",
            args: "CIDR...",
            doc: "Sources whose PROXY headers are used; other sources get the `default` policy. Lines accumulate.",
            values: &[],
        },
        OptionDef {
            name: "default",
            args: "use|ignore|reject|skip",
            doc: "Policy for sources outside `allow` (ignore when an allow list exists); without `allow` it applies to every source.",
            values: POLICIES,
        },
        OptionDef {
            name: "udp_session_tracking",
            args: "DURATION [MAX_SESSIONS]",
            doc: "Remember a UDP client's PROXY header (sent in its own datagram) for DURATION, for at most MAX_SESSIONS clients \
(default 10240). Zero or negative disables it.",
            values: &[],
        },
    ],
    history: "Added in CoreDNS 1.14.2; `udp_session_tracking` since 1.14.3; an explicit `default` also applies \
without `allow` since 1.14.7.",
    setup,
    rules: &[&FIRST_KEY_ONLY, &BRACE_ON_NEXT_LINE],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    report_brace_on_next_line(c);
    let mut head = None;
    while c.next() {
        head = head.or(c.token());
        if !c.remaining_args().is_empty() {
            return Err(c
                .arg_err()
                .with_help("`proxyproto` takes no arguments, only a block of options"));
        }
        while c.next_block() {
            match c.val() {
                "allow" => {
                    for cidr in c.remaining_args() {
                        if cidr.has_placeholder() {
                            continue;
                        }
                        net::parse_cidr(&cidr.text).map_err(|e| {
                            c.err_at(&codes::INVALID_VALUE, cidr, format!("invalid `allow` entry: {e}"))
                                .with_help("write an address with a prefix length, e.g. `10.0.0.0/8` or `192.0.2.1/32`")
                        })?;
                    }
                }
                "default" => {
                    let args = c.remaining_args();
                    if args.len() != 1 {
                        return Err(c
                            .arg_err()
                            .with_help("write one policy: use, ignore, reject or skip"));
                    }
                    let policy = args[0];
                    if !policy.has_placeholder()
                        && !POLICIES.contains(&policy.text.to_lowercase().as_str())
                    {
                        return Err(c.err_at(
                            &codes::INVALID_VALUE,
                            policy,
                            format!(
                                "`default` must be one of use, ignore, reject, skip; got `{}`",
                                policy.text
                            ),
                        ));
                    }
                }
                "udp_session_tracking" => {
                    let args = c.remaining_args();
                    if args.is_empty() || args.len() > 2 {
                        return Err(c
                            .arg_err()
                            .with_help("write `udp_session_tracking DURATION [MAX_SESSIONS]`"));
                    }
                    let ttl = args[0];
                    if !ttl.has_placeholder() {
                        duration::parse_duration(&ttl.text).map_err(|e| {
                            c.err_at(
                                &codes::INVALID_VALUE,
                                ttl,
                                format!("invalid `udp_session_tracking` duration: {e}"),
                            )
                        })?;
                    }
                    if let Some(&max) = args.get(1) {
                        if !max.has_placeholder()
                            && !number::parse_atoi(&max.text).is_ok_and(|n| n > 0)
                        {
                            return Err(c.err_at(
                                &codes::INVALID_VALUE,
                                max,
                                format!("`udp_session_tracking` max sessions must be a positive integer, got `{}`", max.text),
                            ));
                        }
                    }
                }
                _ => unknown_option(c, OPTIONS)?,
            }
        }
    }
    if let Some(head) = head {
        check_first_key_only(c, head, None);
    }
    Ok(())
}
