use corefile_model::{Diagnostic, Group, Model, RuleMeta, Severity};

pub static RULE: RuleMeta = RuleMeta {
    code: "SEM004",
    name: "unused-snippet",
    group: Group::Semantic,
    default_severity: Severity::Info,
    summary: "A snippet that is never imported",
    doc: "## What it does\nReports snippet definitions `(name) { ... }` that no `import name` uses.\n\n\
## Why is this bad?\nCoreDNS never checks a snippet's content until it is imported, so an unused snippet can hold \
anything, typos included; it is often left over from a rename (`import commn`).\n\n\
## Example\n```corefile\n(common) {\n    log\n}\n. {\n    whoami\n}\n```\n\n## Fix\nImport it where it was meant to be used, or delete it.",
};

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    for s in model.snippets.iter().filter(|s| !s.used) {
        out.push(
            Diagnostic::new(
                &RULE,
                s.name_loc,
                format!("snippet `{}` is never imported", s.name),
            )
            .with_help("import it with `import NAME` or delete it"),
        );
    }
}
