//! Tree mode: the parser's events become a lossless rowan tree; trivia is interleaved from the
//! lexed token list, so every byte of the input lands in exactly one token of the tree.

use std::sync::Arc;

use rowan::{GreenNode, GreenNodeBuilder};

use crate::engine::{Engine, Options, Sink, SyntaxError};
use crate::lexer::{lex, LexToken};
use crate::token::{significant_tokens, Tok};
use crate::{SyntaxKind, SyntaxNode};

/// The result of parsing one text: the tree and the errors CoreDNS's parser would report for it
/// on its own (directive names and imports are judged later, with the plugin list and the files).
#[derive(Debug, Clone)]
pub struct Parse {
    green: GreenNode,
    errors: Vec<SyntaxError>,
}

impl Parse {
    /// The root node; `to_string()` gives back the input exactly.
    pub fn syntax(&self) -> SyntaxNode {
        SyntaxNode::new_root(self.green.clone())
    }

    pub fn errors(&self) -> &[SyntaxError] {
        &self.errors
    }

    pub fn green(&self) -> &GreenNode {
        &self.green
    }

    /// The typed root.
    pub fn root(&self) -> crate::ast::Root {
        crate::ast::Root {
            syntax: self.syntax(),
        }
    }
}

/// Parses a whole Corefile.
pub fn parse(text: &str) -> Parse {
    parse_with(text, false)
}

/// Parses a fragment that CoreDNS splices inside a server block (a `*.override` file, a file
/// imported inside a block): a list of directives.
pub fn parse_body(text: &str) -> Parse {
    parse_with(text, true)
}

fn parse_with(text: &str, body: bool) -> Parse {
    let lexed = lex(text);
    let tokens = significant_tokens(text, &lexed, 0);
    let mut sink = TreeSink {
        text,
        lexed: &lexed,
        next: 0,
        depth: 0,
        builder: GreenNodeBuilder::new(),
        errors: Vec::new(),
    };
    run_tree_mode(text, tokens, body, &mut sink);
    Parse {
        green: sink.builder.finish(),
        errors: sink.errors,
    }
}

/// Runs the parser as [`parse`] (or, with `body`, [`parse_body`]) does, but reports its events to
/// `sink` instead of building a tree. `tokens`: the significant tokens of `text`. A sink places a
/// token the first time it is reported; the parser may report a token again, later.
pub fn run_tree_mode<S: Sink>(text: &str, tokens: Vec<Tok>, body: bool, sink: &mut S) {
    let engine = Engine::new(
        sink,
        None,
        Options {
            expand: false,
            is_directive: None,
            root_key: None,
        },
        Arc::from(text),
        tokens,
    );
    if body {
        engine.run_body();
    } else {
        engine.run();
    }
}

struct TreeSink<'t> {
    text: &'t str,
    lexed: &'t [LexToken],
    /// Next lexed token to add to the tree.
    next: usize,
    depth: usize,
    builder: GreenNodeBuilder<'static>,
    errors: Vec<SyntaxError>,
}

impl TreeSink<'_> {
    fn add_lexed(&mut self, i: usize) {
        let t = self.lexed[i];
        self.builder.token(t.kind.into(), &self.text[t.range]);
    }

    /// Adds lexed tokens up to (not including) index `end`.
    fn flush_to(&mut self, end: usize) {
        while self.next < end.min(self.lexed.len()) {
            self.add_lexed(self.next);
            self.next += 1;
        }
    }

    /// Adds the trivia before the next significant token.
    fn flush_trivia(&mut self) {
        while self.next < self.lexed.len() && self.lexed[self.next].kind.is_trivia() {
            self.add_lexed(self.next);
            self.next += 1;
        }
    }
}

impl Sink for TreeSink<'_> {
    fn start(&mut self, kind: SyntaxKind) {
        if self.depth > 0 {
            self.flush_trivia();
        }
        self.builder.start_node(kind.into());
        self.depth += 1;
    }

    fn token(&mut self, tok: &Tok, _text: &str) {
        let i = tok.lex_index as usize;
        if i < self.next {
            return;
        }
        self.flush_to(i);
        self.add_lexed(i);
        self.next = i + 1;
    }

    fn finish(&mut self) {
        if self.depth == 1 {
            self.flush_to(self.lexed.len());
        }
        self.builder.finish_node();
        self.depth -= 1;
    }

    fn error(&mut self, error: SyntaxError) {
        self.errors.push(error);
    }
}

/// An indented dump of a tree, one element per line (`KIND@start..end "text"`), for snapshots.
pub fn debug_tree(node: &SyntaxNode) -> String {
    use rowan::WalkEvent;
    let mut out = String::new();
    let mut depth = 0usize;
    for event in node.preorder_with_tokens() {
        match event {
            WalkEvent::Enter(e) => {
                let r = e.text_range();
                out.push_str(&"  ".repeat(depth));
                match e {
                    rowan::NodeOrToken::Node(n) => {
                        out.push_str(&format!(
                            "{:?}@{}..{}\n",
                            n.kind(),
                            u32::from(r.start()),
                            u32::from(r.end())
                        ));
                        depth += 1;
                    }
                    rowan::NodeOrToken::Token(t) => {
                        out.push_str(&format!(
                            "{:?}@{}..{} {:?}\n",
                            t.kind(),
                            u32::from(r.start()),
                            u32::from(r.end()),
                            t.text()
                        ));
                    }
                }
            }
            WalkEvent::Leave(rowan::NodeOrToken::Node(_)) => depth -= 1,
            WalkEvent::Leave(_) => {}
        }
    }
    out
}
