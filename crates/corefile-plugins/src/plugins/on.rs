//! `on`: runs a command when the CoreDNS instance starts or shuts down (the generic Caddy
//! `onevent` plugin). Mirrors coredns/caddy onevent/on.go `onParse` with commands.go
//! `SplitCommandAndArgs`: an EVENT, then the rest of the line joined with spaces and split again
//! shell-style (github.com/flynn/go-shlex rules), which must yield a command.

use corefile_model::{Diagnostic, Group, RuleMeta, Severity, Token};

use super::shared::{report_brace_on_next_line, BRACE_ON_NEXT_LINE};
use crate::{codes, Controller, PluginDef, SetupResult};

const EVENTS: &[&str] = &["startup", "shutdown", "certrenew"];
/// Shell operators that go-shlex passes through as ordinary words.
const SHELL_OPERATORS: &[&str] = &["|", "||", "&&", ";", ">", ">>", "<", "2>", "2>&1"];

pub static CERTRENEW: RuleMeta = RuleMeta {
    code: "PLG306",
    name: "on-certrenew-never-fires",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "`on certrenew` is accepted but CoreDNS never emits that event",
    doc: "## What it does\nFinds `on certrenew COMMAND` lines.\n\n## Why is this bad?\nThe event name comes from Caddy's \
certificate management, which CoreDNS's fork does not run, so the command never runs.\n\n\
## Example\n```corefile\n. {\n    on certrenew systemctl reload nginx\n}\n```\n\n## Fix\nRemove the line, or use `startup`/`shutdown`.",
};

pub static SHELL_SYNTAX: RuleMeta = RuleMeta {
    code: "PLG315",
    name: "on-shell-syntax-not-interpreted",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "`on` commands are not run by a shell: pipes, redirections and `$VARIABLES` are passed literally",
    doc: "## What it does\nFinds `on` commands whose words include shell operators (`|`, `>`, `&&`, `;`, ...) or \
`$VARIABLE` references.\n\n## Why is this bad?\nThe command is split into words and executed directly, without a shell, so \
`on startup echo ready > /tmp/up` runs `echo` with the arguments `ready`, `>` and `/tmp/up`.\n\n\
## Example\n```corefile\n. {\n    on startup echo ready > /tmp/up\n}\n```\n\n\
## Fix\nRun a shell explicitly: `on startup sh -c 'echo ready > /tmp/up'`.",
};

pub static PLUGIN: PluginDef = PluginDef {
    name: "on",
    summary: "Runs a command when CoreDNS starts (also after each reload) or shuts down; a final `&` runs it in the background.",
    syntax: "on startup|shutdown COMMAND [ARGS...] [&]",
    snippet: "on ${1|startup,shutdown|} ${2:COMMAND}",
    options: &[],
    history: "Added in CoreDNS 1.0.5, from Caddy's `on` directive (coredns/caddy onevent); it replaced the \
`startup`/`shutdown` directives (refused since 1.1.0, unknown since 1.1.1).",
    setup,
    rules: &[&CERTRENEW, &SHELL_SYNTAX, &BRACE_ON_NEXT_LINE],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    report_brace_on_next_line(c);
    while c.next() {
        if !c.next_arg() {
            return Err(c
                .arg_err()
                .with_help("write `on startup COMMAND` or `on shutdown COMMAND`"));
        }
        let event = c.token().expect("next_arg stops on a token");
        let lowered = event.text.to_lowercase();
        if !event.has_placeholder() && !EVENTS.contains(&lowered.as_str()) {
            return Err(c
                .err_at(
                    &codes::INVALID_VALUE,
                    event,
                    format!(
                        "unknown event `{}`: expected `startup` or `shutdown`",
                        event.text
                    ),
                )
                .with_help("the command also runs after every successful reload with `startup`"));
        }
        if lowered == "certrenew" {
            let d = Diagnostic::new(
                &CERTRENEW,
                event.loc,
                "CoreDNS never emits the `certrenew` event; this command never runs",
            )
            .with_help("remove the line, or use `startup` or `shutdown`");
            c.report(d);
        }
        let args = c.remaining_args();
        if args.iter().any(|t| t.has_placeholder()) {
            continue;
        }
        let joined = args
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let at = args.last().copied().unwrap_or(event);
        let words = split_shell_words(&joined).map_err(|e| {
            c.err_at(
                &codes::INVALID_VALUE,
                at,
                format!("cannot split the `on` command into words: {e}"),
            )
        })?;
        if words.is_empty() {
            return Err(c
                .err_at(
                    &codes::ARGUMENT_COUNT,
                    at,
                    format!("no command in `on {}` line", event.text),
                )
                .with_help("give the command to run after the event"));
        }
        report_shell_syntax(c, &args, &words);
    }
    Ok(())
}

fn report_shell_syntax(c: &mut Controller<'_>, args: &[&Token], words: &[String]) {
    let offending = words
        .iter()
        .find(|w| SHELL_OPERATORS.contains(&w.as_str()) || (w.starts_with('$') && w.len() > 1));
    if let (Some(word), Some(first)) = (offending, args.first()) {
        let d = Diagnostic::new(
            &SHELL_SYNTAX,
            first.loc,
            format!("`{word}` is passed to the command literally; `on` does not run a shell"),
        )
        .with_help("wrap the command in a shell: `sh -c '...'`");
        c.report(d);
    }
}

#[derive(Clone, Copy, PartialEq)]
enum State {
    Start,
    Word,
    Escaping,
    EscapingQuoted,
    QuotedEscaping,
    Quoted,
    Comment,
}

fn is_word_char(ch: char) -> bool {
    ch.is_ascii_alphanumeric() || "._-,/@$*()+=><:;&^%~|!?[]{}".contains(ch)
}

/// The go-shlex word splitter (Unix), with its error texts.
fn split_shell_words(input: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut state = State::Start;
    for ch in input.chars() {
        let space = matches!(ch, ' ' | '\t' | '\r' | '\n');
        state = match state {
            State::Start => match ch {
                _ if space => State::Start,
                '"' => State::QuotedEscaping,
                '\'' => State::Quoted,
                '\\' => State::Escaping,
                '#' => State::Comment,
                _ if is_word_char(ch) => {
                    word.push(ch);
                    State::Word
                }
                _ => {
                    return Err(format!(
                        "unknown character `{ch}` (code {}) outside quotes",
                        ch as u32
                    ))
                }
            },
            State::Word => match ch {
                _ if space => {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                    State::Start
                }
                '"' => State::QuotedEscaping,
                '\'' => State::Quoted,
                '\\' => State::Escaping,
                _ if ch == '#' || is_word_char(ch) => {
                    word.push(ch);
                    State::Word
                }
                _ => {
                    return Err(format!(
                        "unknown character `{ch}` (code {}) outside quotes",
                        ch as u32
                    ))
                }
            },
            State::Escaping => {
                word.push(ch);
                State::Word
            }
            State::EscapingQuoted => {
                word.push(ch);
                State::QuotedEscaping
            }
            State::QuotedEscaping => match ch {
                '"' => State::Word,
                '\\' => State::EscapingQuoted,
                _ => {
                    word.push(ch);
                    State::QuotedEscaping
                }
            },
            State::Quoted => match ch {
                '\'' => State::Word,
                _ => {
                    word.push(ch);
                    State::Quoted
                }
            },
            State::Comment => {
                if ch == '\n' {
                    State::Start
                } else {
                    State::Comment
                }
            }
        };
        in_word |= state != State::Start && state != State::Comment;
    }
    match state {
        State::Escaping | State::EscapingQuoted => Err("the command ends with a backslash".into()),
        State::Quoted | State::QuotedEscaping => Err("a quote is not closed".into()),
        _ => {
            if in_word {
                words.push(word);
            }
            Ok(words)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::split_shell_words;

    #[test]
    fn splits_like_go_shlex() {
        assert_eq!(
            split_shell_words("echo hello world").unwrap(),
            ["echo", "hello", "world"]
        );
        assert_eq!(
            split_shell_words("sh -c 'echo a > b'").unwrap(),
            ["sh", "-c", "echo a > b"]
        );
        assert_eq!(split_shell_words("echo #hi").unwrap(), ["echo"]);
        assert_eq!(split_shell_words("echo a#b").unwrap(), ["echo", "a#b"]);
        assert!(split_shell_words("#x").unwrap().is_empty());
        assert!(split_shell_words("").unwrap().is_empty());
        assert!(split_shell_words("echo it's").is_err());
        assert!(split_shell_words("echo \\").is_err());
        assert!(split_shell_words("héllo").is_err());
        assert_eq!(
            split_shell_words("echo 'héllo'").unwrap(),
            ["echo", "héllo"]
        );
        assert_eq!(split_shell_words("a \"\"").unwrap(), ["a", ""]);
    }
}
