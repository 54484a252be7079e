//! `auto`: serves every zone file found in a directory, deriving each zone's origin from the file
//! name. Mirrors plugin/auto/setup.go `autoParse`: optional zones, then `directory DIR [REGEXP
//! ORIGIN_TEMPLATE]`, `reload` and the ignored `upstream`. Whether DIR exists is left to CoreDNS.

use corefile_model::{Diagnostic, Group, RuleMeta, Severity};

use super::file::{origins, parse_reload, removed_no_reload, removed_transfer};
use super::shared::{ignore_upstream, unknown_option};
use crate::values::{duration, number, regex};
use crate::{codes, Controller, OptionDef, PluginDef, SetupResult};

/// Go's `maxRegexpLen` in plugin/auto.
const MAX_REGEXP_LEN: usize = 10000;

pub static NO_DIRECTORY: RuleMeta = RuleMeta {
    code: "PLG402",
    name: "auto-without-directory",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "`auto` without a `directory` option never loads a zone",
    doc: "## What it does\nFinds `auto` directives whose block has no `directory` line.\n\n\
## Why is this bad?\nCoreDNS accepts it, but `auto` then scans an empty path, finds no zone files and \
answers nothing; every query for its zones goes on to the next plugin or fails.\n\n\
## Example\n```corefile\nexample.org {\n    auto\n}\n```\n\n## Fix\nAdd `directory DIR` naming the folder that holds the zone files.",
};

pub static REPEATED: RuleMeta = RuleMeta {
    code: "PLG403",
    name: "auto-repeated",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "Several `auto` directives in one server block: only the last one's settings count",
    doc: "## What it does\nFinds a second `auto` in the same server block.\n\n\
## Why is this bad?\nAll occurrences write into one configuration: the zones, directory, pattern and \
reload interval of the last occurrence replace the earlier ones, so the earlier directories are never served.\n\n\
## Example\n```corefile\n. {\n    auto a.org {\n        directory /zones/a\n    }\n    auto b.org {\n        directory /zones/b\n    }\n}\n```\n\n\
## Fix\nUse one `auto` with a REGEXP that matches all files, or put the zones in separate server blocks.",
};

pub static TEMPLATE_WITHOUT_GROUP: RuleMeta = RuleMeta {
    code: "PLG404",
    name: "auto-template-without-group",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "An `auto` ORIGIN_TEMPLATE that uses no `{N}` group gives every file the same origin",
    doc: "## What it does\nChecks that the ORIGIN_TEMPLATE of `directory DIR REGEXP ORIGIN_TEMPLATE` refers to at \
least one capture group of REGEXP as `{1}`, `{2}`, ...\n\n## Why is this bad?\nThe origin of each zone file is the \
template with the groups filled in. Without a group, every matching file is loaded for the same zone and each one \
replaces the previous one.\n\n## Example\n```corefile\n. {\n    auto {\n        directory /zones db\\.(.*) example.org\n    }\n}\n```\n\n\
## Fix\nWrite the template with the group that holds the zone name, e.g. `{1}`.",
};

static OPTIONS: &[OptionDef] = &[
    OptionDef {
        name: "directory",
        args: "DIR [REGEXP ORIGIN_TEMPLATE]",
        doc: "Folder to scan for zone files. REGEXP (default `db\\.(.*)`) selects files and captures parts of the name; \
ORIGIN_TEMPLATE (default `{1}`) builds the zone name from them.",
        values: &[],
    },
    OptionDef {
        name: "reload",
        args: "DURATION",
        doc: "How often to rescan the folder and reload changed zones (default `1m`); `0` turns it off.",
        values: &[],
    },
    OptionDef {
        name: "upstream",
        args: "[ADDRESS...]",
        doc: "Obsolete and ignored: CNAME targets outside the zones are always resolved through CoreDNS itself.",
        values: &[],
    },
];

pub static PLUGIN: PluginDef = PluginDef {
    name: "auto",
    summary: "Serve all zone files found in a directory, naming each zone after its file.",
    syntax: "auto [ZONES...] {\n    directory DIR [REGEXP ORIGIN_TEMPLATE]\n    reload DURATION\n}",
    snippet: "auto ${1:example.org} {\n\tdirectory ${2:/etc/coredns/zones}\n}",
    options: OPTIONS,
    history: "`no_reload` and the TIMEOUT argument of `directory` became errors in 1.5.0 (use `reload`); REGEXP and \
ORIGIN_TEMPLATE must be given together since 1.5.1; `transfer to` moved to the `transfer` plugin in 1.8.0; \
negative `reload` rejected since 1.8.7; REGEXP limited to 10000 bytes since 1.13.2.",
    setup,
    rules: &[&NO_DIRECTORY, &REPEATED, &TEMPLATE_WITHOUT_GROUP],
};

const KNOWN: &[&str] = &["directory", "reload", "upstream"];

fn setup(c: &mut Controller<'_>) -> SetupResult {
    let mut occurrences = 0;
    while c.next() {
        let directive = c.token().expect("positioned on the directive");
        occurrences += 1;
        if occurrences == 2 {
            c.report(
                Diagnostic::new(
                    &REPEATED,
                    directive.loc,
                    "a second `auto` replaces the settings of the first one",
                )
                .with_help("merge them into one `auto`, or move one into its own server block"),
            );
        }
        origins(c);
        let mut has_directory = false;
        while c.next_block() {
            match c.val() {
                "directory" => {
                    directory(c)?;
                    has_directory = true;
                }
                "reload" => {
                    if let Some((value, nanos)) = parse_reload(c)? {
                        if nanos < 0 {
                            return Err(c
                                .err_at(
                                    &codes::INVALID_VALUE,
                                    value,
                                    "`reload` must not be negative",
                                )
                                .with_help(
                                    "use a positive interval, or `0` to turn rescanning off",
                                ));
                        }
                    }
                }
                "upstream" => ignore_upstream(c),
                "transfer" => return Err(removed_transfer(c)),
                "no_reload" => return Err(removed_no_reload(c)),
                _ => unknown_option(c, KNOWN)?,
            }
        }
        if !has_directory {
            c.report(
                Diagnostic::new(
                    &NO_DIRECTORY,
                    directive.loc,
                    "`auto` has no `directory`, so it never loads a zone",
                )
                .with_help("add `directory DIR` inside the block"),
            );
        }
    }
    Ok(())
}

/// `directory DIR [REGEXP ORIGIN_TEMPLATE]`, with the cursor on `directory`.
fn directory(c: &mut Controller<'_>) -> SetupResult {
    if !c.next_arg() {
        return Err(c
            .arg_err()
            .with_help("write `directory DIR [REGEXP ORIGIN_TEMPLATE]`"));
    }
    if c.next_arg() {
        let pattern = c.token().expect("positioned on REGEXP");
        let mut judged_groups = None;
        if !pattern.has_placeholder() {
            if pattern.text.len() > MAX_REGEXP_LEN {
                return Err(c.err_at(
                    &codes::INVALID_VALUE,
                    pattern,
                    format!(
                        "the `directory` REGEXP is {} bytes long, more than the 10000 allowed",
                        pattern.text.len()
                    ),
                ));
            }
            let groups = regex::compile(&pattern.text)
                .map(|r| r.groups)
                .map_err(|e| {
                    c.err_at(
                        &codes::INVALID_VALUE,
                        pattern,
                        format!("`directory` REGEXP: {e}"),
                    )
                })?;
            if groups == 0 {
                return Err(c
                    .err_at(&codes::INVALID_VALUE, pattern, "the `directory` REGEXP has no capture group")
                    .with_help("capture the zone name, e.g. `db\\.(.*)`, and use it as `{1}` in ORIGIN_TEMPLATE"));
            }
            judged_groups = Some(groups);
        }
        if !c.next_arg() {
            return Err(c
                .arg_err()
                .with_help("a REGEXP needs an ORIGIN_TEMPLATE after it, e.g. `{1}`"));
        }
        let template = c.token().expect("positioned on ORIGIN_TEMPLATE");
        if judged_groups.is_some()
            && !template.has_placeholder()
            && !refers_to_group(&template.text)
        {
            let message = format!(
                "ORIGIN_TEMPLATE `{}` uses no `{{N}}` group: every file gets the same origin",
                template.text
            );
            c.report(
                Diagnostic::new(&TEMPLATE_WITHOUT_GROUP, template.loc, message).with_help(
                    "put the group that captures the zone name into the template, e.g. `{1}`",
                ),
            );
        }
    }
    if c.next_arg() {
        let extra = c.token().expect("positioned on the extra argument");
        if number::parse_atoi(&extra.text).is_ok() || duration::parse_duration(&extra.text).is_ok()
        {
            return Err(c
                .err_at(
                    &codes::REMOVED_OPTION,
                    extra,
                    "the TIMEOUT argument of `directory` was removed in CoreDNS 1.5.0",
                )
                .with_help(format!(
                    "delete it and write `reload {}` on its own line",
                    reload_spelling(&extra.text)
                )));
        }
        return Err(c
            .arg_err()
            .with_help("write `directory DIR [REGEXP ORIGIN_TEMPLATE]`"));
    }
    Ok(())
}

/// TIMEOUT used to be whole seconds; `reload` wants a unit.
fn reload_spelling(timeout: &str) -> String {
    if number::parse_atoi(timeout).is_ok() {
        format!("{timeout}s")
    } else {
        timeout.to_string()
    }
}

/// `{N}` or `{name}` somewhere in the template: each `{` becomes `${` for Go's `Regexp.Expand`,
/// which takes a group number or name made of letters, digits and `_`.
/// A `$` makes Go expand `$1`/`$name` forms too; such templates are not judged.
fn refers_to_group(template: &str) -> bool {
    template.contains('$')
        || template.split('{').skip(1).any(|rest| {
            let name = rest
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
                .count();
            name > 0 && rest.as_bytes().get(name) == Some(&b'}')
        })
}
