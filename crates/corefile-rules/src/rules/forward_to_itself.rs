use corefile_model::{Diagnostic, Group, RuleMeta, Severity, Transport};
use corefile_plugins::values::net::Upstream;

use super::BlockContext;

pub static RULE: RuleMeta = RuleMeta {
    code: "SEM006",
    name: "forward-to-itself",
    group: Group::Semantic,
    default_severity: Severity::Warning,
    summary: "`forward` to a loopback address on the port the block itself listens on",
    doc: "## What it does\nFinds plain-DNS upstreams on `127.0.0.1` or `::1` whose port is a port \
of the server block itself.\n\n## Why is this bad?\nCoreDNS forwards the query to itself: with `loop` it detects the loop \
and exits at startup, without it every query circles until it times out.\n\n\
## Example\n```corefile\n.:53 {\n    forward . 127.0.0.1:53\n}\n```\n\n## Fix\nForward to the real upstream (or to the local \
resolver's own port, e.g. `127.0.0.53` for systemd-resolved when CoreDNS does not listen there).",
};

pub fn check(ctx: &BlockContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(stanzas) = &ctx.forward else {
        return;
    };
    let own_ports: Vec<&str> = ctx
        .block
        .keys
        .iter()
        .filter_map(|k| k.addrs.as_ref().ok())
        .flatten()
        .filter(|a| a.transport == Transport::Dns)
        .map(|a| a.port.as_str())
        .collect();
    let binds: Vec<&str> = ctx
        .block
        .directives_named("bind")
        .flat_map(|d| d.tokens.iter().skip(1))
        .map(|t| t.text.as_str())
        .collect();
    for s in stanzas {
        for (tok, up) in &s.to {
            let Some(Upstream::Ip {
                transport: Transport::Dns,
                addr,
            }) = up
            else {
                continue;
            };
            let Some((host, port)) = addr.rsplit_once(':') else {
                continue;
            };
            let host = host.trim_start_matches('[').trim_end_matches(']');
            let Ok(ip) = host.parse::<std::net::IpAddr>() else {
                continue;
            };
            // With `bind` to other addresses, the loopback upstream is a different listener.
            let listens_there = binds.is_empty()
                || binds
                    .iter()
                    .any(|b| b.parse::<std::net::IpAddr>().is_ok_and(|b| b == ip));
            // Only the canonical loopback addresses: resolvers such as systemd-resolved
            // (127.0.0.53) or Docker's (127.0.0.11) listen on other 127/8 addresses.
            let this_host = ip == std::net::IpAddr::from([127, 0, 0, 1])
                || ip == std::net::IpAddr::from(std::net::Ipv6Addr::LOCALHOST);
            if this_host && listens_there && own_ports.contains(&port) {
                out.push(
                    Diagnostic::new(&RULE, tok.loc, format!("`{}` is this server itself (port {port}): queries are forwarded back to CoreDNS", tok.text))
                        .with_help("forward to the real upstream resolver"),
                );
            }
        }
    }
}
