//! Hover: a directive shows its catalogue entry (summary, syntax, options, history), an option
//! line its option's documentation, a rule code in a comment the rule's documentation, and an
//! `import` of a snippet where the snippet is defined.

use corefile_plugins::{OptionDef, PluginDef};
use corefile_syntax::ast::{self, Directive, Import};
use corefile_syntax::{SyntaxKind, SyntaxToken, TextRange, TextSize};
use tower_lsp_server::ls_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use crate::document::Snapshot;
use crate::syntax::{self, Role};

pub fn hover(snap: &Snapshot, extra_plugins: &[String], pos: Position) -> Option<Hover> {
    let root = snap.parse.syntax();
    let offset = snap.text.offset(pos);
    let token = syntax::token_at(&root, offset)?;
    let (markdown, range) = match token.kind() {
        SyntaxKind::COMMENT | SyntaxKind::WORD_COMMENT => rule_in_comment(&token, offset)?,
        SyntaxKind::WORD | SyntaxKind::STRING => {
            (word(snap, &token, extra_plugins)?, token.text_range())
        }
        _ => return None,
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: markdown,
        }),
        range: Some(snap.text.range(range)),
    })
}

fn word(snap: &Snapshot, token: &SyntaxToken, extra_plugins: &[String]) -> Option<String> {
    let parent = token.parent()?;
    if let Some(import) = Import::cast(parent.clone()) {
        return import_hover(snap, &import, token);
    }
    let directive = Directive::cast(parent)?;
    if directive.name_token().as_ref() != Some(token) {
        return None;
    }
    let name = ast::value(token);
    match syntax::role(&directive) {
        Role::Plugin => Some(directive_doc(&name, extra_plugins)),
        Role::Option { plugin } => {
            let def = corefile_plugins::plugin(&plugin)?;
            Some(option_doc(def, def.option(&name)?))
        }
        Role::Nested => None,
    }
}

/// Markdown for a directive name: the catalogue entry, or what is known about a custom or
/// removed directive.
pub fn directive_doc(name: &str, extra_plugins: &[String]) -> String {
    if let Some(def) = corefile_plugins::plugin(name) {
        return plugin_doc(def);
    }
    if extra_plugins.iter().any(|p| p == name) {
        return format!(
            "**`{name}`**: a plugin of your custom CoreDNS build (declared in the `plugins` setting); its arguments are not checked"
        );
    }
    if let Some(removed) = corefile_plugins::removed_directive(name) {
        return format!(
            "**`{name}`** was removed in CoreDNS {}.\n\n{}",
            removed.removed_in, removed.replacement
        );
    }
    format!("`{name}` is not a CoreDNS directive")
}

pub fn plugin_doc(def: &PluginDef) -> String {
    let mut out = format!("**`{}`**", def.name);
    if !def.summary.is_empty() {
        out.push_str(": ");
        out.push_str(def.summary);
    }
    if !def.syntax.is_empty() {
        out.push_str("\n\n```corefile\n");
        out.push_str(def.syntax.trim_end());
        out.push_str("\n```");
    }
    if !def.options.is_empty() {
        out.push_str("\n\n**Options**\n");
        for o in def.options {
            out.push_str(&format!("\n- {}", option_line(o)));
        }
    }
    if !def.history.is_empty() {
        out.push_str("\n\n");
        out.push_str(def.history);
    }
    out.push_str(&format!(
        "\n\n[Documentation](https://coredns.io/plugins/{}/)",
        def.name
    ));
    out
}

fn option_line(o: &OptionDef) -> String {
    let mut line = if o.args.is_empty() {
        format!("`{}`", o.name)
    } else {
        format!("`{} {}`", o.name, o.args)
    };
    if !o.doc.is_empty() {
        line.push_str(": ");
        line.push_str(o.doc);
    }
    line
}

pub fn option_doc(def: &PluginDef, o: &OptionDef) -> String {
    let mut out = format!("**`{}`** option of `{}`", o.name, def.name);
    if !o.args.is_empty() {
        out.push_str(&format!("\n\n```corefile\n{} {}\n```", o.name, o.args));
    }
    if !o.doc.is_empty() {
        out.push_str("\n\n");
        out.push_str(o.doc);
    }
    if !o.values.is_empty() {
        let values: Vec<String> = o.values.iter().map(|v| format!("`{v}`")).collect();
        out.push_str(&format!("\n\nValues: {}", values.join(", ")));
    }
    out
}

fn import_hover(snap: &Snapshot, import: &Import, token: &SyntaxToken) -> Option<String> {
    if import.keyword().as_ref() == Some(token) {
        return Some(
            "**`import`**: splices in a snippet defined earlier with `(name) { … }`, or the files matching a path or glob (relative to this file)"
                .into(),
        );
    }
    let pattern = import.pattern()?;
    let root = snap.parse.syntax();
    let (_, snippet) = syntax::snippets(&root)
        .into_iter()
        .find(|(name, _)| *name == pattern)?;
    let line = snap
        .text
        .position(snippet.syntax().text_range().start())
        .line
        + 1;
    Some(format!("snippet **`{pattern}`**, defined on line {line}"))
}

/// A rule code (e.g. `SYN001`) under the cursor inside a comment.
fn rule_in_comment(token: &SyntaxToken, offset: TextSize) -> Option<(String, TextRange)> {
    let text = token.text();
    let start = token.text_range().start();
    let at = usize::from(offset - start);
    let is_code_char = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    // The word starts after the last non-code character, whatever its UTF-8 length.
    let begin = text[..at]
        .char_indices()
        .rev()
        .find(|(_, c)| !is_code_char(*c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[at..]
        .find(|c: char| !is_code_char(c))
        .map_or(text.len(), |i| i + at);
    let word = &text[begin..end];
    if word.is_empty() {
        return None;
    }
    let rule = corefile_rules::rule(word)?;
    let range = TextRange::new(
        start + TextSize::from(begin as u32),
        start + TextSize::from(end as u32),
    );
    Some((
        format!(
            "**{}** `{}`: {}\n\n{}",
            rule.code, rule.name, rule.summary, rule.doc
        ),
        range,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the `lsp` fuzz target: a multi-byte character before the cursor.
    #[test]
    fn rule_codes_after_multibyte_characters() {
        let parse = corefile_syntax::parse("# M\u{c186}\n# see SYN001\n");
        let comments: Vec<SyntaxToken> = parse.root().comments().collect();
        let first = &comments[0];
        assert_eq!(rule_in_comment(first, first.text_range().end()), None);
        let second = &comments[1];
        let (text, _) =
            rule_in_comment(second, second.text_range().end()).expect("SYN001 under the cursor");
        assert!(text.starts_with("**SYN001**"));
    }
}
