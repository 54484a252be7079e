//! `kubernetes`: answers DNS queries for Kubernetes services and pods from the cluster API.
//! Mirrors plugin/kubernetes/setup.go `kubernetesParse` and `ParseStanza` (once per block, zones
//! from `OriginsFromArgsOrServerBlock`, one option per block line, checks after the block).
//! Connecting to the cluster (in-cluster config, kubeconfig, TLS files) happens later in
//! `InitKubeCache` and is not judged here.

use corefile_model::{Diagnostic, Group, RuleMeta, ServerBlock, Severity, Token};

use super::shared::{report_ignored_arguments, skip_placeholder_option};
use crate::values::{duration, fall, known, labels, number, zone};
use crate::{codes, Controller, OptionDef, PluginDef, PluginError};

const OPTIONS: &[&str] = &[
    "endpoint",
    "tls",
    "kubeconfig",
    "apiserver_qps",
    "apiserver_burst",
    "apiserver_max_inflight",
    "namespaces",
    "namespace_labels",
    "labels",
    "pods",
    "endpoint_pod_names",
    "ttl",
    "noendpoints",
    "fallthrough",
    "ignore",
    "multicluster",
    "zonal",
    "startup_timeout",
];

/// Options older releases accepted, with what to do instead.
const REMOVED: &[(&str, &str)] = &[
    ("upstream", "removed in CoreDNS 1.7.0; names outside the cluster are always resolved through CoreDNS itself, delete the line"),
    ("resyncperiod", "removed in CoreDNS 1.7.0; delete the line"),
    ("transfer", "removed in CoreDNS 1.8.0; configure zone transfers with the `transfer` plugin"),
];

const MAX_TTL: i64 = 3600;

pub static IGNORED_ARGUMENT: RuleMeta = RuleMeta {
    code: "PLG101",
    name: "kubernetes-ignored-argument",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "A `kubernetes` option with arguments its setup never reads",
    doc: "## What it does\nFinds extra arguments after `ttl`, `startup_timeout` and `ignore empty_service`, and an \
`ignore` line without a value.\n\n## Why is this bad?\nCoreDNS reads only the first argument of these options and \
ignores the rest without a message; `ignore` alone does nothing. The line suggests a setting that is not in effect.\n\n\
## Example\n```corefile\ncluster.local {\n    kubernetes {\n        ttl 30 60\n    }\n}\n```\nThe TTL is 30; `60` is ignored.\n\n\
## Fix\nRemove the extra arguments, or write `ignore empty_service`.",
};

pub static FALLTHROUGH_OUTSIDE_ZONES: RuleMeta = RuleMeta {
    code: "PLG102",
    name: "kubernetes-fallthrough-outside-zones",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "A `kubernetes` `fallthrough` zone that does not overlap any zone of the plugin",
    doc: "## What it does\nCompares the zones of `fallthrough` with the zones the kubernetes plugin serves.\n\n\
## Why is this bad?\nThe plugin only sees queries inside its own zones, so a fall-through zone outside all of them \
can never apply. The usual case is `fallthrough in-addr.arpa ip6.arpa` while the plugin's zones do not include the \
reverse zones: reverse lookups never reach the plugin at all.\n\n\
## Example\n```corefile\n. {\n    kubernetes cluster.local {\n        fallthrough in-addr.arpa ip6.arpa\n    }\n}\n```\n\n\
## Fix\nAdd the zones to the plugin (`kubernetes cluster.local in-addr.arpa ip6.arpa`), or remove them from `fallthrough`.",
};

pub static OPTION_WITHOUT_EFFECT: RuleMeta = RuleMeta {
    code: "PLG103",
    name: "kubernetes-option-without-effect",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "A `kubernetes` connection option that another option makes irrelevant",
    doc: "## What it does\nFinds `tls` without `endpoint` (the client certificate is only used for an explicit \
endpoint) and `endpoint` together with `kubeconfig` (the kubeconfig's server wins).\n\n## Why is this bad?\n\
CoreDNS ignores the option silently, so the connection is not made the way the Corefile suggests.\n\n\
## Example\n```corefile\ncluster.local {\n    kubernetes {\n        tls cert.pem key.pem ca.pem\n    }\n}\n```\n\n\
## Fix\nAdd the `endpoint` the certificate is meant for, or remove the ignored option.",
};

pub static PLUGIN: PluginDef = PluginDef {
    name: "kubernetes",
    summary: "Serves DNS records for Kubernetes services, endpoints and pods, read from the cluster's API.",
    syntax: "kubernetes [ZONES...] {\n    endpoint URL\n    tls CERT KEY CACERT\n    kubeconfig KUBECONFIG [CONTEXT]\n    \
apiserver_qps QPS\n    apiserver_burst BURST\n    apiserver_max_inflight MAX\n    namespaces NAMESPACE...\n    \
namespace_labels EXPRESSION\n    labels EXPRESSION\n    pods disabled|insecure|verified\n    endpoint_pod_names\n    \
ttl TTL\n    noendpoints\n    fallthrough [ZONES...]\n    ignore empty_service\n    multicluster [ZONES...]\n    zonal\n    \
startup_timeout DURATION\n}",
    snippet: "kubernetes ${1:cluster.local in-addr.arpa ip6.arpa} {\n    pods ${2|insecure,verified,disabled|}\n    fallthrough ${3:in-addr.arpa ip6.arpa}\n}",
    options: &[
        OptionDef { name: "endpoint", args: "URL", doc: "Address of the Kubernetes API server; without it the in-cluster configuration is used. Only the first URL counts.", values: &[] },
        OptionDef { name: "tls", args: "CERT KEY CACERT", doc: "Client certificate, key and CA for the `endpoint` connection (all three required).", values: &[] },
        OptionDef { name: "kubeconfig", args: "KUBECONFIG [CONTEXT]", doc: "Connect with this kubeconfig file, optionally with a given context.", values: &[] },
        OptionDef { name: "apiserver_qps", args: "QPS", doc: "Queries per second allowed to the API server (a float ≥ 0; 0 = client default).", values: &[] },
        OptionDef { name: "apiserver_burst", args: "BURST", doc: "Burst of API requests allowed above QPS (integer ≥ 0; 0 = client default).", values: &[] },
        OptionDef { name: "apiserver_max_inflight", args: "MAX", doc: "Cap on concurrent API requests (integer ≥ 0; 0 = no cap).", values: &[] },
        OptionDef { name: "namespaces", args: "NAMESPACE...", doc: "Only expose these namespaces (may be repeated; cannot be combined with `namespace_labels`).", values: &[] },
        OptionDef { name: "namespace_labels", args: "EXPRESSION", doc: "Only expose namespaces matching this label selector.", values: &[] },
        OptionDef { name: "labels", args: "EXPRESSION", doc: "Only expose services matching this label selector, e.g. `application=nginx`.", values: &[] },
        OptionDef {
            name: "pods",
            args: "disabled|insecure|verified",
            doc: "Answer `A-B-C-D.NAMESPACE.pod.ZONE` queries: not at all (default), without checking the pod exists, or only for existing pods (needed by `autopath @kubernetes`).",
            values: &["disabled", "insecure", "verified"],
        },
        OptionDef { name: "endpoint_pod_names", args: "", doc: "Name endpoint records after the pod name instead of the dashed IP.", values: &[] },
        OptionDef { name: "ttl", args: "TTL", doc: "TTL of answers in seconds, 0 to 3600 (default 5).", values: &[] },
        OptionDef { name: "noendpoints", args: "", doc: "Do not watch endpoints: no records for headless services and endpoints.", values: &[] },
        OptionDef { name: "fallthrough", args: "[ZONES...]", doc: "Pass NXDOMAIN queries (in these zones, or all without zones) to the next plugin.", values: &[] },
        OptionDef { name: "ignore", args: "empty_service", doc: "Answer NXDOMAIN for services without ready endpoints.", values: &["empty_service"] },
        OptionDef { name: "multicluster", args: "[ZONES...]", doc: "Serve multi-cluster services (MCS API) in these zones, which must be among the plugin's zones.", values: &[] },
        OptionDef { name: "zonal", args: "", doc: "Prefer endpoints in the topology zone of CoreDNS itself (needs the endpoint cache).", values: &[] },
        OptionDef { name: "startup_timeout", args: "DURATION", doc: "How long to wait for the API caches at startup before serving anyway (default 5s; must be positive).", values: &[] },
    ],
    history: "In-tree since the first releases; `fallthrough` zones 1.0.3; `noendpoints` 1.0.6; `ignore empty_service` 1.1.3; \
`kubeconfig` 1.2.3 (context optional since 1.8.2); `ttl 0` allowed since 1.3.0; several `endpoint` URLs only warn since 1.4.0; \
`namespace_labels` 1.5.0; `upstream` and `resyncperiod` removed in 1.7.0, the `transfer` option in 1.8.0; `multicluster` 1.12.2; \
`startup_timeout` 1.12.3; `apiserver_qps`/`apiserver_burst`/`apiserver_max_inflight` 1.14.0; `zonal` 1.14.7.",
    setup,
    rules: &[&IGNORED_ARGUMENT, &FALLTHROUGH_OUTSIDE_ZONES, &OPTION_WITHOUT_EFFECT],
};

/// The `pods` mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PodsMode {
    #[default]
    Disabled,
    Insecure,
    Verified,
}

/// What a block's `kubernetes` directive configures, for cross-plugin rules.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KubernetesConfig {
    /// The plugin's zones, normalized (its arguments, or the block's zones without arguments).
    pub zones: Vec<String>,
    /// True when a zone argument holds an environment placeholder, so `zones` is incomplete.
    pub zones_unknown: bool,
    pub pods: PodsMode,
    /// `None` without a `fallthrough` line; otherwise the zones of the last one (empty: never).
    pub fallthrough: Option<Vec<String>>,
}

/// Reads the block's `kubernetes` directive(s) exactly as [`PLUGIN`]'s setup does. `None` when the
/// block has no `kubernetes` or its setup fails. `zones` are the block's zones (as in
/// [`SetupContext::zones`]).
pub fn config(block: &ServerBlock, zones: &[String]) -> Option<KubernetesConfig> {
    crate::read_config(PLUGIN.name, block, zones, parse)
}

fn setup(c: &mut Controller<'_>) -> Result<(), PluginError> {
    parse(c).map(|_| ())
}

fn parse(c: &mut Controller<'_>) -> Result<KubernetesConfig, PluginError> {
    let mut config = KubernetesConfig::default();
    while c.next_once()? {
        config = parse_stanza(c)?;
    }
    Ok(config)
}

fn invalid(c: &Controller<'_>, token: &Token, message: String) -> PluginError {
    c.err_at(&codes::INVALID_VALUE, token, message)
}

/// Atoi at least 0, for the `apiserver_*` integer limits.
fn non_negative_int(c: &Controller<'_>, option: &str, token: &Token) -> Result<(), PluginError> {
    let value = known(token, number::parse_atoi)
        .map_err(|e| invalid(c, token, format!("`{option}` must be an integer: {e}")))?;
    if value.is_some_and(|v| v < 0) {
        return Err(invalid(
            c,
            token,
            format!("`{option}` must be 0 or more, got `{}`", token.text),
        ));
    }
    Ok(())
}

/// Zones of the stanza line; the non-reverse check comes before the block is read.
fn read_zones(
    c: &mut Controller<'_>,
    name: &Token,
    config: &mut KubernetesConfig,
) -> Result<(), PluginError> {
    let args = c.remaining_args();
    let texts: Vec<&str> = args.iter().map(|t| t.text.as_str()).collect();
    let list = zone::origins_from_args_or_server_block(&texts, c.ctx.zones);
    zone::report_dropped_zones(c, &args, &list);
    config.zones_unknown = args.iter().any(|t| t.has_placeholder());
    config.zones = list.zones;
    let is_reverse = |z: &String| z.ends_with(".in-addr.arpa.") || z.ends_with(".ip6.arpa.");
    // Without arguments the zones are the block's keys; if none is usable the key checks
    // already failed, so only judge when something was there to judge.
    let judged = !config.zones_unknown && (!args.is_empty() || !config.zones.is_empty());
    if judged && config.zones.iter().all(is_reverse) {
        return Err(c
            .err_at(
                &codes::SETUP_FAILS,
                name,
                "`kubernetes` needs at least one non-reverse zone",
            )
            .with_help(
                "name the cluster domain, e.g. `kubernetes cluster.local in-addr.arpa ip6.arpa`",
            ));
    }
    Ok(())
}

fn parse_stanza(c: &mut Controller<'_>) -> Result<KubernetesConfig, PluginError> {
    let name = c
        .token()
        .expect("the loop stands on the directive name")
        .clone();
    let mut config = KubernetesConfig::default();
    read_zones(c, &name, &mut config)?;

    let mut namespaces: Option<Token> = None;
    let mut namespace_labels: Option<Token> = None;
    let mut multicluster: Vec<(Token, String)> = Vec::new();
    let mut zonal: Option<Token> = None;
    let mut noendpoints = false;
    let (mut endpoint, mut kubeconfig, mut tls): (Option<Token>, Option<Token>, Option<Token>) =
        (None, None, None);
    let mut fallthrough_line: Option<Token> = None;

    while c.next_block() {
        let option = c.token().expect("next_block stands on a token").clone();
        if skip_placeholder_option(c) {
            continue;
        }
        if !OPTIONS.contains(&option.text.as_str()) {
            if let Some((_, instead)) = REMOVED.iter().find(|(removed, _)| *removed == option.text)
            {
                let message = format!("`kubernetes` option `{}` was {instead}", option.text);
                return Err(c.err_at(&codes::REMOVED_OPTION, &option, message));
            }
            return Err(c.unknown_option(OPTIONS));
        }
        let args = c.remaining_args();
        match option.text.as_str() {
            "endpoint_pod_names" | "noendpoints" | "zonal" => {
                if !args.is_empty() {
                    return Err(c.arg_err());
                }
                match option.text.as_str() {
                    "noendpoints" => noendpoints = true,
                    "zonal" => zonal = Some(option.clone()),
                    _ => {}
                }
            }
            "pods" => {
                let [mode] = args.as_slice() else {
                    return Err(c.arg_err());
                };
                config.pods = match mode.text.as_str() {
                    "disabled" => PodsMode::Disabled,
                    "insecure" => PodsMode::Insecure,
                    "verified" => PodsMode::Verified,
                    _ if mode.has_placeholder() => config.pods,
                    other => {
                        return Err(invalid(
                            c,
                            mode,
                            format!(
                            "`pods` must be `disabled`, `insecure` or `verified`, got `{other}`"
                        ),
                        ))
                    }
                };
            }
            "namespaces" => {
                if args.is_empty() {
                    return Err(c.arg_err());
                }
                namespaces = Some(option.clone());
            }
            "endpoint" => {
                if args.is_empty() {
                    return Err(c.arg_err());
                }
                if let Some(second) = args.get(1) {
                    let message = format!("only the first `endpoint` URL (`{}`) is used; `{}` and later ones are ignored", args[0].text, second.text);
                    c.report(
                        Diagnostic::new(&codes::DEPRECATED, second.loc, message)
                            .with_help("keep a single URL"),
                    );
                }
                endpoint = Some(option.clone());
            }
            "tls" => {
                if args.len() != 3 {
                    return Err(c.arg_err().with_help("`tls` takes CERT KEY CACERT"));
                }
                tls = Some(option.clone());
            }
            "labels" | "namespace_labels" => {
                if args.is_empty() {
                    return Err(c.arg_err());
                }
                if !args.iter().any(|t| t.has_placeholder()) {
                    let selector = args
                        .iter()
                        .map(|t| t.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" ");
                    if let Err(e) = labels::check_label_selector(&selector) {
                        return Err(invalid(
                            c,
                            args[0],
                            format!("`{}` is not a valid label selector: {e}", option.text),
                        ));
                    }
                }
                if option.text == "namespace_labels" {
                    namespace_labels = Some(option.clone());
                }
            }
            "fallthrough" => {
                config.fallthrough = Some(fall::fallthrough_option(c, &args));
                fallthrough_line = Some(option.clone());
            }
            "ttl" => {
                let Some(ttl) = args.first() else {
                    return Err(c.arg_err());
                };
                let value = known(ttl, number::parse_atoi)
                    .map_err(|e| invalid(c, ttl, format!("`ttl` must be an integer: {e}")))?;
                if value.is_some_and(|t| !(0..=MAX_TTL).contains(&t)) {
                    return Err(invalid(
                        c,
                        ttl,
                        format!("`ttl` must be between 0 and {MAX_TTL}, got `{}`", ttl.text),
                    ));
                }
                report_ignored_arguments(c, &IGNORED_ARGUMENT, "ttl", &args[1..]);
            }
            "ignore" => match args.first() {
                None => {
                    let d = Diagnostic::new(
                        &IGNORED_ARGUMENT,
                        option.loc,
                        "`ignore` without a value does nothing",
                    )
                    .with_help("write `ignore empty_service` or remove the line");
                    c.report(d);
                }
                Some(what) if what.text == "empty_service" || what.has_placeholder() => {
                    report_ignored_arguments(c, &IGNORED_ARGUMENT, "ignore", &args[1..])
                }
                Some(what) => {
                    return Err(invalid(
                        c,
                        what,
                        format!("`ignore` accepts only `empty_service`, got `{}`", what.text),
                    ));
                }
            },
            "kubeconfig" => {
                if args.is_empty() || args.len() > 2 {
                    return Err(c
                        .arg_err()
                        .with_help("`kubeconfig` takes KUBECONFIG [CONTEXT]"));
                }
                kubeconfig = Some(option.clone());
            }
            "multicluster" => {
                let texts: Vec<&str> = args.iter().map(|t| t.text.as_str()).collect();
                let list = zone::origins_from_args_or_server_block(&texts, &[]);
                zone::report_dropped_zones(c, &args, &list);
                let placeholder = args.iter().any(|t| t.has_placeholder());
                multicluster = if placeholder {
                    Vec::new()
                } else {
                    list.zones
                        .into_iter()
                        .map(|z| (option.clone(), z))
                        .collect()
                };
            }
            "startup_timeout" => {
                let Some(timeout) = args.first() else {
                    return Err(c.arg_err());
                };
                let value = known(timeout, duration::parse_duration).map_err(|e| {
                    invalid(
                        c,
                        timeout,
                        format!("`startup_timeout` must be a duration: {e}"),
                    )
                })?;
                if value.is_some_and(|d| d <= 0) {
                    // Setup accepts it, but the startup wait builds a Go ticker, which panics.
                    let message = format!(
                        "`startup_timeout` must be positive, got `{}`: CoreDNS crashes at startup",
                        timeout.text
                    );
                    c.report(
                        Diagnostic::new(&codes::INVALID_VALUE, timeout.loc, message)
                            .with_help("use e.g. `startup_timeout 5s`"),
                    );
                }
                report_ignored_arguments(c, &IGNORED_ARGUMENT, "startup_timeout", &args[1..]);
            }
            "apiserver_qps" => {
                let [qps] = args.as_slice() else {
                    return Err(c.arg_err());
                };
                let value = known(qps, number::parse_float32).map_err(|e| {
                    invalid(c, qps, format!("`apiserver_qps` must be a number: {e}"))
                })?;
                if value.is_some_and(|v| v < 0.0) {
                    return Err(invalid(
                        c,
                        qps,
                        format!("`apiserver_qps` must be 0 or more, got `{}`", qps.text),
                    ));
                }
            }
            // The remaining options: `apiserver_burst` and `apiserver_max_inflight`.
            _ => {
                let [limit] = args.as_slice() else {
                    return Err(c.arg_err());
                };
                non_negative_int(c, &option.text, limit)?;
            }
        }
    }

    if let (Some(_), Some(labels)) = (&namespaces, &namespace_labels) {
        return Err(c
            .err_at(
                &codes::SETUP_FAILS,
                labels,
                "`namespaces` and `namespace_labels` cannot both be set",
            )
            .with_help("keep one way of selecting namespaces"));
    }
    if !config.zones_unknown {
        if let Some((token, missing)) = multicluster.iter().find(|(_, z)| !config.zones.contains(z))
        {
            return Err(c.err_at(
                &codes::SETUP_FAILS,
                token,
                format!("`multicluster` zone `{missing}` is not one of the plugin's zones ({})", config.zones.join(", ")),
            )
            .with_help("add the zone to the `kubernetes` line, e.g. `kubernetes cluster.local clusterset.local`"));
        }
    }
    if let (Some(zonal), true) = (&zonal, noendpoints) {
        return Err(c
            .err_at(
                &codes::SETUP_FAILS,
                zonal,
                "`zonal` needs the endpoint cache, which `noendpoints` turns off",
            )
            .with_help("remove `noendpoints` or `zonal`"));
    }

    report_without_effect(c, &endpoint, &kubeconfig, &tls);
    if let (Some(line), Some(zones), false) =
        (&fallthrough_line, &config.fallthrough, config.zones_unknown)
    {
        report_fallthrough_outside(c, line, zones, &config.zones);
    }
    Ok(config)
}

fn report_without_effect(
    c: &mut Controller<'_>,
    endpoint: &Option<Token>,
    kubeconfig: &Option<Token>,
    tls: &Option<Token>,
) {
    if let (Some(tls), None) = (tls, endpoint) {
        let d = Diagnostic::new(
            &OPTION_WITHOUT_EFFECT,
            tls.loc,
            "`tls` is ignored without `endpoint`",
        )
        .with_help("add the `endpoint` URL the certificate is for, or remove `tls`");
        c.report(d);
    }
    if let (Some(endpoint), Some(_)) = (endpoint, kubeconfig) {
        let d = Diagnostic::new(
            &OPTION_WITHOUT_EFFECT,
            endpoint.loc,
            "`endpoint` is ignored when `kubeconfig` is set",
        )
        .with_help("remove one of them");
        c.report(d);
    }
}

fn report_fallthrough_outside(
    c: &mut Controller<'_>,
    line: &Token,
    fallthrough: &[String],
    zones: &[String],
) {
    let overlaps = |f: &String| {
        zones
            .iter()
            .any(|z| zone::is_subdomain(z, f) || zone::is_subdomain(f, z))
    };
    let outside: Vec<&str> = fallthrough
        .iter()
        .filter(|f| !overlaps(f))
        .map(String::as_str)
        .collect();
    if outside.is_empty() {
        return;
    }
    let message = format!(
        "`fallthrough` zone(s) {} lie outside the plugin's zones ({}), so they never apply",
        outside
            .iter()
            .map(|z| format!("`{z}`"))
            .collect::<Vec<_>>()
            .join(", "),
        zones.join(", ")
    );
    let help = format!(
        "add them to the `kubernetes` line (`kubernetes {} {}`) or drop them",
        zones.join(" "),
        outside.join(" ")
    );
    c.report(Diagnostic::new(&FALLTHROUGH_OUTSIDE_ZONES, line.loc, message).with_help(help));
}
