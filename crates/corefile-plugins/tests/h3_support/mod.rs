//! TEMPORARY test support for helper H3's tests: a minimal Corefile tokenizer (whitespace,
//! double quotes with `\"`, `#` comments) and a runner for one plugin's setup over the whole text,
//! standing in for the lead's `corefile_plugins::testing::setup_text` until it is on main.

use corefile_model::{
    Directive, FileId, Key, Location, ServerBlock, Severity, TextRange, TextSize, Token, Transport,
    ZoneAddr,
};
use corefile_plugins::{Controller, SetupContext};

pub fn lex(input: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = input.char_indices().peekable();
    let mut line = 1u32;
    while let Some(&(start, ch)) = chars.peek() {
        if ch == '\n' {
            line += 1;
            chars.next();
            continue;
        }
        if ch.is_whitespace() {
            chars.next();
            continue;
        }
        if ch == '#' {
            while chars.peek().is_some_and(|&(_, c)| c != '\n') {
                chars.next();
            }
            continue;
        }
        let (mut text, mut lf, quoted, token_line) = (String::new(), 0u32, ch == '"', line);
        let mut end = start;
        if quoted {
            chars.next();
            while let Some((i, c)) = chars.next() {
                end = i + c.len_utf8();
                match c {
                    '\\' if chars.peek().is_some_and(|&(_, n)| n == '"') => {
                        chars.next();
                        text.push('"');
                    }
                    '"' => break,
                    '\n' => {
                        lf += 1;
                        text.push(c);
                    }
                    _ => text.push(c),
                }
            }
            line += lf;
        } else {
            while let Some(&(i, c)) = chars.peek() {
                if c.is_whitespace() || c == '#' {
                    break;
                }
                text.push(c);
                end = i + c.len_utf8();
                chars.next();
            }
        }
        let range = TextRange::new(TextSize::from(start as u32), TextSize::from(end as u32));
        tokens.push(Token {
            text,
            loc: Location::new(FileId(0), range),
            line: token_line,
            lf,
            quoted,
            chain: Default::default(),
        });
    }
    tokens
}

fn key(text: &str) -> Key {
    let (transport, rest) = [
        ("tls://", Transport::Tls),
        ("quic://", Transport::Quic),
        ("grpc://", Transport::Grpc),
        ("https3://", Transport::Https3),
        ("https://", Transport::Https),
        ("dns://", Transport::Dns),
    ]
    .iter()
    .find_map(|(p, t)| text.strip_prefix(p).map(|r| (*t, r)))
    .unwrap_or((Transport::Dns, text));
    let (zone, port) = rest
        .rsplit_once(':')
        .unwrap_or((rest, transport.default_port()));
    let token = lex(text).remove(0);
    let addr = ZoneAddr {
        transport,
        zone: zone.to_string(),
        port: port.to_string(),
    };
    Key {
        token,
        text: text.to_string(),
        addrs: Ok(vec![addr]),
    }
}

/// Runs `directive`'s setup over the whole text as one token list.
pub type Finding = (Severity, String, String);

/// Runs `directive`'s setup over the whole text as one token list.
pub fn run(directive: &str, input: &str, keys: &[String]) -> Vec<Finding> {
    let tokens = lex(input);
    if tokens.is_empty() {
        return Vec::new();
    }
    let keys = if keys.is_empty() {
        vec![key(".")]
    } else {
        keys.iter().map(|k| key(k)).collect()
    };
    let block = ServerBlock {
        keys,
        directives: directives(&tokens, directive),
        open_brace: None,
        close_brace: None,
    };
    setup(directive, &tokens, &block)
}

fn setup(directive: &str, tokens: &[Token], block: &ServerBlock) -> Vec<Finding> {
    let plugin = corefile_plugins::plugin(directive).expect("a catalogue plugin");
    let zones = block.zones();
    let mut c = Controller::new(
        plugin.name,
        tokens,
        SetupContext {
            block,
            zones: &zones,
        },
    );
    let result = (plugin.setup)(&mut c);
    let mut out: Vec<_> = c
        .diagnostics
        .iter()
        .map(|d| (d.severity, d.code().to_string(), d.message.clone()))
        .collect();
    if let Err(e) = result {
        out.push((Severity::Error, e.rule.code.to_string(), e.message));
    }
    out
}

/// Splits a whole Corefile into server blocks (snippets and imports are skipped) and runs the
/// setup of each directive in `plugins` over its occurrences in each block.
pub fn run_corefile(input: &str, plugins: &[&str]) -> Vec<(String, Finding)> {
    let tokens = lex(input);
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let keys_start = i;
        while i < tokens.len() && tokens[i].text != "{" {
            i += 1;
        }
        let key_texts: Vec<String> = tokens[keys_start..i]
            .iter()
            .map(|t| t.text.trim_end_matches(',').to_string())
            .filter(|k| !k.is_empty())
            .collect();
        let body_start = i + 1;
        let mut depth = 0usize;
        while i < tokens.len() {
            match tokens[i].text.as_str() {
                "{" => depth += 1,
                "}" if depth == 1 => break,
                "}" => depth -= 1,
                _ => {}
            }
            i += 1;
        }
        let body = &tokens[body_start.min(tokens.len())..i.min(tokens.len())];
        i += 1;
        if key_texts.first().is_some_and(|k| k.starts_with('(')) {
            continue;
        }
        let block = ServerBlock {
            keys: key_texts.iter().map(|k| key(k)).collect(),
            directives: block_directives(body),
            open_brace: None,
            close_brace: None,
        };
        for plugin in plugins {
            let tokens: Vec<Token> = block
                .directives_named(plugin)
                .flat_map(|d| d.tokens.iter().cloned())
                .collect();
            if tokens.is_empty() {
                continue;
            }
            out.extend(
                setup(plugin, &tokens, &block)
                    .into_iter()
                    .map(|f| (plugin.to_string(), f)),
            );
        }
    }
    out
}

/// Directives of a block body: each starts with the first token of a line outside braces (an
/// unknown name would be CoreDNS's parse error, reported elsewhere).
fn block_directives(body: &[Token]) -> Vec<Directive> {
    let mut out: Vec<Directive> = Vec::new();
    let mut depth = 0usize;
    for (i, tok) in body.iter().enumerate() {
        let line_start = i == 0 || !body[i - 1].same_line_as_next(tok);
        if depth == 0 && line_start {
            out.push(Directive {
                name: tok.clone(),
                tokens: Vec::new(),
            });
        }
        match tok.text.as_str() {
            "{" => depth += 1,
            "}" => depth = depth.saturating_sub(1),
            _ => {}
        }
        if let Some(d) = out.last_mut() {
            d.tokens.push(tok.clone());
        }
    }
    out
}

/// Splits the token list into occurrences like the Corefile parser: a new one starts at the
/// directive's name written first on a line outside any braces.
fn directives(tokens: &[Token], name: &str) -> Vec<Directive> {
    let mut out: Vec<Directive> = Vec::new();
    let mut depth = 0usize;
    for (i, tok) in tokens.iter().enumerate() {
        let line_start = i == 0 || !tokens[i - 1].same_line_as_next(tok);
        let starts = i == 0 || (depth == 0 && line_start && tok.text == name);
        match tok.text.as_str() {
            "{" => depth += 1,
            "}" => depth = depth.saturating_sub(1),
            _ => {}
        }
        match out.last_mut() {
            Some(d) if !starts => d.tokens.push(tok.clone()),
            _ => out.push(Directive {
                name: tok.clone(),
                tokens: vec![tok.clone()],
            }),
        }
    }
    out
}
