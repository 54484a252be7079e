//! `rules` and `explain`: the documentation comes from each rule's one definition.

pub fn list() -> u8 {
    let rules = corefile_rules::all_rules();
    let width = rules.iter().map(|r| r.name.len()).max().unwrap_or(0);
    for r in rules {
        println!(
            "{}  {:<8}  {:<7}  {:<width$}  {}",
            r.code,
            r.group.as_str(),
            r.default_severity.as_str(),
            r.name,
            r.summary
        );
    }
    0
}

pub fn explain(code: &str) -> u8 {
    match corefile_rules::rule(code) {
        Some(r) => {
            println!("# {} ({}): {}\n", r.code, r.name, r.summary);
            println!(
                "Group: {}. Default severity: {}.\n",
                r.group.as_str(),
                r.default_severity.as_str()
            );
            println!("{}", r.doc);
            0
        }
        None => {
            eprintln!("error: no rule has the code or name `{code}`; run `corefile-lint rules` to list them");
            2
        }
    }
}
