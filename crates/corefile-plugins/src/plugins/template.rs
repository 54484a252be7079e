//! `template`: answers queries matching a class, type, zones and regular expressions with
//! records rendered from Go templates. Mirrors plugin/template/setup.go `templateParse`
//! (class and type lookups, `match` regexps, `answer`/`additional`/`authority` templates parsed
//! by Go text/template with `parseInt`, `rcode`, `ederror`, `var`/`expr` compiled by expr-lang
//! against template.go `exprEnv`, `fallthrough`, the ignored `upstream`).

use corefile_model::{Diagnostic, Group, RuleMeta, Severity, Token};

use crate::codes::{ARGUMENT_COUNT, INVALID_VALUE, SETUP_FAILS};
use crate::values::{dns, expr, fall, gotemplate, number, regex, zone};
use crate::{execution_index, Controller, OptionDef, PluginDef, PluginError, SetupResult};

pub static PLUGIN: PluginDef = PluginDef {
    name: "template",
    summary: "Answers matching queries with records rendered from Go templates",
    syntax: "template CLASS TYPE [ZONE...] {\n    match REGEX...\n    answer RR...\n    additional RR...\n    authority RR...\n    rcode RCODE\n    ederror CODE [REASON]\n    var NAME EXPRESSION\n    expr EXPRESSION\n    fallthrough [ZONE...]\n}",
    snippet: "template ${1:IN} ${2:A} ${3:example.org} {\n\tmatch ${4:^(?P<name>[a-z]+)[.]example[.]org[.]$}\n\tanswer \"{{ .Name }} 60 IN A ${5:192.0.2.1}\"\n\tfallthrough\n}",
    options: &[
        OptionDef {
            name: "match",
            args: "REGEX...",
            doc: "Go RE2 patterns tried against the query name (unanchored); named groups become `.Group.NAME`. Default `.*`.",
            values: &[],
        },
        OptionDef {
            name: "answer",
            args: "RR-TEMPLATE...",
            doc: "Go templates producing answer records in zone-file form, e.g. `\"{{ .Name }} 60 IN A 192.0.2.1\"`.",
            values: &[],
        },
        OptionDef { name: "additional", args: "RR-TEMPLATE...", doc: "Templates for the additional section.", values: &[] },
        OptionDef { name: "authority", args: "RR-TEMPLATE...", doc: "Templates for the authority section.", values: &[] },
        OptionDef {
            name: "rcode",
            args: "RCODE",
            doc: "Response code, an upper-case name such as NXDOMAIN (default NOERROR).",
            values: &["NOERROR", "NXDOMAIN", "SERVFAIL", "REFUSED", "FORMERR", "NOTIMP"],
        },
        OptionDef { name: "ederror", args: "CODE [REASON]", doc: "Adds an extended DNS error (RFC 8914) with an optional text.", values: &[] },
        OptionDef {
            name: "var",
            args: "NAME EXPRESSION",
            doc: "Defines `.Var.NAME` from an expr-lang expression (names: name(), type(), client_ip(), group(), metadata(), ...).",
            values: &[],
        },
        OptionDef { name: "expr", args: "EXPRESSION", doc: "An expr-lang condition that must be true for the template to answer.", values: &[] },
        OptionDef {
            name: "fallthrough",
            args: "[ZONE...]",
            doc: "Passes queries that match no regex (or expression) to the next plugin instead of answering SERVFAIL.",
            values: &[],
        },
        OptionDef { name: "upstream", args: "[ADDRESS...]", doc: "Obsolete and ignored.", values: &[] },
    ],
    history: "1.0.3: added. 1.5.2: `.Meta`. 1.7.1: `.Remote`. 1.9.3: queries matching no regex get SERVFAIL without `fallthrough`. \
1.10.0: `parseInt`. 1.10.1: `ederror`. 1.14.0: regexps limited to 10000 bytes. After 1.14.7 (unreleased at the mirrored commit): `var` and `expr`.",
    setup,
    rules: &[&zone::ZONE_ARGUMENT_IGNORED, &NO_FALLTHROUGH, &expr::NEVER_EQUAL],
};

/// template's `maxRegexpLen`.
const MAX_REGEX_LEN: usize = 10000;
const OPTIONS: &[&str] = &[
    "match",
    "answer",
    "additional",
    "authority",
    "rcode",
    "ederror",
    "var",
    "expr",
    "fallthrough",
    "upstream",
];

pub static NO_FALLTHROUGH: RuleMeta = RuleMeta {
    code: "PLG220",
    name: "template-servfail-without-fallthrough",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "A template with `match` or `expr` but no `fallthrough` in front of other answering plugins",
    doc: "## What it does\nFlags templates that restrict the names they answer (`match`, `expr`) without `fallthrough` \
when plugins after `template` in the same block could answer.\n\n## Why is this bad?\nFor the template's class, type \
and zones, a query that matches no regex is answered with SERVFAIL instead of being passed on, so `forward`, `hosts` \
or `file` never see it.\n\n## Example\n```corefile\n. {\n    template IN A example.org {\n        match ^www[.]\n        \
answer \"{{ .Name }} 60 IN A 192.0.2.1\"\n    }\n    forward . 9.9.9.9\n}\n```\n\n## Fix\nAdd `fallthrough` to the template block.",
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    while c.next() {
        if !c.next_arg() {
            return Err(c.arg_err().with_help(
                "write `template CLASS TYPE [ZONE...]`, e.g. `template IN A example.org`",
            ));
        }
        let class = c.token().expect("positioned");
        if !class.has_placeholder() && !dns::is_class(&class.text) {
            return Err(c
                .err_at(
                    &INVALID_VALUE,
                    class,
                    format!("invalid query class `{}`", class.text),
                )
                .with_help(format!("classes (upper case): {}", dns::CLASSES.join(", "))));
        }
        if !c.next_arg() {
            return Err(c
                .arg_err()
                .with_help("the query TYPE follows the class, e.g. `template IN A`"));
        }
        let qtype = c.token().expect("positioned");
        if !qtype.has_placeholder() && !dns::is_qtype(&qtype.text) {
            return Err(c
                .err_at(
                    &INVALID_VALUE,
                    qtype,
                    format!("invalid query type `{}`", qtype.text),
                )
                .with_help("use an upper-case type name such as A, AAAA, PTR, TXT or ANY"));
        }
        let zones = c.remaining_args();
        let texts: Vec<&str> = zones.iter().map(|t| t.text.as_str()).collect();
        let list = zone::origins_from_args_or_server_block(&texts, c.ctx.zones);
        zone::report_dropped_zones(c, &zones, &list);
        template_block(c, class)?;
    }
    Ok(())
}

/// The options of one template's block.
fn template_block(c: &mut Controller<'_>, head: &Token) -> SetupResult {
    let mut env = expr::Env::template();
    let mut restricted: Option<&Token> = None;
    let mut has_fallthrough = false;
    while c.next_block() {
        let option = c.token().expect("inside a block");
        match option.text.as_str() {
            "match" => {
                let patterns = required_args(c, option)?;
                for p in patterns.iter().filter(|p| !p.has_placeholder()) {
                    if p.text.len() > MAX_REGEX_LEN {
                        return Err(c.err_at(
                            &INVALID_VALUE,
                            p,
                            format!(
                                "regex pattern too long: {} bytes, at most {MAX_REGEX_LEN} allowed",
                                p.text.len()
                            ),
                        ));
                    }
                    regex::compile(&p.text).map_err(|e| {
                        c.err_at(
                            &INVALID_VALUE,
                            p,
                            format!("invalid regular expression `{}`: {e}", p.text),
                        )
                    })?;
                }
                restricted = restricted.or(Some(option));
            }
            "answer" | "additional" | "authority" => {
                for t in required_args(c, option)?
                    .iter()
                    .filter(|t| !t.has_placeholder())
                {
                    gotemplate::check(&t.text, &["parseInt"]).map_err(|e| {
                        c.err_at(&INVALID_VALUE, t, format!("invalid Go template in `{}`: {e}", option.text))
                            .with_help("templates use Go text/template syntax: `{{ .Name }}`, `{{ .Group.NAME }}`, `{{ parseInt .Group.x 16 8 }}`")
                    })?;
                }
            }
            "var" => {
                let args = c.remaining_args();
                if args.len() < 2 {
                    return Err(c.err_at(
                        &ARGUMENT_COUNT,
                        args.last().copied().unwrap_or(option),
                        "`var` needs a NAME and an expression",
                    ));
                }
                let name = args[0];
                check_var_name(c, name, &env)?;
                let what = format!("the expression of `{}`", name.text);
                let ty = expr::compile_tokens(c, &args[1..], option, &env, &what)?;
                // A `nil` result is stored untyped (`new(any)`), `$env` as a plain map.
                let declared = match ty {
                    expr::Ty::Nil => expr::Ty::Unknown,
                    expr::Ty::Env => expr::Ty::Map,
                    other => other,
                };
                env.declare(&name.text, declared);
            }
            "expr" => {
                let args = required_args(c, option)?;
                expr::compile_tokens(c, &args, option, &env, "`expr`")?;
                restricted = restricted.or(Some(option));
            }
            "rcode" => {
                if !c.next_arg() {
                    return Err(c
                        .arg_err()
                        .with_help("write `rcode NXDOMAIN` (an upper-case rcode name)"));
                }
                let rcode = c.token().expect("positioned");
                if !rcode.has_placeholder() && dns::rcode(&rcode.text).is_none() {
                    return Err(c
                        .err_at(
                            &INVALID_VALUE,
                            rcode,
                            format!("unknown rcode `{}`", rcode.text),
                        )
                        .with_help(
                            "use an upper-case name: NOERROR, NXDOMAIN, SERVFAIL, REFUSED, ...",
                        ));
                }
            }
            "ederror" => {
                let args = c.remaining_args();
                if args.is_empty() || args.len() > 2 {
                    let at = args.get(2).copied().unwrap_or(option);
                    return Err(c.err_at(
                        &ARGUMENT_COUNT,
                        at,
                        "`ederror` takes a CODE and an optional quoted REASON",
                    ));
                }
                let code = args[0];
                if !code.has_placeholder() {
                    number::parse_uint(&code.text, 16).map_err(|e| {
                        c.err_at(
                            &INVALID_VALUE,
                            code,
                            format!("invalid extended DNS error code: {e}"),
                        )
                        .with_help("write a number from 0 to 65535, e.g. `ederror 21 \"blocked\"`")
                    })?;
                }
            }
            "fallthrough" => {
                let zones = c.remaining_args();
                fall::fallthrough_option(c, &zones);
                has_fallthrough = true;
            }
            "upstream" => {
                c.remaining_args();
            }
            _ if option.has_placeholder() => {
                c.remaining_args();
            }
            _ => {
                let mut e = c.unknown_option(OPTIONS);
                e.message = format!("unknown option `{}` for `template`", option.text);
                return Err(e);
            }
        }
    }
    if let (Some(restriction), false) = (restricted, has_fallthrough) {
        if answering_plugin_follows(c) {
            let d = Diagnostic::new(
                &NO_FALLTHROUGH,
                head.loc,
                "queries of this class and type that the template does not match get SERVFAIL; plugins after it never see them",
            )
            .with_label(restriction.loc, "answers only matching queries")
            .with_help("add `fallthrough` to the template block");
            c.report(d);
        }
    }
    Ok(())
}

/// The rest of the option's line, at least one token (else CoreDNS's ArgErr).
fn required_args<'t>(
    c: &mut Controller<'t>,
    option: &Token,
) -> Result<Vec<&'t Token>, PluginError> {
    let args = c.remaining_args();
    if args.is_empty() {
        return Err(c.err_at(
            &ARGUMENT_COUNT,
            option,
            format!("`{}` needs at least one argument", option.text),
        ));
    }
    Ok(args)
}

fn check_var_name(c: &Controller<'_>, name: &Token, env: &expr::Env) -> SetupResult {
    if name.has_placeholder() {
        return Ok(());
    }
    let n = name.text.as_str();
    let mut chars = n.chars();
    let well_formed = chars
        .next()
        .is_some_and(|ch| ch == '_' || ch.is_ascii_alphabetic())
        && chars.all(|ch| ch == '_' || ch.is_ascii_alphanumeric());
    if !well_formed {
        return Err(c
            .err_at(&INVALID_VALUE, name, format!("invalid variable name `{n}`"))
            .with_help("names are letters, digits and `_`, not starting with a digit"));
    }
    if env.defines(n) || expr::BUILTINS.contains(&n) || !expr::is_plain_identifier(n) {
        return Err(c
            .err_at(&SETUP_FAILS, name, format!("variable name `{n}` is reserved or already defined"))
            .with_help("expression functions, builtins, keywords and earlier `var` names cannot be (re)declared; pick another name"));
    }
    Ok(())
}

/// Another plugin in the block runs after `template` and could answer.
fn answering_plugin_follows(c: &Controller<'_>) -> bool {
    let own = execution_index("template");
    c.ctx
        .block
        .directives
        .iter()
        .any(|d| d.name() != "template" && execution_index(d.name()) > own)
}
