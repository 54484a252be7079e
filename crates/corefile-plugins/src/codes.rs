//! Codes shared by every plugin validator (group `plugin`). Plugin-specific findings declare
//! their own [`RuleMeta`] in the plugin's file and list it in its [`crate::PluginDef::rules`].

use corefile_model::{Group, RuleMeta, Severity};

pub static ARGUMENT_COUNT: RuleMeta = RuleMeta {
    code: "PLG001",
    name: "plugin-argument-count",
    group: Group::Plugin,
    default_severity: Severity::Error,
    summary: "A plugin or one of its options has too few or too many arguments",
    doc: "## What it does\nChecks the number of arguments of a directive and of each option in its block, \
as the plugin's setup code counts them.\n\n## Why is this bad?\nCoreDNS refuses to start: \
`Wrong argument count or unexpected line ending after 'X'`.\n\n## Example\n```corefile\n. {\n    cache {\n        prefetch\n    }\n}\n```\n`prefetch` needs at least an AMOUNT.\n\n## Fix\nGive the option the arguments its syntax line shows (`corefile-lint` hover or the plugin's README).",
};

pub static INVALID_VALUE: RuleMeta = RuleMeta {
    code: "PLG002",
    name: "plugin-invalid-value",
    group: Group::Plugin,
    default_severity: Severity::Error,
    summary: "An argument is not a valid value of its type (duration, number, address, CIDR, zone, enumeration...)",
    doc: "## What it does\nParses each argument the way the plugin's setup code does: Go durations, integers with their \
ranges, IP addresses and ports, CIDRs, domain names, regular expressions and fixed keyword sets.\n\n## Why is this bad?\n\
CoreDNS refuses to start with the plugin's parse error.\n\n## Example\n```corefile\n. {\n    cache -10\n}\n```\n\
A negative TTL is refused: `cache TTL must be greater than 0`.\n\n## Fix\nWrite a value in the expected form; the message names it.",
};

pub static UNKNOWN_OPTION: RuleMeta = RuleMeta {
    code: "PLG003",
    name: "plugin-unknown-option",
    group: Group::Plugin,
    default_severity: Severity::Error,
    summary: "A line inside a plugin's block is not one of its options",
    doc: "## What it does\nChecks every line inside a plugin's `{ }` block against the options its setup code knows.\n\n\
## Why is this bad?\nCoreDNS refuses to start (`unknown property 'X'`).\n\n## Example\n```corefile\n. {\n    forward . 1.1.1.1 {\n        max_fail 3\n    }\n}\n```\n\n\
## Fix\nCorrect the spelling (the message suggests the closest option) or remove the line.",
};

pub static ONCE_PER_BLOCK: RuleMeta = RuleMeta {
    code: "PLG004",
    name: "plugin-once-per-block",
    group: Group::Plugin,
    default_severity: Severity::Error,
    summary: "A plugin that may appear only once in a server block appears again",
    doc: "## What it does\nFinds a second occurrence of a plugin whose setup rejects repeats (`plugin.ErrOnce`: cache, \
dnssec, errors, hosts, kubernetes, prometheus, nsid, pprof, loop, grpc, ready, tsig, view, shed, ...).\n\n\
## Why is this bad?\nCoreDNS refuses to start: `this plugin can only be used once per Server Block`.\n\n\
## Example\n```corefile\n. {\n    cache 30\n    cache 60\n}\n```\n\n## Fix\nMerge the two into one directive, or split the zones into separate server blocks.",
};

pub static SETUP_FAILS: RuleMeta = RuleMeta {
    code: "PLG005",
    name: "plugin-setup-error",
    group: Group::Plugin,
    default_severity: Severity::Error,
    summary: "A combination of arguments or options that the plugin's setup refuses",
    doc: "## What it does\nReports the remaining conditions under which a plugin's setup fails: conflicting \
options, missing required options, too many upstreams, values out of the plugin's zones, and the like.\n\n\
## Why is this bad?\nCoreDNS refuses to start with the plugin's error.\n\n## Example\n```corefile\n. {\n    forward . 1.1.1.1 {\n        force_tcp\n        prefer_udp\n    }\n}\n```\n\
`force_tcp` and `prefer_udp` cannot both be set.\n\n## Fix\nFollow the message: it names the conflicting parts.",
};

/// Messages with this code must say "removed in CoreDNS X.Y.Z": the driver judges the finding
/// against the configured target version.
pub static REMOVED_OPTION: RuleMeta = RuleMeta {
    code: "PLG006",
    name: "plugin-removed-option",
    group: Group::Plugin,
    default_severity: Severity::Error,
    summary: "An option an earlier CoreDNS release accepted and later ones refuse (an error for a target-version at or after the removal, else a warning)",
    doc: "## What it does\nRecognizes options that were removed from a plugin (kubernetes `upstream` and \
`resyncperiod`, `transfer to` inside file/auto/secondary/kubernetes, ...) and says what replaced them.\n\n\
## Why is this bad?\nCoreDNS refuses to start after an upgrade, typically in a kubeadm or distribution upgrade.\n\n\
## Example\n```corefile\n. {\n    kubernetes cluster.local {\n        upstream\n    }\n}\n```\n\n## Fix\nDelete the option or use its replacement, as the message says.",
};

pub static DEPRECATED: RuleMeta = RuleMeta {
    code: "PLG007",
    name: "plugin-deprecated",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "An option or form CoreDNS still accepts but warns about or ignores",
    doc: "## What it does\nFlags options that CoreDNS ignores or logs a deprecation warning for.\n\n\
## Why is this bad?\nThe line does nothing (or will stop working in a later release) while looking meaningful.\n\n\
## Example\n```corefile\n. {\n    route53 example.org.:Z1 {\n        aws_access_key AKID SECRET\n    }\n}\n```\n\n## Fix\nRemove the option or use the replacement the message names.",
};

pub static NEEDS_OUTSIDE_WORLD: RuleMeta = RuleMeta {
    code: "PLG008",
    name: "plugin-unverifiable",
    group: Group::Plugin,
    default_severity: Severity::Hint,
    summary: "A check CoreDNS makes at startup against files, the network or a cluster, which a linter cannot repeat",
    doc: "## What it does\nNotes arguments whose validity depends on the machine CoreDNS runs on: certificate and key \
files, zone files, resolv.conf paths, host names of upstreams, cloud credentials.\n\n\
## Why is this bad?\nIt is not bad by itself; CoreDNS fails at startup if the file or service is missing. \
The linter does not fail CI for it.\n\n## Example\n```corefile\n. {\n    tls cert.pem key.pem\n}\n```\n\n## Fix\nMake sure the path exists where CoreDNS runs (for Kubernetes: in the mounted volume).",
};

/// Every generic plugin code.
pub static GENERIC: &[&RuleMeta] = &[
    &ARGUMENT_COUNT,
    &INVALID_VALUE,
    &UNKNOWN_OPTION,
    &ONCE_PER_BLOCK,
    &SETUP_FAILS,
    &REMOVED_OPTION,
    &DEPRECATED,
    &NEEDS_OUTSIDE_WORLD,
];
