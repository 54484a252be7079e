//! Generated Corefiles of a chosen size for throughput measurements: server blocks of the shapes
//! real clusters use (a Kubernetes cluster zone, forwarding zones, a hosts-backed zone),
//! numbered so no key repeats, with comments, quoted strings and nested option blocks.

use std::fmt::Write as _;

/// A valid Corefile of at least `bytes` bytes (it stops after the block that crosses the size).
pub fn generated_corefile(bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 1024);
    let mut n = 0usize;
    while out.len() < bytes {
        push_block(&mut out, n);
        n += 1;
    }
    out
}

fn push_block(out: &mut String, n: usize) {
    let (a, b) = (n / 250 % 250, n % 250 + 1);
    let written = match n % 3 {
        0 => write!(
            out,
            "# cluster {n}\n\
             cluster{n}.local:53 {{\n\
             \x20   errors\n\
             \x20   health {{\n\
             \x20       lameduck 5s\n\
             \x20   }}\n\
             \x20   kubernetes cluster{n}.local {{\n\
             \x20       pods insecure\n\
             \x20       fallthrough\n\
             \x20       ttl 30\n\
             \x20   }}\n\
             \x20   prometheus :9153\n\
             \x20   forward . 10.{a}.{b}.53 {{\n\
             \x20       max_concurrent 1000\n\
             \x20   }}\n\
             \x20   cache 30\n\
             \x20   loop\n\
             \x20   reload\n\
             \x20   loadbalance\n\
             }}\n\n"
        ),
        1 => write!(
            out,
            "corp{n}.example.com:53 {{  # forwarded zone\n\
             \x20   errors\n\
             \x20   cache 300 {{\n\
             \x20       success 9984 300\n\
             \x20       denial 9984 30\n\
             \x20   }}\n\
             \x20   forward . 10.{a}.{b}.10 10.{a}.{b}.11 {{\n\
             \x20       policy sequential\n\
             \x20       health_check 5s\n\
             \x20   }}\n\
             \x20   log . \"{{remote}} {{type}} {{name}} {{rcode}}\"\n\
             }}\n\n"
        ),
        _ => write!(
            out,
            "hosts{n}.example.org {{\n\
             \x20   hosts {{\n\
             \x20       10.{a}.{b}.1 gateway.hosts{n}.example.org\n\
             \x20       10.{a}.{b}.2 db.hosts{n}.example.org\n\
             \x20       ttl 60\n\
             \x20       fallthrough\n\
             \x20   }}\n\
             \x20   whoami\n\
             }}\n\n"
        ),
    };
    written.expect("writing to a String cannot fail");
}
