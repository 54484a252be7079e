//! The parser: a port of CoreDNS's Caddyfile parser (coredns/caddy caddyfile/parse.go) that keeps
//! going after an error.
//!
//! It walks significant tokens with CoreDNS's rules (what is a key, where a directive ends, when a
//! brace counts, how `import` and snippets splice tokens) and reports what it finds to a [`Sink`]
//! as node events. The same engine serves two purposes:
//! * **tree mode** (`expand: false`): one file, `import` lines become `IMPORT` nodes and snippet
//!   bodies are parsed as lines; the events build the lossless syntax tree;
//! * **expand mode** (`expand: true`): imports and snippets are spliced exactly as CoreDNS does,
//!   through a [`Resolver`]; the events build the semantic model.
//!
//! Recursion never depends on the input: nesting is tracked with counters and an explicit stack.

use std::collections::HashMap;
use std::sync::Arc;

use rowan::TextRange;

use crate::lexer::token_value;
use crate::token::{Brace, Tok};
use crate::SyntaxKind::{self, *};

/// Receives the parser's node events, in source order.
pub trait Sink {
    fn start(&mut self, kind: SyntaxKind);
    /// A token and its text as written (empty when the file could not be read).
    fn token(&mut self, tok: &Tok, text: &str);
    fn finish(&mut self);
    fn error(&mut self, error: SyntaxError);
}

/// What kind of problem CoreDNS's parser would refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// A key list ends in a comma and then `{` follows.
    ExtraComma,
    /// The file ends inside a key list continued by a comma, or inside a directive's `{ }`.
    UnexpectedEof,
    /// A directive name CoreDNS does not know.
    UnknownDirective,
    /// A `}` on a directive's line with no `{` open on it (one-line blocks).
    UnmatchedCloseBrace,
    /// A server block or snippet that is never closed.
    UnclosedBlock,
    /// A snippet header not followed by `{`.
    SnippetWithoutBrace,
    /// A snippet defined twice.
    SnippetRedeclared,
    /// A snippet that imports itself directly.
    SnippetSelfImport,
    /// `import` without its argument.
    ImportMissingArgument,
    /// `import ""`.
    ImportEmptyPath,
    /// More than one argument after `import`.
    ImportExtraArgument,
    /// The resolver could not import (missing file, bad glob, directory, unreadable...).
    ImportFailed,
    /// A file or snippet that imports itself, directly or through others.
    ImportCycle,
    /// CoreDNS's expansion caps (10000 snippet imports, 100000 file imports) reached.
    ImportLimit,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub kind: ErrorKind,
    /// File of the token the error is reported at (0 for the parsed text in tree mode).
    pub file: u32,
    pub range: TextRange,
    /// Import chain of the token the error is reported at.
    pub chain: u32,
    pub message: String,
    /// Secondary places worth showing: (file, range, message).
    pub related: Vec<(u32, TextRange, String)>,
}

/// Resolves file imports in expand mode (snippets are handled by the engine itself).
pub trait Resolver {
    /// `import PATTERN` naming no defined snippet, written at `site` (the argument token) in file
    /// `site.file`. Returns every matched file's tokens, already lexed and tagged with fresh file
    /// ids, or CoreDNS's refusal in our words.
    fn import_files(&mut self, pattern: &str, site: &Tok) -> Result<Vec<ImportedFile>, String>;
}

pub struct ImportedFile {
    /// Identity for cycle detection (the absolute path).
    pub key: String,
    pub file: u32,
    pub text: Arc<str>,
    pub tokens: Vec<Tok>,
}

/// What brought tokens in: one entry per expansion, chained to the expansion it happened in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainEntry {
    pub parent: u32,
    /// The `import` argument token.
    pub site: Tok,
    pub target: ImportTarget,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportTarget {
    Snippet(String),
    File(String),
}

pub struct Options<'a> {
    pub expand: bool,
    /// Directive-name check; `None` accepts every name (tree mode).
    pub is_directive: Option<&'a dyn Fn(&str) -> bool>,
    /// Identity of the root file, for cycle detection.
    pub root_key: Option<String>,
}

/// CoreDNS's caps on expansions within one parse.
const MAX_SNIPPET_EXPANSIONS: usize = 10_000;
const MAX_FILE_EXPANSIONS: usize = 100_000;
/// Nested blocks deeper than this are kept flat in the tree (the parser still counts them), so
/// tree depth, and with it every recursive walk over the tree, stays bounded.
pub const MAX_TREE_DEPTH: usize = 128;

enum Text {
    Shared(Arc<str>),
    Missing,
}

pub struct Engine<'a, S: Sink> {
    sink: &'a mut S,
    resolver: Option<&'a mut dyn Resolver>,
    opts: Options<'a>,
    texts: Vec<Text>,
    streams: Vec<(Vec<Tok>, usize)>,
    /// The last token of the (spliced) stream that was consumed; `import` tokens don't count,
    /// exactly as CoreDNS removes them from its token list.
    prev: Option<Tok>,
    snippets: HashMap<String, Arc<[Tok]>>,
    snippet_expansions: usize,
    file_expansions: usize,
    chains: Vec<ChainEntry>,
    /// While a snippet body is read: every consumed token (CoreDNS stores them raw).
    capture: Option<Vec<Tok>>,
    /// Inside snippet bodies nothing is checked until the snippet is imported.
    quiet: bool,
}

/// Result of a parse besides the events: the import chains (index = chain id - 1).
pub struct EngineOutput {
    pub chains: Vec<ChainEntry>,
    pub snippet_names: Vec<String>,
}

impl<'a, S: Sink> Engine<'a, S> {
    pub fn new(
        sink: &'a mut S,
        resolver: Option<&'a mut dyn Resolver>,
        opts: Options<'a>,
        root_text: Arc<str>,
        root_tokens: Vec<Tok>,
    ) -> Self {
        Engine {
            sink,
            resolver,
            opts,
            texts: vec![Text::Shared(root_text)],
            streams: vec![(root_tokens, 0)],
            prev: None,
            snippets: HashMap::new(),
            snippet_expansions: 0,
            file_expansions: 0,
            chains: Vec::new(),
            capture: None,
            quiet: false,
        }
    }

    /// Parses a fragment spliced inside a server block: `ROOT > BLOCK > DIRECTIVE*`.
    pub fn run_body(mut self) -> EngineOutput {
        self.sink.start(ROOT);
        self.sink.start(BLOCK);
        while let Some(t) = self.peek() {
            if t.brace == Brace::Close {
                self.error(
                    ErrorKind::UnmatchedCloseBrace,
                    &t,
                    "unexpected `}`: this fragment is spliced inside a server block, where it would close that block".into(),
                );
                self.sink.start(ERROR);
                self.bump();
                self.sink.finish();
                continue;
            }
            if self.is_import_keyword(&t) {
                if self.opts.expand {
                    self.expand_import();
                } else {
                    self.import_line();
                }
                continue;
            }
            self.directive();
        }
        self.sink.finish();
        self.sink.finish();
        self.output()
    }

    fn output(self) -> EngineOutput {
        let mut snippet_names: Vec<String> = self.snippets.keys().cloned().collect();
        snippet_names.sort();
        EngineOutput {
            chains: self.chains,
            snippet_names,
        }
    }

    /// Parses everything, emitting a `ROOT` node.
    pub fn run(mut self) -> EngineOutput {
        self.sink.start(ROOT);
        while self.peek().is_some() {
            self.parse_one();
        }
        self.sink.finish();
        self.output()
    }

    // ---------------------------------------------------------------- token stream

    fn peek(&mut self) -> Option<Tok> {
        while let Some((toks, pos)) = self.streams.last() {
            if let Some(t) = toks.get(*pos) {
                return Some(*t);
            }
            if self.streams.len() == 1 {
                return None;
            }
            self.streams.pop();
        }
        None
    }

    /// Consumes the next token without emitting it.
    fn advance(&mut self) -> Option<Tok> {
        let t = self.peek()?;
        if let Some((_, pos)) = self.streams.last_mut() {
            *pos += 1;
        }
        self.prev = Some(t);
        if let Some(c) = self.capture.as_mut() {
            c.push(t);
        }
        Some(t)
    }

    /// Consumes the next token into the current node.
    fn bump(&mut self) -> Option<Tok> {
        let t = self.advance()?;
        self.emit(&t);
        Some(t)
    }

    /// Reports a token to the sink, with its text.
    fn emit(&mut self, t: &Tok) {
        let text = match self.texts.get(t.file as usize) {
            Some(Text::Shared(s)) => &s[t.range],
            _ => "",
        };
        self.sink.token(t, text);
    }

    /// CoreDNS's `isNewLine` for the next token relative to the previous one.
    fn next_is_new_line(&mut self) -> bool {
        let Some(t) = self.peek() else { return false };
        match self.prev {
            None => true,
            Some(p) => p.file != t.file || p.line + p.lf < t.line,
        }
    }

    /// CoreDNS's `NextArg` condition: the next token is on the previous token's line.
    fn next_is_same_line(&mut self) -> bool {
        self.peek().is_some() && !self.next_is_new_line()
    }

    fn text_of(&self, t: &Tok) -> &str {
        match self.texts.get(t.file as usize) {
            Some(Text::Shared(s)) => &s[t.range],
            _ => "",
        }
    }

    fn value(&self, t: &Tok) -> std::borrow::Cow<'_, str> {
        token_value(t.kind, self.text_of(t))
    }

    fn is_import_keyword(&self, t: &Tok) -> bool {
        t.brace == Brace::None && self.value(t) == "import"
    }

    fn error(&mut self, kind: ErrorKind, at: &Tok, message: String) {
        self.error_with(kind, at, message, Vec::new());
    }

    fn error_with(
        &mut self,
        kind: ErrorKind,
        at: &Tok,
        message: String,
        related: Vec<(u32, TextRange, String)>,
    ) {
        if self.quiet {
            return;
        }
        self.sink.error(SyntaxError {
            kind,
            file: at.file,
            range: at.range,
            chain: at.chain,
            message,
            related,
        });
    }

    // ---------------------------------------------------------------- blocks

    /// One server block or snippet (parse.go `parseOne`/`begin`), or in tree mode one top-level
    /// `import` line.
    fn parse_one(&mut self) {
        let Some(first) = self.peek() else { return };
        if !self.opts.expand && self.is_import_keyword(&first) && self.next_is_new_line() {
            self.import_line();
            return;
        }
        let Some(keys) = self.addresses() else { return };
        let mut named = keys.items.iter().filter_map(|k| match k {
            KeyItem::Key(_, v) if !v.is_empty() => Some(v.as_str()),
            _ => None,
        });
        let snippet_name = match (named.next(), named.next()) {
            (Some(v), None)
                if !keys.eof && v.len() >= 2 && v.starts_with('(') && v.ends_with(')') =>
            {
                Some(v[1..v.len() - 1].to_string())
            }
            _ => None,
        };
        match snippet_name {
            Some(name) => {
                self.sink.start(SNIPPET);
                self.emit_keys(keys.items);
                self.snippet_body(name);
                self.sink.finish();
            }
            None => {
                self.sink.start(SERVER_BLOCK);
                self.emit_keys(keys.items);
                if !keys.eof {
                    self.block_contents();
                }
                self.sink.finish();
            }
        }
    }

    fn emit_keys(&mut self, items: Vec<KeyItem>) {
        self.sink.start(KEY_LIST);
        for item in items {
            match item {
                KeyItem::Key(t, _) => {
                    self.sink.start(KEY);
                    self.emit(&t);
                    self.sink.finish();
                }
                KeyItem::Import(toks) => {
                    self.sink.start(IMPORT);
                    for t in &toks {
                        self.emit(t);
                    }
                    self.sink.finish();
                }
            }
        }
        self.sink.finish();
    }

    /// The key list (parse.go `addresses`). Returns `None` when nothing is left to parse.
    fn addresses(&mut self) -> Option<Keys> {
        let mut items = Vec::new();
        let mut expecting_another = false;
        loop {
            let Some(t) = self.peek() else {
                // Reached only when an import at the start of the list expanded to nothing.
                return (!items.is_empty()).then_some(Keys { items, eof: true });
            };
            if self.is_import_keyword(&t) && self.next_is_new_line() {
                if self.opts.expand {
                    self.expand_import();
                } else {
                    let (toks, _) = self.import_tokens();
                    items.push(KeyItem::Import(toks));
                }
                if self.peek().is_none() && expecting_another {
                    if let Some(last) = self.prev {
                        self.eof_after_comma(&last);
                    }
                }
                continue;
            }
            if t.brace == Brace::Open {
                if expecting_another {
                    self.error(
                        ErrorKind::ExtraComma,
                        &t,
                        "expected another server address after the trailing comma, found `{`; remove the comma".into(),
                    );
                }
                break;
            }
            self.advance();
            let mut v = self.value(&t).into_owned();
            if !v.is_empty() {
                expecting_another = v.ends_with(',');
                if expecting_another {
                    v.pop();
                }
            }
            items.push(KeyItem::Key(t, v));
            if self.peek().is_none() {
                if expecting_another {
                    self.eof_after_comma(&t);
                }
                return Some(Keys { items, eof: true });
            }
            if !expecting_another && self.next_is_new_line() {
                break;
            }
        }
        Some(Keys { items, eof: false })
    }

    fn eof_after_comma(&mut self, at: &Tok) {
        self.error(
            ErrorKind::UnexpectedEof,
            at,
            "the file ends after a trailing comma in the server address list; remove the comma or add the address".into(),
        );
    }

    /// A braced or braceless server-block body (parse.go `blockContents` + `directives`).
    fn block_contents(&mut self) {
        self.sink.start(BLOCK);
        let open = match self.peek() {
            Some(t) if t.brace == Brace::Open => self.bump(),
            _ => None,
        };
        let mut closed = false;
        while let Some(t) = self.peek() {
            if t.brace == Brace::Close {
                self.bump();
                closed = true;
                break;
            }
            // At directive position `import` is compared unexpanded and needs no new line.
            if self.is_import_keyword(&t) {
                if self.opts.expand {
                    self.expand_import();
                } else {
                    self.import_line();
                }
                continue;
            }
            self.directive();
        }
        if let (Some(open), false) = (open, closed) {
            // CoreDNS accepts a block left open when the stream's last token is `}` (eaten by a
            // nested block, or a quoted brace).
            if let Some(last) = self.prev.filter(|l| l.brace != Brace::Close) {
                let v = self.value(&last).into_owned();
                self.error_with(
                    ErrorKind::UnclosedBlock,
                    &last,
                    format!("the server block is never closed: the file ends at `{}` where `}}` is expected", short(&v)),
                    vec![(open.file, open.range, "this `{` is never closed".into())],
                );
            }
        }
        self.sink.finish();
    }

    /// One directive and everything CoreDNS gives it (parse.go `directive`).
    fn directive(&mut self) {
        self.sink.start(DIRECTIVE);
        let Some(name) = self.bump() else {
            self.sink.finish();
            return;
        };
        if let Some(is_directive) = self.opts.is_directive {
            let v = self.value(&name);
            if !crate::has_placeholder(&v) && !is_directive(&v) {
                let msg = format!("unknown directive `{}`", short(&v));
                self.error(ErrorKind::UnknownDirective, &name, msg);
            }
        }
        if self.nested_tokens(0, false) > 0 {
            if let Some(last) = self.prev {
                self.error(
                    ErrorKind::UnexpectedEof,
                    &last,
                    "the file ends inside this directive's `{ }` block; add the missing `}`".into(),
                );
            }
        }
        self.sink.finish();
    }

    /// The tokens after a directive's name, or a snippet's body (`in_snippet`, starting inside
    /// its `{`): nested blocks become `BLOCK` nodes whose lines are `DIRECTIVE` nodes. Returns
    /// the unmatched nesting left at the end of input.
    fn nested_tokens(&mut self, start_nesting: usize, in_snippet: bool) -> usize {
        // For each open `{` beyond the directive line: whether it has a BLOCK node and whether a
        // line node is open inside it.
        let mut frames: Vec<Frame> = Vec::new();
        if in_snippet {
            // The snippet's own `{`: its BLOCK node belongs to the caller.
            frames.push(Frame {
                owns_node: false,
                lines: true,
                line_open: false,
            });
        }
        let mut nesting = start_nesting;
        let mut open_nodes = 0usize;
        while let Some(t) = self.peek() {
            let new_line = self.next_is_new_line();
            if t.brace == Brace::Open {
                let node = open_nodes < MAX_TREE_DEPTH;
                if node {
                    if let Some(f) = frames.last_mut() {
                        if !f.line_open && f.lines {
                            self.sink.start(DIRECTIVE);
                            f.line_open = true;
                            open_nodes += 1;
                        }
                    }
                    self.sink.start(BLOCK);
                    open_nodes += 1;
                }
                self.bump();
                frames.push(Frame {
                    owns_node: node,
                    lines: node,
                    line_open: false,
                });
                nesting += 1;
                continue;
            }
            if nesting == 0 && new_line {
                break;
            }
            if t.brace == Brace::Close {
                if nesting == 0 {
                    self.error(
                        ErrorKind::UnmatchedCloseBrace,
                        &t,
                        "unexpected `}` on the same line as a directive: put the closing brace on its own line (CoreDNS rejects one-line blocks)".into(),
                    );
                    break;
                }
                let f = frames.pop().unwrap_or(Frame {
                    owns_node: false,
                    lines: false,
                    line_open: false,
                });
                if f.line_open {
                    self.sink.finish();
                    open_nodes -= 1;
                }
                self.bump();
                if f.owns_node {
                    self.sink.finish();
                    open_nodes -= 1;
                }
                nesting -= 1;
                if in_snippet && nesting == 0 {
                    return 0;
                }
                continue;
            }
            // Inside nested blocks a new line starts a new option line.
            if let Some(f) = frames.last_mut() {
                if f.lines && (new_line || !f.line_open) {
                    if f.line_open {
                        self.sink.finish();
                        open_nodes -= 1;
                    }
                    f.line_open = false;
                    if self.is_import_keyword(&t) && new_line {
                        if self.opts.expand && !in_snippet {
                            self.expand_import();
                        } else {
                            self.import_line();
                        }
                        continue;
                    }
                    self.sink.start(DIRECTIVE);
                    open_nodes += 1;
                    f.line_open = true;
                } else if !f.lines
                    && new_line
                    && self.is_import_keyword(&t)
                    && self.opts.expand
                    && !in_snippet
                {
                    self.expand_import();
                    continue;
                }
            }
            self.bump();
        }
        for f in frames.iter().rev() {
            if f.line_open {
                self.sink.finish();
            }
            if f.owns_node {
                self.sink.finish();
            }
        }
        nesting
    }

    /// A snippet's `{ … }` (parse.go `snippetTokens` plus the self-import guard).
    fn snippet_body(&mut self, name: String) {
        let Some(open) = self.peek().filter(|t| t.brace == Brace::Open) else {
            if let Some(t) = self.peek() {
                let v = self.value(&t).into_owned();
                self.error(
                    ErrorKind::SnippetWithoutBrace,
                    &t,
                    format!(
                        "snippet `({name})` must be followed by `{{`, found `{}`",
                        short(&v)
                    ),
                );
            }
            return;
        };
        if self.snippets.contains_key(&name) {
            self.error(
                ErrorKind::SnippetRedeclared,
                &open,
                format!("snippet `{name}` is already defined; rename or remove one of them"),
            );
        }
        self.sink.start(BLOCK);
        self.bump();
        self.capture = Some(Vec::new());
        let quiet = std::mem::replace(&mut self.quiet, true);
        let unmatched = self.nested_tokens(1, true);
        self.quiet = quiet;
        let body = self.capture.take().unwrap_or_default();
        self.sink.finish();
        if unmatched > 0 {
            if let Some(last) = self.prev {
                let v = self.value(&last).into_owned();
                self.error_with(
                    ErrorKind::UnclosedBlock,
                    &last,
                    format!("snippet `{name}` is never closed: the file ends at `{}` where `}}` is expected", short(&v)),
                    vec![(open.file, open.range, "this `{` is never closed".into())],
                );
            }
            return;
        }
        // The closing brace is the last token consumed; it is not part of the body.
        let close = self.prev.unwrap_or(open);
        let body: Vec<Tok> = body[..body.len().saturating_sub(1)].to_vec();
        for i in 0..body.len().saturating_sub(1) {
            let at_line_start =
                i == 0 || body[i - 1].file != body[i].file || body[i - 1].line != body[i].line;
            if at_line_start && self.is_import_keyword(&body[i]) && self.value(&body[i + 1]) == name
            {
                self.error_with(
                    ErrorKind::SnippetSelfImport,
                    &close,
                    format!("snippet `{name}` imports itself; CoreDNS fails with \"maximum snippet import depth (10000) exceeded\""),
                    vec![(body[i].file, body[i].range.cover(body[i + 1].range), "the import of itself".into())],
                );
                return;
            }
        }
        self.snippets.entry(name).or_insert_with(|| Arc::from(body));
    }

    // ---------------------------------------------------------------- imports

    /// `import` and its arguments as an `IMPORT` node (tree mode, and inside snippets).
    fn import_line(&mut self) {
        self.sink.start(IMPORT);
        let (toks, _) = self.import_tokens();
        for t in &toks {
            self.emit(t);
        }
        self.sink.finish();
    }

    /// Consumes `import` and the rest of its line, checking the argument count (parse.go
    /// `doImport` syntax checks); true when they are right. Braces on the line are left for the
    /// parser.
    fn import_tokens(&mut self) -> (Vec<Tok>, bool) {
        let Some(kw) = self.advance() else {
            return (Vec::new(), false);
        };
        let mut toks = vec![kw];
        if !self.next_is_same_line() {
            self.error(
                ErrorKind::ImportMissingArgument,
                &kw,
                "`import` needs a file, glob pattern or snippet name on the same line".into(),
            );
            return (toks, false);
        }
        let Some(arg) = self.advance() else {
            return (toks, false);
        };
        toks.push(arg);
        let mut ok = true;
        if self.value(&arg).is_empty() {
            ok = false;
            self.error(
                ErrorKind::ImportEmptyPath,
                &arg,
                "`import` needs a non-empty file path or snippet name".into(),
            );
        }
        let mut extra_reported = false;
        while self.next_is_same_line() {
            let Some(t) = self.peek() else { break };
            ok = false;
            if !extra_reported {
                extra_reported = true;
                self.error(
                    ErrorKind::ImportExtraArgument,
                    &t,
                    "`import` takes exactly one argument (a file, glob pattern or snippet name); put each import on its own line".into(),
                );
            }
            if t.brace != Brace::None {
                break;
            }
            toks.push(t);
            self.advance();
        }
        (toks, ok)
    }

    /// Expand mode: consumes `import ARG` and splices what it names into the stream, leaving
    /// the previous-token state as if the two tokens had never been there.
    fn expand_import(&mut self) {
        let before = self.prev;
        let (toks, valid) = self.import_tokens();
        self.prev = before;
        if !valid {
            return;
        }
        let arg = toks[1];
        let pattern = self.value(&arg).into_owned();
        if let Some(body) = self.snippets.get(&pattern).cloned() {
            if self.snippet_expansions >= MAX_SNIPPET_EXPANSIONS {
                self.error(ErrorKind::ImportLimit, &arg, "more than 10000 snippet imports; CoreDNS stops with \"maximum snippet import depth (10000) exceeded\"".into());
                return;
            }
            if let Some(cycle) = self.cycle(arg.chain, &ImportTarget::Snippet(pattern.clone())) {
                self.error(ErrorKind::ImportCycle, &arg, format!("snippet `{pattern}` imports itself ({cycle}); CoreDNS fails with \"maximum snippet import depth (10000) exceeded\""));
                return;
            }
            self.snippet_expansions += 1;
            let chain = self.new_chain(arg, ImportTarget::Snippet(pattern));
            let toks: Vec<Tok> = body.iter().map(|t| Tok { chain, ..*t }).collect();
            self.streams.push((toks, 0));
            return;
        }
        if self.file_expansions >= MAX_FILE_EXPANSIONS {
            self.error(ErrorKind::ImportLimit, &arg, "more than 100000 file imports; CoreDNS stops with \"maximum file import depth (10000) exceeded\"".into());
            return;
        }
        self.file_expansions += 1;
        let Some(resolver) = self.resolver.as_deref_mut() else {
            return;
        };
        let files = match resolver.import_files(&pattern, &arg) {
            Ok(files) => files,
            Err(message) => {
                self.error(ErrorKind::ImportFailed, &arg, message);
                return;
            }
        };
        let mut spliced = Vec::new();
        for f in files {
            let target = ImportTarget::File(f.key.clone());
            if self.opts.root_key.as_deref() == Some(f.key.as_str())
                || self.cycle(arg.chain, &target).is_some()
            {
                let msg = format!("`{}` is imported again while it is being imported (an import cycle); CoreDNS fails with \"maximum file import depth (10000) exceeded\" or hangs", f.key);
                self.error(ErrorKind::ImportCycle, &arg, msg);
                return;
            }
            let chain = self.new_chain(arg, target);
            while self.texts.len() <= f.file as usize {
                self.texts.push(Text::Missing);
            }
            self.texts[f.file as usize] = Text::Shared(f.text);
            spliced.extend(f.tokens.into_iter().map(|t| Tok { chain, ..t }));
        }
        if !spliced.is_empty() {
            self.streams.push((spliced, 0));
        }
    }

    fn new_chain(&mut self, site: Tok, target: ImportTarget) -> u32 {
        self.chains.push(ChainEntry {
            parent: site.chain,
            site,
            target,
        });
        self.chains.len() as u32
    }

    /// If `target` is already being expanded in `chain`, the cycle as "a → b → a".
    fn cycle(&self, mut chain: u32, target: &ImportTarget) -> Option<String> {
        let mut names = vec![target_name(target)];
        while chain != 0 {
            let e = &self.chains[chain as usize - 1];
            names.push(target_name(&e.target));
            if &e.target == target {
                names.reverse();
                return Some(names.join(" → "));
            }
            chain = e.parent;
        }
        None
    }
}

fn target_name(t: &ImportTarget) -> String {
    match t {
        ImportTarget::Snippet(s) => format!("`{s}`"),
        ImportTarget::File(f) => format!("`{f}`"),
    }
}

struct Frame {
    /// This `{` opened a BLOCK node that must be finished at its `}`.
    owns_node: bool,
    /// Lines inside get DIRECTIVE nodes (false beyond [`MAX_TREE_DEPTH`]).
    lines: bool,
    /// A line (DIRECTIVE) node is open inside it.
    line_open: bool,
}

enum KeyItem {
    /// A key token and its value with one trailing comma removed.
    Key(Tok, String),
    /// Tree mode: an `import` line in the key list.
    Import(Vec<Tok>),
}

struct Keys {
    items: Vec<KeyItem>,
    /// The input ended in the key list (a block of keys only).
    eof: bool,
}

/// A token's text for messages: long or multi-line values are cut.
fn short(v: &str) -> String {
    let first = v.lines().next().unwrap_or("");
    let mut s: String = first.chars().take(60).collect();
    if s.len() < v.len() {
        s.push('…');
    }
    s
}
