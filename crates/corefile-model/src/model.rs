//! What CoreDNS sees after parsing: server blocks, their keys and their directives' token lists,
//! with imports and snippets expanded and every token remembering where it was written and which
//! imports brought it.

use crate::address::ZoneAddr;
use crate::files::{FileDb, Location};

/// One token as a plugin's setup code sees it (the `caddyfile.Token` of CoreDNS).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The token's value: quotes removed, `\"` unescaped, CR outside quotes dropped.
    /// Environment placeholders are kept unexpanded (see [`Token::has_placeholder`]). Stored
    /// inline when short (nearly every token), so loading a large file does not allocate per token.
    pub text: compact_str::CompactString,
    /// Where the token is written.
    pub loc: Location,
    /// 1-based line of the token's first character in its file, as CoreDNS counts lines.
    pub line: u32,
    /// Line feeds inside the token's text (a quoted token may span lines).
    pub lf: u32,
    /// Written in double quotes.
    pub quoted: bool,
    /// Index into [`Model::chains`]: the import sites that brought this token, innermost last.
    pub chain: ChainId,
}

impl Token {
    /// `{$NAME}` or `{%NAME%}` somewhere in the text: its value is only known at run time, so
    /// validators must not judge it.
    pub fn has_placeholder(&self) -> bool {
        corefile_syntax::has_placeholder(&self.text)
    }

    /// Same file and the token's last line is `next`'s line (Dispenser `NextArg`). Like
    /// CoreDNS, only the file and line numbers count, not how the tokens arrived.
    pub fn same_line_as_next(&self, next: &Token) -> bool {
        self.loc.file == next.loc.file && self.line + self.lf == next.line
    }
}

/// Identifies an import chain in [`Model::chains`]; `ChainId(0)` is "written in the file itself".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ChainId(pub u32);

/// One `import` that brought tokens in: where the `import` is written and what it named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSite {
    pub loc: Location,
    pub pattern: String,
    pub snippet: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// All tokens CoreDNS hands to the plugin for this occurrence, the name and braces included
    /// (never empty: the name comes first).
    pub tokens: Vec<Token>,
}

impl Directive {
    pub fn name(&self) -> &str {
        &self.name_token().text
    }

    /// The directive's name token (the first of `tokens`).
    pub fn name_token(&self) -> &Token {
        &self.tokens[0]
    }

    /// Location from the name to the last token (in the name's file).
    pub fn span(&self) -> Location {
        let name = self.name_token();
        let mut range = name.loc.range;
        for t in &self.tokens {
            if t.loc.file == name.loc.file && t.chain == name.chain {
                range = range.cover(t.loc.range);
            }
        }
        Location {
            file: name.loc.file,
            range,
        }
    }
}

/// A server-block key with what CoreDNS's key inspection makes of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    pub token: Token,
    /// The key text after the trailing comma was removed (what CoreDNS inspects).
    pub text: String,
    /// The (transport, zone, port) triples, or CoreDNS's refusal.
    pub addrs: Result<Vec<ZoneAddr>, String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerBlock {
    pub keys: Vec<Key>,
    /// Directives in the order they are written (CoreDNS runs them in plugin.cfg order).
    pub directives: Vec<Directive>,
    /// The block's `{`, when it has one.
    pub open_brace: Option<Token>,
    pub close_brace: Option<Token>,
}

impl ServerBlock {
    /// All zones served by the block, in key order (normalized, with trailing dot).
    pub fn zones(&self) -> Vec<String> {
        self.keys
            .iter()
            .filter_map(|k| k.addrs.as_ref().ok())
            .flatten()
            .map(|a| a.zone.clone())
            .collect()
    }

    pub fn directives_named<'a, 'n>(
        &'a self,
        name: &'n str,
    ) -> impl Iterator<Item = &'a Directive> + 'n
    where
        'a: 'n,
    {
        self.directives.iter().filter(move |d| d.name() == name)
    }

    /// Location covering the keys (for messages about the whole block).
    pub fn header_location(&self) -> Option<Location> {
        let first = self.keys.first()?;
        let mut range = first.token.loc.range;
        for k in &self.keys {
            if k.token.loc.file == first.token.loc.file && k.token.chain == first.token.chain {
                range = range.cover(k.token.loc.range);
            }
        }
        Some(Location {
            file: first.token.loc.file,
            range,
        })
    }
}

/// A snippet definition `(name) { … }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub name: String,
    pub name_loc: Location,
    pub used: bool,
}

/// The expanded configuration of one root file.
#[derive(Debug, Clone, Default)]
pub struct Model {
    pub files: FileDb,
    pub blocks: Vec<ServerBlock>,
    pub snippets: Vec<Snippet>,
    /// Import chains, indexed by [`ChainId`]; entry 0 is empty.
    pub chains: Vec<Vec<ImportSite>>,
    /// Zero server blocks after parsing: CoreDNS silently serves its built-in default.
    pub falls_back_to_default: bool,
}

impl Model {
    pub fn chain(&self, id: ChainId) -> &[ImportSite] {
        self.chains
            .get(id.0 as usize)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}
