//! `bind`: restricts the block's listeners to given addresses or network interfaces. Mirrors
//! plugin/bind/setup.go `setup`, `parse` and `listIP`: every occurrence needs at least one
//! address, an optional block with `except`; each token is an interface name of the host or an IP.

use corefile_model::{Diagnostic, Group, RuleMeta, Severity, Token};

use super::shared::{report_brace_on_next_line, unknown_option, BRACE_ON_NEXT_LINE};
use crate::values::net;
use crate::{codes, Controller, OptionDef, PluginDef, SetupResult};

pub static EXCEPT_ALL: RuleMeta = RuleMeta {
    code: "PLG313",
    name: "bind-except-everything",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "`bind` whose `except` list removes every address: the block listens nowhere",
    doc: "## What it does\nFinds `bind` directives whose literal addresses are all excluded again by `except`.\n\n\
## Why is this bad?\nCoreDNS accepts it and the server block then has no listen address at all, so it serves \
nothing, without any message.\n\n## Example\n```corefile\n. {\n    bind 127.0.0.1 {\n        except 127.0.0.1\n    }\n}\n```\n\n\
## Fix\nRemove the excluded addresses from the `bind` line, or drop the `except` entries that exclude everything.",
};

pub static PLUGIN: PluginDef = PluginDef {
    name: "bind",
    summary: "Makes the block's listeners bind only to the given IP addresses or interfaces (default: all addresses).",
    syntax: "bind ADDRESS|IFACE... {\n    except ADDRESS|IFACE...\n}",
    snippet: "bind ${1:127.0.0.1}",
    options: &[OptionDef {
        name: "except",
        args: "ADDRESS|IFACE...",
        doc: "Addresses (spelled exactly as the bound ones) or interfaces to leave out. Only the last `except` line of a block counts.",
        values: &[],
    }],
    history: "Since CoreDNS 001; several addresses since 1.0.6; interface names and `except` since 1.8.4; IPv6 \
link-local addresses of interfaces kept (with `%iface`) since 1.11.4.",
    setup,
    rules: &[&EXCEPT_ALL, &BRACE_ON_NEXT_LINE],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    report_brace_on_next_line(c);
    let mut everything_excluded = true;
    let mut first_head = None;
    while c.next() {
        let head = c.token().expect("next stops on a token");
        first_head.get_or_insert(head);
        let addrs = c.remaining_args();
        if addrs.is_empty() {
            return Err(c
                .err(
                    &codes::ARGUMENT_COUNT,
                    "`bind` needs at least one address or interface name",
                )
                .with_help("write `bind 127.0.0.1`, or open its block on the `bind` line"));
        }
        let mut except: Vec<&Token> = Vec::new();
        while c.next_block() {
            if c.val() != "except" {
                unknown_option(c, &["except"])?;
                continue;
            }
            except = c.remaining_args();
            if except.is_empty() {
                return Err(c.err(
                    &codes::ARGUMENT_COUNT,
                    "`except` needs at least one address or interface name",
                ));
            }
        }
        for &tok in addrs.iter().chain(except.iter()) {
            check_address(c, tok)?;
        }
        let all_literal = addrs
            .iter()
            .all(|t| !t.has_placeholder() && net::parse_ip(&t.text).is_ok());
        let excluded = |a: &&Token| except.iter().any(|e| e.text == a.text);
        if !(all_literal && addrs.iter().all(excluded)) {
            everything_excluded = false;
        }
    }
    if let (true, Some(head)) = (everything_excluded, first_head) {
        let d = Diagnostic::new(
            &EXCEPT_ALL,
            head.loc,
            "`except` removes every address of `bind`; this block listens nowhere",
        )
        .with_help("remove the excluded addresses from `bind` or from `except`");
        c.report(d);
    }
    Ok(())
}

/// An IP literal is fine; a name is looked up among the host's interfaces at startup, so only
/// names no Linux interface can have are errors.
fn check_address(c: &mut Controller<'_>, tok: &Token) -> SetupResult {
    if tok.has_placeholder() || net::parse_ip(&tok.text).is_ok() {
        return Ok(());
    }
    let name = tok.text.as_str();
    let impossible = name.is_empty()
        || name.len() > 15
        || name == "."
        || name == ".."
        || name.contains(['/', ':', '%', '[', ']', '{', '}'])
        || name.chars().any(char::is_whitespace);
    if impossible {
        return Err(c
            .err_at(&codes::INVALID_VALUE, tok, format!("`{name}` is neither an IP address nor a possible interface name"))
            .with_help(if name == "}" {
                "a one-line block puts `}` among the addresses; write the block over several lines"
            } else {
                "write a plain IP address without port, brackets or prefix (`127.0.0.1`, `::1`) or an interface name"
            }));
    }
    let d = Diagnostic::new(
        &codes::NEEDS_OUTSIDE_WORLD,
        tok.loc,
        format!("`{name}` is not an IP address, so it must be a network interface of the host CoreDNS runs on"),
    );
    c.report(d);
    Ok(())
}
