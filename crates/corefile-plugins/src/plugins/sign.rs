//! `sign`: signs zone files offline (in the background) and writes `db.<zone>.signed` for the
//! `file` plugin to serve. Mirrors plugin/sign/setup.go `parse` and keys.go `keyParse`: DBFILE and
//! optional zones per occurrence, then `key file ...` and `directory`. Key files are read by
//! CoreDNS at startup; DBFILE only later, when signing.

use corefile_model::{Diagnostic, Group, RuleMeta, Severity};

use super::dnssec::key_source;
use super::file::origins;
use super::shared::unknown_option;
use crate::{codes, Controller, OptionDef, PluginDef, SetupResult};

pub static NO_KEYS: RuleMeta = RuleMeta {
    code: "PLG414",
    name: "sign-without-keys",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "`sign` without a `key file` line produces no signed zone",
    doc: "## What it does\nFinds `sign` directives whose block loads no key.\n\n\
## Why is this bad?\nCoreDNS starts, but there is no key to sign with, so the signed zone file is never written \
and the `file` plugin that should serve it has nothing to load.\n\n\
## Example\n```corefile\nexample.org {\n    sign db.example.org\n    file /var/lib/coredns/db.example.org.signed\n}\n```\n\n\
## Fix\nAdd a block with `key file Kexample.org.+013+45330`.",
};

static OPTIONS: &[OptionDef] = &[
    OptionDef {
        name: "key",
        args: "file KEY...",
        doc: "Signing keys as BIND key files `K<zone>+<alg>+<id>` (the `.key` and `.private` are both read); the keys \
must be KSK/CSK keys.",
        values: &["file"],
    },
    OptionDef {
        name: "directory",
        args: "DIR",
        doc: "Where to write `db.<zone>.signed` (default `/var/lib/coredns`).",
        values: &[],
    },
];

pub static PLUGIN: PluginDef = PluginDef {
    name: "sign",
    summary: "Sign zone files with DNSSEC keys in the background, writing signed copies for `file` to serve.",
    syntax: "sign DBFILE [ZONES...] {\n    key file KEY...\n    directory DIR\n}",
    snippet: "sign ${1:db.example.org} ${2:example.org} {\n\tkey file ${3:Kexample.org.+013+45330}\n}",
    options: OPTIONS,
    history: "Added in 1.6.3; expiration jitter since 1.6.7; DBFILE names with invalid UTF-8 are refused since 1.13.1. \
The README's `key directory DIR` has never been implemented.",
    setup,
    rules: &[&NO_KEYS],
};

const KNOWN: &[&str] = &["key", "directory"];

fn setup(c: &mut Controller<'_>) -> SetupResult {
    while c.next() {
        let directive = c.token().expect("positioned on the directive");
        if !c.next_arg() {
            return Err(c
                .arg_err()
                .with_help("give the unsigned zone file: `sign DBFILE [ZONES...]`"));
        }
        let db = c.token().expect("positioned on DBFILE");
        if db.text.contains('\u{FFFD}') {
            return Err(c.err_at(
                &codes::INVALID_VALUE,
                db,
                "the zone file name contains an invalid character (U+FFFD, from bytes that are not UTF-8)",
            ));
        }
        origins(c);
        let mut any_key = false;
        while c.next_block() {
            match c.val() {
                "key" => {
                    if c.next_arg() {
                        let word = c.token().expect("positioned on the key source");
                        if word.text == "directory" {
                            return Err(c
                                .err_at(&codes::SETUP_FAILS, word, "`key directory` is not implemented in `sign`")
                                .with_help("name each key: `key file /etc/coredns/keys/Kexample.org.+013+45330`"));
                        }
                        c.back();
                    }
                    any_key |= key_source(c, &["file"])?.is_some();
                }
                "directory" => {
                    let option = c.token().expect("positioned on the option");
                    let dirs = c.remaining_args();
                    if dirs.len() != 1 {
                        let at = dirs.get(1).copied().unwrap_or(option);
                        return Err(c
                            .err_at(
                                &codes::ARGUMENT_COUNT,
                                at,
                                format!("`directory` takes exactly one path, got {}", dirs.len()),
                            )
                            .with_help("write `directory DIR`"));
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
                    "`sign` has no key, so no signed zone is written",
                )
                .with_help("add a block with `key file KEYFILE`"),
            );
        }
    }
    Ok(())
}
