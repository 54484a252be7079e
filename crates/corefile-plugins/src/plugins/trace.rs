//! `trace`: sends OpenTracing spans of queries to a Zipkin collector or a Datadog agent. Mirrors
//! plugin/trace/setup.go `traceParse` and `normalizeEndpoint`: zero to two arguments (one is
//! always a Zipkin endpoint) and a block of options; every occurrence updates one configuration.

use corefile_model::{Diagnostic, Group, RuleMeta, Severity, Token};

use super::shared::{arg_err, report_brace_on_next_line, unknown_option, BRACE_ON_NEXT_LINE};
use crate::values::{duration, number};
use crate::{codes, Controller, OptionDef, PluginDef, SetupResult};

const ENDPOINT_TYPES: &[&str] = &["zipkin", "datadog"];
const OPTIONS: &[&str] = &[
    "every",
    "service",
    "client_server",
    "datadog_analytics_rate",
    "zipkin_max_backlog_size",
    "zipkin_max_batch_size",
    "zipkin_max_batch_interval",
];

pub static TYPE_AS_ENDPOINT: RuleMeta = RuleMeta {
    code: "PLG301",
    name: "trace-type-as-endpoint",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "`trace datadog` (or `trace zipkin`) alone: the word is taken as a Zipkin endpoint host",
    doc: "## What it does\nFinds `trace` with a single argument that is an endpoint type name.\n\n## Why is this bad?\n\
With one argument, `trace` always means a Zipkin ENDPOINT, so `trace datadog` sends Zipkin spans to \
`http://datadog/api/v2/spans` instead of using the Datadog agent.\n\n## Example\n```corefile\n. {\n    trace datadog\n}\n```\n\n\
## Fix\nGive the type and the endpoint: `trace datadog localhost:8126` (or `trace zipkin localhost:9411`).",
};

pub static EVERY_ZERO: RuleMeta = RuleMeta {
    code: "PLG314",
    name: "trace-every-zero",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "`trace` with `every 0` never traces a query",
    doc: "## What it does\nFinds `every 0` in a `trace` block.\n\n## Why is this bad?\nCoreDNS accepts it, but a query is \
only traced when the sampling counter reaches a positive `every`, so nothing is ever traced.\n\n\
## Example\n```corefile\n. {\n    trace {\n        every 0\n    }\n}\n```\n\n## Fix\nUse `every 1` to trace every query, or remove `trace`.",
};

pub static ZIPKIN_CRASH: RuleMeta = RuleMeta {
    code: "PLG318",
    name: "trace-zipkin-value-crashes",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "A `trace` Zipkin setting that setup accepts but that crashes CoreDNS later",
    doc: "## What it does\nFinds Zipkin reporter settings of `trace` that pass setup but break the reporter: a \
`zipkin_max_batch_interval` below 10ns or negative (other than 0), and a negative `zipkin_max_backlog_size`.\n\n\
## Why is this bad?\nThe Zipkin reporter ticks every tenth of the batch interval, and Go panics on a ticker without a \
positive period, so CoreDNS crashes while starting. A negative backlog makes the reporter cut its span list out of \
range, crashing CoreDNS at the first traced query.\n\n\
## Example\n```corefile\n. {\n    trace {\n        zipkin_max_batch_interval -1s\n    }\n}\n```\n\n\
## Fix\nUse positive values, or 0 (or no line) for the reporter's defaults.",
};

pub static PLUGIN: PluginDef = PluginDef {
    name: "trace",
    summary: "Traces queries with OpenTracing, sending spans to Zipkin (default `localhost:9411`) or a Datadog agent.",
    syntax: "trace [ENDPOINT-TYPE] [ENDPOINT] {\n    every AMOUNT\n    service NAME\n    client_server [BOOL]\n    \
datadog_analytics_rate [RATE]\n    zipkin_max_backlog_size SIZE\n    zipkin_max_batch_size SIZE\n    zipkin_max_batch_interval DURATION\n}",
    snippet: "trace ${1|zipkin,datadog|} ${2:localhost:9411}",
    options: &[
        OptionDef { name: "every", args: "AMOUNT", doc: "Trace one query out of AMOUNT (default 1, every query).", values: &[] },
        OptionDef { name: "service", args: "NAME", doc: "Service name reported with the spans (default `coredns`).", values: &[] },
        OptionDef {
            name: "client_server",
            args: "[BOOL]",
            doc: "Mark spans as shared between client and server (Zipkin); without a value: true.",
            values: &["true", "false"],
        },
        OptionDef {
            name: "datadog_analytics_rate",
            args: "[RATE]",
            doc: "Datadog analytics sampling rate between 0 and 1 (without a value: 0). Ignored for Zipkin.",
            values: &[],
        },
        OptionDef {
            name: "zipkin_max_backlog_size",
            args: "SIZE",
            doc: "Spans the Zipkin reporter keeps before dropping (default 1000). Ignored for Datadog.",
            values: &[],
        },
        OptionDef {
            name: "zipkin_max_batch_size",
            args: "SIZE",
            doc: "Spans sent to Zipkin in one request (default 100). Ignored for Datadog.",
            values: &[],
        },
        OptionDef {
            name: "zipkin_max_batch_interval",
            args: "DURATION",
            doc: "Longest wait before sending a batch to Zipkin (default 1s). Ignored for Datadog.",
            values: &[],
        },
    ],
    history: "Zipkin since CoreDNS 005; Datadog since 1.1.0; `datadog_analytics_rate` since 1.8.0; the `zipkin_*` options \
since 1.9.4; unknown block options refused since 1.14.4 (before, a misspelled option was ignored).",
    setup,
    rules: &[&TYPE_AS_ENDPOINT, &EVERY_ZERO, &ZIPKIN_CRASH, &BRACE_ON_NEXT_LINE],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    report_brace_on_next_line(c);
    while c.next() {
        let args = c.remaining_args();
        // Whether this occurrence configures a Zipkin reporter (a placeholder type is unknown).
        let zipkin = match args.as_slice() {
            [kind, _] => !kind.has_placeholder() && kind.text.eq_ignore_ascii_case("zipkin"),
            _ => true,
        };
        match args.as_slice() {
            [] => {}
            [endpoint] => {
                if !endpoint.has_placeholder()
                    && ENDPOINT_TYPES.contains(&endpoint.text.to_lowercase().as_str())
                {
                    let d = Diagnostic::new(
                        &TYPE_AS_ENDPOINT,
                        endpoint.loc,
                        format!("`trace {}` uses `{}` as the host of a Zipkin endpoint, not as the endpoint type", endpoint.text, endpoint.text),
                    )
                    .with_help(format!("give both the type and the endpoint, e.g. `trace {} HOST:PORT`", endpoint.text.to_lowercase()));
                    c.report(d);
                }
            }
            [kind, _] => {
                if !kind.has_placeholder()
                    && !ENDPOINT_TYPES.contains(&kind.text.to_lowercase().as_str())
                {
                    return Err(c
                        .err_at(
                            &codes::INVALID_VALUE,
                            kind,
                            format!("tracing endpoint type `{}` is not supported", kind.text),
                        )
                        .with_help("use `zipkin` or `datadog`"));
                }
            }
            _ => {
                return Err(c
                    .arg_err()
                    .with_help("write at most ENDPOINT-TYPE and ENDPOINT"))
            }
        }
        while c.next_block() {
            let option = c.val();
            if !OPTIONS.contains(&option) {
                unknown_option(c, OPTIONS)?;
                continue;
            }
            let args = c.remaining_args();
            let optional = matches!(option, "client_server" | "datadog_analytics_rate");
            if args.len() > 1 || (!optional && args.len() != 1) {
                return Err(arg_err(c));
            }
            let Some(&value) = args.first() else { continue };
            if value.has_placeholder() {
                continue;
            }
            check_option_value(c, option, value, zipkin)?;
        }
    }
    Ok(())
}

fn report_crash(c: &mut Controller<'_>, value: &Token, message: String, help: &str) {
    c.report(Diagnostic::new(&ZIPKIN_CRASH, value.loc, message).with_help(help));
}

fn check_option_value(
    c: &mut Controller<'_>,
    option: &str,
    value: &Token,
    zipkin: bool,
) -> SetupResult {
    let invalid = |c: &Controller<'_>, e: String| {
        c.err_at(
            &codes::INVALID_VALUE,
            value,
            format!("invalid `{option}` value: {e}"),
        )
    };
    match option {
        "every" => {
            let n = number::parse_uint(&value.text, 64).map_err(|e| invalid(c, e))?;
            if n == 0 {
                let d = Diagnostic::new(&EVERY_ZERO, value.loc, "`every 0` never traces any query")
                    .with_help("use `every 1` to trace every query");
                c.report(d);
            }
        }
        "client_server" => {
            number::parse_bool(&value.text).map_err(|e| invalid(c, e))?;
        }
        "datadog_analytics_rate" => {
            let rate = number::parse_float(&value.text).map_err(|e| invalid(c, e))?;
            // Two comparisons like the Go code, so NaN passes (a range `contains` would refuse it).
            #[allow(clippy::manual_range_contains)]
            if rate > 1.0 || rate < 0.0 {
                return Err(invalid(
                    c,
                    format!("the rate must be between 0 and 1, got `{}`", value.text),
                ));
            }
        }
        "zipkin_max_backlog_size" | "zipkin_max_batch_size" => {
            let n = number::parse_atoi(&value.text).map_err(|e| invalid(c, e))?;
            if zipkin && option == "zipkin_max_backlog_size" && n < 0 {
                let message = format!(
                    "`zipkin_max_backlog_size {n}` makes the Zipkin reporter crash CoreDNS at the first traced query"
                );
                report_crash(
                    c,
                    value,
                    message,
                    "use a positive size, or 0 for the default of 1000",
                );
            }
        }
        "zipkin_max_batch_interval" => {
            let d = duration::parse_duration(&value.text).map_err(|e| invalid(c, e))?;
            // The reporter ticks every interval/10, and a ticker needs a positive period.
            if zipkin && d != 0 && d < 10 {
                let message = format!(
                    "`zipkin_max_batch_interval {}` makes the Zipkin reporter crash CoreDNS at startup",
                    value.text
                );
                report_crash(
                    c,
                    value,
                    message,
                    "use a positive interval such as `1s`, or 0 for the default",
                );
            }
        }
        _ => {}
    }
    Ok(())
}
