//! The `LanguageServer`: document sync, debounced analysis and the request handlers, each run
//! inside `catch_unwind` so that a bug in one request answers with an error instead of killing
//! the server.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, ClientSocket, LanguageServer, LspService};

use crate::analysis::{Analysis, Job};
use crate::config::{Config, SECTION};
use crate::document::{DocKind, Document, Snapshot};
use crate::vfs::{DiskCache, OverlayVfs};
use crate::{embedded, handlers};

#[derive(Debug, Clone)]
pub struct ServerOptions {
    /// How long typing must pause before a document is re-analysed.
    pub debounce: Duration,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            debounce: Duration::from_millis(150),
        }
    }
}

pub struct Backend {
    client: Client,
    state: Arc<State>,
}

struct State {
    docs: Mutex<HashMap<Uri, Entry>>,
    config: Mutex<Config>,
    disk: Arc<DiskCache>,
    options: ServerOptions,
}

/// A document and the number of the latest analysis scheduled for it (older ones are dropped).
struct Entry {
    doc: Document,
    ticket: u64,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // Every update under these locks is a whole-value replacement, so a panic elsewhere while a
    // lock was held leaves consistent data behind.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Runs a handler, turning a panic into an internal-error response.
pub fn guarded<T>(what: &str, f: impl FnOnce() -> T) -> Result<T> {
    std::panic::catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let detail = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        Error {
            code: ErrorCode::InternalError,
            message: format!("corefile-lint: {what} failed: {detail}").into(),
            data: None,
        }
    })
}

impl State {
    fn docs(&self) -> MutexGuard<'_, HashMap<Uri, Entry>> {
        lock(&self.docs)
    }

    fn snapshot(&self, uri: &Uri) -> Option<Arc<Snapshot>> {
        self.docs().get_mut(uri).map(|e| e.doc.snapshot())
    }

    fn plugins(&self) -> Vec<String> {
        lock(&self.config).plugins.clone()
    }

    /// Gathers what analysing `uri` needs, if `ticket` is still the latest for it.
    fn job(&self, uri: &Uri, ticket: Option<u64>) -> Option<(Job, u64)> {
        let docs = self.docs();
        let entry = docs.get(uri)?;
        if ticket.is_some_and(|t| t != entry.ticket) {
            return None;
        }
        let open = docs
            .values()
            .filter(|e| e.doc.kind != DocKind::Yaml)
            .filter_map(|e| Some((e.doc.path.clone()?, e.doc.text.text.clone())))
            .collect();
        let doc = &entry.doc;
        let job = Job {
            uri: uri.clone(),
            path: doc.path.clone(),
            kind: doc.kind,
            text: doc.text.text.clone(),
            version: doc.version,
            generation: doc.generation,
            vfs: OverlayVfs {
                open,
                disk: self.disk.clone(),
            },
            plugins: self.plugins(),
        };
        Some((job, entry.ticket))
    }

    /// Keeps the analysis if no newer one was scheduled meanwhile.
    fn store(&self, analysis: &Arc<Analysis>, ticket: u64) -> bool {
        let mut docs = self.docs();
        match docs.get_mut(&analysis.uri) {
            Some(e) if e.ticket == ticket => {
                e.doc.analysis = Some(analysis.clone());
                true
            }
            _ => false,
        }
    }

    /// An analysis of the document's current text, run now if the latest is stale.
    async fn current_analysis(&self, uri: &Uri) -> Option<Arc<Analysis>> {
        if let Some(a) = self.docs().get(uri).and_then(|e| e.doc.current_analysis()) {
            return Some(a);
        }
        let (job, _) = self.job(uri, None)?;
        tokio::task::spawn_blocking(move || job.run())
            .await
            .ok()
            .map(Arc::new)
    }
}

impl Backend {
    pub fn service(options: ServerOptions) -> (LspService<Backend>, ClientSocket) {
        let state = Arc::new(State {
            docs: Mutex::new(HashMap::new()),
            config: Mutex::new(Config::default()),
            disk: Arc::new(DiskCache::default()),
            options,
        });
        LspService::new(move |client| Backend { client, state })
    }

    /// Analyses `uri` after `delay`, unless another analysis is scheduled for it meanwhile, and
    /// publishes the diagnostics.
    fn schedule(&self, uri: &Uri, delay: Duration) {
        let ticket = {
            let mut docs = self.state.docs();
            let Some(entry) = docs.get_mut(uri) else {
                return;
            };
            entry.ticket += 1;
            entry.ticket
        };
        let state = self.state.clone();
        let client = self.client.clone();
        let uri = uri.clone();
        tokio::spawn(async move {
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            let Some((job, ticket)) = state.job(&uri, Some(ticket)) else {
                return;
            };
            let analysed = tokio::task::spawn_blocking(move || {
                let analysis = Arc::new(job.run());
                let diagnostics = handlers::diagnostics::publishable(&analysis);
                (analysis, diagnostics)
            })
            .await;
            match analysed {
                Ok((analysis, diagnostics)) => {
                    if let Some(e) = &analysis.config_error {
                        client
                            .log_message(
                                MessageType::WARNING,
                                format!("corefile-lint: {e}; using the defaults"),
                            )
                            .await;
                    }
                    if state.store(&analysis, ticket) {
                        client
                            .publish_diagnostics(uri, diagnostics, Some(analysis.version))
                            .await;
                    }
                }
                Err(e) => {
                    client
                        .log_message(
                            MessageType::ERROR,
                            format!("corefile-lint: analysis of {} failed: {e}", uri.as_str()),
                        )
                        .await;
                }
            }
        });
    }

    /// Re-analyses the open documents that import `uri`'s file.
    fn schedule_dependents(&self, uri: &Uri) {
        let dependents: Vec<Uri> = {
            let docs = self.state.docs();
            let Some(path) = docs
                .get(uri)
                .and_then(|e| e.doc.path.clone())
                .or_else(|| crate::document::file_path(uri))
            else {
                return;
            };
            docs.iter()
                .filter(|(other, _)| *other != uri)
                .filter(|(_, e)| {
                    e.doc
                        .analysis
                        .as_ref()
                        .is_some_and(|a| a.imported_paths().any(|p| p == path))
                })
                .map(|(u, _)| u.clone())
                .collect()
        };
        for other in dependents {
            self.schedule(&other, self.state.options.debounce);
        }
    }

    fn schedule_all(&self) {
        let uris: Vec<Uri> = self.state.docs().keys().cloned().collect();
        for uri in uris {
            self.schedule(&uri, Duration::ZERO);
        }
    }

    async fn log_error(&self, e: Error) {
        self.client
            .log_message(MessageType::ERROR, e.message.to_string())
            .await;
    }

    fn set_config(&self, config: Config) -> bool {
        let mut current = lock(&self.state.config);
        let changed = *current != config;
        *current = config;
        changed
    }

    async fn read_config(&self, value: &serde_json::Value) -> Option<Config> {
        match Config::from_value(value) {
            Ok(c) => c,
            Err(message) => {
                self.client.log_message(MessageType::WARNING, message).await;
                None
            }
        }
    }

    /// Runs a request handler over a snapshot of `uri` when it is a Corefile (the YAML documents
    /// answer only hover, completion and formatting, inside their Corefiles).
    fn with_corefile<T: Default>(
        &self,
        what: &str,
        uri: &Uri,
        f: impl FnOnce(&Snapshot) -> T,
    ) -> Result<T> {
        self.with_snapshot(what, uri, |snap, _| {
            if snap.kind == DocKind::Yaml {
                T::default()
            } else {
                f(snap)
            }
        })
    }

    /// Runs a request handler over a snapshot of `uri`.
    fn with_snapshot<T: Default>(
        &self,
        what: &str,
        uri: &Uri,
        f: impl FnOnce(&Snapshot, &[String]) -> T,
    ) -> Result<T> {
        let plugins = self.state.plugins();
        guarded(what, || match self.state.snapshot(uri) {
            Some(snap) => f(&snap, &plugins),
            None => T::default(),
        })
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        if let Some(options) = &params.initialization_options {
            if let Some(c) = self.read_config(options).await {
                self.set_config(c);
            }
        }
        let code_action_kinds = vec![CodeActionKind::QUICKFIX, CodeActionKind::SOURCE_FIX_ALL];
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(PositionEncodingKind::UTF16),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec![" ".into(), "/".into()]),
                    ..CompletionOptions::default()
                }),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                })),
                document_symbol_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                semantic_tokens_provider: Some(
                    SemanticTokensServerCapabilities::SemanticTokensOptions(
                        SemanticTokensOptions {
                            legend: handlers::semantic_tokens::legend(),
                            full: Some(SemanticTokensFullOptions::Bool(true)),
                            range: None,
                            work_done_progress_options: WorkDoneProgressOptions::default(),
                        },
                    ),
                ),
                document_link_provider: Some(DocumentLinkOptions {
                    resolve_provider: Some(false),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                }),
                document_formatting_provider: Some(OneOf::Left(true)),
                document_range_formatting_provider: Some(OneOf::Left(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(code_action_kinds),
                        ..CodeActionOptions::default()
                    },
                )),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "corefile-lint".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let d = params.text_document;
        let kind = DocKind::detect(&d.uri, &d.language_id);
        let uri = d.uri.clone();
        let doc = Document::new(d.uri, kind, d.version, d.text);
        self.state
            .docs()
            .insert(uri.clone(), Entry { doc, ticket: 0 });
        self.schedule(&uri, Duration::ZERO);
        self.schedule_dependents(&uri);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let applied = guarded("applying the change", || {
            let mut docs = self.state.docs();
            match docs.get_mut(&uri) {
                Some(e) => {
                    e.doc
                        .apply_changes(params.text_document.version, params.content_changes);
                    true
                }
                None => false,
            }
        });
        match applied {
            Ok(true) => {
                self.schedule(&uri, self.state.options.debounce);
                self.schedule_dependents(&uri);
            }
            Ok(false) => {}
            Err(e) => self.log_error(e).await,
        }
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        self.schedule_dependents(&params.text_document.uri);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        // Dependents read the disk copy from now on.
        self.schedule_dependents(&uri);
        self.state.docs().remove(&uri);
        self.client.publish_diagnostics(uri, Vec::new(), None).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let mut config = self.read_config(&params.settings).await;
        if config.is_none() {
            let item = ConfigurationItem {
                scope_uri: None,
                section: Some(SECTION.into()),
            };
            if let Ok(values) = self.client.configuration(vec![item]).await {
                if let Some(v) = values.first() {
                    config = self.read_config(v).await;
                }
            }
        }
        if let Some(c) = config {
            if self.set_config(c) {
                self.schedule_all();
            }
        }
    }

    async fn did_change_watched_files(&self, _: DidChangeWatchedFilesParams) {
        self.schedule_all();
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        self.with_snapshot("hover", &p.text_document.uri, |snap, plugins| {
            if snap.kind != DocKind::Yaml {
                return handlers::hover::hover(snap, plugins, p.position);
            }
            let corefiles = embedded::corefiles_of(snap);
            let (corefile, pos) = embedded::at(&corefiles, snap, p.position)?;
            let mut hover = handlers::hover::hover(&corefile.snapshot, plugins, pos)?;
            hover.range = hover.range.map(|r| corefile.range_in_yaml(snap, r));
            Some(hover)
        })
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let p = params.text_document_position;
        let items = self.with_snapshot("completion", &p.text_document.uri, |snap, plugins| {
            if snap.kind != DocKind::Yaml {
                return handlers::completion::completion(snap, plugins, p.position);
            }
            let corefiles = embedded::corefiles_of(snap);
            let Some((corefile, pos)) = embedded::at(&corefiles, snap, p.position) else {
                return Vec::new();
            };
            let mut items = handlers::completion::completion(&corefile.snapshot, plugins, pos);
            for item in &mut items {
                if let Some(CompletionTextEdit::Edit(edit)) = &mut item.text_edit {
                    edit.range = corefile.range_in_yaml(snap, edit.range);
                }
            }
            items
        })?;
        Ok(Some(CompletionResponse::Array(items)))
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let p = params.text_document_position_params;
        let location = self.with_corefile("go to definition", &p.text_document.uri, |snap| {
            handlers::snippets::definition(snap, p.position)
        })?;
        Ok(location.map(GotoDefinitionResponse::Scalar))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let p = params.text_document_position;
        let include = params.context.include_declaration;
        self.with_corefile("find references", &p.text_document.uri, |snap| {
            Some(handlers::snippets::references(snap, p.position, include))
        })
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        let range = self.with_corefile("rename", &params.text_document.uri, |snap| {
            handlers::snippets::prepare_rename(snap, params.position)
        })?;
        Ok(range.map(PrepareRenameResponse::Range))
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let p = params.text_document_position;
        self.with_corefile("rename", &p.text_document.uri, |snap| {
            Some(handlers::snippets::rename(
                snap,
                p.position,
                &params.new_name,
            ))
        })?
        .unwrap_or(Ok(None))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let symbols =
            self.with_corefile("document symbols", &params.text_document.uri, |snap| {
                handlers::symbols::document_symbols(snap)
            })?;
        Ok(Some(DocumentSymbolResponse::Nested(symbols)))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        self.with_corefile("folding ranges", &params.text_document.uri, |snap| {
            Some(handlers::folding::folding_ranges(snap))
        })
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        self.with_corefile("semantic tokens", &params.text_document.uri, |snap| {
            Some(SemanticTokensResult::Tokens(
                handlers::semantic_tokens::full(snap),
            ))
        })
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        self.with_corefile("document links", &params.text_document.uri, |snap| {
            Some(handlers::links::document_links(snap))
        })
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        let format = lock(&self.state.config).format;
        self.with_snapshot("formatting", &params.text_document.uri, |snap, _| {
            Some(handlers::formatting::format(snap, &format, None))
        })?
        .transpose()
    }

    async fn range_formatting(
        &self,
        params: DocumentRangeFormattingParams,
    ) -> Result<Option<Vec<TextEdit>>> {
        let format = lock(&self.state.config).format;
        self.with_snapshot("range formatting", &params.text_document.uri, |snap, _| {
            Some(handlers::formatting::format(
                snap,
                &format,
                Some(params.range),
            ))
        })?
        .transpose()
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let Some(analysis) = self.state.current_analysis(&params.text_document.uri).await else {
            return Ok(None);
        };
        let only = params.context.only.as_deref();
        guarded("code actions", || {
            Some(handlers::code_actions::code_actions(
                &analysis,
                params.range,
                only,
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::guarded;

    #[test]
    fn a_panicking_handler_becomes_an_error_response() {
        let err = guarded("hover", || -> u32 { panic!("boom") }).unwrap_err();
        assert_eq!(
            err.code,
            tower_lsp_server::jsonrpc::ErrorCode::InternalError
        );
        assert_eq!(err.message, "corefile-lint: hover failed: boom");
        assert_eq!(guarded("hover", || 7).unwrap(), 7);
    }
}
