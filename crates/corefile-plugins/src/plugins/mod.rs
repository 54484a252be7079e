//! One module per plugin, named after its directive.

pub mod root;
pub mod metadata;
pub mod geoip;
pub mod cancel;
pub mod proxyproto;
pub mod quic;
pub mod grpc_server;
pub mod https;
pub mod https3;
pub mod timeouts;
pub mod multisocket;
pub mod reload;
pub mod nsid;
pub mod bufsize;
pub mod bind;
pub mod debug;
pub mod trace;
pub mod ready;
pub mod health;
pub mod pprof;
pub mod shed;
pub mod prometheus;
pub mod errors;
pub mod log;
pub mod dnstap;
pub mod local;
pub mod dns64;
pub mod any;
pub mod chaos;
pub mod loadbalance;
pub mod tsig;
pub mod rewrite;
pub mod autopath;
pub mod acl;
pub mod cache;
pub mod header;
pub mod dnssec;
pub mod tls;
pub mod minimal;
pub mod template;
pub mod transfer;
pub mod hosts;
pub mod route53;
pub mod azure;
pub mod clouddns;
pub mod k8s_external;
pub mod kubernetes;
pub mod file;
pub mod auto;
pub mod secondary;
pub mod etcd;
#[path = "loop.rs"]
pub mod loop_;
pub mod forward;
pub mod grpc;
pub mod erratic;
pub mod whoami;
pub mod on;
pub mod sign;
pub mod view;
pub mod nomad;
pub mod shared;

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
