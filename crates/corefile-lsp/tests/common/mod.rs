//! An in-process LSP client over tower-lsp-server's `LspService`: requests go straight to the
//! service, and what the server sends (notifications, its own requests) is read from the socket.

#![allow(dead_code)]

use std::time::Duration;

use corefile_lsp::tower_lsp_server::jsonrpc::{Request, Response};
use corefile_lsp::tower_lsp_server::LspService;
use corefile_lsp::{Backend, ServerOptions};
use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::sync::mpsc;
use tower::{Service, ServiceExt};

pub struct TestClient {
    service: LspService<Backend>,
    notifications: mpsc::UnboundedReceiver<(String, Value)>,
    next_id: i64,
}

impl TestClient {
    /// Starts a server with a short debounce and initializes it.
    pub async fn start(initialization_options: Value) -> TestClient {
        let options = ServerOptions {
            debounce: Duration::from_millis(20),
        };
        TestClient::start_with(options, initialization_options).await
    }

    pub async fn start_with(options: ServerOptions, initialization_options: Value) -> TestClient {
        let (service, socket) = Backend::service(options);
        let (tx, notifications) = mpsc::unbounded_channel();
        let (mut requests, mut responses) = socket.split();
        tokio::spawn(async move {
            while let Some(req) = requests.next().await {
                let (method, id, params) = req.into_parts();
                match id {
                    // The server's own requests (workspace/configuration…) get an empty answer.
                    Some(id) => {
                        let _ = responses.send(Response::from_ok(id, json!([null]))).await;
                    }
                    None => {
                        let _ = tx.send((method.to_string(), params.unwrap_or(Value::Null)));
                    }
                }
            }
        });
        let mut client = TestClient {
            service,
            notifications,
            next_id: 0,
        };
        let caps = json!({"textDocument": {"hover": {"contentFormat": ["markdown"]}}});
        client
            .request(
                "initialize",
                json!({"capabilities": caps, "initializationOptions": initialization_options}),
            )
            .await
            .unwrap();
        client.notify("initialized", json!({})).await;
        client
    }

    async fn call(&mut self, req: Request) -> Option<Response> {
        self.service.ready().await.unwrap().call(req).await.unwrap()
    }

    /// The result of a request, or its error object.
    pub async fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.next_id += 1;
        let req = Request::build(method.to_string())
            .id(self.next_id)
            .params(params)
            .finish();
        let response = self.call(req).await.expect("a request gets a response");
        let (_, body) = response.into_parts();
        body.map_err(|e| serde_json::to_value(e).unwrap())
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        let req = Request::build(method.to_string()).params(params).finish();
        assert!(self.call(req).await.is_none());
    }

    pub async fn open(&mut self, uri: &str, text: &str) {
        self.open_as(uri, "corefile", text).await;
    }

    /// Opens a document of another language (e.g. `yaml` for a ConfigMap).
    pub async fn open_as(&mut self, uri: &str, language: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        )
        .await;
    }

    /// Waits for the next `publishDiagnostics` for `uri` (ignoring other documents').
    pub async fn diagnostics(&mut self, uri: &str) -> Value {
        let wait = async {
            loop {
                let (method, params) = self.notifications.recv().await.expect("server alive");
                if method == "textDocument/publishDiagnostics" && params["uri"] == uri {
                    return params;
                }
            }
        };
        tokio::time::timeout(Duration::from_secs(20), wait)
            .await
            .expect("diagnostics published within 20 s")
    }
}

pub fn pos(line: u32, character: u32) -> Value {
    json!({"line": line, "character": character})
}

pub fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": pos(line, character)})
}

/// `file://` URI of a path.
pub fn uri(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}
