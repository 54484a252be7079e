//! The semantic model of a Corefile (see the crate README in the workspace README's design notes):
//! files and positions, imports and snippets expanded with provenance, server-block keys inspected
//! as CoreDNS does, and the [`Diagnostic`] type every later stage emits.

pub mod address;
pub mod codes;
pub mod diagnostic;
pub mod directives;
pub mod dns;
pub mod files;
pub mod load;
pub mod model;

pub use address::{Transport, ZoneAddr};
pub use diagnostic::{
    did_you_mean, Applicability, Diagnostic, Edit, Fix, Group, Label, RuleMeta, Severity,
};
pub use files::{
    DiskVfs, EntryKind, FileDb, FileId, LineCol, LineIndex, Location, MemoryVfs, SourceFile,
    TextRange, TextSize, Vfs,
};
pub use model::{ChainId, Directive, ImportSite, Key, Model, ServerBlock, Snippet, Token};
