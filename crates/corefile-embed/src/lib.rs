//! Corefiles embedded in Kubernetes YAML.
//!
//! [`find_corefiles`] scans a YAML stream (one or many documents, `kind: List` objects included)
//! for ConfigMaps and returns the `data` values that CoreDNS reads as Corefiles, decoded exactly
//! as Kubernetes would write them to disk, with a map from every byte of the decoded text back to
//! the YAML. [`splice`] puts a changed Corefile back, touching only that value's bytes.
//!
//! Which `data` keys are Corefiles:
//! - `Corefile`: a whole Corefile ([`EmbeddedKind::Corefile`]);
//! - `*.server`: server blocks the stock AKS/k3s Corefile imports at top level
//!   ([`EmbeddedKind::Server`]);
//! - `*.override`: directives the stock Corefile imports inside its `.:53` block, so the text is
//!   a server block body ([`EmbeddedKind::Override`]);
//! - any key matched by the caller's extra patterns.
//!
//! ```
//! use corefile_embed::{find_corefiles, line_column, splice, EmbeddedKind};
//!
//! let yaml = "kind: ConfigMap\ndata:\n  Corefile: \".:53 {\\n  errors \\n}\\n\"\n";
//! let found = find_corefiles(yaml, &[]).unwrap();
//! assert_eq!(found[0].kind, EmbeddedKind::Corefile);
//! assert_eq!(found[0].text, ".:53 {\n  errors \n}\n");
//! // `errors` is at offset 9 of the Corefile; in the YAML it is on line 3, column 24.
//! assert_eq!(line_column(yaml, found[0].yaml_offset(9)), (3, 24));
//! let fixed = splice(yaml, &found[0], ".:53 {\n    errors\n}\n");
//! assert_eq!(fixed, "kind: ConfigMap\ndata:\n  Corefile: |\n    .:53 {\n        errors\n    }\n");
//! ```
//!
//! Other keys are left alone: `NodeHosts` and zone files are not Corefiles, and `*.include` or
//! `Corefile-backup` are read by no stock CoreDNS deployment (pass them as extra keys to lint them
//! anyway, e.g. `override:*.include`).

mod decode;
mod position;
mod splice;
mod template;
mod tree;

use std::fmt;
use std::ops::Range;
use std::path::Path;

use globset::{Glob, GlobMatcher};
use saphyr_parser::ScalarStyle;

use crate::decode::{decode_block, decode_flow, quoted_end, BlockLayout, FlowStyle};
use crate::position::{CharIndex, OffsetMap};
use crate::tree::{Node, NodeId, Stream};

pub use crate::position::line_column;
pub use crate::splice::{splice, splice_all};
pub use crate::template::TemplateEngine;

/// How CoreDNS uses an embedded text, which decides how it is linted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EmbeddedKind {
    /// A complete Corefile (`data.Corefile`).
    Corefile,
    /// Whole server blocks imported at the top level (`*.server`).
    Server,
    /// A bare list of directives imported inside a server block (`*.override`): lint it as a
    /// server block body.
    Override,
}

/// The YAML style the value was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Style {
    /// `|` block scalar.
    Literal,
    /// `>` block scalar (its lines are joined with spaces, rarely what a Corefile wants).
    Folded,
    /// `"..."`, as `kubectl` prints values with trailing blanks.
    DoubleQuoted,
    /// `'...'`.
    SingleQuoted,
    /// Unquoted, possibly over several lines.
    Plain,
}

/// A Corefile found in a ConfigMap.
#[derive(Clone, Debug)]
pub struct Embedded {
    /// The `data` key, e.g. `Corefile` or `custom.server`.
    pub key: String,
    /// How CoreDNS uses the text, from the key's name.
    pub kind: EmbeddedKind,
    /// The decoded value: exactly the file Kubernetes mounts.
    pub text: String,
    /// Index of the YAML document in the stream (0-based, empty documents counted).
    pub document_index: usize,
    /// Index within the `items` of a `kind: List` document, if the ConfigMap is in one.
    pub item_index: Option<usize>,
    /// `metadata.name` of the ConfigMap, when it is a plain string.
    pub configmap_name: Option<String>,
    /// How the value is written in the YAML.
    pub style: Style,
    /// The value's bytes in the YAML: from the first quote, or from the `|`/`>` of a block
    /// scalar through its last line (trailing blank lines included).
    pub scalar_range: Range<usize>,
    offsets: OffsetMap,
    layout: Layout,
    /// Indentation of the mapping holding the value, which block scalar content must exceed.
    parent_indent: usize,
}

#[derive(Clone, Debug)]
pub(crate) enum Layout {
    Block(BlockLayout),
    Flow {
        /// Inside `{...}`/`[...]`, where block scalars cannot be written.
        in_flow_collection: bool,
    },
}

impl Embedded {
    /// The YAML byte offset of the decoded text's byte `corefile_offset`. Offsets at or past the
    /// end of the text map just past the value's last source byte.
    pub fn yaml_offset(&self, corefile_offset: usize) -> usize {
        self.offsets.yaml_offset(corefile_offset)
    }

    /// The YAML byte range of a range of the decoded text.
    pub fn yaml_range(&self, corefile_range: Range<usize>) -> Range<usize> {
        let start = self.yaml_offset(corefile_range.start);
        start..self.yaml_offset(corefile_range.end).max(start)
    }

    /// Written as a `|` or `>` block. Formatting splices any other value even when the text
    /// stays the same, to turn kubectl's one-line quoted form into a readable block.
    pub fn is_block_scalar(&self) -> bool {
        matches!(self.style, Style::Literal | Style::Folded)
    }
}

/// Why a YAML text could not be searched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EmbedError {
    /// The text is not valid YAML.
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    /// The text is a template for a generator, not input that can be linted as it stands.
    Template {
        line: usize,
        column: usize,
        engine: TemplateEngine,
        marker: String,
    },
    /// A caller-supplied key pattern is not a valid glob.
    KeyPattern { pattern: String, message: String },
    /// A value whose positions could not be traced back to the YAML (a bug worth reporting).
    Unmappable {
        key: String,
        line: usize,
        column: usize,
    },
}

impl fmt::Display for EmbedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EmbedError::Syntax {
                line,
                column,
                message,
            } => write!(f, "{line}:{column}: invalid yaml: {message}"),
            EmbedError::Template {
                line,
                column,
                engine,
                marker,
            } => {
                let render_with = match engine {
                    TemplateEngine::GoTemplate => "`helm template` or the generating tool",
                    TemplateEngine::Jinja => "ansible or the generating tool",
                    TemplateEngine::ShellVariable => {
                        "`envsubst` (CoreDNS itself only expands `{$NAME}`)"
                    }
                    TemplateEngine::Placeholder => "the script that substitutes it",
                };
                write!(
                    f,
                    "{line}:{column}: `{marker}` is a {engine} marker, so this file is a \
                     template: render it first with {render_with} and lint the output"
                )
            }
            EmbedError::KeyPattern { pattern, message } => {
                write!(f, "invalid key pattern `{pattern}`: {message}")
            }
            EmbedError::Unmappable { key, line, column } => write!(
                f,
                "{line}:{column}: positions inside data key `{key}` could not be mapped back \
                 to the yaml; please report this file"
            ),
        }
    }
}

impl std::error::Error for EmbedError {}

/// A caller's extra data key: `GLOB`, or `server:GLOB` / `override:GLOB` / `corefile:GLOB` to
/// say how the matched values are used.
struct ExtraKey {
    matcher: GlobMatcher,
    kind: EmbeddedKind,
}

fn parse_extra_keys(extra_keys: &[String]) -> Result<Vec<ExtraKey>, EmbedError> {
    extra_keys
        .iter()
        .map(|spec| {
            let (kind, pattern) = match spec.split_once(':') {
                Some(("corefile", pattern)) => (EmbeddedKind::Corefile, pattern),
                Some(("server", pattern)) => (EmbeddedKind::Server, pattern),
                Some(("override", pattern)) => (EmbeddedKind::Override, pattern),
                _ => (EmbeddedKind::Corefile, spec.as_str()),
            };
            let glob = Glob::new(pattern).map_err(|error| EmbedError::KeyPattern {
                pattern: spec.clone(),
                message: error.kind().to_string().to_lowercase(),
            })?;
            Ok(ExtraKey {
                matcher: glob.compile_matcher(),
                kind,
            })
        })
        .collect()
}

fn classify_key(key: &str, extra: &[ExtraKey]) -> Option<EmbeddedKind> {
    if key == "Corefile" {
        Some(EmbeddedKind::Corefile)
    } else if key.ends_with(".server") {
        Some(EmbeddedKind::Server)
    } else if key.ends_with(".override") {
        Some(EmbeddedKind::Override)
    } else {
        extra
            .iter()
            .find(|e| e.matcher.is_match(key))
            .map(|e| e.kind)
    }
}

/// Finds every Corefile held in a ConfigMap's `data` in `yaml`, in source order.
///
/// `extra_keys` adds data keys to look at, each `GLOB` or `KIND:GLOB` with `KIND` one of
/// `corefile` (the default), `server` or `override`. Values behind YAML aliases are skipped.
/// Template markers in the YAML structure or in a Corefile's code give [`EmbedError::Template`];
/// a file that is not YAML (and has no template marker) gives [`EmbedError::Syntax`].
pub fn find_corefiles(yaml: &str, extra_keys: &[String]) -> Result<Vec<Embedded>, EmbedError> {
    let extra = parse_extra_keys(extra_keys)?;
    let markers = template::structural_markers(yaml);
    let chars = CharIndex::new(yaml);
    // A syntax error at or after a template marker is the template's doing.
    let stream = tree::parse(yaml, &chars).map_err(|error| {
        let offset = chars.byte(error.marker().index());
        match markers.first().filter(|marker| marker.offset <= offset) {
            Some(marker) => {
                template_error(yaml, marker.offset, marker.engine, marker.excerpt(yaml))
            }
            None => {
                let (line, column) = line_column(yaml, offset);
                EmbedError::Syntax {
                    line,
                    column,
                    message: error.info().to_lowercase(),
                }
            }
        }
    })?;
    if let Some(marker) = first_marker_outside_scalars(yaml, &stream, &markers) {
        let excerpt = marker.excerpt(yaml);
        return Err(template_error(yaml, marker.offset, marker.engine, excerpt));
    }

    let mut found = Vec::new();
    for (document_index, &root) in stream.documents.iter().enumerate() {
        let mut objects: Vec<(NodeId, Option<usize>)> = vec![(root, None)];
        while let Some((object, item_index)) = objects.pop() {
            match stream.get_str(object, "kind") {
                Some("ConfigMap") => {
                    collect_configmap(yaml, &stream, object, &extra, &mut found, |e| {
                        e.document_index = document_index;
                        e.item_index = item_index;
                    })?;
                }
                Some(kind) if kind.ends_with("List") => {
                    if let Some(Node::Sequence(items)) =
                        stream.get(object, "items").map(|id| &stream.nodes[id])
                    {
                        objects
                            .extend(items.iter().enumerate().rev().map(|(i, &id)| (id, Some(i))));
                    }
                }
                _ => {}
            }
        }
    }
    for embedded in &found {
        if let Some(marker) = template::first_corefile_marker(&embedded.text) {
            let offset = embedded.yaml_offset(marker.offset);
            let excerpt = marker.excerpt(&embedded.text);
            return Err(template_error(yaml, offset, marker.engine, excerpt));
        }
    }
    Ok(found)
}

fn template_error(yaml: &str, offset: usize, engine: TemplateEngine, marker: String) -> EmbedError {
    let (line, column) = line_column(yaml, offset);
    EmbedError::Template {
        line,
        column,
        engine,
        marker,
    }
}

/// A template marker in the YAML structure itself (outside every scalar and comment). Markers
/// inside other scalars (annotations, `NodeHosts`, image tags) do not affect the Corefiles.
fn first_marker_outside_scalars<'m>(
    yaml: &str,
    stream: &Stream,
    markers: &'m [template::Marker],
) -> Option<&'m template::Marker> {
    // Events, and so scalars, come in source order: one merge walk finds the first marker that
    // no scalar contains.
    let mut spans = stream.nodes.iter().filter_map(|node| match node {
        Node::Scalar(scalar) => Some(scalar.span.clone()),
        _ => None,
    });
    let mut span = spans.next();
    let mut structure_start = 0;
    let mut comments = CommentScan::default();
    markers.iter().find(|marker| {
        while let Some(before) = span.clone().filter(|s| s.end <= marker.offset) {
            structure_start = before.end;
            span = spans.next();
        }
        let in_scalar = span.as_ref().is_some_and(|s| s.contains(&marker.offset));
        !in_scalar && !comments.in_comment(yaml, structure_start, marker.offset)
    })
}

/// Tells whether offsets, asked in increasing order, are inside YAML comments; each byte is
/// looked at once.
#[derive(Default)]
struct CommentScan {
    line_start: usize,
    scanned_to: usize,
    in_comment: bool,
}

impl CommentScan {
    /// `structure_start`: no scalar lies between it and `at`, so a `#` after a blank (or at a
    /// line start) there opens a comment.
    fn in_comment(&mut self, yaml: &str, structure_start: usize, at: usize) -> bool {
        let bytes = yaml.as_bytes();
        if let Some(newline) = yaml[self.scanned_to..at].rfind('\n') {
            self.line_start = self.scanned_to + newline + 1;
            self.in_comment = false;
        }
        let from = self.scanned_to.max(self.line_start).max(structure_start);
        self.in_comment |= (from..at).any(|i| {
            bytes[i] == b'#' && (i == self.line_start || matches!(bytes[i - 1], b' ' | b'\t'))
        });
        self.scanned_to = self.scanned_to.max(at);
        self.in_comment
    }
}

fn collect_configmap(
    yaml: &str,
    stream: &Stream,
    configmap: NodeId,
    extra: &[ExtraKey],
    found: &mut Vec<Embedded>,
    place: impl Fn(&mut Embedded),
) -> Result<(), EmbedError> {
    let Some(&Node::Mapping {
        ref entries,
        column: parent_indent,
    }) = stream.get(configmap, "data").map(|id| &stream.nodes[id])
    else {
        return Ok(());
    };
    let configmap_name = stream
        .get(configmap, "metadata")
        .and_then(|metadata| stream.get_str(metadata, "name"))
        .map(str::to_string);
    for &(key_id, value_id) in entries {
        let (Some(key), Some(value)) = (stream.scalar(key_id), stream.scalar(value_id)) else {
            continue;
        };
        let Some(kind) = classify_key(&key.value, extra) else {
            continue;
        };
        let unmappable = || {
            let (line, column) = line_column(yaml, value.span.start);
            EmbedError::Unmappable {
                key: key.value.clone(),
                line,
                column,
            }
        };
        let (style, decoded, layout, scalar_range) = match value.style {
            ScalarStyle::Literal | ScalarStyle::Folded => {
                let indicator_at = block_indicator(yaml, key.span.end).ok_or_else(unmappable)?;
                let (decoded, layout) =
                    decode_block(yaml, indicator_at, parent_indent).ok_or_else(unmappable)?;
                let style = if layout.folded {
                    Style::Folded
                } else {
                    Style::Literal
                };
                let range = indicator_at..layout.trailer.end;
                (style, decoded, Layout::Block(layout), range)
            }
            flow => {
                let (style, flow_style) = match flow {
                    ScalarStyle::SingleQuoted => (Style::SingleQuoted, FlowStyle::SingleQuoted),
                    ScalarStyle::DoubleQuoted => (Style::DoubleQuoted, FlowStyle::DoubleQuoted),
                    _ => (Style::Plain, FlowStyle::Plain),
                };
                // The parser's span of an anchored or tagged value starts at its properties.
                let start = skip_properties(yaml, value.span.start);
                let span = match flow_style {
                    // An empty value has no bytes; its place is just after the key's `:` and
                    // any properties written on that line.
                    FlowStyle::Plain if value.span.end <= start => {
                        // An explicit `? key` line without any `:` has no value to hold a text.
                        let Some(colon) = after_value_indicator(yaml, key.span.end) else {
                            continue;
                        };
                        let at = after_properties_on_line(yaml, colon);
                        at..at
                    }
                    FlowStyle::Plain => start..value.span.end.max(start),
                    quoted => start..quoted_end(yaml, start, quoted).ok_or_else(unmappable)?,
                };
                let decoded = decode_flow(yaml, span.clone(), flow_style).ok_or_else(unmappable)?;
                let layout = Layout::Flow {
                    in_flow_collection: value.in_flow,
                };
                (style, decoded, layout, span)
            }
        };
        if !same_value(&decoded.text, &value.value, yaml, &scalar_range) {
            return Err(unmappable());
        }
        let mut embedded = Embedded {
            key: key.value.clone(),
            kind,
            text: decoded.text,
            document_index: 0,
            item_index: None,
            configmap_name: configmap_name.clone(),
            style,
            scalar_range,
            offsets: decoded.map,
            layout,
            parent_indent,
        };
        place(&mut embedded);
        found.push(embedded);
    }
    Ok(())
}

/// Whether saphyr's value agrees with the decoded one. saphyr ends a `|` or `|+` block scalar that
/// stops at the end of the input without a line break with an extra `\n`; the YAML spec, PyYAML
/// and go-yaml (which Kubernetes uses) do not, so that difference is accepted.
fn same_value(decoded: &str, saphyr: &str, yaml: &str, range: &Range<usize>) -> bool {
    decoded == saphyr
        || (range.end == yaml.len()
            && !yaml.ends_with('\n')
            && saphyr.strip_suffix('\n') == Some(decoded))
}

/// The offset of the `|` or `>` that opens the block scalar after the key ending at `key_end`,
/// skipping the `:`, blanks, line breaks, comments, tags and anchors in between.
fn block_indicator(yaml: &str, key_end: usize) -> Option<usize> {
    let bytes = yaml.as_bytes();
    let mut at = key_end;
    while let Some(&b) = bytes.get(at) {
        match b {
            b'|' | b'>' => return Some(at),
            b' ' | b'\t' | b'\r' | b'\n' | b':' => at += 1,
            b'#' => at = yaml[at..].find('\n').map_or(yaml.len(), |i| at + i),
            b'!' | b'&' => {
                at += bytes[at..]
                    .iter()
                    .position(|b| b.is_ascii_whitespace())
                    .unwrap_or(bytes.len() - at);
            }
            _ => return None,
        }
    }
    None
}

/// The offset just past the `:` that ends a mapping key on its line, if there is one.
fn after_value_indicator(yaml: &str, key_end: usize) -> Option<usize> {
    let line = &yaml[key_end..];
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    line.find(':').map(|i| key_end + i + 1)
}

/// The offset just past the last `&anchor`/`!tag` written after `at` on its line, or `at`.
fn after_properties_on_line(yaml: &str, mut at: usize) -> usize {
    let bytes = yaml.as_bytes();
    loop {
        let blanks = bytes[at..]
            .iter()
            .position(|b| !matches!(b, b' ' | b'\t'))
            .unwrap_or(bytes.len() - at);
        if !matches!(bytes.get(at + blanks), Some(b'&' | b'!')) {
            return at;
        }
        at += blanks;
        at += bytes[at..]
            .iter()
            .position(|b| b.is_ascii_whitespace())
            .unwrap_or(bytes.len() - at);
    }
}

/// The offset of a node's content after its `&anchor` and `!tag` properties (and the blanks
/// after them), or `at` itself when the node has none.
fn skip_properties(yaml: &str, mut at: usize) -> usize {
    let bytes = yaml.as_bytes();
    while matches!(bytes.get(at), Some(b'&' | b'!')) {
        at += bytes[at..]
            .iter()
            .position(|b| b.is_ascii_whitespace())
            .unwrap_or(bytes.len() - at);
        at += bytes[at..]
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(bytes.len() - at);
    }
    at
}

/// Whether a file should be searched for embedded Corefiles: a `.yaml`/`.yml` name, or text whose
/// first meaningful line starts a Kubernetes object (`apiVersion:` or `kind:`).
pub fn looks_like_yaml(path: &Path, text: &str) -> bool {
    let yaml_extension = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    yaml_extension
        || text
            .lines()
            .map(str::trim_end)
            .find(|line| !line.is_empty() && !line.starts_with('#') && *line != "---")
            .is_some_and(|line| line.starts_with("apiVersion:") || line.starts_with("kind:"))
}
