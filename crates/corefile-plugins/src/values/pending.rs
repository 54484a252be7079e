//! TEMPORARY stand-in for helper H2's `regex` module (Go `regexp.Compile` check) so that H3's
//! `errors` plugin compiles before it lands on main. Deleted at that merge; the call site in
//! plugins/errors.rs then moves to `values::regex::compile`. Not part of the catalogue's API.

pub mod regex {
    /// Go `regexp.Compile`, reduced to balanced parentheses and brackets.
    pub fn compile(pattern: &str) -> Result<(), String> {
        let mut depth = 0i32;
        let mut escaped = false;
        for ch in pattern.chars() {
            match ch {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '(' => depth += 1,
                ')' if depth == 0 => {
                    return Err(format!("error parsing regexp: unexpected ): `{pattern}`"))
                }
                ')' => depth -= 1,
                _ => {}
            }
        }
        if depth > 0 {
            return Err(format!(
                "error parsing regexp: missing closing ): `{pattern}`"
            ));
        }
        Ok(())
    }
}
