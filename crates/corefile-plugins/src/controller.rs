//! A port of CoreDNS's `caddy.Controller` / `caddyfile.Dispenser`: the cursor a plugin's setup
//! function walks over its directive's tokens. Validators are written against it line by line
//! like the Go setup code they mirror, so "which token is read next" matches CoreDNS exactly
//! (`NextArg` needs the same line, `NextBlock` needs `{` on the directive's line, ...).

use corefile_model::{Diagnostic, Location, RuleMeta, ServerBlock, Token};

use crate::codes;

/// What a setup function returns when CoreDNS's setup would fail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PluginError {
    pub rule: &'static RuleMeta,
    pub location: Location,
    pub message: String,
    pub help: Option<String>,
}

impl PluginError {
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn into_diagnostic(self) -> Diagnostic {
        let mut d = Diagnostic::new(self.rule, self.location, self.message);
        d.help = self.help;
        d
    }
}

pub type SetupResult = Result<(), PluginError>;

/// Facts about the rest of the configuration a validator may need.
#[derive(Debug, Clone, Copy)]
pub struct SetupContext<'a> {
    /// The server block being set up.
    pub block: &'a ServerBlock,
    /// Zones of the block (normalized, trailing dot), what `plugin.OriginsFromArgsOrServerBlock`
    /// falls back to.
    pub zones: &'a [String],
}

pub struct Controller<'a> {
    tokens: &'a [Token],
    cursor: isize,
    nesting: usize,
    /// How many times [`Controller::next_once`] has advanced.
    occurrences: usize,
    pub ctx: SetupContext<'a>,
    /// The directive's name, for messages.
    pub name: &'static str,
    /// Warnings and hints found while setting up (setup continues past them).
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Controller<'a> {
    /// `tokens` are all occurrences of the directive in one block, concatenated in source order,
    /// exactly what CoreDNS hands to the setup function.
    pub fn new(name: &'static str, tokens: &'a [Token], ctx: SetupContext<'a>) -> Self {
        Controller {
            tokens,
            cursor: -1,
            nesting: 0,
            occurrences: 0,
            ctx,
            name,
            diagnostics: Vec::new(),
        }
    }

    fn at(&self, i: isize) -> Option<&'a Token> {
        if i < 0 {
            None
        } else {
            self.tokens.get(i as usize)
        }
    }

    /// Advances to the next token, wherever it is (`Dispenser.Next`). Named like CoreDNS's method
    /// so ports read like the Go code; it is not an iterator.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> bool {
        if self.cursor < self.tokens.len() as isize - 1 {
            self.cursor += 1;
            true
        } else {
            false
        }
    }

    /// [`Controller::next`] for plugins allowed once per server block: landing on a second
    /// occurrence fails with `plugin.ErrOnce` (Go's `for c.Next() { if i > 0 { ... } i++ }`).
    pub fn next_once(&mut self) -> Result<bool, PluginError> {
        if !self.next() {
            return Ok(false);
        }
        self.occurrences += 1;
        if self.occurrences > 1 {
            return Err(self.err_once());
        }
        Ok(true)
    }

    /// Advances only if the next token is on the same line (`Dispenser.NextArg`).
    pub fn next_arg(&mut self) -> bool {
        if self.cursor < 0 {
            self.cursor += 1;
            return true;
        }
        match (self.at(self.cursor), self.at(self.cursor + 1)) {
            (Some(cur), Some(next)) if cur.same_line_as_next(next) => {
                self.cursor += 1;
                true
            }
            _ => false,
        }
    }

    /// Advances only if the next token starts a new line (`Dispenser.NextLine`).
    pub fn next_line(&mut self) -> bool {
        if self.cursor < 0 {
            self.cursor += 1;
            return true;
        }
        match (self.at(self.cursor), self.at(self.cursor + 1)) {
            (Some(cur), Some(next)) if !cur.same_line_as_next(next) => {
                self.cursor += 1;
                true
            }
            _ => false,
        }
    }

    /// Enters or continues a `{ … }` block opened on the current line (`Dispenser.NextBlock`):
    /// true while there is a token inside the block, positioned on it.
    pub fn next_block(&mut self) -> bool {
        if self.nesting > 0 {
            if !self.next() {
                return false;
            }
            if self.val() == "}" {
                self.nesting -= 1;
                return false;
            }
            return true;
        }
        if !self.next_arg() {
            return false;
        }
        if self.val() != "{" {
            self.cursor -= 1;
            return false;
        }
        if !self.next() {
            return false;
        }
        if self.val() == "}" {
            return false;
        }
        self.nesting += 1;
        true
    }

    /// Current nesting of `next_block` (CoreDNS's `Dispenser.Nesting`).
    pub fn nesting(&self) -> usize {
        self.nesting
    }

    /// The current token's value ("" before the first or after the last token).
    pub fn val(&self) -> &'a str {
        self.at(self.cursor).map(|t| t.text.as_str()).unwrap_or("")
    }

    /// The current token, if any.
    pub fn token(&self) -> Option<&'a Token> {
        self.at(self.cursor)
    }

    /// Location of the current token (or of the last token when past the end).
    pub fn location(&self) -> Location {
        let i = self.cursor.clamp(0, self.tokens.len() as isize - 1);
        self.at(i).map(|t| t.loc).unwrap_or(self.ctx_location())
    }

    fn ctx_location(&self) -> Location {
        self.tokens
            .first()
            .map(|t| t.loc)
            .expect("a directive has at least its name token")
    }

    /// Reads the next `n` same-line arguments (`Dispenser.Args`); false if there are fewer.
    pub fn args(&mut self, n: usize) -> Option<Vec<&'a Token>> {
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            if !self.next_arg() {
                return None;
            }
            out.push(self.token()?);
        }
        Some(out)
    }

    /// The rest of the line up to, not including, a `{` (`Dispenser.RemainingArgs`).
    pub fn remaining_args(&mut self) -> Vec<&'a Token> {
        let mut args = Vec::new();
        while self.next_arg() {
            if self.val() == "{" {
                self.cursor -= 1;
                break;
            }
            if let Some(t) = self.token() {
                args.push(t);
            }
        }
        args
    }

    /// Moves the cursor back by one token (CoreDNS setup code sometimes does `c.Dispenser` tricks).
    pub fn back(&mut self) {
        if self.cursor >= 0 {
            self.cursor -= 1;
        }
    }

    /// `Dispenser.ArgErr`: wrong argument count at the current token.
    pub fn arg_err(&self) -> PluginError {
        let message = if self.val() == "{" {
            "unexpected `{`, expecting an argument".to_string()
        } else {
            format!(
                "wrong argument count or unexpected line ending after `{}`",
                self.val()
            )
        };
        PluginError {
            rule: &codes::ARGUMENT_COUNT,
            location: self.location(),
            message,
            help: None,
        }
    }

    /// A setup error at the current token.
    pub fn err(&self, rule: &'static RuleMeta, message: impl Into<String>) -> PluginError {
        PluginError {
            rule,
            location: self.location(),
            message: message.into(),
            help: None,
        }
    }

    /// A setup error at a given token (prefer this: point at the exact offending argument).
    pub fn err_at(
        &self,
        rule: &'static RuleMeta,
        token: &Token,
        message: impl Into<String>,
    ) -> PluginError {
        PluginError {
            rule,
            location: token.loc,
            message: message.into(),
            help: None,
        }
    }

    /// `plugin.ErrOnce` at the current token.
    pub fn err_once(&self) -> PluginError {
        self.err(
            &codes::ONCE_PER_BLOCK,
            format!("`{}` can only be used once per server block", self.name),
        )
        .with_help("merge the occurrences into one, or move one into its own server block")
    }

    /// An unknown option inside the block, with "did you mean" among `known`.
    pub fn unknown_option(&self, known: &[&str]) -> PluginError {
        let v = self.val();
        let mut e = self.err(
            &codes::UNKNOWN_OPTION,
            format!("unknown option `{}` for `{}`", v, self.name),
        );
        if let Some(s) = corefile_model::did_you_mean(v, known.iter().copied()) {
            e = e.with_help(format!("did you mean `{s}`?"));
        } else if !known.is_empty() {
            e = e.with_help(format!("`{}` accepts: {}", self.name, known.join(", ")));
        }
        e
    }

    /// Records a finding that does not stop CoreDNS (a warning, info or hint).
    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }
}
