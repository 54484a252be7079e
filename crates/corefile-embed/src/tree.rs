//! A small owned node tree built from saphyr's events, one per YAML document, so that a
//! ConfigMap's `kind` can be read even when it comes after `data` (as in `kubectl get -o yaml`).

use std::ops::Range;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError};

use crate::position::CharIndex;

pub(crate) type NodeId = usize;

#[derive(Debug)]
pub(crate) struct Scalar {
    pub(crate) value: String,
    pub(crate) style: ScalarStyle,
    /// Bytes saphyr reports for the scalar (for block scalars only roughly the content).
    pub(crate) span: Range<usize>,
    /// Whether the scalar sits inside a `{...}` or `[...]` flow collection.
    pub(crate) in_flow: bool,
}

#[derive(Debug)]
pub(crate) enum Node {
    Scalar(Scalar),
    Mapping {
        entries: Vec<(NodeId, NodeId)>,
        /// Column of the mapping's first key (or `?`): the indentation its values' block
        /// scalars must exceed.
        column: usize,
    },
    Sequence(Vec<NodeId>),
    /// Aliases are kept as opaque leaves: a ConfigMap value behind `*name` cannot be spliced.
    Alias,
}

pub(crate) struct Stream {
    pub(crate) nodes: Vec<Node>,
    /// Root node of each document, in stream order.
    pub(crate) documents: Vec<NodeId>,
}

impl Stream {
    pub(crate) fn scalar(&self, id: NodeId) -> Option<&Scalar> {
        match &self.nodes[id] {
            Node::Scalar(scalar) => Some(scalar),
            _ => None,
        }
    }

    /// The value of the entry whose key is the plain string `key`.
    pub(crate) fn get(&self, mapping: NodeId, key: &str) -> Option<NodeId> {
        let Node::Mapping { entries, .. } = &self.nodes[mapping] else {
            return None;
        };
        entries
            .iter()
            .find(|&&(k, _)| self.scalar(k).is_some_and(|s| s.value == key))
            .map(|&(_, v)| v)
    }

    /// The string value of the entry whose key is `key`, when that value is a scalar.
    pub(crate) fn get_str(&self, mapping: NodeId, key: &str) -> Option<&str> {
        self.get(mapping, key)
            .and_then(|v| self.scalar(v))
            .map(|s| s.value.as_str())
    }
}

struct Open {
    node: NodeId,
    flow: bool,
    pending_key: Option<NodeId>,
}

/// Parses the whole stream; collections are tracked on an explicit stack, so nesting depth costs
/// heap, not call stack.
pub(crate) fn parse(yaml: &str, chars: &CharIndex) -> Result<Stream, ScanError> {
    let mut stream = Stream {
        nodes: Vec::new(),
        documents: Vec::new(),
    };
    let mut open: Vec<Open> = Vec::new();
    for event in Parser::new_from_str(yaml) {
        let (event, span) = event?;
        let start = chars.byte(span.start.index());
        let end = chars.byte(span.end.index());
        let in_flow = open.last().is_some_and(|o| o.flow);
        let opens_flow =
            |bracket: u8| in_flow || (end > start && yaml.as_bytes()[start] == bracket);
        let (node, flow) = match event {
            Event::Scalar(value, style, _, _) => (
                Node::Scalar(Scalar {
                    value: value.into_owned(),
                    style,
                    span: start..end,
                    in_flow,
                }),
                None,
            ),
            Event::Alias(_) => (Node::Alias, None),
            Event::MappingStart(..) => (
                Node::Mapping {
                    entries: Vec::new(),
                    column: span.start.col(),
                },
                Some(opens_flow(b'{')),
            ),
            Event::SequenceStart(..) => (Node::Sequence(Vec::new()), Some(opens_flow(b'['))),
            Event::MappingEnd | Event::SequenceEnd => {
                open.pop();
                continue;
            }
            _ => continue,
        };
        let id = stream.nodes.len();
        stream.nodes.push(node);
        attach(&mut stream, &mut open, id);
        if let Some(flow) = flow {
            open.push(Open {
                node: id,
                flow,
                pending_key: None,
            });
        }
    }
    Ok(stream)
}

fn attach(stream: &mut Stream, open: &mut [Open], id: NodeId) {
    let Some(parent) = open.last_mut() else {
        stream.documents.push(id);
        return;
    };
    match &mut stream.nodes[parent.node] {
        Node::Mapping { entries, .. } => match parent.pending_key.take() {
            Some(key) => entries.push((key, id)),
            None => parent.pending_key = Some(id),
        },
        Node::Sequence(items) => items.push(id),
        Node::Scalar(_) | Node::Alias => unreachable!("only collections are opened"),
    }
}
