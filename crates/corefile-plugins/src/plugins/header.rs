//! `header`: sets or clears the AA, RA and RD flags of queries or responses. Mirrors
//! plugin/header/setup.go `parse` and header.go `newRules`: rules `query|response set|clear
//! FLAG...` in a block; the first occurrence that has rules is used, later ones are not read.

use crate::codes::{ARGUMENT_COUNT, INVALID_VALUE};
use crate::{Controller, OptionDef, PluginDef, SetupResult};

pub static PLUGIN: PluginDef = PluginDef {
    name: "header",
    summary: "Sets or clears header flags (aa, ra, rd) on queries or responses",
    syntax: "header {\n    query|response set|clear FLAG...\n}",
    snippet: "header {\n\t${1|query,response|} ${2|set,clear|} ${3|rd,ra,aa|}\n}",
    options: &[
        OptionDef {
            name: "query",
            args: "set|clear aa|ra|rd...",
            doc: "Changes flags of the query before the plugins after `header` see it.",
            values: &["set", "clear"],
        },
        OptionDef {
            name: "response",
            args: "set|clear aa|ra|rd...",
            doc: "Changes flags of responses produced by the plugins after `header`.",
            values: &["set", "clear"],
        },
    ],
    history: "1.8.5: added (`set|clear FLAG...`). 1.9.4: `query`/`response` selectors. \
1.12.4: the selector is required.",
    setup,
    rules: &[],
};

const FLAGS: &[&str] = &["aa", "ra", "rd"];

fn setup(c: &mut Controller<'_>) -> SetupResult {
    while c.next() {
        let mut has_rules = false;
        while c.next_block() {
            let selector_tok = c.token().expect("inside a block");
            let selector = selector_tok.text.to_lowercase();
            if selector != "query" && selector != "response" && !selector_tok.has_placeholder() {
                let mut e = c.unknown_option(&["query", "response"]);
                e.message = format!(
                    "`header` rules start with `query` or `response`, got `{}`",
                    selector_tok.text
                );
                return Err(e);
            }
            let action = c.next_arg().then(|| c.token()).flatten();
            let flags = c.remaining_args();
            let Some(action) = action else {
                return Err(c.err_at(
                    &ARGUMENT_COUNT,
                    selector_tok,
                    "missing action: write `set` or `clear` and the flags",
                ));
            };
            if flags.is_empty() {
                return Err(c.err_at(
                    &ARGUMENT_COUNT,
                    action,
                    "name at least one flag: aa, ra or rd",
                ));
            }
            let action_lower = action.text.to_lowercase();
            if action_lower != "set" && action_lower != "clear" && !action.has_placeholder() {
                return Err(c
                    .err_at(
                        &INVALID_VALUE,
                        action,
                        format!("unknown flag action `{}`", action.text),
                    )
                    .with_help("use `set` or `clear`"));
            }
            if let Some(bad) = flags
                .iter()
                .find(|f| !f.has_placeholder() && !FLAGS.contains(&f.text.to_lowercase().as_str()))
            {
                return Err(c
                    .err_at(
                        &INVALID_VALUE,
                        bad,
                        format!("unknown or unsupported flag `{}`", bad.text),
                    )
                    .with_help("flags: aa, ra, rd"));
            }
            has_rules = true;
        }
        if has_rules {
            return Ok(());
        }
    }
    Err(c
        .arg_err()
        .with_help("`header` needs a block of rules, e.g. `header { response set ra }`"))
}
