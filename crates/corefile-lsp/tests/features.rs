//! The server's features driven in-process, as an editor would.

mod common;

use common::{at, pos, uri, TestClient};
use serde_json::json;

/// A `}` after a quoted emoji on a directive's line: the columns must count UTF-16 units.
const BROKEN: &str = "# ünïcode 😀 comment\n. {\n    whoami \"ü😀\" }\n}\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diagnostics_use_utf16_ranges_and_follow_edits() {
    let mut c = TestClient::start(json!({})).await;
    let u = "file:///tmp/corefile-lsp-test/Corefile";
    c.open(u, BROKEN).await;
    let d = c.diagnostics(u).await;
    assert_eq!(d["version"], 1);
    let first = d["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "SYN003")
        .expect("the stray brace is reported");
    assert_eq!(first["severity"], 1);
    assert_eq!(first["source"], "corefile-lint");
    assert_eq!(
        first["range"],
        json!({"start": pos(2, 17), "end": pos(2, 18)})
    );

    // Delete the stray brace (and the space before it) with an incremental edit.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 2},
               "contentChanges": [{"range": {"start": pos(2, 16), "end": pos(2, 18)}, "text": ""}]}),
    )
    .await;
    let d = c.diagnostics(u).await;
    assert_eq!(d["version"], 2);
    assert!(
        d["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["code"] != "SYN003"),
        "{d}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typing_quickly_publishes_once_for_the_last_version() {
    let mut c = TestClient::start(json!({})).await;
    let u = "file:///tmp/corefile-lsp-test/typing";
    c.open(u, ". {\n    \n}\n").await;
    assert_eq!(c.diagnostics(u).await["version"], 1);
    for (i, ch) in "forwrd".chars().enumerate() {
        let col = 4 + i as u32;
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": u, "version": 2 + i},
                   "contentChanges": [{"range": {"start": pos(1, col), "end": pos(1, col)}, "text": ch.to_string()}]}),
        )
        .await;
    }
    let d = c.diagnostics(u).await;
    assert_eq!(d["version"], 7, "only the last version is analysed: {d}");
    assert_eq!(d["diagnostics"][0]["code"], "SYN001");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quick_fix_replaces_a_misspelt_directive() {
    let mut c = TestClient::start(json!({})).await;
    let u = "file:///tmp/corefile-lsp-test/fix";
    c.open(u, "# café\n. {\n    forwrd . 1.1.1.1\n}\n").await;
    let d = c.diagnostics(u).await;
    let diag = d["diagnostics"][0].clone();
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": u}, "range": diag["range"], "context": {"diagnostics": [diag]}}),
        )
        .await
        .unwrap();
    let fix = &actions[0];
    assert_eq!(fix["title"], "Replace `forwrd` with `forward`");
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(
        fix["edit"]["changes"][u],
        json!([{"range": {"start": pos(2, 4), "end": pos(2, 10)}, "newText": "forward"}])
    );
    let fix_all = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": u}, "range": {"start": pos(0, 0), "end": pos(0, 0)},
                   "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
        )
        .await
        .unwrap();
    assert_eq!(fix_all[0]["kind"], "source.fixAll");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_shows_directive_and_rule_docs() {
    let mut c = TestClient::start(json!({"plugins": ["myplugin"]})).await;
    let u = "file:///tmp/corefile-lsp-test/hover";
    c.open(
        u,
        "# ü SYN001\n. {\n    cache 30\n    myplugin\n    proxy . 1.1.1.1\n}\n",
    )
    .await;
    let h = c.request("textDocument/hover", at(u, 2, 6)).await.unwrap();
    let text = h["contents"]["value"].as_str().unwrap();
    assert!(text.starts_with("**`cache`**"), "{text}");
    assert_eq!(h["range"], json!({"start": pos(2, 4), "end": pos(2, 9)}));
    let h = c.request("textDocument/hover", at(u, 3, 5)).await.unwrap();
    assert!(h["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("custom CoreDNS build"));
    let h = c.request("textDocument/hover", at(u, 4, 5)).await.unwrap();
    assert!(h["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("was removed in CoreDNS"));
    let h = c.request("textDocument/hover", at(u, 0, 6)).await.unwrap();
    assert!(h["contents"]["value"]
        .as_str()
        .unwrap()
        .starts_with("**SYN001**"));
    assert_eq!(h["range"], json!({"start": pos(0, 4), "end": pos(0, 10)}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn completion_offers_directives_imports_and_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("conf.d")).unwrap();
    std::fs::write(dir.path().join("conf.d/zone.conf"), "log\n").unwrap();
    let path = dir.path().join("Corefile");
    let u = uri(&path);
    let mut c = TestClient::start(json!({"plugins": ["myplugin"]})).await;
    c.open(
        &u,
        "(common) {\n    log\n}\n. {\n    ca\n    import \n    import conf.d/\n}\n",
    )
    .await;
    let items = c
        .request("textDocument/completion", at(&u, 4, 6))
        .await
        .unwrap();
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"cache") && labels.contains(&"myplugin") && labels.contains(&"import")
    );
    let cache = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "cache")
        .unwrap();
    assert_eq!(
        cache["textEdit"]["range"],
        json!({"start": pos(4, 4), "end": pos(4, 6)})
    );

    let items = c
        .request("textDocument/completion", at(&u, 5, 11))
        .await
        .unwrap();
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(labels.contains(&"common"), "{labels:?}");
    assert!(labels.contains(&"conf.d/"), "{labels:?}");

    let items = c
        .request("textDocument/completion", at(&u, 6, 18))
        .await
        .unwrap();
    let zone = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "zone.conf")
        .unwrap();
    assert_eq!(zone["kind"], 17, "a file");
    assert_eq!(
        zone["textEdit"]["range"],
        json!({"start": pos(6, 18), "end": pos(6, 18)})
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snippet_definition_references_and_rename() {
    let mut c = TestClient::start(json!({})).await;
    let u = "file:///tmp/corefile-lsp-test/snippets";
    c.open(u, "(common) {\n    log\n}\n. {\n    import common\n}\nexample.org {\n    import \"common\"\n}\n").await;
    let def = c
        .request("textDocument/definition", at(u, 4, 12))
        .await
        .unwrap();
    assert_eq!(def["range"], json!({"start": pos(0, 1), "end": pos(0, 7)}));
    let refs = c
        .request(
            "textDocument/references",
            json!({"textDocument": {"uri": u}, "position": pos(0, 3), "context": {"includeDeclaration": false}}),
        )
        .await
        .unwrap();
    assert_eq!(refs.as_array().unwrap().len(), 2);
    let prepared = c
        .request("textDocument/prepareRename", at(u, 7, 13))
        .await
        .unwrap();
    assert_eq!(prepared, json!({"start": pos(7, 12), "end": pos(7, 18)}));
    let mut params = at(u, 4, 12);
    params["newName"] = json!("base");
    let edit = c
        .request("textDocument/rename", params.clone())
        .await
        .unwrap();
    let edits = edit["changes"][u].as_array().unwrap();
    assert_eq!(edits.len(), 3);
    assert!(edits.iter().all(|e| e["newText"] == "base"));
    params["newName"] = json!("two words");
    let err = c.request("textDocument/rename", params).await.unwrap_err();
    assert_eq!(err["code"], -32602);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn symbols_folding_tokens_and_links() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("extra.conf"), "log\n").unwrap();
    let u = uri(&dir.path().join("Corefile"));
    let text = "# one\n# two\n(snip) {\n    errors\n}\nexample.org:{$PORT} {\n    import extra.conf\n    cache 30 {\n        success 100\n    }\n}\n";
    let mut c = TestClient::start(json!({})).await;
    c.open(&u, text).await;
    let symbols = c
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": u}}),
        )
        .await
        .unwrap();
    assert_eq!(symbols[0]["name"], "(snip)");
    assert_eq!(symbols[1]["name"], "example.org:{$PORT}");
    assert_eq!(symbols[1]["children"][1]["name"], "cache");
    assert_eq!(symbols[1]["children"][1]["detail"], "30");
    assert_eq!(symbols[1]["children"][1]["children"][0]["name"], "success");

    let folds = c
        .request(
            "textDocument/foldingRange",
            json!({"textDocument": {"uri": u}}),
        )
        .await
        .unwrap();
    let spans: Vec<(u64, u64)> = folds
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["startLine"].as_u64().unwrap(),
                f["endLine"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(spans, [(0, 1), (2, 3), (5, 9), (7, 8)]);

    let tokens = c
        .request(
            "textDocument/semanticTokens/full",
            json!({"textDocument": {"uri": u}}),
        )
        .await
        .unwrap();
    let data: Vec<u64> = tokens["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    // Line 5: `example.org:` is a key (type 0), `{$PORT}` a placeholder (type 8).
    let line5: Vec<&[u64]> = {
        let mut line = 0;
        data.chunks(5)
            .filter(|t| {
                line += t[0];
                line == 5
            })
            .collect()
    };
    assert_eq!(line5, [&[2, 0, 12, 0, 0][..], &[0, 12, 7, 8, 0][..]]);

    let links = c
        .request(
            "textDocument/documentLink",
            json!({"textDocument": {"uri": u}}),
        )
        .await
        .unwrap();
    assert_eq!(
        links[0]["range"],
        json!({"start": pos(6, 11), "end": pos(6, 21)})
    );
    assert!(links[0]["target"]
        .as_str()
        .unwrap()
        .ends_with("/extra.conf"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imported_files_come_from_open_documents_first() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("extra.conf"), "log\n").unwrap();
    let root = uri(&dir.path().join("Corefile"));
    let extra = uri(&dir.path().join("extra.conf"));
    let mut c = TestClient::start(json!({})).await;
    c.open(&root, ". {\n    import extra.conf\n}\n").await;
    assert_eq!(c.diagnostics(&root).await["diagnostics"], json!([]));
    // The unsaved copy of the imported file has a typo: the root's diagnostics show it at the import.
    c.open(&extra, "lgo\n").await;
    let d = loop {
        let d = c.diagnostics(&root).await;
        if d["diagnostics"] != json!([]) {
            break d;
        }
    };
    let diag = &d["diagnostics"][0];
    assert_eq!(diag["code"], "SYN001");
    assert_eq!(
        diag["range"],
        json!({"start": pos(1, 11), "end": pos(1, 21)})
    );
    assert!(diag["message"].as_str().unwrap().starts_with("in `"));
    assert!(diag["relatedInformation"][0]["location"]["uri"]
        .as_str()
        .unwrap()
        .ends_with("/extra.conf"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configuration_changes_reanalyse() {
    let mut c = TestClient::start(json!({})).await;
    let u = "file:///tmp/corefile-lsp-test/config";
    c.open(u, ". {\n    myplugin\n}\n").await;
    assert_eq!(c.diagnostics(u).await["diagnostics"][0]["code"], "SYN001");
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"corefile": {"plugins": ["myplugin"], "format": {"indentStyle": "tabs", "indentWidth": 4}}}}),
    )
    .await;
    assert_eq!(c.diagnostics(u).await["diagnostics"], json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn corefiles_inside_configmaps_get_diagnostics_at_yaml_positions() {
    let yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: coredns\n  namespace: kube-system\ndata:\n  Corefile: |\n    # ünïcode 😀\n    . {\n        forwrd . 1.1.1.1\n    }\n";
    let mut c = TestClient::start(json!({})).await;
    let u = "file:///tmp/corefile-lsp-test/coredns.yaml";
    c.open_as(u, "yaml", yaml).await;
    let d = c.diagnostics(u).await;
    let diag = &d["diagnostics"][0];
    assert_eq!(diag["code"], "SYN001", "{d}");
    assert_eq!(
        diag["range"],
        json!({"start": pos(9, 8), "end": pos(9, 14)})
    );

    // Unrelated YAML gets nothing, not even for being invalid.
    let other = "file:///tmp/corefile-lsp-test/other.yaml";
    c.open_as(other, "yaml", "a: [\n").await;
    assert_eq!(c.diagnostics(other).await["diagnostics"], json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_and_completion_inside_a_configmap() {
    let yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: coredns\ndata:\n  Corefile: |\n    . {\n        cache 30\n        ca\n    }\n";
    let mut c = TestClient::start(json!({})).await;
    let u = "file:///tmp/corefile-lsp-test/hover.yaml";
    c.open_as(u, "yaml", yaml).await;
    let h = c.request("textDocument/hover", at(u, 7, 10)).await.unwrap();
    assert!(h["contents"]["value"]
        .as_str()
        .unwrap()
        .starts_with("**`cache`**"));
    assert_eq!(h["range"], json!({"start": pos(7, 8), "end": pos(7, 13)}));
    let items = c
        .request("textDocument/completion", at(u, 8, 10))
        .await
        .unwrap();
    let cache = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "cache")
        .unwrap();
    assert_eq!(
        cache["textEdit"]["range"],
        json!({"start": pos(8, 8), "end": pos(8, 10)})
    );
    // Outside the Corefile: nothing.
    assert_eq!(
        c.request("textDocument/hover", at(u, 1, 2)).await.unwrap(),
        json!(null)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn formatting_whole_document_and_range() {
    let mut c =
        TestClient::start(json!({"format": {"indentStyle": "spaces", "indentWidth": 2}})).await;
    let u = "file:///tmp/corefile-lsp-test/format";
    c.open(u, "# ü\n. {\nerrors\n      log\n}\n").await;
    let edits = c
        .request(
            "textDocument/formatting",
            json!({"textDocument": {"uri": u}, "options": {"tabSize": 8, "insertSpaces": true}}),
        )
        .await
        .unwrap();
    assert_eq!(
        edits,
        json!([{"range": {"start": pos(2, 0), "end": pos(4, 0)}, "newText": "  errors\n  log\n"}])
    );
    let edits = c
        .request(
            "textDocument/rangeFormatting",
            json!({"textDocument": {"uri": u}, "range": {"start": pos(0, 0), "end": pos(1, 3)},
                   "options": {"tabSize": 8, "insertSpaces": true}}),
        )
        .await
        .unwrap();
    assert_eq!(edits, json!([]));
    // Syntax errors: the conservative formatter still trims what is safe.
    c.open("file:///tmp/corefile-lsp-test/broken", ". {\n    log   \n")
        .await;
    let edits = c
        .request(
            "textDocument/formatting",
            json!({"textDocument": {"uri": "file:///tmp/corefile-lsp-test/broken"}, "options": {"tabSize": 4, "insertSpaces": true}}),
        )
        .await
        .unwrap();
    assert!(!edits.as_array().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn formatting_a_configmap_touches_only_its_corefile() {
    let yaml = "# keep   \napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: coredns\ndata:\n  Corefile: |\n    . {\n    errors\n          cache 30\n    }\n  other:   'x  '\n";
    let mut c = TestClient::start(json!({})).await;
    let u = "file:///tmp/corefile-lsp-test/fmt.yaml";
    c.open_as(u, "yaml", yaml).await;
    let edits = c
        .request(
            "textDocument/formatting",
            json!({"textDocument": {"uri": u}, "options": {"tabSize": 4, "insertSpaces": true}}),
        )
        .await
        .unwrap();
    assert_eq!(
        edits,
        json!([{"range": {"start": pos(8, 0), "end": pos(10, 0)}, "newText": "        errors\n        cache 30\n"}])
    );

    // A YAML file that cannot be read is left alone rather than refused.
    let other = "file:///tmp/corefile-lsp-test/broken.yaml";
    c.open_as(other, "yaml", "a: [\n").await;
    let edits = c
        .request(
            "textDocument/formatting",
            json!({"textDocument": {"uri": other}, "options": {"tabSize": 4, "insertSpaces": true}}),
        )
        .await
        .unwrap();
    assert_eq!(edits, json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_inside_a_configmap_key_named_by_the_config_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(".corefile-lint.toml"),
        "configmap-keys = [\"extra.conf\"]\n",
    )
    .unwrap();
    let yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: coredns\ndata:\n  extra.conf: |\n    . {\n        cache 30\n    }\n";
    let u = uri(&dir.path().join("coredns.yaml"));
    let mut c = TestClient::start(json!({})).await;
    c.open_as(&u, "yaml", yaml).await;
    let h = c
        .request("textDocument/hover", at(&u, 7, 10))
        .await
        .unwrap();
    assert!(
        h["contents"]["value"]
            .as_str()
            .is_some_and(|v| v.starts_with("**`cache`**")),
        "{h}"
    );
}
