//! The read-only accessors cross-plugin rules use (`kubernetes::config`, `forward::stanzas`,
//! `autopath::config`, `grpc::config`, `hosts::config`, `k8s_external::config`), on whole
//! Corefiles loaded into the model.

use std::sync::Arc;

use corefile_model::load::{load, LoadOptions, RootFile, RootKind};
use corefile_model::{MemoryVfs, Model};
use corefile_plugins::plugins::{autopath, forward, grpc, hosts, k8s_external, kubernetes};
use corefile_plugins::values::net::Upstream;
use corefile_plugins::DIRECTIVES;

fn model(text: &str) -> Model {
    let directives: Vec<String> = DIRECTIVES.iter().map(|d| d.to_string()).collect();
    let root = RootFile {
        name: "Corefile".into(),
        path: None,
        text: Arc::from(text),
    };
    let opts = LoadOptions {
        directives: &directives,
        root_kind: RootKind::Corefile,
    };
    load(&MemoryVfs::default(), root, &opts).model
}

#[test]
fn kubernetes_config_reports_zones_pods_and_fallthrough() {
    let m = model(
        "cluster.local:53 {\n    kubernetes cluster.local in-addr.arpa {\n        pods verified\n        fallthrough in-addr.arpa\n    }\n}\n",
    );
    let block = &m.blocks[0];
    let config = kubernetes::config(block, &block.zones()).expect("valid kubernetes");
    assert_eq!(config.zones, ["cluster.local.", "in-addr.arpa."]);
    assert_eq!(config.pods, kubernetes::PodsMode::Verified);
    assert_eq!(config.fallthrough, Some(vec!["in-addr.arpa.".to_string()]));
    assert!(!config.zones_unknown);

    let defaults = model("cluster.local {\n    kubernetes\n}\n");
    let block = &defaults.blocks[0];
    let config = kubernetes::config(block, &block.zones()).unwrap();
    assert_eq!(config.zones, ["cluster.local."]);
    assert_eq!(config.pods, kubernetes::PodsMode::Disabled);
    assert_eq!(config.fallthrough, None);

    let broken = model(". {\n    kubernetes cluster.local {\n        pods all\n    }\n}\n");
    assert_eq!(kubernetes::config(&broken.blocks[0], &[".".into()]), None);
    let absent = model(". {\n    whoami\n}\n");
    assert_eq!(kubernetes::config(&absent.blocks[0], &[".".into()]), None);
}

#[test]
fn forward_stanzas_in_order() {
    let m = model(". {\n    forward example.org 10.0.0.1 {\n        except a.example.org\n        next NXDOMAIN\n    }\n    forward . tls://9.9.9.9 /etc/resolv.conf\n}\n");
    let block = &m.blocks[0];
    let stanzas = forward::stanzas(block, &block.zones()).expect("valid forward");
    assert_eq!(stanzas.len(), 2);
    assert_eq!(stanzas[0].from.as_deref(), Some("example.org."));
    assert_eq!(stanzas[0].except, ["a.example.org."]);
    assert!(stanzas[0].passes_on);
    assert_eq!(stanzas[1].from.as_deref(), Some("."));
    assert!(
        matches!(&stanzas[1].to[0].1, Some(Upstream::Ip { addr, .. }) if addr == "tls://9.9.9.9:853")
    );
    assert!(
        matches!(&stanzas[1].to[1].1, Some(Upstream::File { path, .. }) if path == "/etc/resolv.conf")
    );
}

#[test]
fn autopath_source_and_zones() {
    let m = model("cluster.local {\n    autopath @kubernetes\n    kubernetes {\n        pods verified\n    }\n}\n");
    let block = &m.blocks[0];
    let config = autopath::config(block, &block.zones()).expect("valid autopath");
    assert_eq!(
        config.source,
        autopath::SearchSource::Plugin("kubernetes".into())
    );
    assert_eq!(config.zones, ["cluster.local."]);

    let file = model(". {\n    autopath example.org /etc/resolv.conf\n}\n");
    let config = autopath::config(&file.blocks[0], &[".".into()]).unwrap();
    assert_eq!(
        config.source,
        autopath::SearchSource::File("/etc/resolv.conf".into())
    );
    assert_eq!(config.zones, ["example.org."]);
}

#[test]
fn fallthrough_of_other_plugins() {
    let m = model(
        ". {\n    grpc example.org 10.0.0.1 {\n        fallthrough a.example.org\n    }\n    hosts {\n        fallthrough\n    }\n    kubernetes cluster.local\n    k8s_external ext.example {\n        fallthrough a..b\n    }\n}\n",
    );
    let block = &m.blocks[0];
    let zones = block.zones();
    let g = grpc::config(block, &zones).unwrap();
    assert_eq!(g.from.as_deref(), Some("example.org."));
    assert_eq!(g.fallthrough, Some(vec!["a.example.org.".to_string()]));
    let h = hosts::config(block, &zones).unwrap();
    assert_eq!(h.zones, ["."]);
    assert_eq!(h.fallthrough, Some(vec![".".to_string()]));
    let x = k8s_external::config(block, &zones).unwrap();
    assert_eq!(x.zones, ["ext.example."]);
    // Every fallthrough zone was invalid: nothing falls through.
    assert_eq!(x.fallthrough, Some(Vec::new()));
}
