//! Test support: run one plugin's setup on text the way CoreDNS's plugin unit tests do
//! (`caddy.NewTestController`): the whole text is lexed into one token list, with no parsing,
//! and handed to the setup of the plugin its first token names.

use corefile_model::address::inspect_key;
use corefile_model::{ChainId, Diagnostic, FileId, Key, LineIndex, Location, ServerBlock, Token};
use corefile_syntax::{lex, significant_tokens, token_value, SyntaxKind};

use crate::{plugin, PluginError, SetupContext};

/// Lexes `input` like CoreDNS's test controller.
pub fn tokens(input: &str) -> Vec<Token> {
    let lexed = lex(input);
    significant_tokens(input, &lexed, 0)
        .iter()
        .map(|t| Token {
            text: token_value(t.kind, &input[t.range]).into_owned().into(),
            loc: Location::new(FileId(0), t.range),
            line: t.line,
            lf: t.lf,
            quoted: t.kind == SyntaxKind::STRING,
            chain: ChainId(0),
        })
        .collect()
}

/// Runs the setup of the plugin named by `input`'s first token, in a server block with
/// `server_keys` (default `.`), and returns what it reports (the setup error last).
pub fn setup_text(input: &str, server_keys: &[&str]) -> Vec<Diagnostic> {
    let toks = tokens(input);
    let Some(first) = toks.first() else {
        return Vec::new();
    };
    let Some(def) = plugin(&first.text) else {
        panic!("no stock plugin named `{}`", first.text);
    };
    let keys = if server_keys.is_empty() {
        &["."][..]
    } else {
        server_keys
    };
    let block = ServerBlock {
        keys: keys
            .iter()
            .map(|k| Key {
                token: Token {
                    text: k.to_string().into(),
                    ..first.clone()
                },
                text: k.to_string(),
                addrs: inspect_key(k),
            })
            .collect(),
        directives: Vec::new(),
        open_brace: None,
        close_brace: None,
    };
    let zones = block.zones();
    let (mut found, error) = def.run(
        &toks,
        SetupContext {
            block: &block,
            zones: &zones,
        },
    );
    found.extend(error.map(PluginError::into_diagnostic));
    found
}

/// Whether CoreDNS's verdict would be "refused": an error-severity finding.
pub fn has_error(diagnostics: &[Diagnostic]) -> bool {
    diagnostics
        .iter()
        .any(|d| d.severity == corefile_model::Severity::Error)
}

/// One line per diagnostic, `line:col severity[CODE] message`, for snapshots.
pub fn render(input: &str, diagnostics: &[Diagnostic]) -> String {
    let index = LineIndex::new(input);
    let mut s = String::new();
    for d in diagnostics {
        let lc = index.line_col_chars(input, d.location.range.start());
        s.push_str(&format!(
            "{}:{} {}[{}] {}\n",
            lc.line + 1,
            lc.col + 1,
            d.severity.as_str(),
            d.rule.code,
            d.message
        ));
        if let Some(h) = &d.help {
            s.push_str(&format!("    help: {h}\n"));
        }
    }
    s
}
