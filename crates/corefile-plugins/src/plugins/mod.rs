//! One module per plugin, named after its directive.

pub mod acl;
pub mod any;
pub mod auto;
pub mod autopath;
pub mod azure;
pub mod bind;
pub mod bufsize;
pub mod cache;
pub mod cancel;
pub mod chaos;
pub mod clouddns;
pub mod debug;
pub mod dns64;
pub mod dnssec;
pub mod dnstap;
pub mod erratic;
pub mod errors;
pub mod etcd;
pub mod file;
pub mod forward;
pub mod geoip;
pub mod grpc;
pub mod grpc_server;
pub mod header;
pub mod health;
pub mod hosts;
pub mod https;
pub mod https3;
pub mod k8s_external;
pub mod kubernetes;
pub mod loadbalance;
pub mod local;
pub mod log;
#[path = "loop.rs"]
pub mod loop_;
pub mod metadata;
pub mod minimal;
pub mod multisocket;
pub mod nomad;
pub mod nsid;
pub mod on;
pub mod pprof;
pub mod prometheus;
pub mod proxyproto;
pub mod quic;
pub mod ready;
pub mod reload;
pub mod rewrite;
pub mod root;
pub mod route53;
pub mod secondary;
pub mod shared;
pub mod shed;
pub mod sign;
pub mod template;
pub mod timeouts;
pub mod tls;
pub mod trace;
pub mod transfer;
pub mod tsig;
pub mod view;
pub mod whoami;

use crate::PluginDef;

/// Every stock plugin, in execution order.
pub static ALL: &[&PluginDef] = &[
    &root::PLUGIN,
    &metadata::PLUGIN,
    &geoip::PLUGIN,
    &cancel::PLUGIN,
    &proxyproto::PLUGIN,
    &quic::PLUGIN,
    &grpc_server::PLUGIN,
    &https::PLUGIN,
    &https3::PLUGIN,
    &timeouts::PLUGIN,
    &multisocket::PLUGIN,
    &reload::PLUGIN,
    &nsid::PLUGIN,
    &bufsize::PLUGIN,
    &bind::PLUGIN,
    &debug::PLUGIN,
    &trace::PLUGIN,
    &ready::PLUGIN,
    &health::PLUGIN,
    &pprof::PLUGIN,
    &shed::PLUGIN,
    &prometheus::PLUGIN,
    &errors::PLUGIN,
    &log::PLUGIN,
    &dnstap::PLUGIN,
    &local::PLUGIN,
    &dns64::PLUGIN,
    &any::PLUGIN,
    &chaos::PLUGIN,
    &loadbalance::PLUGIN,
    &tsig::PLUGIN,
    &rewrite::PLUGIN,
    &autopath::PLUGIN,
    &acl::PLUGIN,
    &cache::PLUGIN,
    &header::PLUGIN,
    &dnssec::PLUGIN,
    &tls::PLUGIN,
    &minimal::PLUGIN,
    &template::PLUGIN,
    &transfer::PLUGIN,
    &hosts::PLUGIN,
    &route53::PLUGIN,
    &azure::PLUGIN,
    &clouddns::PLUGIN,
    &k8s_external::PLUGIN,
    &kubernetes::PLUGIN,
    &file::PLUGIN,
    &auto::PLUGIN,
    &secondary::PLUGIN,
    &etcd::PLUGIN,
    &loop_::PLUGIN,
    &forward::PLUGIN,
    &grpc::PLUGIN,
    &erratic::PLUGIN,
    &whoami::PLUGIN,
    &on::PLUGIN,
    &sign::PLUGIN,
    &view::PLUGIN,
    &nomad::PLUGIN,
];
