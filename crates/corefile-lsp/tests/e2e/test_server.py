"""End-to-end tests: pytest-lsp starts `corefile-lint lsp` and talks to it over stdio."""

import os
import pathlib

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

BIN = os.environ.get("COREFILE_LINT_BIN", "corefile-lint")

# A `}` after a quoted emoji on a directive's line: 😀 is two UTF-16 code units.
BROKEN = '# ünïcode 😀 comment\n. {\n    whoami "ü😀" }\n}\n'


@pytest_lsp.fixture(
    params=["visual-studio-code", "neovim"],
    config=ClientServerConfig(server_command=[BIN, "lsp"]),
)
async def client(request, lsp_client: LanguageClient):
    params = types.InitializeParams(
        capabilities=client_capabilities(request.param),
        initialization_options={"plugins": ["myplugin"], "format": {"indentStyle": "spaces", "indentWidth": 4}},
    )
    result = await lsp_client.initialize_session(params)
    assert result.server_info.name == "corefile-lint"
    yield
    await lsp_client.shutdown_session()


def open_doc(client: LanguageClient, uri: str, text: str, version: int = 1):
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="corefile", version=version, text=text)
        )
    )


async def diagnostics_for(client: LanguageClient, uri: str, version: int):
    """Waits for the diagnostics of `uri` at `version` (call right after the change is sent)."""
    while True:
        params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        if params.uri == uri and params.version == version:
            return params.diagnostics


def apply(text: str, edits: list[types.TextEdit]) -> str:
    """Applies LSP text edits (UTF-16 positions) to `text`."""
    lines = text.split("\n")

    def offset(pos: types.Position) -> int:
        before = sum(len(line) + 1 for line in lines[: pos.line])
        units = lines[pos.line].encode("utf-16-le")[: pos.character * 2].decode("utf-16-le")
        return before + len(units)

    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(e.range.start)] + e.new_text + text[offset(e.range.end) :]
        lines = text.split("\n")
    return text


async def test_diagnostics_have_utf16_ranges(client: LanguageClient, tmp_path: pathlib.Path):
    uri = (tmp_path / "Corefile").as_uri()
    open_doc(client, uri, BROKEN)
    diags = await diagnostics_for(client, uri, 1)
    first = next(d for d in diags if d.code == "SYN003")
    assert first.severity == types.DiagnosticSeverity.Error
    assert first.range == types.Range(start=types.Position(line=2, character=17), end=types.Position(line=2, character=18))


async def test_hover_on_a_directive(client: LanguageClient, tmp_path: pathlib.Path):
    uri = (tmp_path / "Corefile").as_uri()
    open_doc(client, uri, "# ü\n. {\n    cache 30\n}\n")
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=2, character=6))
    )
    assert hover is not None
    assert hover.contents.value.startswith("**`cache`**")


async def test_completion_of_directives(client: LanguageClient, tmp_path: pathlib.Path):
    uri = (tmp_path / "Corefile").as_uri()
    open_doc(client, uri, ". {\n    ca\n}\n")
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=1, character=6))
    )
    items = result if isinstance(result, list) else result.items
    labels = {i.label for i in items}
    assert {"cache", "forward", "import", "myplugin"} <= labels


async def test_rename_a_snippet(client: LanguageClient, tmp_path: pathlib.Path):
    uri = (tmp_path / "Corefile").as_uri()
    text = "(common) {\n    log\n}\n. {\n    import common\n}\n"
    open_doc(client, uri, text)
    edit = await client.text_document_rename_async(
        types.RenameParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=4, character=12),
            new_name="base",
        )
    )
    assert apply(text, edit.changes[uri]) == "(base) {\n    log\n}\n. {\n    import base\n}\n"


async def test_quick_fix_clears_the_diagnostic(client: LanguageClient, tmp_path: pathlib.Path):
    uri = (tmp_path / "Corefile").as_uri()
    text = "# café 😀\n. {\n    forwrd . 1.1.1.1\n}\n"
    open_doc(client, uri, text)
    diags = await diagnostics_for(client, uri, 1)
    assert diags[0].code == "SYN001"
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diags[0].range,
            context=types.CodeActionContext(diagnostics=diags),
        )
    )
    fix = next(a for a in actions if a.kind == types.CodeActionKind.QuickFix)
    assert fix.title == "Replace `forwrd` with `forward`"
    fixed = apply(text, fix.edit.changes[uri])
    assert fixed == "# café 😀\n. {\n    forward . 1.1.1.1\n}\n"
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangePartial(range=e.range, text=e.new_text) for e in fix.edit.changes[uri]],
        )
    )
    assert list(await diagnostics_for(client, uri, 2)) == []


async def test_semantic_tokens_and_symbols(client: LanguageClient, tmp_path: pathlib.Path):
    uri = (tmp_path / "Corefile").as_uri()
    open_doc(client, uri, "example.org:{$PORT} {\n    cache 30 {\n        success 100\n    }\n}\n")
    tokens = await client.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert len(tokens.data) % 5 == 0 and len(tokens.data) > 0
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert symbols[0].name == "example.org:{$PORT}"
    assert symbols[0].children[0].name == "cache"


async def test_formatting(client: LanguageClient, tmp_path: pathlib.Path):
    uri = (tmp_path / "Corefile").as_uri()
    text = "# café 😀\n. {\nerrors\n      log   \n}\n"
    open_doc(client, uri, text)
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            options=types.FormattingOptions(tab_size=4, insert_spaces=True),
        )
    )
    assert apply(text, edits) == "# café 😀\n. {\n    errors\n    log\n}\n"


def test_malformed_message_gets_an_error_and_the_session_goes_on():
    """Raw bytes, since pytest-lsp only sends well-formed messages."""
    import json
    import subprocess

    server = subprocess.Popen([BIN, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def send(body: bytes):
        server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        server.stdin.flush()

    def receive():
        header = b""
        while not header.endswith(b"\r\n\r\n"):
            header += server.stdout.read(1)
        length = int(header.split(b":")[1].split(b"\r")[0])
        return json.loads(server.stdout.read(length))

    send(json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}).encode())
    assert receive()["id"] == 1
    send(b'{"jsonrpc":"2.0","id":2,"method":')
    reply = receive()
    assert reply["error"]["code"] == -32700 and reply["id"] is None
    send(json.dumps({"jsonrpc": "2.0", "id": 3, "method": "shutdown"}).encode())
    assert receive() == {"jsonrpc": "2.0", "id": 3, "result": None}
    send(json.dumps({"jsonrpc": "2.0", "method": "exit"}).encode())
    assert server.wait(timeout=10) == 0
