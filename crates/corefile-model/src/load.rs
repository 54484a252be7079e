//! Loading a Corefile as CoreDNS does: parse with imports and snippets spliced in (through the
//! [`Vfs`]), then inspect the server-block keys. The result is the [`Model`] the plugin validators
//! and rules read, and the `syntax`/`address` diagnostics.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use corefile_syntax::engine::{
    ChainEntry, Engine, ErrorKind, ImportTarget, ImportedFile, Options, Resolver, Sink, SyntaxError,
};
use corefile_syntax::{lex, significant_tokens, token_value, SyntaxKind, Tok};

use crate::address::inspect_key;
use crate::codes;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::directives::removed_directive;
use crate::files::{EntryKind, FileDb, FileId, Location, Vfs};
use crate::model::{ChainId, Directive, ImportSite, Key, Model, ServerBlock, Snippet, Token};

/// How the root text is spliced into CoreDNS's configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RootKind {
    /// A whole Corefile.
    Corefile,
    /// A fragment CoreDNS imports inside a server block (`*.override`): directives only.
    Body,
    /// Server blocks CoreDNS imports at the top level (`*.server`): like a Corefile, but having
    /// none is fine.
    ServerFragment,
}

pub struct LoadOptions<'a> {
    /// Every directive name the target CoreDNS build accepts (stock plus custom plugins).
    pub directives: &'a [String],
    pub root_kind: RootKind,
}

/// The root file to load.
pub struct RootFile {
    /// The name shown in messages.
    pub name: String,
    /// Absolute path, for resolving relative imports; `None` resolves against the working directory.
    pub path: Option<PathBuf>,
    pub text: Arc<str>,
}

pub struct Loaded {
    pub model: Model,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses `root` with imports and snippets expanded and inspects its keys.
pub fn load(vfs: &dyn Vfs, root: RootFile, opts: &LoadOptions<'_>) -> Loaded {
    let mut files = FileDb::default();
    let root_id = files.add(root.name, root.path.clone(), root.text.clone());
    let lexed = lex(&root.text);
    let tokens = significant_tokens(&root.text, &lexed, root_id.0);
    drop(lexed);

    let base_dir = root
        .path
        .as_deref()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_default();
    let mut resolver = DiskResolver {
        vfs,
        files,
        dirs: vec![base_dir],
        cache: HashMap::new(),
        diagnostics: Vec::new(),
    };
    let directive_set: std::collections::HashSet<&str> =
        opts.directives.iter().map(String::as_str).collect();
    let is_directive = |name: &str| directive_set.contains(name);
    let mut sink = ModelSink::default();
    let engine_opts = Options {
        expand: true,
        is_directive: Some(&is_directive),
        root_key: root.path.as_ref().map(|p| p.to_string_lossy().into_owned()),
    };
    let engine = Engine::new(
        &mut sink,
        Some(&mut resolver),
        engine_opts,
        root.text.clone(),
        tokens,
    );
    let out = match opts.root_kind {
        RootKind::Corefile | RootKind::ServerFragment => engine.run(),
        RootKind::Body => engine.run_body(),
    };

    let DiskResolver {
        files,
        diagnostics: resolver_diags,
        ..
    } = resolver;
    let chains = build_chains(&out.chains, &files);
    let mut model = Model {
        files,
        blocks: Vec::new(),
        snippets: Vec::new(),
        chains,
        falls_back_to_default: false,
    };
    let mut diagnostics = resolver_diags;
    for e in sink.errors {
        diagnostics.push(syntax_diagnostic(&model, e, opts.directives));
    }
    for raw in sink.blocks {
        let keyless_at = raw
            .keys
            .first()
            .or(raw.open.as_ref())
            .or(raw.directives.first().map(Directive::name_token))
            .map(|t| t.loc);
        let keys: Vec<Key> = raw
            .keys
            .into_iter()
            .filter_map(|token| {
                let mut text = token.text.clone();
                if text.is_empty() {
                    return None;
                }
                if text.ends_with(',') {
                    text.pop();
                }
                let addrs = if token.has_placeholder() {
                    Ok(Vec::new())
                } else {
                    inspect_key(&text)
                };
                Some(Key {
                    token,
                    text: text.to_string(),
                    addrs,
                })
            })
            .collect();
        if keys.is_empty() && opts.root_kind != RootKind::Body {
            if let Some(loc) = keyless_at {
                diagnostics.push(Diagnostic::new(
                    &codes::KEYLESS_BLOCK,
                    loc,
                    "this block has no server address, so CoreDNS parses it and then ignores it",
                ).with_help("add the zone it should serve before `{`, e.g. `. {`"));
            }
            continue;
        }
        model.blocks.push(ServerBlock {
            keys,
            directives: raw.directives,
            open_brace: raw.open,
            close_brace: raw.close,
        });
    }
    model.snippets = sink
        .snippets
        .into_iter()
        .map(|tok| {
            let name = tok
                .text
                .trim_start_matches('(')
                .trim_end_matches(')')
                .to_string();
            let used = out
                .chains
                .iter()
                .any(|c| c.target == ImportTarget::Snippet(name.clone()));
            Snippet {
                name,
                name_loc: tok.loc,
                used,
            }
        })
        .collect();
    if opts.root_kind == RootKind::Corefile && model.blocks.is_empty() {
        model.falls_back_to_default = true;
        let loc = Location::new(root_id, corefile_syntax::TextRange::empty(0.into()));
        diagnostics.push(
            Diagnostic::new(&codes::DEFAULT_FALLBACK, loc, "no server block is defined, so CoreDNS silently serves its built-in default `.:53 { whoami log }`")
                .with_help("add a server block such as `. { ... }`"),
        );
    }
    Loaded { model, diagnostics }
}

/// The model's token for a parser token written as `text`.
fn model_token(t: &Tok, text: &str) -> Token {
    Token {
        text: compact_str::CompactString::from(token_value(t.kind, text).as_ref()),
        loc: Location::new(FileId(t.file), t.range),
        line: t.line,
        lf: t.lf,
        quoted: t.kind == SyntaxKind::STRING,
        chain: ChainId(t.chain),
    }
}

fn build_chains(entries: &[ChainEntry], files: &FileDb) -> Vec<Vec<ImportSite>> {
    let mut out: Vec<Vec<ImportSite>> = vec![Vec::new()];
    for e in entries {
        // Parents are always created before their children.
        let mut chain = out[e.parent as usize].clone();
        let text = &files.get(FileId(e.site.file)).text[e.site.range];
        chain.push(ImportSite {
            loc: Location::new(FileId(e.site.file), e.site.range),
            pattern: token_value(e.site.kind, text).into_owned(),
            snippet: matches!(e.target, ImportTarget::Snippet(_)),
        });
        out.push(chain);
    }
    out
}

fn syntax_diagnostic(model: &Model, e: SyntaxError, directives: &[String]) -> Diagnostic {
    let loc = Location::new(FileId(e.file), e.range);
    let rule = match e.kind {
        ErrorKind::ExtraComma => &codes::EXTRA_COMMA,
        ErrorKind::UnexpectedEof => &codes::UNEXPECTED_EOF,
        ErrorKind::UnknownDirective => &codes::UNKNOWN_DIRECTIVE,
        ErrorKind::UnmatchedCloseBrace => &codes::UNMATCHED_CLOSE_BRACE,
        ErrorKind::UnclosedBlock => &codes::UNCLOSED_BLOCK,
        ErrorKind::SnippetWithoutBrace
        | ErrorKind::SnippetRedeclared
        | ErrorKind::SnippetSelfImport => &codes::SNIPPET_SYNTAX,
        ErrorKind::ImportMissingArgument
        | ErrorKind::ImportEmptyPath
        | ErrorKind::ImportExtraArgument => &codes::IMPORT_SYNTAX,
        ErrorKind::ImportFailed => &codes::IMPORT_FAILED,
        ErrorKind::ImportCycle => &codes::IMPORT_CYCLE,
        ErrorKind::ImportLimit => &codes::IMPORT_LIMIT,
    };
    let mut d = Diagnostic::new(rule, loc, e.message);
    if e.kind == ErrorKind::UnknownDirective {
        let name = &model.files.get(loc.file).text[loc.range];
        let name = token_value(
            if name.starts_with('"') {
                SyntaxKind::STRING
            } else {
                SyntaxKind::WORD
            },
            name,
        )
        .into_owned();
        d = describe_unknown_directive(d, &name, directives);
    }
    for (file, range, message) in e.related {
        d = d.with_label(Location::new(FileId(file), range), message);
    }
    for site in model.chain(ChainId(e.chain)).iter().rev() {
        let what = if site.snippet { "snippet" } else { "file" };
        d = d.with_label(site.loc, format!("{what} `{}` imported here", site.pattern));
    }
    d
}

fn describe_unknown_directive(mut d: Diagnostic, name: &str, directives: &[String]) -> Diagnostic {
    if let Some(r) = removed_directive(name) {
        d.rule = &codes::REMOVED_DIRECTIVE;
        d.message = format!("`{name}` was removed in CoreDNS {}", r.removed_in);
        d = d.with_help(r.replacement);
        if let Some(to) = r.rename_to {
            let location = d.location;
            let fix = Fix {
                title: format!("Replace `{name}` with `{to}`"),
                edits: vec![Edit {
                    location,
                    new_text: to.to_string(),
                }],
                applicability: Applicability::Unsafe,
            };
            d = d.with_fix(fix);
        }
        return d;
    }
    let lower = name.to_lowercase();
    let suggestion = if lower != name && directives.contains(&lower) {
        Some(lower.as_str())
    } else {
        crate::did_you_mean(name, directives.iter().map(String::as_str))
    };
    match suggestion {
        Some(s) => {
            let s = s.to_string();
            let location = d.location;
            d = d.with_help(format!("did you mean `{s}`?")).with_fix(Fix {
                title: format!("Replace `{name}` with `{s}`"),
                edits: vec![Edit {
                    location,
                    new_text: s.clone(),
                }],
                applicability: Applicability::Safe,
            });
        }
        None => {
            d = d.with_help("if this is a plugin of a custom CoreDNS build, declare it with `--plugin NAME` or `plugins = [\"NAME\"]` in .corefile-lint.toml");
        }
    }
    d
}

// -------------------------------------------------------------------- the model sink

/// A server block as the parser reported it, its tokens already the model's.
#[derive(Default)]
struct RawBlock {
    keys: Vec<Token>,
    open: Option<Token>,
    close: Option<Token>,
    directives: Vec<Directive>,
}

/// Turns expand-mode events into raw server blocks: keys, braces and directives, building each
/// model token as the parser reports it (no intermediate copy of the parser's tokens).
#[derive(Default)]
struct ModelSink {
    stack: Vec<SyntaxKind>,
    blocks: Vec<RawBlock>,
    snippets: Vec<Token>,
    errors: Vec<SyntaxError>,
    /// Depth inside a SNIPPET node (its tokens are not configuration until imported).
    in_snippet: usize,
    /// The tokens of the directive being parsed, moved into an exactly sized vector when it ends
    /// (vectors grown by pushing waste a third of a large model).
    pending: Vec<Token>,
}

impl Sink for ModelSink {
    fn start(&mut self, kind: SyntaxKind) {
        if kind == SyntaxKind::SNIPPET || self.in_snippet > 0 {
            self.in_snippet += 1;
        } else if kind == SyntaxKind::SERVER_BLOCK
            || (kind == SyntaxKind::BLOCK && self.stack == [SyntaxKind::ROOT])
        {
            // A body fragment's BLOCK sits directly under ROOT.
            self.blocks.push(RawBlock::default());
        } else if kind == SyntaxKind::DIRECTIVE
            && self.stack.last() == Some(&SyntaxKind::BLOCK)
            && self.stack.len() <= 3
        {
            if let Some(b) = self.blocks.last_mut() {
                b.directives.push(Directive { tokens: Vec::new() });
                self.pending.clear();
            }
        }
        self.stack.push(kind);
    }

    fn token(&mut self, tok: &Tok, text: &str) {
        if self.in_snippet > 0 {
            if self.stack.last() == Some(&SyntaxKind::KEY) && self.in_snippet == 3 {
                self.snippets.push(model_token(tok, text));
            }
            return;
        }
        let Some(b) = self.blocks.last_mut() else {
            return;
        };
        let in_directive = self.stack.contains(&SyntaxKind::DIRECTIVE);
        match (self.stack.last(), in_directive) {
            (_, true) if !b.directives.is_empty() => self.pending.push(model_token(tok, text)),
            (Some(SyntaxKind::KEY), false) => b.keys.push(model_token(tok, text)),
            (Some(SyntaxKind::BLOCK), false) => {
                if b.open.is_none()
                    && b.directives.is_empty()
                    && tok.brace == corefile_syntax::Brace::Open
                {
                    b.open = Some(model_token(tok, text));
                } else {
                    b.close = Some(model_token(tok, text));
                }
            }
            _ => {}
        }
    }

    fn finish(&mut self) {
        if self.in_snippet > 0 {
            self.in_snippet -= 1;
        }
        let kind = self.stack.pop();
        let ends_directive = kind == Some(SyntaxKind::DIRECTIVE)
            && self.stack.last() == Some(&SyntaxKind::BLOCK)
            && self.stack.len() <= 3
            && self.in_snippet == 0;
        if ends_directive {
            if let Some(d) = self.blocks.last_mut().and_then(|b| b.directives.last_mut()) {
                d.tokens = self.pending.drain(..).collect();
            }
        }
    }

    fn error(&mut self, error: SyntaxError) {
        self.errors.push(error);
    }
}

// -------------------------------------------------------------------- file imports

struct DiskResolver<'v> {
    vfs: &'v dyn Vfs,
    files: FileDb,
    /// Directory of each file id, for relative imports.
    dirs: Vec<PathBuf>,
    cache: HashMap<PathBuf, (FileId, Vec<Tok>)>,
    diagnostics: Vec<Diagnostic>,
}

impl Resolver for DiskResolver<'_> {
    fn import_files(&mut self, pattern: &str, site: &Tok) -> Result<Vec<ImportedFile>, String> {
        let dir = self
            .dirs
            .get(site.file as usize)
            .cloned()
            .unwrap_or_default();
        let joined = if Path::new(pattern).is_absolute() {
            PathBuf::from(pattern)
        } else {
            dir.join(pattern)
        };
        let joined_str = joined.to_string_lossy().into_owned();
        if joined_str.matches('*').count() > 1
            || joined_str.matches('?').count() > 1
            || (joined_str.contains('[') && joined_str.contains(']'))
        {
            return Err(format!(
                "CoreDNS allows one `*` and one `?` per import pattern and no `[...]`: `{joined_str}` has more; narrow the pattern"
            ));
        }
        let has_meta = joined_str.contains(['*', '?', '[', ']']);
        let matches = if has_meta {
            glob(self.vfs, &joined)
                .map_err(|e| format!("cannot use import pattern `{pattern}`: {e}"))?
        } else if self.vfs.kind(&joined).is_some() {
            vec![joined.clone()]
        } else {
            Vec::new()
        };
        let site_loc = Location::new(FileId(site.file), site.range);
        if matches.is_empty() {
            if has_meta {
                self.diagnostics.push(Diagnostic::new(
                    &codes::GLOB_NO_MATCH,
                    site_loc,
                    format!("no file matches the import glob `{pattern}`; CoreDNS only logs a warning and imports nothing"),
                ));
                return Ok(Vec::new());
            }
            return Err(format!(
                "file to import not found: `{pattern}` (looked for `{joined_str}`); a snippet must be defined before its import"
            ));
        }
        let mut out = Vec::new();
        for path in matches {
            if self.vfs.kind(&path) == Some(EntryKind::Dir) {
                return Err(format!("cannot import `{}`: it is a directory (CoreDNS refuses directories matched by an import)", path.display()));
            }
            if has_meta
                && path
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            {
                self.diagnostics.push(Diagnostic::new(
                    &codes::GLOB_DOTFILE,
                    site_loc,
                    format!(
                        "the import glob `{pattern}` also matches the hidden file `{}`",
                        path.display()
                    ),
                ));
            }
            let (file, tokens) = self.lex_file(&path)?;
            let text = self.files.get(file).text.clone();
            out.push(ImportedFile {
                key: path.to_string_lossy().into_owned(),
                file: file.0,
                text,
                tokens,
            });
        }
        Ok(out)
    }
}

impl DiskResolver<'_> {
    fn lex_file(&mut self, path: &Path) -> Result<(FileId, Vec<Tok>), String> {
        if let Some((id, toks)) = self.cache.get(path) {
            return Ok((*id, toks.clone()));
        }
        let text = self
            .vfs
            .read(path)
            .map_err(|e| format!("cannot import `{}`: {e}", path.display()))?;
        let id = self.files.add(
            path.display().to_string(),
            Some(path.to_path_buf()),
            text.clone(),
        );
        self.dirs.resize(id.0 as usize + 1, PathBuf::new());
        self.dirs[id.0 as usize] = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let lexed = lex(&text);
        let toks = significant_tokens(&text, &lexed, id.0);
        self.cache.insert(path.to_path_buf(), (id, toks.clone()));
        Ok((id, toks))
    }
}

/// Go's `filepath.Glob` for the patterns CoreDNS lets through (at most one `*` and one `?`):
/// matches per path component, `*` also matching names that start with a dot; sorted.
fn glob(vfs: &dyn Vfs, pattern: &Path) -> Result<Vec<PathBuf>, String> {
    let mut current = vec![PathBuf::from("/")];
    let comps: Vec<String> = pattern
        .components()
        .filter(|c| !matches!(c, std::path::Component::RootDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    for (i, comp) in comps.iter().enumerate() {
        let last = i + 1 == comps.len();
        let mut next = Vec::new();
        if comp.contains(['*', '?', '[', '\\']) {
            validate_pattern(comp)?;
            for dir in &current {
                let Ok(mut names) = vfs.list_dir(dir) else {
                    continue;
                };
                names.sort();
                for n in names {
                    if match_component(comp.as_bytes(), n.as_bytes()) {
                        let p = dir.join(&n);
                        if last || vfs.kind(&p) == Some(EntryKind::Dir) {
                            next.push(p);
                        }
                    }
                }
            }
        } else {
            for dir in &current {
                let p = dir.join(comp);
                if vfs.kind(&p).is_some() {
                    next.push(p);
                }
            }
        }
        current = next;
        if current.is_empty() {
            break;
        }
    }
    Ok(current)
}

fn validate_pattern(p: &str) -> Result<(), String> {
    if p.contains('[') && !p.contains(']') || p.ends_with('\\') {
        return Err("syntax error in pattern".into());
    }
    Ok(())
}

/// `*` any run of bytes, `?` one byte, `\x` a literal `x` (Go's `filepath.Match` on Unix).
fn match_component(pat: &[u8], name: &[u8]) -> bool {
    let (mut p, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        if p < pat.len() {
            match pat[p] {
                b'*' => {
                    star = Some((p, n));
                    p += 1;
                    continue;
                }
                b'?' => {
                    p += 1;
                    n += 1;
                    continue;
                }
                b'\\' if p + 1 < pat.len() && pat[p + 1] == name[n] => {
                    p += 2;
                    n += 1;
                    continue;
                }
                c if c != b'\\' && c == name[n] => {
                    p += 1;
                    n += 1;
                    continue;
                }
                _ => {}
            }
        }
        match star {
            Some((sp, sn)) => {
                p = sp + 1;
                n = sn + 1;
                star = Some((sp, sn + 1));
            }
            None => return false,
        }
    }
    while p < pat.len() && pat[p] == b'*' {
        p += 1;
    }
    p == pat.len()
}
