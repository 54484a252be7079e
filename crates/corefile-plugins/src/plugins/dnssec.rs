//! `dnssec`: signs answers on the fly with DNSSEC keys. Mirrors plugin/dnssec/setup.go
//! `dnssecParse` and `keyParse`: once per server block, optional zones, then `key file ...`,
//! `key aws_secretsmanager ...` and `cache_capacity`. Reading the keys (files or AWS Secrets
//! Manager) is left to CoreDNS; the owner name in a BIND key file name is used for a warning.

use corefile_model::{Diagnostic, Group, RuleMeta, Severity, Token};

use super::file::origins;
use super::shared::unknown_option;
use crate::values::{number, zone};
use crate::{codes, Controller, OptionDef, PluginDef, SetupResult};

pub static NO_KEYS: RuleMeta = RuleMeta {
    code: "PLG411",
    name: "dnssec-without-keys",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "`dnssec` without any `key` signs nothing",
    doc: "## What it does\nFinds `dnssec` directives that load no key: no `key` line, or only `key` lines whose \
source is not `file` or `aws_secretsmanager`.\n\n## Why is this bad?\nCoreDNS starts, but with no key there is nothing \
to sign with and answers go out unsigned.\n\n## Example\n```corefile\nexample.org {\n    dnssec\n}\n```\n\n\
## Fix\nAdd `key file Kexample.org.+013+45330` (or `key aws_secretsmanager SECRET`).",
};

pub static UNKNOWN_KEY_SOURCE: RuleMeta = RuleMeta {
    code: "PLG412",
    name: "unknown-key-source",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "A `key` line of `dnssec` or `sign` whose source keyword is not recognised loads nothing",
    doc: "## What it does\nChecks the word after `key` in `dnssec` and `sign` blocks (`file`, and for `dnssec` also \
`aws_secretsmanager`).\n\n## Why is this bad?\nAny other word is accepted without a word and loads no key, so the \
zone ends up unsigned. If key names follow the word, they are read as the next option and setup fails with a \
confusing `unknown property` instead.\n\n## Example\n```corefile\nexample.org {\n    dnssec {\n        key files\n    }\n}\n```\n\n\
## Fix\nWrite `key file KEYFILE...`.",
};

pub static KEY_OUTSIDE_ZONES: RuleMeta = RuleMeta {
    code: "PLG413",
    name: "dnssec-key-outside-zones",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "A `dnssec` key file named for a zone that is not one of the plugin's zones or their parent",
    doc: "## What it does\nReads the owner name from BIND key file names (`K<owner>+<algorithm>+<id>`) given to \
`dnssec` and checks that it equals, or is a parent of, one of the zones `dnssec` signs.\n\n\
## Why is this bad?\nWhen CoreDNS loads such a key it refuses to start with `key ... can not sign any of the zones`. \
A common cause is `dnssec` without zone arguments in a `.` server block: the plugin's zone is then the root, \
which a key for `example.org.` cannot sign. (The linter cannot read the key file, so this is a warning.)\n\n\
## Example\n```corefile\n. {\n    dnssec {\n        key file Kexample.org.+013+45330\n    }\n}\n```\n\n\
## Fix\nName the zones to sign: `dnssec example.org { ... }`.",
};

static OPTIONS: &[OptionDef] = &[
    OptionDef {
        name: "key",
        args: "file|aws_secretsmanager KEY...",
        doc: "Keys to sign with: BIND key files `K<zone>+<alg>+<id>` (the `.key` and `.private` are both read), or \
AWS Secrets Manager secrets holding both parts.",
        values: &["file", "aws_secretsmanager"],
    },
    OptionDef {
        name: "cache_capacity",
        args: "CAPACITY",
        doc: "How many signatures to keep cached (default 10000).",
        values: &[],
    },
];

pub static PLUGIN: PluginDef = PluginDef {
    name: "dnssec",
    summary: "Sign answers on the fly with DNSSEC keys.",
    syntax: "dnssec [ZONES...] {\n    key file|aws_secretsmanager KEY...\n    cache_capacity CAPACITY\n}",
    snippet: "dnssec ${1:example.org} {\n\tkey file ${2:Kexample.org.+013+45330}\n}",
    options: OPTIONS,
    history: "Once per server block since 1.1.0; separate KSK/ZSK signing since 1.2.5; `key aws_secretsmanager` since \
1.11.4.",
    setup,
    rules: &[&NO_KEYS, &UNKNOWN_KEY_SOURCE, &KEY_OUTSIDE_ZONES],
};

const KNOWN: &[&str] = &["key", "cache_capacity"];

fn setup(c: &mut Controller<'_>) -> SetupResult {
    while c.next_once()? {
        let directive = c.token().expect("positioned on the directive");
        let zones = origins(c).zones;
        let mut key_files = Vec::new();
        let mut any_key = false;
        while c.next_block() {
            match c.val() {
                "key" => match key_source(c, &["file", "aws_secretsmanager"])? {
                    Some(("file", names)) => {
                        any_key = true;
                        key_files.extend(names);
                    }
                    Some(_) => any_key = true,
                    None => {}
                },
                "cache_capacity" => {
                    if !c.next_arg() {
                        return Err(c.arg_err().with_help("write `cache_capacity NUMBER`"));
                    }
                    let value = c.token().expect("positioned on the value");
                    if !value.has_placeholder() {
                        number::parse_atoi(&value.text).map_err(|e| {
                            c.err_at(
                                &codes::INVALID_VALUE,
                                value,
                                format!("`cache_capacity` must be an integer: {e}"),
                            )
                        })?;
                    }
                }
                _ => unknown_option(c, KNOWN)?,
            }
        }
        if !any_key {
            c.report(
                Diagnostic::new(
                    &NO_KEYS,
                    directive.loc,
                    "`dnssec` has no key, so nothing is signed",
                )
                .with_help("add `key file KEYFILE` inside the block"),
            );
        }
        if let Some(zones) = zones {
            for key in key_files {
                check_key_owner(c, key, &zones);
            }
        }
    }
    Ok(())
}

/// `key SOURCE NAMES...` of dnssec and sign, with the cursor on `key`. Returns the source and
/// its names, or `None` (after a warning) for a word that is not a source: Go then reads nothing more.
pub(crate) fn key_source<'t>(
    c: &mut Controller<'t>,
    sources: &[&'static str],
) -> Result<Option<(&'static str, Vec<&'t Token>)>, crate::PluginError> {
    if !c.next_arg() {
        return Err(c
            .arg_err()
            .with_help(format!("write `key {} KEY...`", sources[0])));
    }
    let word = c.token().expect("positioned on the key source");
    let Some(source) = sources.iter().copied().find(|s| *s == word.text) else {
        if !word.has_placeholder() {
            let message = format!(
                "`key {}` loads nothing: the source must be {}",
                word.text,
                or_list(sources)
            );
            let mut d = Diagnostic::new(&UNKNOWN_KEY_SOURCE, word.loc, message);
            if let Some(s) = corefile_model::did_you_mean(&word.text, sources.iter().copied()) {
                d = d.with_help(format!("did you mean `{s}`?"));
            }
            c.report(d);
        }
        return Ok(None);
    };
    let names = c.remaining_args();
    if names.is_empty() {
        return Err(c
            .arg_err()
            .with_help(format!("name the keys: `key {source} KEY...`")));
    }
    Ok(Some((source, names)))
}

fn or_list(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(" or ")
}

/// The owner name in a BIND key file name `K<owner>+<alg>+<id>[.key|.private]`, normalized.
fn key_owner(path: &str) -> Option<String> {
    let file = path.rsplit('/').next()?;
    let base = file
        .strip_suffix(".key")
        .or_else(|| file.strip_suffix(".private"))
        .unwrap_or(file);
    let rest = base.strip_prefix('K')?;
    let mut fields = rest.rsplitn(3, '+');
    let id = fields.next()?;
    let algorithm = fields.next()?;
    let owner = fields.next()?;
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(algorithm, 3) || !digits(id, 5) || owner.is_empty() {
        return None;
    }
    zone::normalize_zone(owner).ok()?.into_iter().next()
}

fn check_key_owner(c: &mut Controller<'_>, key: &Token, zones: &[String]) {
    if key.has_placeholder() {
        return;
    }
    let Some(owner) = key_owner(&key.text) else {
        return;
    };
    if zones.iter().any(|z| zone::is_subdomain(&owner, z)) {
        return;
    }
    let listed = zones
        .iter()
        .map(|z| format!("`{z}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let message = format!(
        "key `{}` is for `{owner}`, which is not one of the zones {} or their parent: CoreDNS will refuse it",
        key.text,
        if listed.is_empty() { "(none)".to_string() } else { listed }
    );
    c.report(
        Diagnostic::new(&KEY_OUTSIDE_ZONES, key.loc, message).with_help(format!(
            "name the zone to sign: `dnssec {}`",
            owner.trim_end_matches('.')
        )),
    );
}
