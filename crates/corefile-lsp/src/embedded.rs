//! Requests inside Corefiles embedded in YAML ConfigMaps: the YAML position is mapped into the
//! embedded text, the handler runs on a snapshot of that text, and the ranges of its answer are
//! mapped back to the YAML.

use corefile_embed::{find_corefiles, Embedded, EmbeddedKind};
use corefile_syntax::{TextRange, TextSize};
use tower_lsp_server::ls_types::{Position, Range};

use crate::document::{DocKind, Snapshot, Text};

/// One Corefile of a YAML document, parsed.
pub struct EmbeddedCorefile {
    pub embedded: Embedded,
    pub snapshot: Snapshot,
}

/// The Corefiles of a YAML snapshot (none when the YAML cannot be read), found with the
/// `configmap-keys` of the `.corefile-lint.toml` that applies, as diagnostics find them.
pub fn corefiles_of(yaml: &Snapshot) -> Vec<EmbeddedCorefile> {
    let config = crate::config::file_config(yaml.path.as_deref())
        .ok()
        .flatten();
    let keys = config.as_ref().map_or(&[][..], |c| &c.configmap_keys);
    let Ok(found) = find_corefiles(&yaml.text.text, keys) else {
        return Vec::new();
    };
    found
        .into_iter()
        .map(|embedded| {
            let kind = match embedded.kind {
                EmbeddedKind::Corefile => DocKind::Corefile,
                EmbeddedKind::Server => DocKind::ServerFragment,
                EmbeddedKind::Override => DocKind::Body,
            };
            let parse = match kind {
                DocKind::Body => corefile_syntax::parse_body(&embedded.text),
                _ => corefile_syntax::parse(&embedded.text),
            };
            let snapshot = Snapshot {
                uri: yaml.uri.clone(),
                // Imports resolve inside the cluster's mounts, not beside the YAML file.
                path: None,
                kind,
                version: yaml.version,
                text: Text::new(embedded.text.as_str().into()),
                parse,
            };
            EmbeddedCorefile { embedded, snapshot }
        })
        .collect()
}

impl EmbeddedCorefile {
    /// The embedded text's offset for a YAML offset inside the value: the last text offset that
    /// maps at or before it (the map is monotonic, so a binary search finds it).
    fn text_offset(&self, yaml_offset: usize) -> Option<usize> {
        if !self.embedded.scalar_range.contains(&yaml_offset) {
            return None;
        }
        let text = &self.embedded.text;
        let (mut lo, mut hi) = (0usize, text.len());
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if self.embedded.yaml_offset(mid) <= yaml_offset {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        while !text.is_char_boundary(lo) {
            lo -= 1;
        }
        Some(lo)
    }

    /// The embedded position of a YAML position, if it is inside this Corefile.
    pub fn position_in(&self, yaml: &Snapshot, pos: Position) -> Option<Position> {
        let offset = self.text_offset(usize::from(yaml.text.offset(pos)))?;
        Some(self.snapshot.text.position(TextSize::from(offset as u32)))
    }

    /// The YAML range of a range of the embedded text.
    pub fn range_in_yaml(&self, yaml: &Snapshot, range: Range) -> Range {
        let r = self.snapshot.text.text_range(range);
        let mapped = self
            .embedded
            .yaml_range(usize::from(r.start())..usize::from(r.end()));
        yaml.text.range(TextRange::new(
            TextSize::from(mapped.start as u32),
            TextSize::from(mapped.end as u32),
        ))
    }
}

/// The Corefile under a YAML position and the position inside it.
pub fn at<'a>(
    corefiles: &'a [EmbeddedCorefile],
    yaml: &Snapshot,
    pos: Position,
) -> Option<(&'a EmbeddedCorefile, Position)> {
    corefiles
        .iter()
        .find_map(|c| Some((c, c.position_in(yaml, pos)?)))
}
