//! Test support for cases_h4 until the shared harness (`corefile_plugins::testing`) exists: a
//! reader for the corpus's JSON lines, and a lexer that turns a directive text into one token
//! list the way CoreDNS's test controller does, then runs the named plugin's setup.

use corefile_model::{
    Diagnostic, Directive, FileId, Location, ServerBlock, TextRange, TextSize, Token,
};
use corefile_plugins::{plugin, Controller, SetupContext};

/// The fields of one corpus case the tests use.
pub struct Case {
    pub id: String,
    pub plugin: String,
    pub kind: String,
    pub input: String,
    pub expect: String,
    pub caveat: Option<String>,
    pub server_keys: Vec<String>,
}

impl Case {
    pub fn parse(line: &str) -> Case {
        let mut p = Json {
            s: line.as_bytes(),
            i: 0,
        };
        let mut case = Case {
            id: String::new(),
            plugin: String::new(),
            kind: String::new(),
            input: String::new(),
            expect: String::new(),
            caveat: None,
            server_keys: vec![".".into()],
        };
        p.expect(b'{');
        loop {
            p.ws();
            if p.eat(b'}') {
                break;
            }
            p.eat(b',');
            p.ws();
            let key = p.string();
            p.ws();
            p.expect(b':');
            p.ws();
            match key.as_str() {
                "id" => case.id = p.string(),
                "plugin" => case.plugin = p.string(),
                "kind" => case.kind = p.string(),
                "input" => case.input = p.string(),
                "expect" => case.expect = p.string(),
                "caveat" => case.caveat = p.nullable_string(),
                "server_keys" => case.server_keys = p.strings(),
                _ => p.skip_value(),
            }
        }
        case
    }
}

struct Json<'a> {
    s: &'a [u8],
    i: usize,
}

impl Json<'_> {
    fn ws(&mut self) {
        while self.s.get(self.i).is_some_and(|b| b.is_ascii_whitespace()) {
            self.i += 1;
        }
    }
    fn eat(&mut self, b: u8) -> bool {
        let hit = self.s.get(self.i) == Some(&b);
        self.i += usize::from(hit);
        hit
    }
    fn expect(&mut self, b: u8) {
        assert!(self.eat(b), "expected {:?} at {}", b as char, self.i);
    }
    fn string(&mut self) -> String {
        self.expect(b'"');
        let mut out = Vec::new();
        loop {
            let b = self.s[self.i];
            self.i += 1;
            match b {
                b'"' => break,
                b'\\' => {
                    let e = self.s[self.i];
                    self.i += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b't' => out.push(b'\t'),
                        b'r' => out.push(b'\r'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'u' => {
                            let hex = std::str::from_utf8(&self.s[self.i..self.i + 4]).unwrap();
                            self.i += 4;
                            let c = char::from_u32(u32::from_str_radix(hex, 16).unwrap())
                                .unwrap_or('\u{FFFD}');
                            out.extend(c.to_string().as_bytes());
                        }
                        other => out.push(other),
                    }
                }
                other => out.push(other),
            }
        }
        String::from_utf8(out).unwrap()
    }
    fn nullable_string(&mut self) -> Option<String> {
        if self.s[self.i..].starts_with(b"null") {
            self.i += 4;
            None
        } else {
            Some(self.string())
        }
    }
    fn strings(&mut self) -> Vec<String> {
        self.expect(b'[');
        let mut v = Vec::new();
        loop {
            self.ws();
            if self.eat(b']') {
                return v;
            }
            self.eat(b',');
            self.ws();
            v.push(self.string());
        }
    }
    fn skip_value(&mut self) {
        match self.s[self.i] {
            b'"' => {
                self.string();
            }
            b'[' => {
                self.strings();
            }
            _ => {
                while !matches!(self.s[self.i], b',' | b'}') {
                    self.i += 1;
                }
            }
        }
    }
}
