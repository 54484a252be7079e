//! What the tree says about a place in a document: which plugin a directive belongs to, and what
//! is being typed at the cursor. Every walk here is bounded or iterative (rowan's own traversals),
//! never recursion on the input's nesting.

use corefile_syntax::ast::{self, Directive, Import, Snippet};
use corefile_syntax::{SyntaxKind, SyntaxNode, SyntaxToken, TextRange, TextSize};

/// What a directive line is, by where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// A plugin directive in a server block (or a snippet, or a body fragment).
    Plugin,
    /// An option line inside the block of the plugin directive `plugin`.
    Option { plugin: String },
    /// Deeper inside a block (sub-blocks of options): no catalogue entry describes it.
    Nested,
}

pub fn is_significant(kind: SyntaxKind) -> bool {
    matches!(
        kind,
        SyntaxKind::WORD | SyntaxKind::STRING | SyntaxKind::L_BRACE | SyntaxKind::R_BRACE
    )
}

/// Whether a BLOCK holds plugin directives (a server block's, a snippet's or a fragment's body).
fn is_directive_block(block: &SyntaxNode) -> bool {
    matches!(
        block.parent().map(|p| p.kind()),
        Some(SyntaxKind::SERVER_BLOCK | SyntaxKind::SNIPPET | SyntaxKind::ROOT)
    )
}

pub fn role(directive: &Directive) -> Role {
    let Some(block) = directive.syntax().parent() else {
        return Role::Nested;
    };
    if is_directive_block(&block) {
        return Role::Plugin;
    }
    match block.parent().and_then(Directive::cast) {
        Some(owner)
            if owner
                .syntax()
                .parent()
                .is_some_and(|b| is_directive_block(&b)) =>
        {
            Role::Option {
                plugin: owner.name().unwrap_or_default(),
            }
        }
        _ => Role::Nested,
    }
}

/// The word or quoted string under the cursor (touching it on either side).
pub fn word_at(root: &SyntaxNode, offset: TextSize) -> Option<SyntaxToken> {
    let is_word = |t: &SyntaxToken| matches!(t.kind(), SyntaxKind::WORD | SyntaxKind::STRING);
    match root.token_at_offset(offset) {
        rowan::TokenAtOffset::None => None,
        rowan::TokenAtOffset::Single(t) => Some(t).filter(is_word),
        rowan::TokenAtOffset::Between(l, r) => Some(l).filter(is_word).or(Some(r).filter(is_word)),
    }
}

/// The token under the cursor, whatever its kind (comments included).
pub fn token_at(root: &SyntaxNode, offset: TextSize) -> Option<SyntaxToken> {
    match root.token_at_offset(offset) {
        rowan::TokenAtOffset::None => None,
        rowan::TokenAtOffset::Single(t) => Some(t),
        rowan::TokenAtOffset::Between(l, r) => {
            if is_significant(l.kind()) || l.kind() == SyntaxKind::COMMENT {
                Some(l)
            } else {
                Some(r)
            }
        }
    }
}

/// What the user is typing at the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The first word of a line in a server block: a directive.
    DirectiveName,
    /// The first word of a line inside a plugin's block: one of its options.
    OptionName { plugin: String },
    /// An argument of an option line (`index` 0 is the first argument).
    OptionArg {
        plugin: String,
        option: String,
        index: usize,
    },
    /// An argument of a directive.
    DirectiveArg { directive: String, index: usize },
    /// The argument of `import`.
    ImportArg,
    /// Anywhere else: keys, comments, after a brace.
    Other,
}

#[derive(Debug, Clone)]
pub struct Cursor {
    pub place: Place,
    /// The part of the word before the cursor (quotes included), replaced by a completion.
    pub prefix: String,
    pub prefix_range: TextRange,
}

pub fn cursor(root: &SyntaxNode, offset: TextSize) -> Cursor {
    let other = |range| Cursor {
        place: Place::Other,
        prefix: String::new(),
        prefix_range: range,
    };
    let here = TextRange::empty(offset);
    let at = root.token_at_offset(offset);
    let typing = match &at {
        rowan::TokenAtOffset::Single(t) if t.kind() == SyntaxKind::COMMENT => return other(here),
        rowan::TokenAtOffset::Single(t) => Some(t.clone()),
        rowan::TokenAtOffset::Between(l, _) => Some(l.clone()),
        rowan::TokenAtOffset::None => None,
    }
    .filter(|t| {
        matches!(t.kind(), SyntaxKind::WORD | SyntaxKind::STRING) && t.text_range().start() < offset
    });
    if let rowan::TokenAtOffset::Between(l, _) = &at {
        if l.kind() == SyntaxKind::COMMENT {
            return other(here);
        }
    }
    let prefix_range = match &typing {
        Some(t) => TextRange::new(t.text_range().start(), offset),
        None => here,
    };
    let prefix = typing
        .as_ref()
        .map(|t| {
            let start = t.text_range().start();
            t.text()[..usize::from(offset - start)].to_string()
        })
        .unwrap_or_default();

    // The token just before the word being typed, and the block it is in.
    let anchor = match &typing {
        Some(t) => t.prev_token(),
        None => match at {
            rowan::TokenAtOffset::Single(t) => Some(t),
            rowan::TokenAtOffset::Between(l, _) => Some(l),
            rowan::TokenAtOffset::None => None,
        },
    };
    let mut line_before: Vec<SyntaxToken> = Vec::new();
    let mut walk = anchor.clone();
    while let Some(t) = walk {
        if t.kind() == SyntaxKind::NEWLINE {
            break;
        }
        if is_significant(t.kind()) {
            line_before.push(t.clone());
        }
        walk = t.prev_token();
    }
    line_before.reverse();
    let words: Vec<String> = line_before.iter().map(ast::value).collect();
    if words.len() == 1
        && words[0] == "import"
        && line_before[0].parent().and_then(Import::cast).is_some()
    {
        return Cursor {
            place: Place::ImportArg,
            prefix,
            prefix_range,
        };
    }
    let block = typing
        .as_ref()
        .or(anchor.as_ref())
        .and_then(|t| t.parent_ancestors().find(|n| n.kind() == SyntaxKind::BLOCK));
    let Some(block) = block else {
        return Cursor {
            place: Place::Other,
            prefix,
            prefix_range,
        };
    };
    if line_before
        .iter()
        .any(|t| matches!(t.kind(), SyntaxKind::L_BRACE | SyntaxKind::R_BRACE))
    {
        return Cursor {
            place: Place::Other,
            prefix,
            prefix_range,
        };
    }
    let owner = if is_directive_block(&block) {
        None
    } else {
        let owner = block.parent().and_then(Directive::cast);
        match owner.as_ref().map(role) {
            Some(Role::Plugin) => owner.and_then(|o| o.name()),
            _ => {
                return Cursor {
                    place: Place::Other,
                    prefix,
                    prefix_range,
                }
            }
        }
    };
    let place = match (owner, words.as_slice()) {
        (None, []) => Place::DirectiveName,
        (None, [name, args @ ..]) => Place::DirectiveArg {
            directive: name.clone(),
            index: args.len(),
        },
        (Some(plugin), []) => Place::OptionName { plugin },
        (Some(plugin), [option, args @ ..]) => Place::OptionArg {
            plugin,
            option: option.clone(),
            index: args.len(),
        },
    };
    Cursor {
        place,
        prefix,
        prefix_range,
    }
}

/// The snippet names defined in the document, with their definitions.
pub fn snippets(root: &SyntaxNode) -> Vec<(String, Snippet)> {
    root.children()
        .filter_map(Snippet::cast)
        .filter_map(|s| Some((s.name()?, s)))
        .collect()
}

/// The range of a word's value in the text: without the quotes of a quoted string.
pub fn value_range(token: &SyntaxToken) -> TextRange {
    let r = token.text_range();
    let text = token.text();
    if token.kind() == SyntaxKind::STRING && text.len() >= 2 && text.ends_with('"') {
        TextRange::new(r.start() + TextSize::from(1), r.end() - TextSize::from(1))
    } else {
        r
    }
}

/// The range of a snippet's name inside `(name)`.
pub fn snippet_name_range(snippet: &Snippet) -> Option<TextRange> {
    let token = snippet.name_token()?;
    let r = token.text_range();
    (r.len() >= TextSize::from(2))
        .then(|| TextRange::new(r.start() + TextSize::from(1), r.end() - TextSize::from(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place_at(text_with_cursor: &str) -> Place {
        let offset = text_with_cursor.find('|').unwrap();
        let text = text_with_cursor.replace('|', "");
        let parse = corefile_syntax::parse(&text);
        cursor(&parse.syntax(), TextSize::from(offset as u32)).place
    }

    #[test]
    fn places() {
        assert_eq!(place_at(". {\n    ca|\n}\n"), Place::DirectiveName);
        assert_eq!(place_at(". {\n    |\n}\n"), Place::DirectiveName);
        assert_eq!(place_at(". {\n    log\n|}\n"), Place::DirectiveName);
        assert_eq!(
            place_at(". {\n    forward . 1.1.1.1 {\n        po|\n    }\n}\n"),
            Place::OptionName {
                plugin: "forward".into()
            }
        );
        assert_eq!(
            place_at(". {\n    kubernetes {\n        pods |\n    }\n}\n"),
            Place::OptionArg {
                plugin: "kubernetes".into(),
                option: "pods".into(),
                index: 0
            }
        );
        assert_eq!(
            place_at(". {\n    forward . |\n}\n"),
            Place::DirectiveArg {
                directive: "forward".into(),
                index: 1
            }
        );
        assert_eq!(place_at(". {\n    import sn|\n}\n"), Place::ImportArg);
        assert_eq!(place_at("import |\n"), Place::ImportArg);
        assert_eq!(place_at(". {\n    # ca|\n}\n"), Place::Other);
        assert_eq!(place_at("exam|ple.org {\n}\n"), Place::Other);
        assert_eq!(place_at(". {\n    ca|"), Place::DirectiveName);
    }
}
