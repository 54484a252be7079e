//! The stdio transport, with a guard in front of tower-lsp-server's own.
//!
//! tower-lsp-server answers a malformed message with a JSON-RPC error, but its reader (a
//! tokio-util `FramedRead`) stops at the first decoding error, so the server would never read
//! another message. Here every frame is checked first: well-formed messages are passed on to the
//! server unchanged, malformed ones are answered here (`-32700` for bad JSON, `-32600` for JSON
//! that is no JSON-RPC message) and the session goes on. Replies and the server's output are
//! written whole frames at a time, so they never interleave.

use serde_json::{json, Value};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, DuplexStream};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::Server;

use crate::server::{Backend, ServerOptions};

const PIPE_CAPACITY: usize = 1 << 16;
/// Larger bodies are refused rather than buffered (a Corefile is far smaller).
const MAX_BODY: usize = 256 << 20;

/// Serves LSP over `input`/`output` until the client sends `exit` or closes `input`.
pub async fn serve<I, O>(input: I, mut output: O, options: ServerOptions)
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin,
{
    let (service, socket) = Backend::service(options);
    let (feed, server_in) = tokio::io::duplex(PIPE_CAPACITY);
    let (server_out, mut drain) = tokio::io::duplex(PIPE_CAPACITY);
    let (replies, mut pending_replies) = mpsc::unbounded_channel::<Vec<u8>>();
    let reader = tokio::spawn(filter_input(input, feed, replies));
    let server = Server::new(server_in, server_out, socket).serve(service);
    let writer = async {
        let mut frames = FrameReader::default();
        loop {
            tokio::select! {
                frame = frames.next(&mut drain) => match frame {
                    Some(Frame::Message(body)) => write_frame(&mut output, &body).await,
                    // The server only writes well-formed frames; its end closing means it is done.
                    _ => break,
                },
                Some(reply) = pending_replies.recv() => write_frame(&mut output, &reply).await,
            }
        }
        while let Ok(reply) = pending_replies.try_recv() {
            write_frame(&mut output, &reply).await;
        }
    };
    tokio::join!(server, writer);
    // After `exit` the client may keep standard input open; stop reading it.
    reader.abort();
}

async fn write_frame<O: AsyncWrite + Unpin>(output: &mut O, body: &[u8]) {
    let header = format!("Content-Length: {}\r\n\r\n", body.len());
    // A closed output means the client is gone; the server ends when its input closes.
    let _ = output.write_all(header.as_bytes()).await;
    let _ = output.write_all(body).await;
    let _ = output.flush().await;
}

/// Passes well-formed frames to the server and answers the others.
async fn filter_input<I: AsyncRead + Unpin>(
    mut input: I,
    mut feed: DuplexStream,
    replies: mpsc::UnboundedSender<Vec<u8>>,
) {
    let mut frames = FrameReader::default();
    while let Some(frame) = frames.next(&mut input).await {
        let reply = match frame {
            Frame::Message(body) => match check(&body) {
                Ok(()) => {
                    let header = format!("Content-Length: {}\r\n\r\n", body.len());
                    if feed.write_all(header.as_bytes()).await.is_err()
                        || feed.write_all(&body).await.is_err()
                    {
                        return;
                    }
                    continue;
                }
                Err(reply) => reply,
            },
            Frame::BadHeader(message) => error_reply(Value::Null, -32700, &message),
        };
        if replies.send(reply).is_err() {
            return;
        }
    }
}

/// `Ok` for a body tower-lsp-server can decode; otherwise the error reply.
fn check(body: &[u8]) -> Result<(), Vec<u8>> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| error_reply(Value::Null, -32700, &format!("Parse error: {e}")))?;
    let id = match value.get("id") {
        Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
        _ => Value::Null,
    };
    if serde_json::from_value::<Response>(value.clone()).is_ok()
        || serde_json::from_value::<Request>(value).is_ok()
    {
        return Ok(());
    }
    Err(error_reply(
        id,
        -32600,
        "Invalid request: not a JSON-RPC 2.0 request, notification or response",
    ))
}

fn error_reply(id: Value, code: i64, message: &str) -> Vec<u8> {
    let reply = json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}});
    serde_json::to_vec(&reply).expect("a JSON value serializes")
}

enum Frame {
    Message(Vec<u8>),
    /// Headers without a usable `Content-Length`: the bytes up to the blank line are dropped.
    BadHeader(String),
}

/// Splits a byte stream into LSP frames (`Content-Length` headers, then the body).
#[derive(Default)]
struct FrameReader {
    buffer: Vec<u8>,
}

impl FrameReader {
    /// The next frame, or `None` at the end of the stream.
    async fn next<R: AsyncRead + Unpin>(&mut self, input: &mut R) -> Option<Frame> {
        loop {
            if let Some(frame) = self.take_frame() {
                return Some(frame);
            }
            let mut chunk = [0u8; 8192];
            match input.read(&mut chunk).await {
                Ok(0) | Err(_) => return None,
                Ok(n) => self.buffer.extend_from_slice(&chunk[..n]),
            }
        }
    }

    fn take_frame(&mut self) -> Option<Frame> {
        let end = self.buffer.windows(4).position(|w| w == b"\r\n\r\n")?;
        let headers = String::from_utf8_lossy(&self.buffer[..end]).into_owned();
        let length = headers.split("\r\n").find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())?
        });
        let Some(length) = length.filter(|&n| n <= MAX_BODY) else {
            self.buffer.drain(..end + 4);
            return Some(Frame::BadHeader(format!(
                "Parse error: message headers without a valid Content-Length: {headers:?}"
            )));
        };
        let body_start = end + 4;
        if self.buffer.len() < body_start + length {
            return None;
        }
        let body = self.buffer[body_start..body_start + length].to_vec();
        self.buffer.drain(..body_start + length);
        Some(Frame::Message(body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> Vec<u8> {
        format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
    }

    async fn read_message(frames: &mut FrameReader, from: &mut DuplexStream) -> Value {
        match frames.next(from).await {
            Some(Frame::Message(body)) => serde_json::from_slice(&body).unwrap(),
            _ => panic!("expected a message"),
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn malformed_messages_get_errors_and_the_session_goes_on() {
        let (mut client_out, server_in) = tokio::io::duplex(PIPE_CAPACITY);
        let (server_out, mut client_in) = tokio::io::duplex(PIPE_CAPACITY);
        let server = tokio::spawn(serve(server_in, server_out, ServerOptions::default()));
        let mut frames = FrameReader::default();
        let init = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#;
        client_out.write_all(&frame(init)).await.unwrap();
        assert_eq!(read_message(&mut frames, &mut client_in).await["id"], 1);

        client_out
            .write_all(&frame(r#"{"jsonrpc":"2.0","id":2,"#))
            .await
            .unwrap();
        let reply = read_message(&mut frames, &mut client_in).await;
        assert_eq!(reply["error"]["code"], -32700);
        assert_eq!(reply["id"], Value::Null);

        client_out
            .write_all(&frame(r#"{"id":3,"method":7}"#))
            .await
            .unwrap();
        let reply = read_message(&mut frames, &mut client_in).await;
        assert_eq!(reply["error"]["code"], -32600);
        assert_eq!(reply["id"], 3);

        client_out
            .write_all(b"Content-Length: x\r\n\r\n")
            .await
            .unwrap();
        let reply = read_message(&mut frames, &mut client_in).await;
        assert_eq!(reply["error"]["code"], -32700);

        // Still serving.
        client_out
            .write_all(&frame(r#"{"jsonrpc":"2.0","id":4,"method":"shutdown"}"#))
            .await
            .unwrap();
        let reply = read_message(&mut frames, &mut client_in).await;
        assert_eq!(reply["id"], 4);
        assert_eq!(reply["result"], Value::Null);
        client_out
            .write_all(&frame(r#"{"jsonrpc":"2.0","method":"exit"}"#))
            .await
            .unwrap();
        tokio::time::timeout(std::time::Duration::from_secs(10), server)
            .await
            .expect("the server ends after exit")
            .unwrap();
    }
}
