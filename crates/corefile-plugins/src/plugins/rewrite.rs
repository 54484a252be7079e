//! `rewrite`: rewrites the question (name, type, class, EDNS0 options) before later plugins see it
//! and the response (names, TTLs, rcodes, CNAME targets) on the way back. Mirrors
//! plugin/rewrite/setup.go `rewriteParse` and the rule constructors it dispatches to:
//! rewrite.go `newRule`, name.go `newNameRule`/`parseAnswerRules`/`isValidRegexPattern`,
//! class.go, type.go, ttl.go `isValidTTL`, rcode.go `isValidRCode`, cname_target.go and
//! edns0.go (local, nsid, subnet, variables, `revert`, `unset`).

use corefile_model::{Diagnostic, Group, RuleMeta, Severity, Token};

use crate::codes::{ARGUMENT_COUNT, INVALID_VALUE, SETUP_FAILS};
use crate::values::{dns, number, regex, zone};
use crate::{Controller, OptionDef, PluginDef, PluginError, SetupResult};

pub static PLUGIN: PluginDef = PluginDef {
    name: "rewrite",
    summary: "Rewrites queries (name, type, class, EDNS0) and responses (names, TTL, rcode, CNAME targets)",
    syntax: "rewrite [continue|stop] name [exact|prefix|suffix|substring|regex] FROM TO [answer auto|answer name FROM TO|answer value FROM TO]...\n\
rewrite [continue|stop] class FROM TO\n\
rewrite [continue|stop] type FROM TO\n\
rewrite [continue|stop] ttl [exact|prefix|suffix|substring|regex] NAME TTL|MIN-MAX\n\
rewrite [continue|stop] rcode [exact|prefix|suffix|substring|regex] NAME FROM TO\n\
rewrite [continue|stop] cname [exact|prefix|suffix|substring|regex] FROM TO\n\
rewrite [continue|stop] edns0 local|nsid|subnet append|replace|set|unset ... [revert]\n\
rewrite [continue|stop] {\n    RULE...\n}",
    snippet: "rewrite name ${1:from.example.org} ${2:to.example.org}",
    options: &[
        OptionDef {
            name: "name",
            args: "[exact|prefix|suffix|substring|regex] FROM TO [answer ...]",
            doc: "Rewrites the query name. Without a match type the match is exact. Non-regex names are \
lower-cased and get a trailing dot; `regex` patterns are Go RE2 and may use `{N}` group markers in TO.",
            values: MATCH_TYPES,
        },
        OptionDef {
            name: "answer",
            args: "auto | name FROM TO | value FROM TO",
            doc: "After a `name` rule with an explicit match type: rewrites the response back. `auto` \
reverses the question rewrite; `name` rewrites owner names and `value` rewrites names in record data, \
both by regular expression.",
            values: &["auto", "name", "value"],
        },
        OptionDef {
            name: "class",
            args: "FROM TO",
            doc: "Rewrites the query class (IN, CH, HS, CS, NONE, ANY).",
            values: dns::CLASSES,
        },
        OptionDef {
            name: "type",
            args: "FROM TO",
            doc: "Rewrites the query type (A, AAAA, MX, ...; no TYPEnnn form).",
            values: &[],
        },
        OptionDef {
            name: "ttl",
            args: "[MATCH] NAME TTL|MIN-MAX",
            doc: "Sets response TTLs for matching names, to a value or clamped to a range (`-MAX`, `MIN-`).",
            values: MATCH_TYPES,
        },
        OptionDef {
            name: "rcode",
            args: "[MATCH] NAME FROM TO",
            doc: "Replaces the response code FROM by TO (a name such as NXDOMAIN or a number 0-23).",
            values: MATCH_TYPES,
        },
        OptionDef {
            name: "cname",
            args: "[MATCH] FROM TO",
            doc: "Rewrites CNAME targets in responses and resolves the new target through CoreDNS.",
            values: MATCH_TYPES,
        },
        OptionDef {
            name: "edns0",
            args: "local|nsid|subnet append|replace|set|unset ... [revert]",
            doc: "Adds, replaces or removes an EDNS0 option: `local CODE DATA` (DATA may be `0x` hex or a \
variable such as `{client_ip}` or `{label/name}`), `nsid`, or `subnet V4BITS V6BITS`.",
            values: &["local", "nsid", "subnet"],
        },
        OptionDef {
            name: "continue",
            args: "RULE",
            doc: "Applies the rule and goes on with the next rules.",
            values: &[],
        },
        OptionDef {
            name: "stop",
            args: "RULE",
            doc: "Applies the rule and stops rule processing (the default).",
            values: &[],
        },
    ],
    history: "0.9.9: `continue`/`stop`. 1.0.2: prefix, suffix, substring and regex matching. 1.0.5: `answer name` \
(regex rules only until 1.8.3). 1.2.0: edns0 metadata variables. 1.2.3: `ttl` rules. 1.2.5: exact rules rewrite answers \
back automatically. 1.8.2: `answer value`. 1.8.4: answer rules for every match type. 1.9.4: TTL ranges. 1.11.0: `cname` \
rules. 1.11.3: `rcode` rules. 1.11.4: edns0 `revert`. 1.12.3: edns0 `unset`. 1.14.0: regex patterns limited to 10000 \
bytes. 1.14.3: runs before `acl`; 1.14.7: and before `cache`.",
    setup,
    rules: &[&PREFIX_GETS_DOT, &ANSWER_AUTO_AS_PATTERN, &UNANCHORED_REGEX, &LITERAL_GROUP_MARKER, &CNAME_LOWERCASED_REGEX, &UPPERCASE_HEX_PREFIX, &STOP_SHADOWS_LATER],
};

const MATCH_TYPES: &[&str] = &["exact", "prefix", "suffix", "substring", "regex"];
const RULE_TYPES: &[&str] = &["name", "class", "type", "edns0", "ttl", "cname", "rcode"];
/// `maxRegexpLen` of plugin/rewrite.
const MAX_REGEX_LEN: usize = 10000;

pub static PREFIX_GETS_DOT: RuleMeta = RuleMeta {
    code: "PLG201",
    name: "rewrite-prefix-gets-dot",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "A `prefix` or `substring` name match without a trailing dot, which CoreDNS appends",
    doc: "## What it does\nFlags `prefix` and `substring` name, ttl and rcode rules whose FROM does not end in `.`.\n\n\
## Why is this bad?\nCoreDNS normalizes FROM and TO like domain names and appends a dot, so `prefix api- web-` \
only matches names starting with `api-.`, and `substring foo bar` only replaces `foo.`. A label fragment never \
matches.\n\n## Example\n```corefile\n. {\n    rewrite name prefix api- web-\n}\n```\n\n\
## Fix\nWrite the dot yourself if whole labels are meant (`prefix api. web.`); use a `regex` rule to match part of a label.",
};

pub static ANSWER_AUTO_AS_PATTERN: RuleMeta = RuleMeta {
    code: "PLG202",
    name: "rewrite-answer-auto-as-pattern",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "`answer name auto` or `answer value auto`: `auto` is read as a regular expression",
    doc: "## What it does\nFinds `answer name auto` and `answer value auto` in a name rule.\n\n## Why is this bad?\n\
`auto` is only a keyword directly after `answer`. After `name`/`value` it becomes the FROM regex and the next \
word the replacement, so the answer is not rewritten back the way the user meant.\n\n## Example\n```corefile\n. {\n    \
rewrite name regex (.*)\\.a\\.example {1}.b.example answer name auto answer value (.*)\\.b\\.example {1}.a.example\n}\n```\n\n\
## Fix\nWrite `answer auto`.",
};

pub static UNANCHORED_REGEX: RuleMeta = RuleMeta {
    code: "PLG203",
    name: "rewrite-unanchored-regex",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "A regex name rule with neither `^` nor `$`, which matches anywhere in the name",
    doc: "## What it does\nFlags `rewrite name regex` patterns that start without `^` and end without `$`.\n\n\
## Why is this bad?\nThe pattern is searched anywhere in the query name: `regex foo\\.com bar.com` also rewrites \
`xfoo.com.evil.` and replaces the whole name by TO.\n\n## Example\n```corefile\n. {\n    rewrite name regex foo\\.example\\.com bar.example.com\n}\n```\n\n\
## Fix\nAnchor the pattern: `^foo\\.example\\.com\\.$`, or use an `exact` or `suffix` rule.",
};

pub static LITERAL_GROUP_MARKER: RuleMeta = RuleMeta {
    code: "PLG204",
    name: "rewrite-literal-group-marker",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "A `{N}` marker in a regex replacement whose group does not exist, so it stays literal",
    doc: "## What it does\nChecks every `{N}` in a regex replacement against the pattern's capture groups.\n\n\
## Why is this bad?\nCoreDNS only counts how many distinct markers are used; `regex (.*)\\.a {2}.b` passes that \
check, but `{2}` is never replaced and the rewritten name contains `{2}` literally.\n\n## Example\n```corefile\n. {\n    \
rewrite name regex (.*)\\.a\\.example {2}.b.example\n}\n```\n\n## Fix\nNumber the markers after the groups: `{1}` is the first group, `{0}` the whole match.",
};

pub static CNAME_LOWERCASED_REGEX: RuleMeta = RuleMeta {
    code: "PLG205",
    name: "rewrite-cname-regex-case",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "A cname regex with upper-case escapes (`\\D`, `\\W`, `\\S`, `\\B`), which CoreDNS lower-cases",
    doc: "## What it does\nFlags `rewrite cname regex` patterns containing `\\D`, `\\W`, `\\S` or `\\B`.\n\n\
## Why is this bad?\nCoreDNS lower-cases the whole pattern of a cname rule before compiling it, so `\\D` (non-digit) \
becomes `\\d` (digit) and the rule matches the opposite of what it says.\n\n## Example\n```corefile\n. {\n    \
rewrite cname regex (\\D+)\\.a\\.example {1}.b.example\n}\n```\n\n## Fix\nUse a class instead: `[^0-9]`, `[^a-z0-9_]`, `[^ \\t]`.",
};

pub static UPPERCASE_HEX_PREFIX: RuleMeta = RuleMeta {
    code: "PLG206",
    name: "rewrite-edns0-uppercase-hex",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "EDNS0 local data written `0X…`, which is sent as text, not decoded as hex",
    doc: "## What it does\nFlags `edns0 local` DATA starting with `0X`.\n\n## Why is this bad?\nOnly a lower-case `0x` \
prefix makes CoreDNS decode the data as hex; `0XABCD` is sent as the six bytes of the text `0XABCD`.\n\n\
## Example\n```corefile\n. {\n    rewrite edns0 local set 0xffee 0XABCD\n}\n```\n\n## Fix\nWrite `0xabcd`.",
};

pub static STOP_SHADOWS_LATER: RuleMeta = RuleMeta {
    code: "PLG208",
    name: "rewrite-stop-shadows-later-rules",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "A `stop` rewrite rule that applies to every query, so the rewrite rules after it never run",
    doc: "## What it does\nFinds `stop` rules (the default mode) that rewrite every query: EDNS0 `local` or `nsid` rules \
with `set`, `append` or `unset`, and `name regex` rules whose pattern is `.*` or `(.*)`, when more `rewrite` rules \
follow in the block.\n\n## Why is this bad?\nRules run in order and a matching `stop` rule ends rule processing, so \
every later rule is dead although the configuration lists it.\n\n## Example\n```corefile\n. {\n    \
rewrite edns0 local set 0xffee abcd\n    rewrite name old.example. new.example.\n}\n```\n\n## Fix\nWrite \
`rewrite continue ...` for the rule that should let the others run, or move it last.",
};

/// A rule that rewrites every query and stops rule processing: its `stop` token (or the rule
/// type when the mode is implicit).
fn stops_every_query<'t>(args: Args<'_, 't>) -> Option<&'t Token> {
    let first = args.first()?;
    let rest = match first.text.to_lowercase().as_str() {
        "continue" => return None,
        "stop" => &args[1..],
        _ => args,
    };
    let lower = |i: usize| rest.get(i).map(|t| t.text.to_lowercase());
    let always = match lower(0)?.as_str() {
        // EDNS0 local (literal data) and nsid rules report a rewrite for every query with these actions.
        "edns0" => {
            let action = lower(2).unwrap_or_default();
            let literal_data = rest
                .get(4)
                .is_none_or(|d| !(d.text.starts_with('{') && d.text.ends_with('}')));
            matches!(lower(1).as_deref(), Some("local" | "nsid"))
                && matches!(action.as_str(), "set" | "append" | "unset")
                && literal_data
        }
        "name" if lower(1).as_deref() == Some("regex") => {
            let pattern = rest.get(2).map(|t| t.text.as_str()).unwrap_or("x");
            let bare = pattern.strip_prefix('^').unwrap_or(pattern);
            let bare = bare.strip_suffix('$').unwrap_or(bare);
            matches!(bare, "" | ".*" | "(.*)")
        }
        _ => false,
    };
    always.then_some(*first)
}

fn setup(c: &mut Controller<'_>) -> SetupResult {
    let mut rules = Vec::new();
    while c.next() {
        let directive = c.token().expect("positioned on a token");
        let mut args = c.remaining_args();
        // Only a line with fewer than two arguments reads a block, flattened into the argument list.
        if args.len() < 2 {
            while c.next_block() {
                args.extend(c.token());
            }
        }
        check_rule(c, directive, &args)?;
        rules.push(args);
    }
    if let Some(index) = rules.iter().position(|r| stops_every_query(r).is_some()) {
        let later = rules.len() - index - 1;
        if later > 0 {
            let at = stops_every_query(&rules[index]).expect("found above");
            let d = Diagnostic::new(
                &STOP_SHADOWS_LATER,
                at.loc,
                format!("this rule rewrites every query and stops: the {later} `rewrite` rule(s) after it never apply"),
            )
            .with_help("write `rewrite continue ...` for this rule, or move it after the others");
            c.report(d);
        }
    }
    Ok(())
}

type Args<'a, 't> = &'a [&'t Token];

/// A token whose value is only known at run time: every check on it passes.
fn unknown(tok: &Token) -> bool {
    tok.has_placeholder()
}

fn count_err(c: &Controller<'_>, at: &Token, message: impl Into<String>) -> PluginError {
    c.err_at(&ARGUMENT_COUNT, at, message)
}

fn value_err(c: &Controller<'_>, at: &Token, message: impl Into<String>) -> PluginError {
    c.err_at(&INVALID_VALUE, at, message)
}

/// `newRule`: the optional mode, then the rule type.
fn check_rule(c: &mut Controller<'_>, directive: &Token, args: Args<'_, '_>) -> SetupResult {
    let Some(first) = args.first() else {
        return Err(count_err(
            c,
            directive,
            "`rewrite` needs a rule, e.g. `rewrite name FROM TO`",
        )
        .with_help(format!("rule types: {}", RULE_TYPES.join(", "))));
    };
    if unknown(first) {
        return Ok(());
    }
    let first_lower = first.text.to_lowercase();
    let (rule_type, rest) = if first_lower == "continue" || first_lower == "stop" {
        let Some(kind) = args.get(1) else {
            return Err(count_err(
                c,
                first,
                format!("`{first_lower}` must be followed by a rule type"),
            )
            .with_help(format!("rule types: {}", RULE_TYPES.join(", "))));
        };
        (*kind, &args[2..])
    } else {
        (*first, &args[1..])
    };
    if unknown(rule_type) {
        return Ok(());
    }
    match rule_type.text.to_lowercase().as_str() {
        "answer" => Err(c
            .err_at(
                &SETUP_FAILS,
                rule_type,
                "response rewrites (`answer ...`) must follow a `name` rule",
            )
            .with_help("write `rewrite name MATCH FROM TO answer ...`")),
        "name" => name_rule(c, rule_type, rest),
        "class" | "type" if rest.len() != 2 => {
            let last = rest.last().copied().unwrap_or(rule_type);
            Err(count_err(
                c,
                last,
                format!(
                    "`{}` rules take exactly two values, FROM and TO",
                    rule_type.text.to_lowercase()
                ),
            ))
        }
        "class" => check_each(c, rest, |tok| {
            let upper = tok.text.to_uppercase();
            (!dns::is_class(&upper)).then(|| {
                format!(
                    "invalid class `{upper}`; expected one of {}",
                    dns::CLASSES.join(", ")
                )
            })
        }),
        "type" => check_each(c, rest, |tok| {
            let upper = tok.text.to_uppercase();
            (!dns::is_qtype(&upper)).then(|| format!("invalid query type `{upper}`; use a type name such as A, AAAA, MX, SRV (TYPEnnn is not accepted)"))
        }),
        "edns0" => edns0_rule(c, rule_type, rest),
        "ttl" => ttl_rule(c, rule_type, rest),
        "cname" => cname_rule(c, rule_type, rest),
        "rcode" => rcode_rule(c, rule_type, rest),
        _ => {
            let mut e = value_err(
                c,
                rule_type,
                format!("unknown rewrite rule type `{}`", rule_type.text),
            );
            if let Some(s) = corefile_model::did_you_mean(
                &rule_type.text.to_lowercase(),
                RULE_TYPES.iter().copied(),
            ) {
                e = e.with_help(format!("did you mean `{s}`?"));
            } else {
                e = e.with_help(format!("rule types: {}", RULE_TYPES.join(", ")));
            }
            Err(e)
        }
    }
}

/// Fails at the first token for which `problem` returns a message.
fn check_each(
    c: &Controller<'_>,
    args: Args<'_, '_>,
    problem: impl Fn(&Token) -> Option<String>,
) -> SetupResult {
    for tok in args.iter().copied().filter(|t| !unknown(t)) {
        if let Some(message) = problem(tok) {
            return Err(value_err(c, tok, message));
        }
    }
    Ok(())
}

/// Which pattern `isValidRegexPattern` is checking.
#[derive(Clone, Copy)]
enum PatternRole {
    /// An exact rule's TO, compiled as a regex with FROM as its "replacement" (a CoreDNS quirk).
    ExactTo,
    /// A regex name rule's FROM.
    Question,
    /// The FROM of `answer name` or `answer value`.
    Answer(&'static str),
}

impl PatternRole {
    fn context(self) -> String {
        match self {
            PatternRole::ExactTo => "name rule TO: ".to_string(),
            PatternRole::Question => String::new(),
            PatternRole::Answer(kind) => format!("answer {kind} rule: "),
        }
    }
}

/// The regex checks of plugin/rewrite `isValidRegexPattern(pattern, replacement)`.
fn check_regex_pattern(
    c: &mut Controller<'_>,
    pattern: &str,
    pattern_tok: &Token,
    replacement: &str,
    replacement_tok: &Token,
    role: PatternRole,
) -> SetupResult {
    let context = role.context();
    if unknown(pattern_tok) {
        return Ok(());
    }
    if pattern.len() > MAX_REGEX_LEN {
        return Err(value_err(
            c,
            pattern_tok,
            format!(
                "{context}regex pattern too long: {} bytes, at most {MAX_REGEX_LEN} allowed",
                pattern.len()
            ),
        ));
    }
    let compiled = regex::compile(pattern).map_err(|e| {
        value_err(
            c,
            pattern_tok,
            format!("{context}invalid regular expression `{pattern}`: {e}"),
        )
    })?;
    if unknown(replacement_tok) {
        return Ok(());
    }
    let markers = group_markers(replacement);
    if markers.len() > compiled.groups {
        return Err(c
            .err_at(
                &SETUP_FAILS,
                replacement_tok,
                format!(
                    "{context}replacement `{replacement}` uses {} group markers but `{pattern}` has only {} capture group(s)",
                    markers.len(),
                    compiled.groups
                ),
            )
            .with_help("CoreDNS counts the distinct `{N}` markers (including `{0}`); add groups or remove markers"));
    }
    let replaces_groups = !matches!(role, PatternRole::ExactTo);
    if let Some(missing) = markers
        .iter()
        .find(|&&n| n > compiled.groups)
        .filter(|_| replaces_groups)
    {
        let d = Diagnostic::new(
            &LITERAL_GROUP_MARKER,
            replacement_tok.loc,
            format!("`{{{missing}}}` in `{replacement}` names no capture group of `{pattern}` and stays literal"),
        );
        c.report(d);
    }
    Ok(())
}

/// The distinct `{0}`..`{100}` markers in a replacement (what `getSubExprUsage` counts).
fn group_markers(replacement: &str) -> Vec<usize> {
    let mut found: Vec<usize> = Vec::new();
    let mut rest = replacement;
    while let Some(open) = rest.find('{') {
        rest = &rest[open + 1..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || !rest[digits..].starts_with('}') {
            continue;
        }
        let text = &rest[..digits];
        // `{01}` is not the text of any `{N}` Go looks for.
        let canonical = digits == 1 || !text.starts_with('0');
        if let Ok(n) = text.parse::<usize>() {
            if canonical && n <= 100 && !found.contains(&n) {
                found.push(n);
            }
        }
    }
    found
}

fn warn_missing_dot(c: &mut Controller<'_>, match_type: &str, from: &Token) {
    if (match_type == "prefix" || match_type == "substring")
        && !unknown(from)
        && !zone::is_fqdn(&from.text)
    {
        let d = Diagnostic::new(
            &PREFIX_GETS_DOT,
            from.loc,
            format!(
                "`{match_type}` match `{}` gets a trailing dot: only names {} `{}` match",
                from.text,
                if match_type == "prefix" { "starting with" } else { "containing" },
                zone::normalize_name(&from.text)
            ),
        )
        .with_help("write the trailing dot to match whole labels, or use a `regex` rule to match part of a label");
        c.report(d);
    }
}

/// `newNameRule`.
fn name_rule(c: &mut Controller<'_>, rule_type: &Token, r: Args<'_, '_>) -> SetupResult {
    if r.len() < 2 {
        let last = r.last().copied().unwrap_or(rule_type);
        return Err(count_err(
            c,
            last,
            "a `name` rule needs FROM and TO (and an optional match type before them)",
        ));
    }
    if r.len() == 2 {
        return exact_name_rule(c, r[0], r[1]);
    }
    if unknown(r[0]) {
        return Ok(());
    }
    let match_type = r[0].text.to_lowercase();
    let (from, to) = (r[1], r[2]);
    if r.len() > 3 {
        answer_rules(c, &match_type, &r[3..])?;
    }
    match match_type.as_str() {
        "exact" => exact_name_rule(c, from, to),
        "prefix" | "suffix" | "substring" => {
            warn_missing_dot(c, &match_type, from);
            Ok(())
        }
        "regex" => {
            check_regex_pattern(c, &from.text, from, &to.text, to, PatternRole::Question)?;
            if !unknown(from) && !from.text.starts_with('^') && !from.text.ends_with('$') {
                let d = Diagnostic::new(
                    &UNANCHORED_REGEX,
                    from.loc,
                    format!("regex `{}` is not anchored: it matches anywhere in the query name", from.text),
                )
                .with_help("add `^` and `$` (query names end with a dot: `\\.$`) or use an exact/suffix rule");
                c.report(d);
            }
            Ok(())
        }
        _ => Err(match_type_err(c, r[0], "name")),
    }
}

/// Exact rules compile the normalized TO as a regex and check FROM's `{N}` markers against it
/// (a CoreDNS quirk of `isValidRegexPattern(to, from)`).
fn exact_name_rule(c: &mut Controller<'_>, from: &Token, to: &Token) -> SetupResult {
    let (from_name, to_name) = (
        zone::normalize_name(&from.text),
        zone::normalize_name(&to.text),
    );
    check_regex_pattern(c, &to_name, to, &from_name, from, PatternRole::ExactTo)
}

fn match_type_err(c: &Controller<'_>, tok: &Token, rule: &str) -> PluginError {
    value_err(
        c,
        tok,
        format!("unknown match type `{}` for a `{rule}` rule", tok.text),
    )
    .with_help(format!("match types: {}", MATCH_TYPES.join(", ")))
}

/// `parseAnswerRules`: the `answer ...` items after a name rule's FROM and TO.
fn answer_rules(c: &mut Controller<'_>, match_type: &str, a: Args<'_, '_>) -> SetupResult {
    if a.len() < 2 {
        return Err(count_err(c, a[0], format!("incomplete answer rewrite for a `{match_type}` rule; write `answer auto`, `answer name FROM TO` or `answer value FROM TO`")));
    }
    let mut i = 0;
    let mut auto = None;
    let mut explicit_name = false;
    let mut first = true;
    while i < a.len() {
        if first && a[i].text != "answer" {
            let message = if MATCH_TYPES.contains(&match_type) {
                format!("too many arguments for a `{match_type}` name rule: only `answer ...` may follow FROM and TO")
            } else {
                format!("too many arguments for a `name` rule (`{match_type}` is read as its match type)")
            };
            return Err(count_err(c, a[i], message)
                .with_help("one `rewrite` line or block holds exactly one rule; write each rule as its own `rewrite` line"));
        }
        first = false;
        if a[i].text == "answer" {
            i += 1;
        }
        let Some(kind) = a.get(i) else {
            return Err(count_err(
                c,
                a[i - 1],
                "`answer` needs a type: auto, name or value",
            ));
        };
        i += 1;
        match kind.text.as_str() {
            "auto" => auto = Some(*kind),
            "name" | "value" => {
                if a.len() - i < 2 {
                    let last = a.last().copied().unwrap_or(kind);
                    return Err(count_err(
                        c,
                        last,
                        format!("`answer {}` needs a FROM regex and a TO", kind.text),
                    ));
                }
                let (from, to) = (a[i], a[i + 1]);
                if from.text == "auto" {
                    let d = Diagnostic::new(
                        &ANSWER_AUTO_AS_PATTERN,
                        from.loc,
                        format!(
                            "`answer {} auto` uses `auto` as a regex and `{}` as its replacement",
                            kind.text, to.text
                        ),
                    )
                    .with_help("write `answer auto` to reverse the question rewrite");
                    c.report(d);
                }
                let role = PatternRole::Answer(if kind.text == "name" { "name" } else { "value" });
                check_regex_pattern(c, &from.text, from, &to.text, to, role)?;
                explicit_name |= kind.text == "name";
                i += 2;
            }
            _ if unknown(kind) => return Ok(()),
            _ => {
                return Err(value_err(
                    c,
                    kind,
                    format!("unknown answer rewrite type `{}`", kind.text),
                )
                .with_help("answer types: auto, name, value (lower case)"))
            }
        }
    }
    if let (Some(auto_tok), true) = (auto, explicit_name) {
        return Err(c
            .err_at(
                &SETUP_FAILS,
                auto_tok,
                "`answer auto` cannot be combined with `answer name` rules",
            )
            .with_help("keep either `answer auto` or the explicit `answer name` rewrites"));
    }
    Ok(())
}

/// `isValidTTL`: `N`, `MIN-MAX`, `-MAX`, `MIN-` (32-bit unsigned decimals).
fn valid_ttl(spec: &str) -> bool {
    let parse = |s: &str| number::parse_uint(s, 32).ok();
    let parts: Vec<&str> = spec.split('-').collect();
    match parts.as_slice() {
        [one] => parse(one).is_some(),
        ["", ""] => false,
        [min, max] => {
            let min = if min.is_empty() { Some(0) } else { parse(min) };
            let max = if max.is_empty() {
                Some(2_147_483_647)
            } else {
                parse(max)
            };
            matches!((min, max), (Some(a), Some(b)) if a <= b)
        }
        _ => false,
    }
}

/// The NAME of ttl and rcode rules with an explicit match type.
fn match_name(c: &mut Controller<'_>, rule: &str, match_tok: &Token, name: &Token) -> SetupResult {
    if unknown(match_tok) {
        return Ok(());
    }
    let match_type = match_tok.text.to_lowercase();
    match match_type.as_str() {
        "exact" | "prefix" | "suffix" | "substring" => {
            warn_missing_dot(c, &match_type, name);
            Ok(())
        }
        "regex" if unknown(name) => Ok(()),
        "regex" if name.text.len() > MAX_REGEX_LEN => Err(value_err(
            c,
            name,
            format!("regex pattern too long in a `{rule}` rule: {} bytes, at most {MAX_REGEX_LEN} allowed", name.text.len()),
        )),
        "regex" => regex::compile(&name.text)
            .map(|_| ())
            .map_err(|e| value_err(c, name, format!("invalid regular expression `{}` in a `{rule}` rule: {e}", name.text))),
        _ => Err(match_type_err(c, match_tok, rule)),
    }
}

/// `newTTLRule`.
fn ttl_rule(c: &mut Controller<'_>, rule_type: &Token, r: Args<'_, '_>) -> SetupResult {
    if r.len() < 2 {
        let last = r.last().copied().unwrap_or(rule_type);
        return Err(count_err(
            c,
            last,
            "a `ttl` rule needs a NAME and a TTL (and an optional match type first)",
        ));
    }
    // With more than three arguments CoreDNS checks an empty TTL, so the count is the error.
    let Some(spec) = (match r.len() {
        2 => Some(r[1]),
        3 => Some(r[2]),
        _ => None,
    }) else {
        return Err(count_err(
            c,
            r[3],
            "too many arguments for a `ttl` rule: [MATCH] NAME TTL",
        ));
    };
    if !unknown(spec) && !valid_ttl(&spec.text) {
        return Err(value_err(
            c,
            spec,
            format!(
                "invalid TTL `{}`: write seconds `N`, or a range `MIN-MAX`, `-MAX`, `MIN-`",
                spec.text
            ),
        ));
    }
    if r.len() == 3 {
        match_name(c, "ttl", r[0], r[1])?;
    }
    Ok(())
}

/// `isValidRCode`: a decimal 0-23 or an rcode name in any case.
fn valid_rcode(v: &str) -> bool {
    number::parse_uint(v, 32).is_ok_and(|n| n <= 23) || dns::rcode(&v.to_uppercase()).is_some()
}

/// `newRCodeRule`.
fn rcode_rule(c: &mut Controller<'_>, rule_type: &Token, r: Args<'_, '_>) -> SetupResult {
    if r.len() < 3 {
        let last = r.last().copied().unwrap_or(rule_type);
        return Err(count_err(
            c,
            last,
            "an `rcode` rule needs NAME, FROM and TO (and an optional match type first)",
        ));
    }
    let (from, to) = match r.len() {
        3 => (r[1], r[2]),
        4 => (r[2], r[3]),
        _ => {
            return Err(count_err(
                c,
                r[4],
                "too many arguments for an `rcode` rule: [MATCH] NAME FROM TO",
            ))
        }
    };
    for (tok, role) in [(from, "matching"), (to, "replacement")] {
        if !unknown(tok) && !valid_rcode(&tok.text) {
            return Err(value_err(
                c,
                tok,
                format!(
                    "invalid {role} rcode `{}`: use a name such as NXDOMAIN or a number 0-23",
                    tok.text
                ),
            ));
        }
    }
    if r.len() == 4 {
        match_name(c, "rcode", r[0], r[1])?;
    }
    Ok(())
}

/// `newCNAMERule`.
fn cname_rule(c: &mut Controller<'_>, rule_type: &Token, r: Args<'_, '_>) -> SetupResult {
    let (match_tok, from) = match r.len() {
        2 => (None, r[0]),
        3 => (Some(r[0]), r[1]),
        _ => {
            let last = r.last().copied().unwrap_or(rule_type);
            return Err(count_err(c, last, "a `cname` rule takes [MATCH] FROM TO"));
        }
    };
    let Some(match_tok) = match_tok else {
        return Ok(());
    };
    if unknown(match_tok) {
        return Ok(());
    }
    let match_type = match_tok.text.to_lowercase();
    if !MATCH_TYPES.contains(&match_type.as_str()) {
        return Err(match_type_err(c, match_tok, "cname"));
    }
    if match_type != "regex" || unknown(from) {
        return Ok(());
    }
    // The cname rule lower-cases its pattern before compiling it.
    let pattern = from.text.to_lowercase();
    if pattern.len() > MAX_REGEX_LEN {
        return Err(value_err(c, from, format!("regex pattern too long in a `cname` rule: {} bytes, at most {MAX_REGEX_LEN} allowed", pattern.len())));
    }
    regex::compile(&pattern).map_err(|e| {
        value_err(
            c,
            from,
            format!("invalid `cname` regex (CoreDNS lower-cases it to `{pattern}`): {e}"),
        )
    })?;
    if ["\\D", "\\W", "\\S", "\\B"]
        .iter()
        .any(|esc| from.text.contains(esc))
    {
        let d = Diagnostic::new(
            &CNAME_LOWERCASED_REGEX,
            from.loc,
            format!(
                "CoreDNS lower-cases cname patterns: `{}` is compiled as `{pattern}`",
                from.text
            ),
        );
        c.report(d);
    }
    Ok(())
}

/// `newEdns0Rule` and `newEdns0UnsetRule`.
fn edns0_rule(c: &mut Controller<'_>, rule_type: &Token, r: Args<'_, '_>) -> SetupResult {
    if r.len() < 2 {
        let last = r.last().copied().unwrap_or(rule_type);
        return Err(count_err(
            c,
            last,
            "an `edns0` rule needs an option (local, nsid, subnet) and an action",
        ));
    }
    if unknown(r[0]) || unknown(r[1]) {
        return Ok(());
    }
    let option = r[0].text.to_lowercase();
    let action = r[1].text.to_lowercase();
    let bad_option = || {
        value_err(c, r[0], format!("unknown EDNS0 option `{}`", r[0].text))
            .with_help("EDNS0 options: local, nsid, subnet")
    };
    match action.as_str() {
        "append" | "replace" | "set" => {}
        "unset" => {
            let expected = match option.as_str() {
                "local" => 3,
                "nsid" | "subnet" => 2,
                _ => return Err(bad_option()),
            };
            if r.len() != expected {
                let at = r.get(expected).copied().unwrap_or(r[r.len() - 1]);
                let shape = if option == "local" {
                    "`edns0 local unset CODE`"
                } else {
                    "no arguments after `unset`"
                };
                return Err(count_err(
                    c,
                    at,
                    format!("wrong argument count for an EDNS0 {option} unset rule: {shape}"),
                ));
            }
            return if option == "local" {
                check_option_code(c, r[2])
            } else {
                Ok(())
            };
        }
        _ => {
            return Err(
                value_err(c, r[1], format!("unknown EDNS0 action `{}`", r[1].text))
                    .with_help("actions: append, replace, set, unset"),
            )
        }
    }
    let r = match r.split_last() {
        Some((last, rest)) if last.text == "revert" => rest,
        _ => r,
    };
    match option.as_str() {
        "local" => {
            if r.len() != 4 {
                return Err(count_err(
                    c,
                    r.last().expect("two or more"),
                    "an EDNS0 local rule takes CODE and DATA: `edns0 local set CODE DATA [revert]`",
                ));
            }
            let (code, data) = (r[2], r[3]);
            check_option_code(c, code)?;
            if unknown(data) {
                return Ok(());
            }
            let text = data.text.as_str();
            if text.starts_with('{') && text.ends_with('}') {
                if !valid_variable(text) {
                    return Err(value_err(c, data, format!("unsupported variable `{text}`"))
                        .with_help("variables: {qname}, {qtype}, {client_ip}, {client_port}, {protocol}, {server_ip}, {server_port}, or a metadata label {plugin/name}"));
                }
            } else if let Some(hex) = text.strip_prefix("0x") {
                if let Err(e) = check_hex(hex) {
                    return Err(value_err(
                        c,
                        data,
                        format!("EDNS0 data `{text}` is not valid hex: {e}"),
                    ));
                }
            } else if let Some(digits) = text.strip_prefix("0X") {
                let d = Diagnostic::new(
                    &UPPERCASE_HEX_PREFIX,
                    data.loc,
                    format!(
                        "`{text}` is sent as text; only a lower-case `0x` prefix is decoded as hex"
                    ),
                )
                .with_help(format!("write `0x{digits}`"));
                c.report(d);
            }
            Ok(())
        }
        "nsid" if r.len() != 2 => Err(count_err(
            c,
            r[2],
            "an EDNS0 nsid rule takes no value: `edns0 nsid set [revert]`",
        )),
        "nsid" => Ok(()),
        "subnet" => {
            if r.len() != 4 {
                return Err(count_err(c, r.last().expect("two or more"), "an EDNS0 subnet rule takes V4BITS and V6BITS: `edns0 subnet set 24 56 [revert]`"));
            }
            for (tok, family, max) in [(r[2], "IPv4", 32), (r[3], "IPv6", 128)] {
                if unknown(tok) {
                    continue;
                }
                match parse_uint_base0(&tok.text, 16) {
                    Err(e) => {
                        return Err(value_err(
                            c,
                            tok,
                            format!("invalid {family} prefix length `{}`: {e}", tok.text),
                        ))
                    }
                    Ok(n) if n > max => {
                        return Err(value_err(
                            c,
                            tok,
                            format!("{family} prefix length must be at most {max}, got {n}"),
                        ))
                    }
                    Ok(_) => {}
                }
            }
            Ok(())
        }
        _ => Err(bad_option()),
    }
}

/// An EDNS0 option code: Go `ParseUint(code, 0, 16)`.
fn check_option_code(c: &Controller<'_>, code: &Token) -> SetupResult {
    if unknown(code) {
        return Ok(());
    }
    parse_uint_base0(&code.text, 16).map(|_| ()).map_err(|e| {
        value_err(
            c,
            code,
            format!(
                "invalid EDNS0 option code `{}` (0-65535, decimal or 0x hex): {e}",
                code.text
            ),
        )
    })
}

/// `isValidVariable`: the fixed variables or a metadata label `{plugin/name}`.
fn valid_variable(v: &str) -> bool {
    const FIXED: &[&str] = &[
        "{qname}",
        "{qtype}",
        "{client_ip}",
        "{client_port}",
        "{protocol}",
        "{server_ip}",
        "{server_port}",
    ];
    if FIXED.contains(&v) {
        return true;
    }
    let label = &v[1..v.len() - 1];
    // metadata.IsLabel: a `/` that is neither the first nor the last character.
    label
        .find('/')
        .is_some_and(|p| p > 0 && p < label.len() - 1)
}

/// Go `hex.DecodeString` validity, with its error wording.
fn check_hex(hex: &str) -> Result<(), String> {
    if let Some(bad) = hex.bytes().find(|b| !b.is_ascii_hexdigit()) {
        return Err(format!("invalid byte {:?}", bad as char));
    }
    if hex.len() % 2 == 1 {
        return Err("odd number of hex digits".to_string());
    }
    Ok(())
}

/// Go `strconv.ParseUint(s, 0, bits)`: decimal, `0x`, `0o`, `0b`, a leading `0` for octal, and
/// `_` between digits (the number module only has the base-10 form).
fn parse_uint_base0(s: &str, bits: u32) -> Result<u64, String> {
    let invalid = || format!("`{s}` is not an unsigned integer");
    let lower = s.to_ascii_lowercase();
    let (radix, digits, had_prefix) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d, true)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d, true)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d, true)
    } else if s.len() > 1 && s.starts_with('0') {
        (8, &lower[1..], true)
    } else {
        (10, lower.as_str(), false)
    };
    if s.contains('_') && !underscores_ok(s, had_prefix) {
        return Err(invalid());
    }
    let digits: String = digits.chars().filter(|&ch| ch != '_').collect();
    if digits.is_empty() {
        return Err(invalid());
    }
    let max = (1u128 << bits) - 1;
    let mut n: u128 = 0;
    for ch in digits.chars() {
        let d = ch.to_digit(radix).ok_or_else(invalid)?;
        n = n * u128::from(radix) + u128::from(d);
        if n > max {
            return Err(format!("`{s}` is out of range (at most {max})"));
        }
    }
    Ok(n as u64)
}

/// Go's `underscoreOK`: `_` only between digits or right after a base prefix.
fn underscores_ok(s: &str, had_prefix: bool) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    // 'x' marks a base prefix (counts as a digit), '0' a digit, '_' an underscore.
    let mut saw = '^';
    if had_prefix
        && b.len() >= 2
        && b[0] == b'0'
        && matches!(b[1].to_ascii_lowercase(), b'x' | b'o' | b'b')
    {
        i = 2;
        saw = '0';
    }
    while i < b.len() {
        let ch = b[i];
        if ch.is_ascii_hexdigit() {
            saw = '0';
        } else if ch == b'_' {
            if saw != '0' {
                return false;
            }
            saw = '_';
        } else {
            return false;
        }
        i += 1;
    }
    saw != '_'
}
