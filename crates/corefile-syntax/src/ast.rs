//! Typed accessors over the tree: server blocks, keys, directives, arguments, nested blocks,
//! snippets, imports and comments.

use crate::lexer::token_value;
use crate::{SyntaxKind, SyntaxNode, SyntaxToken};

macro_rules! ast_node {
    ($(#[$doc:meta])* $name:ident, $kind:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name {
            pub(crate) syntax: SyntaxNode,
        }

        impl $name {
            pub fn cast(syntax: SyntaxNode) -> Option<Self> {
                (syntax.kind() == SyntaxKind::$kind).then_some($name { syntax })
            }

            pub fn syntax(&self) -> &SyntaxNode {
                &self.syntax
            }
        }
    };
}

ast_node!(
    /// The whole file.
    Root, ROOT
);
ast_node!(
    /// `KEYS { … }`, or keys followed by a braceless body.
    ServerBlock, SERVER_BLOCK
);
ast_node!(
    /// `(name) { … }`.
    Snippet, SNIPPET
);
ast_node!(
    /// The keys of a server block (or the name of a snippet).
    KeyList, KEY_LIST
);
ast_node!(
    /// One key.
    Key, KEY
);
ast_node!(
    /// `{ … }`, or the body of a braceless server block.
    Block, BLOCK
);
ast_node!(
    /// A directive line or, inside a nested block, an option line.
    Directive, DIRECTIVE
);
ast_node!(
    /// `import PATTERN`.
    Import, IMPORT
);

/// A top-level item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    ServerBlock(ServerBlock),
    Snippet(Snippet),
    Import(Import),
}

/// An entry of a block: a directive (or option line) or an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Directive(Directive),
    Import(Import),
}

fn is_significant(t: &SyntaxToken) -> bool {
    matches!(
        t.kind(),
        SyntaxKind::WORD | SyntaxKind::STRING | SyntaxKind::L_BRACE | SyntaxKind::R_BRACE
    )
}

/// The value CoreDNS gives a significant token (quotes removed, `\"` unescaped, CR dropped).
pub fn value(token: &SyntaxToken) -> String {
    token_value(token.kind(), token.text()).into_owned()
}

fn child<N>(node: &SyntaxNode, cast: fn(SyntaxNode) -> Option<N>) -> Option<N> {
    node.children().find_map(cast)
}

fn direct_tokens(node: &SyntaxNode) -> impl Iterator<Item = SyntaxToken> + '_ {
    node.children_with_tokens()
        .filter_map(|e| e.into_token())
        .filter(is_significant)
}

impl Root {
    pub fn items(&self) -> impl Iterator<Item = Item> + '_ {
        self.syntax.children().filter_map(|n| match n.kind() {
            SyntaxKind::SERVER_BLOCK => Some(Item::ServerBlock(ServerBlock { syntax: n })),
            SyntaxKind::SNIPPET => Some(Item::Snippet(Snippet { syntax: n })),
            SyntaxKind::IMPORT => Some(Item::Import(Import { syntax: n })),
            _ => None,
        })
    }

    pub fn server_blocks(&self) -> impl Iterator<Item = ServerBlock> + '_ {
        self.syntax.children().filter_map(ServerBlock::cast)
    }

    pub fn snippets(&self) -> impl Iterator<Item = Snippet> + '_ {
        self.syntax.children().filter_map(Snippet::cast)
    }

    /// For a fragment parsed with [`crate::parse_body`]: its directives.
    pub fn body(&self) -> Option<Block> {
        child(&self.syntax, Block::cast)
    }

    /// Every comment in the file (line comments and the text dropped after a mid-word `#`).
    pub fn comments(&self) -> impl Iterator<Item = SyntaxToken> + '_ {
        self.syntax
            .descendants_with_tokens()
            .filter_map(|e| e.into_token())
            .filter(|t| matches!(t.kind(), SyntaxKind::COMMENT | SyntaxKind::WORD_COMMENT))
    }

    /// Every `import`, wherever it is written.
    pub fn imports(&self) -> impl Iterator<Item = Import> + '_ {
        self.syntax.descendants().filter_map(Import::cast)
    }
}

impl ServerBlock {
    pub fn key_list(&self) -> Option<KeyList> {
        child(&self.syntax, KeyList::cast)
    }

    pub fn keys(&self) -> Vec<Key> {
        self.key_list()
            .map(|k| k.keys().collect())
            .unwrap_or_default()
    }

    pub fn block(&self) -> Option<Block> {
        child(&self.syntax, Block::cast)
    }
}

impl Snippet {
    /// The name between the parentheses.
    pub fn name(&self) -> Option<String> {
        let key = self.key_list()?.keys().find(|k| !k.value().is_empty())?;
        let v = key.value();
        Some(v[1..v.len() - 1].to_string())
    }

    pub fn name_token(&self) -> Option<SyntaxToken> {
        self.key_list()?
            .keys()
            .find(|k| !k.value().is_empty())?
            .token()
    }

    pub fn key_list(&self) -> Option<KeyList> {
        child(&self.syntax, KeyList::cast)
    }

    pub fn block(&self) -> Option<Block> {
        child(&self.syntax, Block::cast)
    }
}

impl KeyList {
    pub fn keys(&self) -> impl Iterator<Item = Key> + '_ {
        self.syntax.children().filter_map(Key::cast)
    }
}

impl Key {
    pub fn token(&self) -> Option<SyntaxToken> {
        direct_tokens(&self.syntax).next()
    }

    /// The key's value (a trailing comma, if any, still attached).
    pub fn value(&self) -> String {
        self.token().map(|t| value(&t)).unwrap_or_default()
    }
}

impl Block {
    pub fn l_brace(&self) -> Option<SyntaxToken> {
        self.syntax
            .children_with_tokens()
            .filter_map(|e| e.into_token())
            .find(is_significant)
            .filter(|t| value(t) == "{")
    }

    pub fn r_brace(&self) -> Option<SyntaxToken> {
        self.syntax
            .children_with_tokens()
            .filter_map(|e| e.into_token())
            .filter(is_significant)
            .last()
            .filter(|t| value(t) == "}")
    }

    pub fn entries(&self) -> impl Iterator<Item = Entry> + '_ {
        self.syntax.children().filter_map(|n| match n.kind() {
            SyntaxKind::DIRECTIVE => Some(Entry::Directive(Directive { syntax: n })),
            SyntaxKind::IMPORT => Some(Entry::Import(Import { syntax: n })),
            _ => None,
        })
    }

    pub fn directives(&self) -> impl Iterator<Item = Directive> + '_ {
        self.syntax.children().filter_map(Directive::cast)
    }
}

impl Directive {
    /// The directive (or option) name token.
    pub fn name_token(&self) -> Option<SyntaxToken> {
        direct_tokens(&self.syntax).next()
    }

    pub fn name(&self) -> Option<String> {
        self.name_token().map(|t| value(&t))
    }

    /// Arguments written on the directive's own level (not inside its blocks), in order.
    pub fn args(&self) -> impl Iterator<Item = SyntaxToken> + '_ {
        direct_tokens(&self.syntax).skip(1)
    }

    /// The directive's nested blocks (usually one).
    pub fn blocks(&self) -> impl Iterator<Item = Block> + '_ {
        self.syntax.children().filter_map(Block::cast)
    }

    pub fn block(&self) -> Option<Block> {
        self.blocks().next()
    }
}

impl Import {
    pub fn keyword(&self) -> Option<SyntaxToken> {
        direct_tokens(&self.syntax).next()
    }

    /// The pattern token (file, glob or snippet name).
    pub fn argument(&self) -> Option<SyntaxToken> {
        direct_tokens(&self.syntax).nth(1)
    }

    pub fn pattern(&self) -> Option<String> {
        self.argument().map(|t| value(&t))
    }
}
