//! `pprof`: serves Go's runtime profiles over HTTP under `/debug/pprof`. Mirrors
//! plugin/pprof/setup.go `setup`: once per block, one optional ADDRESS (Go `net.SplitHostPort`),
//! and a block with `block [RATE]`.

use corefile_model::{Diagnostic, Group, RuleMeta, Severity};

use super::shared::{
    explain_brace, optional_http_address, report_brace_on_next_line, report_shared_endpoint,
    unknown_option, BRACE_ON_NEXT_LINE, LISTEN_PORT, SHARED_ENDPOINT,
};
use crate::values::number;
use crate::{codes, Controller, OptionDef, PluginDef, SetupResult};

pub static BLOCK_RATE_OFF: RuleMeta = RuleMeta {
    code: "PLG312",
    name: "pprof-block-rate-off",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "`pprof` `block` with a rate of 0 or less turns block profiling off",
    doc: "## What it does\nFinds `block RATE` inside `pprof` with RATE ≤ 0.\n\n## Why is this bad?\nCoreDNS accepts it, \
but Go's block profiler treats a rate of 0 or less as \"off\", so the block profile stays empty although the option \
seems to enable it.\n\n## Example\n```corefile\n. {\n    pprof {\n        block 0\n    }\n}\n```\n\n\
## Fix\nWrite a positive rate (`block 1` samples every blocking event) or remove the option.",
};

pub static PLUGIN: PluginDef = PluginDef {
    name: "pprof",
    summary: "Serves Go profiling data at `/debug/pprof` on ADDRESS (default `localhost:6053`).",
    syntax: "pprof [ADDRESS] {\n    block [RATE]\n}",
    snippet: "pprof ${1:localhost:6053}",
    options: &[OptionDef {
        name: "block",
        args: "[RATE]",
        doc: "Enable block profiling, sampling one blocking event per RATE nanoseconds blocked (default 1).",
        values: &[],
    }],
    history: "Once per block since the early releases (shared error text since CoreDNS 1.1.0); `block` since 1.5.0.",
    setup,
    rules: &[&LISTEN_PORT, &BLOCK_RATE_OFF, &BRACE_ON_NEXT_LINE, &SHARED_ENDPOINT],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    report_brace_on_next_line(c);
    while c.next_once()? {
        optional_http_address(c, "localhost:6053")?;
        while c.next_block() {
            if c.val() != "block" {
                unknown_option(c, &["block"])?;
                continue;
            }
            let args = c.remaining_args();
            if args.len() > 1 {
                return Err(c.arg_err().with_help("write at most one RATE"));
            }
            let Some(&rate) = args.first() else { continue };
            if rate.has_placeholder() {
                continue;
            }
            let n = number::parse_atoi(&rate.text).map_err(|_| {
                let message = format!("`block` rate must be an integer, got `{}`", rate.text);
                explain_brace(c.err_at(&codes::INVALID_VALUE, rate, message), &rate.text)
            })?;
            if n <= 0 {
                let d = Diagnostic::new(
                    &BLOCK_RATE_OFF,
                    rate.loc,
                    format!("`block {n}` turns block profiling off"),
                )
                .with_help("write a positive rate, e.g. `block 1`, or remove the option");
                c.report(d);
            }
        }
    }
    report_shared_endpoint(c);
    Ok(())
}
