//! Compile check for expr-lang expressions (github.com/expr-lang/expr v1.17.8, the version CoreDNS
//! pins) as `view`'s `expr` and `template`'s `var`/`expr` compile them: `expr.Compile(text,
//! expr.Env(env), expr.DisableBuiltin("type"))`. A hand-written lexer, a chumsky parser for the
//! grammar (precedence climbing as in expr's parser: `|` < `or` < `and` < comparisons < `..` <
//! `+ -` < `* / %` < unary `not !` < unary `- +` < `** ^` < `??`, then `?:`, `let`, `if`, closures)
//! and a type checker for what expr's checker refuses with a strict environment: unknown names,
//! wrong argument counts, operator type mismatches, member access on scalars, and constant
//! `matches` patterns that are not valid Go regexps. Where our types are unsure we accept.

use chumsky::prelude::*;
use corefile_model::{Diagnostic, Group, RuleMeta, Severity, Token};

use super::regex;
use crate::codes::INVALID_VALUE;
use crate::{Controller, PluginError};

pub static NEVER_EQUAL: RuleMeta = RuleMeta {
    code: "PLG209",
    name: "expr-comparison-never-true",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "An expression compares a query fact with a literal it can never equal",
    doc: "## What it does\nChecks `==`/`!=` comparisons in `view` and `template` expressions between `name()`, \
`type()`, `class()` or `proto()` and a string literal.\n\n## Why is this bad?\n`name()` is lower case with a \
trailing dot, `type()` and `class()` are upper case, `proto()` is `udp` or `tcp`. A literal of another form never \
matches, so the view or template silently never applies.\n\n## Example\n```corefile\n. {\n    view internal {\n        \
expr name() == 'example.com'\n    }\n}\n```\n\n## Fix\nWrite the literal the way the function returns it: \
`'example.com.'`, `'A'`, `'udp'`.",
};

/// Compiles the expression CoreDNS forms by joining an option's tokens with single spaces,
/// reporting comparisons that can never hold; a compile error points at the first token.
pub fn compile_tokens(
    c: &mut Controller<'_>,
    tokens: &[&Token],
    at: &Token,
    env: &Env,
    what: &str,
) -> Result<Ty, PluginError> {
    if tokens.iter().any(|t| t.has_placeholder()) {
        return Ok(Ty::Unknown);
    }
    let text = tokens
        .iter()
        .map(|t| t.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let first = tokens.first().copied().unwrap_or(at);
    match compile(&text, env) {
        Ok(compiled) => {
            for message in compiled.never_equal {
                let d = Diagnostic::new(&NEVER_EQUAL, first.loc, message)
                    .with_help("name() is lower case with a trailing dot; type() and class() are upper case; proto() is udp or tcp");
                c.report(d);
            }
            Ok(compiled.ty)
        }
        Err(e) => {
            let mut err = c.err_at(
                &INVALID_VALUE,
                first,
                format!("{what} does not compile: {e}"),
            );
            if tokens.len() > 1 && tokens.iter().any(|t| t.quoted) {
                err = err.with_help("the Corefile removes double quotes inside the line; quote strings with single quotes or quote the whole expression");
            } else if tokens.iter().any(|t| t.text == "}") {
                err = err.with_help("a `}` on the line becomes part of the expression; put the closing brace on its own line");
            }
            Err(err)
        }
    }
}

/// The static types expr's checker distinguishes that matter for its errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// Not known statically (interface values, results of most builtins): every use is accepted.
    Unknown,
    Nil,
    Bool,
    Int,
    Float,
    Str,
    Array,
    Map,
    Func(&'static EnvFunc),
    /// `$env`.
    Env,
}

impl Ty {
    fn name(self) -> String {
        match self {
            Ty::Unknown => "interface {}".into(),
            Ty::Nil => "nil".into(),
            Ty::Bool => "bool".into(),
            Ty::Int => "int".into(),
            Ty::Float => "float64".into(),
            Ty::Str => "string".into(),
            Ty::Array => "[]interface {}".into(),
            Ty::Map | Ty::Env => "map[string]interface {}".into(),
            Ty::Func(f) => {
                let params: Vec<String> = f.params.iter().map(|p| p.name()).collect();
                format!("func({}) {}", params.join(", "), f.result.name())
            }
        }
    }

    fn is_number(self) -> bool {
        matches!(self, Ty::Int | Ty::Float)
    }

    fn unknown(self) -> bool {
        self == Ty::Unknown
    }
}

/// A function of the environment (CoreDNS's plugin/pkg/expression `DefaultEnv`, template's `group`).
#[derive(Debug, PartialEq, Eq)]
pub struct EnvFunc {
    pub name: &'static str,
    /// Parameter types; `Unknown` accepts anything.
    pub params: &'static [Ty],
    pub result: Ty,
}

macro_rules! env_func {
    ($name:literal, [$($p:expr),*], $r:expr) => {
        EnvFunc { name: $name, params: &[$($p),*], result: $r }
    };
}

/// `expression.DefaultEnv`.
pub static DEFAULT_ENV: &[EnvFunc] = &[
    env_func!("incidr", [Ty::Str, Ty::Str], Ty::Bool),
    env_func!("metadata", [Ty::Str], Ty::Str),
    env_func!("type", [], Ty::Str),
    env_func!("name", [], Ty::Str),
    env_func!("class", [], Ty::Str),
    env_func!("proto", [], Ty::Str),
    env_func!("size", [], Ty::Int),
    env_func!("client_ip", [], Ty::Str),
    env_func!("port", [], Ty::Str),
    env_func!("id", [], Ty::Int),
    env_func!("opcode", [], Ty::Int),
    env_func!("do", [], Ty::Bool),
    env_func!("bufsize", [], Ty::Int),
    env_func!("server_ip", [], Ty::Str),
    env_func!("server_port", [], Ty::Str),
];

/// template's extra `group(any) string`.
pub static GROUP_FUNC: EnvFunc = env_func!("group", [Ty::Unknown], Ty::Str);

/// expr-lang v1.17.8 builtin functions (`builtin.Index`), `type` included (it is disabled, but
/// CoreDNS's environment defines its own `type`).
pub const BUILTINS: &[&str] = &[
    "all",
    "none",
    "any",
    "one",
    "filter",
    "map",
    "find",
    "findIndex",
    "findLast",
    "findLastIndex",
    "count",
    "sum",
    "groupBy",
    "sortBy",
    "reduce",
    "len",
    "type",
    "abs",
    "ceil",
    "floor",
    "round",
    "int",
    "float",
    "string",
    "trim",
    "trimPrefix",
    "trimSuffix",
    "upper",
    "lower",
    "split",
    "splitAfter",
    "replace",
    "repeat",
    "join",
    "indexOf",
    "lastIndexOf",
    "hasPrefix",
    "hasSuffix",
    "max",
    "min",
    "mean",
    "median",
    "toJSON",
    "fromJSON",
    "toBase64",
    "fromBase64",
    "now",
    "duration",
    "date",
    "timezone",
    "first",
    "last",
    "get",
    "take",
    "keys",
    "values",
    "toPairs",
    "fromPairs",
    "reverse",
    "uniq",
    "concat",
    "flatten",
    "sort",
    "bitand",
    "bitor",
    "bitxor",
    "bitnand",
    "bitnot",
    "bitshl",
    "bitshr",
    "bitushr",
];

/// Builtins whose later arguments are predicates (closures that may use `#`).
const PREDICATES: &[&str] = &[
    "all",
    "none",
    "any",
    "one",
    "filter",
    "map",
    "find",
    "findIndex",
    "findLast",
    "findLastIndex",
    "count",
    "sum",
    "groupBy",
    "sortBy",
    "reduce",
];

/// Words the expr parser does not read as a plain identifier.
pub const KEYWORDS: &[&str] = &[
    "true",
    "false",
    "nil",
    "let",
    "if",
    "else",
    "in",
    "not",
    "and",
    "or",
    "matches",
    "contains",
    "startsWith",
    "endsWith",
];

/// The names an expression may use.
#[derive(Debug, Clone)]
pub struct Env {
    funcs: Vec<&'static EnvFunc>,
    vars: Vec<(String, Ty)>,
}

impl Env {
    /// `expression.DefaultEnv` (what `view` compiles against).
    pub fn coredns() -> Env {
        Env {
            funcs: DEFAULT_ENV.iter().collect(),
            vars: Vec::new(),
        }
    }

    /// template's environment: the default one plus `group`.
    pub fn template() -> Env {
        let mut env = Env::coredns();
        env.funcs.push(&GROUP_FUNC);
        env
    }

    /// Adds a variable (template `var NAME EXPR`), typed by its expression's static type.
    pub fn declare(&mut self, name: &str, ty: Ty) {
        self.vars.push((name.to_string(), ty));
    }

    /// A key of the environment map (function or declared variable).
    pub fn defines(&self, name: &str) -> bool {
        self.funcs.iter().any(|f| f.name == name) || self.vars.iter().any(|(n, _)| n == name)
    }

    fn lookup(&self, name: &str) -> Option<Ty> {
        if let Some((_, ty)) = self.vars.iter().rev().find(|(n, _)| n == name) {
            return Some(*ty);
        }
        self.funcs
            .iter()
            .find(|f| f.name == name)
            .map(|f| Ty::Func(f))
    }
}

/// Expressions longer than this many tokens are not checked (accepted), which bounds the depth
/// of the recursive parser and checker; CoreDNS expressions are a few dozen tokens.
const MAX_TOKENS: usize = 2000;

/// What a successful compile tells about an expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Compiled {
    /// The static result type.
    pub ty: Ty,
    /// Comparisons of query facts with literals they can never equal (`name() == 'a.example'`
    /// without the trailing dot, `type() == 'a'`), one message each.
    pub never_equal: Vec<String>,
}

/// Compiles `source` against `env`: its static type, or what expr would complain about.
pub fn compile(source: &str, env: &Env) -> Result<Compiled, String> {
    let tokens = lex(source)?;
    if tokens.len() > MAX_TOKENS {
        return Ok(Compiled {
            ty: Ty::Unknown,
            never_equal: Vec::new(),
        });
    }
    let ast = parser()
        .parse(tokens.as_slice())
        .into_result()
        .map_err(|errors| {
            let at = errors.first().map(|e| e.span().start);
            match at.and_then(|i| tokens.get(i)) {
                Some(tok) => format!("unexpected token {}", tok.describe()),
                None if tokens.is_empty() => {
                    "unexpected end of expression: the expression is empty".to_string()
                }
                None => "unexpected end of expression".to_string(),
            }
        })?;
    let mut checker = Checker {
        env,
        scopes: Vec::new(),
        closure_depth: 0,
    };
    let ty = checker.check(&ast)?;
    Ok(Compiled {
        ty,
        never_equal: never_equal(&ast, env),
    })
}

/// Why `literal` can never be what the zero-argument query function `func` returns.
fn impossible_value(func: &str, literal: &str) -> Option<String> {
    let has_upper = literal.chars().any(|c| c.is_ascii_uppercase());
    let has_lower = literal.chars().any(|c| c.is_ascii_lowercase());
    match func {
        "name" if !literal.ends_with('.') => Some("query names always end with a dot".to_string()),
        "name" if has_upper => Some("query names are lower-cased".to_string()),
        "type" | "class" if has_lower => Some(format!("{func}() is upper case, e.g. `A`, `IN`")),
        "proto" if literal != "udp" && literal != "tcp" => {
            Some("proto() is `udp` or `tcp`".to_string())
        }
        _ => None,
    }
}

/// `name() == 'x'`-style comparisons (either order, `==` or `!=`) that can never hold.
fn never_equal(ast: &Expr, env: &Env) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![ast];
    while let Some(e) = stack.pop() {
        match e {
            Expr::Binary(op, l, r) => {
                if *op == "==" || *op == "!=" {
                    for (call, lit) in [(l, r), (r, l)] {
                        if let (Expr::Call(callee, args), Expr::Str(text)) =
                            (call.as_ref(), lit.as_ref())
                        {
                            if let (Expr::Ident(func), true) = (callee.as_ref(), args.is_empty()) {
                                let builtin = DEFAULT_ENV.iter().any(|f| f.name == func)
                                    && env.lookup(func).is_some();
                                if let Some(why) = impossible_value(func, text).filter(|_| builtin)
                                {
                                    found.push(format!(
                                        "`{func}() {op} '{text}'` is always {}: {why}",
                                        op == &"!="
                                    ));
                                }
                            }
                        }
                    }
                }
                stack.push(l);
                stack.push(r);
            }
            Expr::Unary(_, x) | Expr::Member(x, _) | Expr::Slice(x) | Expr::Closure(x) => {
                stack.push(x)
            }
            Expr::Index(a, b) | Expr::Let(_, a, b) => {
                stack.push(a);
                stack.push(b);
            }
            Expr::Cond(a, b, c) => stack.extend([a.as_ref(), b.as_ref(), c.as_ref()]),
            Expr::Call(callee, args) => {
                stack.push(callee);
                stack.extend(args.iter());
            }
            Expr::Array(items) | Expr::Seq(items) => stack.extend(items.iter()),
            Expr::Map(entries) => stack.extend(entries.iter().flat_map(|(k, v)| [k, v])),
            _ => {}
        }
    }
    found
}

/// Is `name` read back by the expr parser as the identifier `name` (template's
/// `isExprIdentifier`)?
pub fn is_plain_identifier(name: &str) -> bool {
    !KEYWORDS.contains(&name) && matches!(lex(name).as_deref(), Ok([Tok::Ident(n)]) if n == name)
}

// ---------------------------------------------------------------------------------------------
// Lexer

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Int(i64),
    Float,
    Str(String),
    Ident(String),
    /// `#`, `#acc`, `#index`.
    Pointer,
    Op(&'static str),
}

impl Tok {
    fn describe(&self) -> String {
        match self {
            Tok::Int(n) => format!("`{n}`"),
            Tok::Float => "number".to_string(),
            Tok::Str(s) => format!("string {s:?}"),
            Tok::Ident(s) => format!("`{s}`"),
            Tok::Pointer => "`#`".to_string(),
            Tok::Op(o) => format!("`{o}`"),
        }
    }
}

/// Operators, longest first so that `**` wins over `*`.
const OPERATORS: &[&str] = &[
    "...", "**", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "..", "::", "+", "-", "*", "/",
    "%", "^", "<", ">", "!", "?", ":", ".", ",", "(", ")", "[", "]", "{", "}", "|", ";", "=",
];

fn lex(src: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let b = src.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if src[i..].starts_with("//") {
            i = src[i..].find('\n').map_or(b.len(), |n| i + n);
        } else if src[i..].starts_with("/*") {
            let end = src[i + 2..]
                .find("*/")
                .ok_or("unclosed comment: `/*` without `*/`")?;
            i += end + 4;
        } else if c.is_ascii_digit() || (c == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            let (tok, len) = lex_number(&src[i..])?;
            out.push(tok);
            i += len;
        } else if c == b'\'' || c == b'"' {
            let (s, len) = lex_quoted(&src[i..])?;
            out.push(Tok::Str(s));
            i += len;
        } else if c == b'`' {
            let end = src[i + 1..]
                .find('`')
                .ok_or("literal not terminated: a backtick string is not closed")?;
            out.push(Tok::Str(src[i + 1..i + 1 + end].to_string()));
            i += end + 2;
        } else if c == b'#' {
            let len = ident_len(&src[i + 1..]);
            out.push(Tok::Pointer);
            i += 1 + len;
        } else if c == b'$' || c == b'_' || src[i..].chars().next().is_some_and(char::is_alphabetic)
        {
            let len = 1.max(ident_len(&src[i..]));
            let len = if c == b'$' {
                1 + ident_len(&src[i + 1..])
            } else {
                len
            };
            out.push(Tok::Ident(src[i..i + len].to_string()));
            i += len;
        } else if let Some(op) = OPERATORS.iter().find(|op| src[i..].starts_with(**op)) {
            if *op == "..." {
                return Err("unrecognized character: `...`".to_string());
            }
            out.push(Tok::Op(op));
            i += op.len();
        } else {
            let ch = src[i..].chars().next().expect("in bounds");
            return Err(format!("unrecognized character `{ch}`"));
        }
    }
    Ok(out)
}

fn ident_len(s: &str) -> usize {
    s.char_indices()
        .find(|&(_, ch)| !(ch == '_' || ch == '$' || ch.is_alphanumeric()))
        .map_or(s.len(), |(n, _)| n)
}

/// Integers (decimal, `0x`, `0o`, `0b`, `_` separators) and floats (`1.5`, `.5`, `1e3`).
fn lex_number(s: &str) -> Result<(Tok, usize), String> {
    let b = s.as_bytes();
    let radix_prefix = b.len() > 2 && b[0] == b'0' && matches!(b[1] | 0x20, b'x' | b'o' | b'b');
    let mut len = if radix_prefix { 2 } else { 0 };
    let mut is_float = false;
    while len < b.len() {
        let ch = b[len];
        let exponent_sign = len > 0
            && matches!(b[len - 1] | 0x20, b'e')
            && !radix_prefix
            && matches!(ch, b'+' | b'-');
        if ch.is_ascii_alphanumeric() || ch == b'_' || exponent_sign {
            if !radix_prefix && (ch | 0x20) == b'e' {
                is_float = true;
            }
            len += 1;
        } else if ch == b'.'
            && !radix_prefix
            && !is_float
            && b.get(len + 1).is_some_and(u8::is_ascii_digit)
        {
            is_float = true;
            len += 1;
        } else {
            break;
        }
    }
    let text: String = s[..len].chars().filter(|&ch| ch != '_').collect();
    let invalid = || format!("invalid number `{}`", &s[..len]);
    if is_float {
        text.parse::<f64>().map_err(|_| invalid())?;
        return Ok((Tok::Float, len));
    }
    let lower = text.to_ascii_lowercase();
    let (radix, digits) = match lower.get(..2) {
        Some("0x") => (16, &lower[2..]),
        Some("0o") => (8, &lower[2..]),
        Some("0b") => (2, &lower[2..]),
        _ => (10, lower.as_str()),
    };
    match i64::from_str_radix(digits, radix) {
        Ok(n) => Ok((Tok::Int(n), len)),
        // expr falls back to a float for integers that do not fit.
        Err(_) if radix == 10 && digits.bytes().all(|d| d.is_ascii_digit()) => {
            Ok((Tok::Float, len))
        }
        Err(_) => Err(invalid()),
    }
}

/// A `'…'` or `"…"` string with expr's escapes.
fn lex_quoted(s: &str) -> Result<(String, usize), String> {
    let quote = s.as_bytes()[0] as char;
    let mut out = String::new();
    let mut chars = s.char_indices().skip(1);
    while let Some((i, ch)) = chars.next() {
        match ch {
            c if c == quote => return Ok((out, i + 1)),
            '\n' => break,
            '\\' => {
                let Some((_, e)) = chars.next() else { break };
                match e {
                    'a' | 'b' | 'f' | 'n' | 'r' | 't' | 'v' | '\\' | '\'' | '"' => out.push(e),
                    'x' | 'u' | 'U' | '0'..='7' => {
                        let count = match e {
                            'x' => 2,
                            'u' => 4,
                            'U' => 8,
                            _ => 2,
                        };
                        for _ in 0..count {
                            match chars.next() {
                                Some((_, d)) if d.is_ascii_hexdigit() => {}
                                _ => return Err("invalid char escape in a string".to_string()),
                            }
                        }
                    }
                    _ => return Err(format!("invalid char escape `\\{e}` in a string")),
                }
            }
            c => out.push(c),
        }
    }
    Err("literal not terminated: a string is not closed".to_string())
}

// ---------------------------------------------------------------------------------------------
// Parser

#[derive(Debug, Clone)]
enum Expr {
    Nil,
    Bool,
    Int,
    Float,
    Str(String),
    Ident(String),
    Pointer,
    /// `.field` inside a closure.
    PointerMember,
    Array(Vec<Expr>),
    Map(Vec<(Expr, Expr)>),
    Unary(&'static str, Box<Expr>),
    Binary(&'static str, Box<Expr>, Box<Expr>),
    Cond(Box<Expr>, Box<Expr>, Box<Expr>),
    Member(Box<Expr>, String),
    Index(Box<Expr>, Box<Expr>),
    Slice(Box<Expr>),
    Call(Box<Expr>, Vec<Expr>),
    Closure(Box<Expr>),
    Let(String, Box<Expr>, Box<Expr>),
    Seq(Vec<Expr>),
}

type Extra<'a> = extra::Err<Rich<'a, Tok>>;

fn op<'a>(o: &'static str) -> impl Parser<'a, &'a [Tok], (), Extra<'a>> + Clone {
    just(Tok::Op(o)).ignored()
}

fn word<'a>(w: &'static str) -> impl Parser<'a, &'a [Tok], (), Extra<'a>> + Clone {
    select! { Tok::Ident(s) if s == w => () }
}

fn boxed(e: Expr) -> Box<Expr> {
    Box::new(e)
}

/// expr's binary operator table: precedence and right-associativity.
fn binary_precedence(o: &str) -> (u8, bool) {
    match o {
        "|" => (0, false),
        "or" | "||" => (10, false),
        "and" | "&&" => (15, false),
        ".." => (25, false),
        "+" | "-" => (30, false),
        "*" | "/" | "%" => (60, false),
        "**" | "^" => (100, true),
        "??" => (200, false),
        _ => (20, false), // comparisons, `in`, `matches`, `contains`, ... and their `not` forms
    }
}

fn unary_precedence(o: &str) -> u8 {
    if o == "-" || o == "+" {
        90
    } else {
        50
    }
}

/// Ordering comparisons chain: `a < b < c` means `a < b && b < c`.
fn is_chained_comparison(o: &str) -> bool {
    matches!(o, "<" | ">" | "<=" | ">=")
}

/// One operand: prefix operators, then a primary with its postfix chain.
#[derive(Debug, Clone)]
struct Operand {
    prefixes: Vec<&'static str>,
    value: Expr,
}

/// What follows an operand in a flat expression.
#[derive(Debug, Clone)]
enum Tail {
    Binary(&'static str, Operand),
    /// `| f(args)`: the left side becomes the first argument.
    Pipe(String, Vec<Expr>),
}

/// A value on the reduction stack; `chain` remembers the right operand of an unparenthesized
/// ordering comparison so that a following one builds `&&`.
struct Value {
    expr: Expr,
    chain: Option<Expr>,
}

enum Pending {
    Prefix(&'static str),
    Binary(&'static str),
}

fn pending_precedence(p: &Pending) -> u8 {
    match p {
        Pending::Prefix(o) => unary_precedence(o),
        Pending::Binary(o) => binary_precedence(o).0,
    }
}

/// Builds the tree of `first tails...` by precedence climbing (iteratively, like expr's
/// `parseExpression` loop).
fn climb(first: Operand, tails: Vec<Tail>) -> Expr {
    let mut values: Vec<Value> = Vec::new();
    let mut ops: Vec<Pending> = Vec::new();
    fn reduce(values: &mut Vec<Value>, ops: &mut Vec<Pending>) {
        match ops.pop() {
            Some(Pending::Prefix(o)) => {
                let v = values.pop().expect("operand");
                values.push(Value {
                    expr: Expr::Unary(o, boxed(v.expr)),
                    chain: None,
                });
            }
            Some(Pending::Binary(o)) => {
                let r = values.pop().expect("right operand");
                let l = values.pop().expect("left operand");
                let expr = match (&l.chain, is_chained_comparison(o)) {
                    (Some(middle), true) => Expr::Binary(
                        "&&",
                        boxed(l.expr),
                        boxed(Expr::Binary(
                            o,
                            boxed(middle.clone()),
                            boxed(r.expr.clone()),
                        )),
                    ),
                    _ => Expr::Binary(o, boxed(l.expr), boxed(r.expr.clone())),
                };
                let chain = is_chained_comparison(o).then_some(r.expr);
                values.push(Value { expr, chain });
            }
            None => {}
        }
    }
    let push_operand = |values: &mut Vec<Value>, ops: &mut Vec<Pending>, operand: Operand| {
        ops.extend(operand.prefixes.into_iter().map(Pending::Prefix));
        values.push(Value {
            expr: operand.value,
            chain: None,
        });
    };
    push_operand(&mut values, &mut ops, first);
    for tail in tails {
        let (incoming, right_assoc) = match &tail {
            Tail::Binary(o, _) => binary_precedence(o),
            Tail::Pipe(..) => (0, false),
        };
        while let Some(top) = ops.last() {
            let p = pending_precedence(top);
            let pops = match top {
                Pending::Prefix(_) => p > incoming,
                Pending::Binary(_) if right_assoc => p > incoming,
                Pending::Binary(_) => p >= incoming,
            };
            if !pops {
                break;
            }
            reduce(&mut values, &mut ops);
        }
        match tail {
            Tail::Binary(o, operand) => {
                ops.push(Pending::Binary(o));
                push_operand(&mut values, &mut ops, operand);
            }
            Tail::Pipe(name, args) => {
                let left = values.pop().expect("left of a pipe");
                let mut all = vec![left.expr];
                all.extend(args);
                values.push(Value {
                    expr: Expr::Call(boxed(Expr::Ident(name)), all),
                    chain: None,
                });
            }
        }
    }
    while !ops.is_empty() {
        reduce(&mut values, &mut ops);
    }
    values.pop().expect("one value").expr
}

fn parser<'a>() -> impl Parser<'a, &'a [Tok], Expr, Extra<'a>> {
    let ident = select! { Tok::Ident(s) => s };
    let sequence_of = |e: Boxed<'a, 'a, &'a [Tok], Expr, Extra<'a>>| {
        e.separated_by(op(";"))
            .at_least(1)
            .collect::<Vec<_>>()
            .map(|mut v| {
                if v.len() == 1 {
                    v.pop().expect("one")
                } else {
                    Expr::Seq(v)
                }
            })
    };
    let expr = recursive(
        |expr: Recursive<dyn Parser<'a, &'a [Tok], Expr, Extra<'a>>>| {
            let expr = expr.boxed();
            let sequence = sequence_of(expr.clone()).boxed();
            let closure = expr
                .clone()
                .delimited_by(op("{"), op("}"))
                .or(expr.clone())
                .map(|e| Expr::Closure(boxed(e)))
                .boxed();
            let args = expr
                .clone()
                .separated_by(op(","))
                .allow_trailing()
                .collect::<Vec<_>>()
                .delimited_by(op("("), op(")"))
                .boxed();
            let predicate_call = select! { Tok::Ident(s) if PREDICATES.contains(&s.as_str()) => s }
                .then(
                    expr.clone()
                        .then(op(",").ignore_then(closure).repeated().collect::<Vec<_>>())
                        .then_ignore(op(",").or_not())
                        .delimited_by(op("("), op(")")),
                )
                .map(|(name, (first, rest))| {
                    let mut all = vec![first];
                    all.extend(rest);
                    Expr::Call(boxed(Expr::Ident(name)), all)
                })
                .boxed();
            let map_key = select! {
                Tok::Ident(s) => Expr::Str(s),
                Tok::Str(s) => Expr::Str(s),
                Tok::Int(_) => Expr::Int,
            }
            .or(expr.clone().delimited_by(op("("), op(")")));
            let map = map_key
                .then_ignore(op(":"))
                .then(expr.clone())
                .separated_by(op(","))
                .allow_trailing()
                .collect::<Vec<_>>()
                .delimited_by(op("{"), op("}"))
                .map(Expr::Map)
                .boxed();
            let array = expr
                .clone()
                .separated_by(op(","))
                .allow_trailing()
                .collect::<Vec<_>>()
                .delimited_by(op("["), op("]"))
                .map(Expr::Array)
                .boxed();
            let literal = select! {
                Tok::Int(_) => Expr::Int,
                Tok::Float => Expr::Float,
                Tok::Str(s) => Expr::Str(s),
                Tok::Pointer => Expr::Pointer,
            };
            let name = ident.try_map(|s, span| match s.as_str() {
                "nil" => Ok(Expr::Nil),
                "true" | "false" => Ok(Expr::Bool),
                _ if KEYWORDS.contains(&s.as_str()) => Err(Rich::custom(span, "keyword")),
                _ => Ok(Expr::Ident(s)),
            });
            let atom = choice((
                predicate_call,
                literal,
                name.then(args.clone())
                    .map(|(callee, a)| Expr::Call(boxed(callee), a)),
                name,
                sequence.clone().delimited_by(op("("), op(")")),
                array,
                map,
                op(".").ignore_then(ident).to(Expr::PointerMember),
            ))
            .boxed();
            #[derive(Clone)]
            enum Post {
                Member(String, Option<Vec<Expr>>),
                Index(Expr),
                Slice,
            }
            let member = op(".")
                .or(op("?."))
                .ignore_then(ident)
                .then(args.clone().or_not())
                .map(|(n, a)| Post::Member(n, a));
            let slice = expr
                .clone()
                .or_not()
                .then_ignore(op(":"))
                .then(expr.clone().or_not())
                .to(Post::Slice);
            let index = op("?.").or_not().ignore_then(
                slice
                    .or(expr.clone().map(Post::Index))
                    .delimited_by(op("["), op("]")),
            );
            let postfix = atom
                .foldl(member.or(index).repeated(), |e, p| match p {
                    Post::Member(n, None) => Expr::Member(boxed(e), n),
                    Post::Member(n, Some(a)) => Expr::Call(boxed(Expr::Member(boxed(e), n)), a),
                    Post::Index(i) => Expr::Index(boxed(e), boxed(i)),
                    Post::Slice => Expr::Slice(boxed(e)),
                })
                .boxed();
            let prefix = select! { Tok::Op(o) if ["!", "-", "+"].contains(&o) => o }
                .or(word("not").to("not"));
            let operand = prefix
                .repeated()
                .collect::<Vec<_>>()
                .then(postfix)
                .map(|(prefixes, value)| Operand { prefixes, value })
                .boxed();
            const SYMBOLS: &[&str] = &[
                "**", "^", "??", "*", "/", "%", "+", "-", "..", "==", "!=", "<", ">", "<=", ">=",
                "&&", "||",
            ];
            const WORDS: &[&str] = &[
                "in",
                "matches",
                "contains",
                "startsWith",
                "endsWith",
                "and",
                "or",
            ];
            let symbol = select! { Tok::Op(o) if SYMBOLS.contains(&o) => o };
            let keyword = select! { Tok::Ident(w) => w }.try_map(|w: String, span| {
                WORDS
                    .iter()
                    .find(|k| **k == w)
                    .copied()
                    .ok_or_else(|| Rich::custom(span, "operator"))
            });
            let negated = word("not").ignore_then(keyword).map(|w| match w {
                "in" => "not in",
                "matches" => "not matches",
                "contains" => "not contains",
                "startsWith" => "not startsWith",
                _ => "not endsWith",
            });
            let binary = symbol
                .or(negated)
                .or(keyword)
                .then(operand.clone())
                .map(|(o, r)| Tail::Binary(o, r));
            let pipe = op("|")
                .ignore_then(ident)
                .then(args.or_not())
                .map(|(n, a)| Tail::Pipe(n, a.unwrap_or_default()));
            let flat = operand
                .then(binary.or(pipe).repeated().collect::<Vec<_>>())
                .map(|(first, tails)| climb(first, tails));
            let ternary = flat
                .then(
                    op("?")
                        .ignore_then(expr.clone())
                        .then_ignore(op(":"))
                        .then(expr.clone())
                        .map(|(a, b)| (Some(a), b))
                        .or(op("?")
                            .then(op(":"))
                            .ignore_then(expr.clone())
                            .map(|b| (None, b)))
                        .or_not(),
                )
                .map(|(c, branches)| match branches {
                    Some((Some(a), b)) => Expr::Cond(boxed(c), boxed(a), boxed(b)),
                    Some((None, b)) => Expr::Binary("??", boxed(c), boxed(b)),
                    None => c,
                });
            let if_else = word("if")
                .ignore_then(expr.clone())
                .then(sequence.clone().delimited_by(op("{"), op("}")))
                .then_ignore(word("else"))
                .then(sequence.clone().delimited_by(op("{"), op("}")))
                .map(|((c, a), b)| Expr::Cond(boxed(c), boxed(a), boxed(b)));
            let let_in = word("let")
                .ignore_then(ident)
                .then_ignore(op("="))
                .then(expr.clone())
                .then_ignore(op(";"))
                .then(sequence)
                .map(|((n, v), body)| Expr::Let(n, boxed(v), boxed(body)));
            choice((let_in.boxed(), if_else.boxed(), ternary.boxed()))
        },
    );
    sequence_of(expr.boxed())
}

// ---------------------------------------------------------------------------------------------
// Checker

struct Checker<'e> {
    env: &'e Env,
    /// `let` bindings in scope.
    scopes: Vec<(String, Ty)>,
    closure_depth: usize,
}

fn mismatch(op: &str, l: Ty, r: Ty) -> String {
    format!(
        "invalid operation: {op} (mismatched types {} and {})",
        l.name(),
        r.name()
    )
}

impl Checker<'_> {
    fn check(&mut self, e: &Expr) -> Result<Ty, String> {
        Ok(match e {
            Expr::Nil => Ty::Nil,
            Expr::Bool => Ty::Bool,
            Expr::Int => Ty::Int,
            Expr::Float => Ty::Float,
            Expr::Str(_) => Ty::Str,
            Expr::Pointer | Expr::PointerMember => {
                if self.closure_depth == 0 {
                    return Err(
                        "`#` and `.field` can only be used inside a predicate (closure)"
                            .to_string(),
                    );
                }
                Ty::Unknown
            }
            Expr::Ident(name) => self.ident(name)?,
            Expr::Array(items) => {
                for item in items {
                    self.check(item)?;
                }
                Ty::Array
            }
            Expr::Map(entries) => {
                for (k, v) in entries {
                    self.check(k)?;
                    self.check(v)?;
                }
                Ty::Map
            }
            Expr::Unary(o, operand) => {
                let t = self.check(operand)?;
                match *o {
                    "!" | "not" if t.unknown() || t == Ty::Bool => Ty::Bool,
                    "-" | "+" if t.unknown() || t.is_number() => t,
                    _ => {
                        return Err(format!(
                            "invalid operation: {o} (mismatched type {})",
                            t.name()
                        ))
                    }
                }
            }
            Expr::Binary("|", l, r) => return self.pipe(l, r),
            Expr::Binary(o, l, r) => {
                let lt = self.check(l)?;
                let rt = self.check(r)?;
                binary(o, lt, rt, r)?
            }
            Expr::Cond(c, a, b) => {
                let ct = self.check(c)?;
                if !(ct.unknown() || ct == Ty::Bool) {
                    return Err(format!(
                        "non-bool expression (type {}) used as condition",
                        ct.name()
                    ));
                }
                let at = self.check(a)?;
                let bt = self.check(b)?;
                if at == bt {
                    at
                } else {
                    Ty::Unknown
                }
            }
            Expr::Member(target, field) => {
                let t = self.check(target)?;
                match t {
                    Ty::Env => self.env.lookup(field).unwrap_or(Ty::Unknown),
                    Ty::Unknown | Ty::Map | Ty::Nil => Ty::Unknown,
                    _ => return Err(format!("type {} has no field {field}", t.name())),
                }
            }
            Expr::Index(target, index) => {
                let t = self.check(target)?;
                let it = self.check(index)?;
                match t {
                    Ty::Str if it.unknown() || it == Ty::Int => Ty::Str,
                    Ty::Array if !(it.unknown() || it == Ty::Int) => {
                        return Err(format!(
                            "array elements can only be selected using an integer (got {})",
                            it.name()
                        ))
                    }
                    Ty::Unknown | Ty::Array | Ty::Map | Ty::Env | Ty::Nil => Ty::Unknown,
                    _ => return Err(format!("type {}[{}] is undefined", t.name(), it.name())),
                }
            }
            Expr::Slice(target) => {
                let t = self.check(target)?;
                match t {
                    Ty::Str | Ty::Array | Ty::Unknown => t,
                    _ => return Err(format!("cannot slice {}", t.name())),
                }
            }
            Expr::Call(callee, args) => return self.call(callee, args),
            Expr::Closure(body) => {
                self.closure_depth += 1;
                let result = self.check(body);
                self.closure_depth -= 1;
                result?;
                Ty::Unknown
            }
            Expr::Let(name, value, body) => {
                let t = self.check(value)?;
                self.scopes.push((name.clone(), t));
                let result = self.check(body);
                self.scopes.pop();
                result?
            }
            Expr::Seq(items) => {
                let mut last = Ty::Unknown;
                for item in items {
                    last = self.check(item)?;
                }
                last
            }
        })
    }

    fn ident(&self, name: &str) -> Result<Ty, String> {
        if let Some((_, t)) = self.scopes.iter().rev().find(|(n, _)| n == name) {
            return Ok(*t);
        }
        if name == "$env" {
            return Ok(Ty::Env);
        }
        if let Some(t) = self.env.lookup(name) {
            return Ok(t);
        }
        if BUILTINS.contains(&name) && name != "type" {
            return Ok(Ty::Unknown);
        }
        Err(format!("unknown name {name}"))
    }

    /// `x | f(a)` is `f(x, a)`.
    fn pipe(&mut self, left: &Expr, right: &Expr) -> Result<Ty, String> {
        match right {
            Expr::Call(callee, args) => {
                let mut all = vec![left.clone()];
                all.extend(args.iter().cloned());
                self.call(callee, &all)
            }
            Expr::Ident(_) => self.call(right, std::slice::from_ref(left)),
            _ => Err("the right side of `|` must be a function call".to_string()),
        }
    }

    fn call(&mut self, callee: &Expr, args: &[Expr]) -> Result<Ty, String> {
        let mut arg_types = Vec::with_capacity(args.len());
        for a in args {
            arg_types.push(self.check(a)?);
        }
        if let Expr::Ident(name) = callee {
            let shadowed =
                self.scopes.iter().any(|(n, _)| n == name) || self.env.lookup(name).is_some();
            if !shadowed && BUILTINS.contains(&name.as_str()) && name != "type" {
                return builtin(name, &arg_types, args);
            }
        }
        let t = self.check(callee)?;
        match t {
            Ty::Func(f) => {
                if arg_types.len() < f.params.len() {
                    return Err(format!("not enough arguments to call {}", f.name));
                }
                if arg_types.len() > f.params.len() {
                    return Err(format!("too many arguments to call {}", f.name));
                }
                for (i, (want, got)) in f.params.iter().zip(&arg_types).enumerate() {
                    if !want.unknown() && !got.unknown() && want != got {
                        return Err(format!(
                            "cannot use {} as argument (type {}) to call {} (argument {})",
                            got.name(),
                            want.name(),
                            f.name,
                            i + 1
                        ));
                    }
                }
                Ok(f.result)
            }
            Ty::Unknown => Ok(Ty::Unknown),
            _ => Err(format!("{} is not callable", t.name())),
        }
    }
}

/// Result type of a binary operator, or expr's refusal.
fn binary(o: &str, l: Ty, r: Ty, right: &Expr) -> Result<Ty, String> {
    let any_unknown = l.unknown() || r.unknown();
    let both_numbers = l.is_number() && r.is_number();
    let number_result = if l == Ty::Int && r == Ty::Int {
        Ty::Int
    } else {
        Ty::Float
    };
    let ok = match o {
        "==" | "!=" => any_unknown || l == Ty::Nil || r == Ty::Nil || both_numbers || l == r,
        "<" | ">" | "<=" | ">=" => any_unknown || both_numbers || (l == Ty::Str && r == Ty::Str),
        "&&" | "||" | "and" | "or" => {
            (l.unknown() || l == Ty::Bool) && (r.unknown() || r == Ty::Bool)
        }
        "in" | "not in" => r.unknown() || matches!(r, Ty::Array | Ty::Map | Ty::Env),
        "matches" | "not matches" | "contains" | "not contains" | "startsWith"
        | "not startsWith" | "endsWith" | "not endsWith" => {
            (l.unknown() || l == Ty::Str) && (r.unknown() || r == Ty::Str)
        }
        ".." => (l.unknown() || l == Ty::Int) && (r.unknown() || r == Ty::Int),
        "+" => any_unknown || both_numbers || (l == Ty::Str && r == Ty::Str),
        "-" | "*" | "/" | "**" | "^" => any_unknown || both_numbers,
        "%" => (l.unknown() || l == Ty::Int) && (r.unknown() || r == Ty::Int),
        "??" => true,
        _ => true,
    };
    if !ok {
        return Err(mismatch(o, l, r));
    }
    if o.ends_with("matches") {
        if let Expr::Str(pattern) = right {
            regex::compile(pattern)?;
        }
    }
    Ok(match o {
        "==" | "!=" | "<" | ">" | "<=" | ">=" | "&&" | "||" | "and" | "or" | "in" | "not in" => {
            Ty::Bool
        }
        _ if o.starts_with("not ")
            || ["matches", "contains", "startsWith", "endsWith"].contains(&o) =>
        {
            Ty::Bool
        }
        ".." => Ty::Array,
        "+" if l == Ty::Str => Ty::Str,
        "+" | "-" | "*" | "%" if !any_unknown => number_result,
        "/" | "**" | "^" if !any_unknown => Ty::Float,
        _ => Ty::Unknown,
    })
}

/// Arity and the argument kinds expr checks for its builtins.
fn builtin(name: &str, args: &[Ty], exprs: &[Expr]) -> Result<Ty, String> {
    // (min args, max args or usize::MAX, result, kind every argument must have if known)
    let (min, max, result, arg_kind): (usize, usize, Ty, Option<Ty>) = match name {
        "len" => (1, 1, Ty::Int, None),
        "all" | "none" | "any" | "one" => (2, 2, Ty::Bool, None),
        "filter" | "map" => (2, 2, Ty::Array, None),
        "find" | "findLast" => (2, 2, Ty::Unknown, None),
        "findIndex" | "findLastIndex" => (2, 2, Ty::Int, None),
        "count" => (1, 2, Ty::Int, None),
        "sum" => (1, 2, Ty::Unknown, None),
        "groupBy" => (2, 2, Ty::Map, None),
        "sortBy" => (2, 3, Ty::Array, None),
        "reduce" => (2, 3, Ty::Unknown, None),
        "abs" => (1, 1, args.first().copied().unwrap_or(Ty::Unknown), None),
        "ceil" | "floor" | "round" => (1, 1, Ty::Float, None),
        "int" => (1, 1, Ty::Int, None),
        "float" => (1, 1, Ty::Float, None),
        "string" => (1, 1, Ty::Str, None),
        "trim" | "trimPrefix" | "trimSuffix" => (1, 2, Ty::Str, Some(Ty::Str)),
        "upper" | "lower" => (1, 1, Ty::Str, Some(Ty::Str)),
        "split" | "splitAfter" => (2, 3, Ty::Array, None),
        "replace" => (3, 3, Ty::Str, None),
        "repeat" => (2, 2, Ty::Str, None),
        "join" => (1, 2, Ty::Str, None),
        "indexOf" | "lastIndexOf" => (2, 2, Ty::Int, Some(Ty::Str)),
        "hasPrefix" | "hasSuffix" => (2, 2, Ty::Bool, Some(Ty::Str)),
        "max" | "min" => (1, usize::MAX, Ty::Unknown, None),
        "mean" | "median" => (1, usize::MAX, Ty::Float, None),
        "toJSON" => (1, 1, Ty::Str, None),
        "fromJSON" => (1, 1, Ty::Unknown, Some(Ty::Str)),
        "toBase64" | "fromBase64" => (1, 1, Ty::Str, Some(Ty::Str)),
        "now" => (0, 0, Ty::Unknown, None),
        "duration" | "timezone" => (1, 1, Ty::Unknown, Some(Ty::Str)),
        "date" => (1, 3, Ty::Unknown, None),
        "first" | "last" => (1, 1, Ty::Unknown, None),
        "get" => (2, 2, Ty::Unknown, None),
        "take" => (2, 2, Ty::Array, None),
        "keys" | "values" | "toPairs" | "reverse" | "uniq" | "flatten" => (1, 1, Ty::Array, None),
        "fromPairs" => (1, 1, Ty::Map, None),
        "concat" => (1, usize::MAX, Ty::Array, None),
        "sort" => (1, 2, Ty::Array, None),
        "bitnot" => (1, 1, Ty::Int, Some(Ty::Int)),
        _ => (2, 2, Ty::Int, Some(Ty::Int)), // bitand bitor bitxor bitnand bitshl bitshr bitushr
    };
    if args.len() < min {
        return Err(format!("not enough arguments to call {name}"));
    }
    if args.len() > max {
        return Err(format!("too many arguments to call {name}"));
    }
    if let Some(kind) = arg_kind {
        if let Some(bad) = args.iter().find(|t| !t.unknown() && **t != kind) {
            return Err(format!("invalid argument for {name} (type {})", bad.name()));
        }
    }
    let first = args.first().copied().unwrap_or(Ty::Unknown);
    let first_is_collection = first.unknown() || matches!(first, Ty::Array | Ty::Map | Ty::Nil);
    match name {
        "len" if !(first_is_collection || first == Ty::Str) => {
            Err(format!("invalid argument for len (type {})", first.name()))
        }
        _ if PREDICATES.contains(&name)
            && !(first.unknown() || first == Ty::Array || first == Ty::Nil) =>
        {
            Err(format!(
                "builtin {name} takes only array (got {})",
                first.name()
            ))
        }
        "abs" | "ceil" | "floor" | "round" if !(first.unknown() || first.is_number()) => Err(
            format!("invalid argument for {name} (type {})", first.name()),
        ),
        _ => {
            let _ = exprs;
            Ok(result)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(src: &str) -> Result<Ty, String> {
        compile(src, &Env::coredns()).map(|c| c.ty)
    }

    #[test]
    fn finds_comparisons_that_never_hold() {
        let found = |src: &str| compile(src, &Env::coredns()).unwrap().never_equal;
        assert_eq!(found("name() == 'example.com'").len(), 1);
        assert_eq!(found("'Example.com.' != name()").len(), 1);
        assert_eq!(found("type() == 'a' || proto() == 'UDP'").len(), 2);
        assert!(
            found("name() == 'example.com.' && type() == 'AAAA' && proto() == 'tcp'").is_empty()
        );
    }

    #[test]
    fn accepts_coredns_expressions() {
        for src in [
            "name() == 'example.com.'",
            "type() in ['A', 'AAAA']",
            "name() matches '^abc\\\\..*\\\\.example\\\\.com\\\\.$'",
            "incidr(client_ip(), '10.0.0.0/8') && !do()",
            "metadata('geoip/country/code') == 'NL' or size() > 512",
            "not (port() startsWith '5')",
            "len(name()) > 3 ? true : false",
            "let n = name(); n endsWith '.org.'",
            "all([1, 2], # > 0)",
            "filter([1, 2], {# % 2 == 0}) | len() > 0",
            "upper(name()) contains 'X'",
            "$env.name() == 'a.'",
            "'name' in $env",
            "1 + 2 * 3 ** 2 == 19",
            "if do() { 1 } else { 2 }",
            "name() != nil",
            "{a: 1, 'b': 2}.a == 1",
            "name()[0:3] == 'abc'",
            "1",
            "type() not in ['A']",
            "// comment\n true",
        ] {
            view(src).unwrap_or_else(|e| panic!("{src}: {e}"));
        }
    }

    #[test]
    fn rejects_what_expr_rejects() {
        for (src, want) in [
            ("", "empty"),
            ("invalid expression", "unexpected token"),
            ("name() ==", "end of expression"),
            ("undefined == 1", "unknown name undefined"),
            ("name() == 1", "mismatched types string and int"),
            ("name == 'x'", "mismatched types func() string and string"),
            ("port() == 53", "mismatched"),
            ("name() + 1", "mismatched"),
            ("!name()", "mismatched type string"),
            ("name() && true", "mismatched"),
            ("'a' in name()", "mismatched"),
            ("incidr(client_ip())", "not enough arguments"),
            ("name(1)", "too many arguments"),
            ("metadata(1)", "cannot use int"),
            ("upper(1)", "invalid argument"),
            ("len(1)", "invalid argument for len"),
            ("name().foo", "has no field"),
            ("name() matches '['", "missing closing ]"),
            ("# > 1", "predicate"),
            ("name() == 'a", "not terminated"),
            ("a @ b", "unrecognized character"),
            ("(1 + 2", "end of expression"),
        ] {
            let err = view(src).expect_err(src);
            assert!(err.contains(want), "{src}: {err}");
        }
    }

    #[test]
    fn template_variables_are_typed() {
        let mut env = Env::template();
        let a = compile("1", &env).unwrap().ty;
        env.declare("a", a);
        let b = compile("a + 1", &env).unwrap().ty;
        assert_eq!(b, Ty::Int);
        env.declare("b", b);
        assert!(compile("'x' + b", &env)
            .unwrap_err()
            .contains("mismatched types string and int"));
        assert_eq!(compile("'x' + name()", &env).map(|c| c.ty), Ok(Ty::Str));
        assert_eq!(
            compile("group('a') + group(1)", &env).map(|c| c.ty),
            Ok(Ty::Str)
        );
        assert!(
            is_plain_identifier("abc")
                && !is_plain_identifier("true")
                && !is_plain_identifier("let")
        );
    }
}
