//! `view`: makes the server block answer only queries for which every `expr` expression is true,
//! so several blocks can serve the same zone for different clients. Mirrors
//! plugin/view/setup.go `parse`: one NAME, `expr` lines compiled by expr-lang against
//! plugin/pkg/expression `DefaultEnv`, once per server block.

use crate::codes::ARGUMENT_COUNT;
use crate::values::expr;
use crate::{Controller, OptionDef, PluginDef, SetupResult};

pub static PLUGIN: PluginDef = PluginDef {
    name: "view",
    summary: "Routes queries to this server block only when its expressions are true",
    syntax: "view NAME {\n    expr EXPRESSION\n}",
    snippet: "view ${1:NAME} {\n\texpr ${2:incidr(client_ip(), '10.0.0.0/8')}\n}",
    options: &[OptionDef {
        name: "expr",
        args: "EXPRESSION",
        doc: "An expr-lang condition; all must be true. Functions: name() (lower case, trailing dot), type(), class(), \
proto(), client_ip(), port(), server_ip(), server_port(), size(), id(), opcode(), do(), bufsize(), incidr(ip, cidr), metadata(label).",
        values: &[],
    }],
    history: "1.10.0: added. 1.11.3: the expr builtin `type` disabled so `type()` is the query type. 1.11.4: expr-lang/expr. 1.14.3: filtered server blocks may come in any order.",
    setup,
    rules: &[&expr::NEVER_EQUAL],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    while c.next_once()? {
        let args = c.remaining_args();
        if args.len() != 1 {
            let mut e = c.arg_err();
            if args.len() > 1 {
                e = c.err_at(&ARGUMENT_COUNT, args[1], "`view` takes exactly one NAME");
            }
            return Err(e.with_help("write `view NAME { expr ... }`"));
        }
        while c.next_block() {
            let option = c.token().expect("inside a block");
            if option.text != "expr" {
                let mut e = c.unknown_option(&["expr"]);
                e.message = format!("unknown option `{}` for `view`", option.text);
                return Err(e);
            }
            let tokens = c.remaining_args();
            expr::compile_tokens(c, &tokens, option, &expr::Env::coredns(), "`expr`")?;
        }
    }
    Ok(())
}
