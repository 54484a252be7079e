//! Codes of the `syntax` and `address` groups: what CoreDNS's parser and its server-address
//! inspection refuse, and the quiet surprises they allow.

use crate::diagnostic::{Group, RuleMeta, Severity};

macro_rules! rule {
    ($id:ident, $code:literal, $name:literal, $group:ident, $sev:ident, $summary:literal, $doc:expr) => {
        pub static $id: RuleMeta = RuleMeta {
            code: $code,
            name: $name,
            group: Group::$group,
            default_severity: Severity::$sev,
            summary: $summary,
            doc: $doc,
        };
    };
}

rule!(UNKNOWN_DIRECTIVE, "SYN001", "unknown-directive", Syntax, Error,
    "A directive name CoreDNS does not know",
    "## What it does\nChecks every directive name against the directive list of the CoreDNS release (plus the \
plugins of a custom build declared with `--plugin` or `plugins = [...]` in `.corefile-lint.toml`).\n\n\
## Why is this bad?\nCoreDNS refuses to start: `Unknown directive 'X'`. Directive names are case-sensitive.\n\n\
## Example\n```corefile\n. {\n    forwrd . 1.1.1.1\n}\n```\n\n## Fix\nCorrect the spelling (the message suggests the closest \
directive), or declare the external plugin of your custom build.");

rule!(REMOVED_DIRECTIVE, "SYN002", "removed-directive", Syntax, Error,
    "A directive that an earlier CoreDNS release had and the current one removed",
    "## What it does\nRecognizes directives removed from CoreDNS (`proxy`, `startup`, `shutdown`, `reverse`, \
`federation`) and names their replacement.\n\n## Why is this bad?\nCoreDNS refuses to start with `Unknown directive`; \
this typically happens after a cluster upgrade.\n\n## Example\n```corefile\n. {\n    proxy . /etc/resolv.conf\n}\n```\n\n\
## Fix\nUse the replacement the message names (`proxy` → `forward`).");

rule!(UNMATCHED_CLOSE_BRACE, "SYN003", "unmatched-close-brace", Syntax, Error,
    "A `}` on a directive's line that closes nothing (one-line blocks)",
    "## What it does\nFinds a `}` on the same line as a directive when no `{` is open on that line.\n\n\
## Why is this bad?\nCoreDNS refuses to start: `Unexpected '}' because no matching opening brace`. One-line server \
blocks such as `. { whoami }` are not allowed.\n\n## Example\n```corefile\n. { whoami }\n```\n\n## Fix\nPut the closing \
brace on its own line.");

rule!(UNCLOSED_BLOCK, "SYN004", "unclosed-block", Syntax, Error,
    "A server block or snippet whose `{` is never closed",
    "## What it does\nFinds blocks still open at the end of the file.\n\n## Why is this bad?\nCoreDNS refuses to \
start: `Unexpected token 'X', expecting '}'`. (When the file happens to end with a `}` that closed a nested block, \
CoreDNS accepts the file, and the block silently takes in everything after it.)\n\n## Example\n```corefile\n. {\n    whoami\n```\n\n\
## Fix\nAdd the missing `}`.");

rule!(UNEXPECTED_EOF, "SYN005", "unexpected-eof", Syntax, Error,
    "The file ends inside a directive's block or after a trailing comma",
    "## What it does\nFinds a file that ends while a directive's `{` is open, or right after a key list's trailing comma.\n\n\
## Why is this bad?\nCoreDNS refuses to start: `Unexpected EOF`.\n\n## Example\n```corefile\n. {\n    forward . 1.1.1.1 {\n        max_fails 3\n```\n\n\
## Fix\nClose the block or remove the comma.");

rule!(EXTRA_COMMA, "SYN006", "trailing-comma-before-brace", Syntax, Error,
    "A server-block key list ends in a comma right before `{`",
    "## What it does\nFinds `a.org, {`.\n\n## Why is this bad?\nCoreDNS refuses to start: `Expected another address but \
had '{' - check for extra comma`.\n\n## Example\n```corefile\nexample.org, {\n    whoami\n}\n```\n\n## Fix\nRemove the comma \
or add the missing address.");

rule!(SNIPPET_SYNTAX, "SYN007", "snippet-syntax", Syntax, Error,
    "A snippet definition without braces, defined twice, or importing itself",
    "## What it does\nChecks snippet definitions `(name) { ... }`: the `{` must follow the name, a name may be defined \
once, and a snippet may not import itself.\n\n## Why is this bad?\nCoreDNS refuses to start (`expecting '{'`, \
`redeclaration of previously declared snippet`, `maximum snippet import depth (10000) exceeded`).\n\n\
## Example\n```corefile\n(common) {\n    log\n}\n(common) {\n    errors\n}\n```\n\n## Fix\nRename or merge the snippets.");

rule!(IMPORT_SYNTAX, "SYN008", "import-arguments", Syntax, Error,
    "`import` without exactly one non-empty argument",
    "## What it does\nChecks that every `import` names exactly one file, glob or snippet on its own line.\n\n\
## Why is this bad?\nCoreDNS refuses to start (`Wrong argument count`, `Import requires a non-empty filepath`, \
`Import takes only one argument`).\n\n## Example\n```corefile\n. {\n    import a.conf b.conf\n}\n```\n\n## Fix\nWrite one \
`import` per file or use a glob.");

rule!(IMPORT_FAILED, "SYN009", "import-failed", Syntax, Error,
    "An import that CoreDNS cannot resolve: missing file, bad glob, directory, unreadable file",
    "## What it does\nResolves every file import like CoreDNS: relative to the importing file, with CoreDNS's glob \
limits (one `*`, one `?`, no `[...]`), failing on directories matched by a glob and on unreadable files. A name that is \
not a snippet defined *before* the import is a file name.\n\n## Why is this bad?\nCoreDNS refuses to start \
(`File to import not found`, `Glob pattern may only contain one wildcard`, `Could not import X: is a directory`).\n\n\
## Example\n```corefile\n. {\n    import common\n}\n(common) {\n    log\n}\n```\nThe snippet is defined after its use, \
so `common` is looked up as a file.\n\n## Fix\nDefine snippets before use, fix the path, or narrow the glob.");

rule!(IMPORT_CYCLE, "SYN010", "import-cycle", Syntax, Error,
    "A file or snippet that imports itself, directly or through others",
    "## What it does\nDetects import cycles between files and between snippets.\n\n## Why is this bad?\nCoreDNS \
expands imports until a cap (10000 snippet or 100000 file expansions) and then refuses to start; a file that imports \
itself and has more content grows quadratically and can stall startup for many minutes.\n\n\
## Example\n```corefile\n(a) {\n    import b\n}\n(b) {\n    import a\n}\n. {\n    import a\n}\n```\n\n## Fix\nBreak the cycle.");

rule!(IMPORT_LIMIT, "SYN011", "import-limit", Syntax, Error,
    "More imports than CoreDNS expands in one parse",
    "## What it does\nCounts expansions like CoreDNS: at most 10000 snippet imports and 100000 file imports.\n\n\
## Why is this bad?\nCoreDNS refuses to start with `maximum snippet import depth (10000) exceeded`.\n\n\
## Example\nA snippet imported from ten thousand places.\n\n## Fix\nImport less often, e.g. put shared directives in one block.");

rule!(GLOB_NO_MATCH, "SYN100", "import-glob-no-match", Syntax, Warning,
    "An import glob that matches no file (CoreDNS only logs a warning)",
    "## What it does\nReports an import glob that matches nothing.\n\n## Why is this bad?\nCoreDNS starts anyway and \
logs `No files matching import glob pattern`, so a mistyped directory silently drops configuration.\n\n\
## Example\n```corefile\n. {\n    import /etc/coredns/custom/*.overide\n}\n```\n\n## Fix\nCheck the pattern; if no files are \
expected yet, ignore this warning.");

rule!(DEFAULT_FALLBACK, "SYN101", "no-server-blocks", Syntax, Warning,
    "The file defines no server block, so CoreDNS silently serves its built-in default",
    "## What it does\nReports a Corefile that parses to zero server blocks (empty, comments only, snippets only, \
key-less blocks only).\n\n## Why is this bad?\nCoreDNS does not fail: it silently runs `.:53 { whoami log }` instead of \
your configuration.\n\n## Example\n```corefile\n(common) {\n    log\n}\n```\n\n## Fix\nAdd a server block, or import the \
file that has them.");

rule!(KEYLESS_BLOCK, "SYN102", "block-without-keys", Syntax, Warning,
    "A block without server addresses, which CoreDNS parses and then drops",
    "## What it does\nFinds blocks whose key list is empty (the file starts with `{`, keys are `\"\"` or expand to \
nothing).\n\n## Why is this bad?\nCoreDNS validates the directive names and then silently discards the block.\n\n\
## Example\n```corefile\n{\n    whoami\n}\n```\n\n## Fix\nAdd the zone the block should serve, e.g. `. {`.");

rule!(GLOB_DOTFILE, "SYN103", "import-glob-dotfile", Syntax, Warning,
    "An import glob matched a dot-file (editor swap files, `.bak`...)",
    "## What it does\nReports files whose name starts with `.` that an import glob matched.\n\n## Why is this bad?\n\
Go's glob, unlike a shell, lets `*` match names starting with a dot, so editor swap files and hidden backups are \
imported as configuration.\n\n## Example\n```corefile\nimport conf.d/*\n```\nwith `conf.d/.a.conf.swp` present.\n\n\
## Fix\nUse a suffix in the glob (`conf.d/*.conf`) or remove the file.");

rule!(INVALID_KEY, "ADR001", "invalid-server-address", Address, Error,
    "A server-block key CoreDNS's address inspection refuses",
    "## What it does\nInspects every key as CoreDNS does (scheme, host, port, CIDR): empty keys, keys ending in `:`, \
`:53` without a zone, invalid domain names, names over 255 bytes, IPv6 CIDRs CoreDNS cannot reverse.\n\n\
## Why is this bad?\nCoreDNS refuses to start: `error inspecting server blocks: ...`.\n\n## Example\n```corefile\n:53 {\n    whoami\n}\n```\n\n\
## Fix\nWrite the zone before the port (`.:53`).");

rule!(INVALID_PORT, "ADR002", "invalid-port", Address, Error,
    "A server port outside 0-65535",
    "## What it does\nChecks the port of every key.\n\n## Why is this bad?\nCoreDNS refuses to start: `address 99999: \
invalid port`.\n\n## Example\n```corefile\nexample.org:99999 {\n}\n```\n\n## Fix\nUse a port between 1 and 65535.");

rule!(DUPLICATE_ZONE, "ADR003", "duplicate-zone", Address, Error,
    "The same zone served twice on the same transport and port",
    "## What it does\nCompares the (transport, zone, port, bind address) of every key across all server blocks, \
including those brought in by imports and `*.server` fragments.\n\n## Why is this bad?\nCoreDNS refuses to start: \
`cannot serve dns://example.org.:53 - it is already defined`, or `zone overlap listener capacity` when one block uses \
`bind` and the other does not.\n\n## Example\n```corefile\n. {\n    whoami\n}\n.:53 {\n    log\n}\n```\n\n## Fix\nMerge the \
blocks, or give them different ports or `bind` addresses.");

rule!(SUSPICIOUS_KEY, "ADR004", "suspicious-server-address", Address, Warning,
    "A key CoreDNS accepts as a strange zone (unknown scheme, `}` or a directive name as zone, comma inside a key)",
    "## What it does\nFlags keys that CoreDNS turns into zones nobody meant: `http://x` (unknown schemes stay in the \
zone name), `a.org,b.org` (a comma only separates keys at the end of a token), a stray `}` or a directive name as a key \
(a brace was lost), `example.org:abc` (a non-numeric port becomes part of the zone).\n\n## Why is this bad?\nCoreDNS \
starts and serves a zone like `}.` or `log.` with no plugins, or answers nothing for the zones you meant.\n\n\
## Example\n```corefile\n. {\n    whoami\n}\n}\n```\n\n## Fix\nCheck the braces and separate keys with spaces.");

rule!(OFF_BOUNDARY_CIDR, "ADR005", "cidr-expands-to-many-zones", Address, Info,
    "A CIDR key whose prefix is not on a label boundary, expanding into many reverse zones",
    "## What it does\nReports CIDR keys such as `192.168.0.0/26` whose prefix length is not a multiple of 8 (IPv4) or \
4 (IPv6).\n\n## Why is this bad?\nCoreDNS serves one reverse zone per subnet on the boundary (64 zones for /26), which \
is correct but often a surprise in logs and metrics; classless delegation (RFC 2317) needs a different key.\n\n\
## Example\n```corefile\n192.168.0.0/26 {\n    whoami\n}\n```\n\n## Fix\nNothing, if intended.");

rule!(BIND_MIX, "ADR006", "bind-mixed-on-port", Address, Warning,
    "Server blocks on one port where some use `bind` and some do not",
    "## What it does\nFinds a port where one server block listens on all addresses and another `bind`s specific ones \
for different zones (coredns/coredns#7786).\n\n## Why is this bad?\nThe wildcard listener and the bound listener \
compete for the same port; depending on the OS one of them fails to start or receives the other's queries.\n\n\
## Example\n```corefile\nexample.org {\n    bind 127.0.0.1\n}\n. {\n    forward . 1.1.1.1\n}\n```\n\n## Fix\nUse `bind` in \
every block of the port, or in none.");

rule!(VIEW_OVERLAP, "ADR007", "view-shadowed", Address, Warning,
    "A `view` block that is never consulted because a block without a view serves the same zone and port first",
    "## What it does\nFor every zone and port served by several server blocks, checks the order CoreDNS tries them in: \
blocks are tried in the order they are written, and the first whose view expressions all pass (a block without \
`view` always passes) answers.\n\n## Why is this bad?\nAn unfiltered block written before the `view` blocks of the same \
zone and port catches every query; the views never apply, silently.\n\n\
## Example\n```corefile\n. {\n    forward . 1.1.1.1\n}\n. {\n    view internal {\n        expr incidr(client_ip(), '10.0.0.0/8')\n    }\n    forward . 10.0.0.53\n}\n```\n\n\
## Fix\nWrite the `view` blocks first and the unfiltered catch-all block last.");

/// Every code of this crate.
pub static ALL: &[&RuleMeta] = &[
    &UNKNOWN_DIRECTIVE,
    &REMOVED_DIRECTIVE,
    &UNMATCHED_CLOSE_BRACE,
    &UNCLOSED_BLOCK,
    &UNEXPECTED_EOF,
    &EXTRA_COMMA,
    &SNIPPET_SYNTAX,
    &IMPORT_SYNTAX,
    &IMPORT_FAILED,
    &IMPORT_CYCLE,
    &IMPORT_LIMIT,
    &GLOB_NO_MATCH,
    &DEFAULT_FALLBACK,
    &KEYLESS_BLOCK,
    &GLOB_DOTFILE,
    &INVALID_KEY,
    &INVALID_PORT,
    &DUPLICATE_ZONE,
    &SUSPICIOUS_KEY,
    &OFF_BOUNDARY_CIDR,
    &BIND_MIX,
    &VIEW_OVERLAP,
];
