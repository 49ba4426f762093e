//! The ECS cluster query language: a hand-written lexer and recursive-descent parser, and a
//! printer of the canonical form (single spaces, symbolic operators).
//!
//! ```text
//! expr       := and (("or" | "||") and)*
//! and        := unary (("and" | "&&") unary)*
//! unary      := ("not" | "!") unary | "(" expr ")" | comparison
//! comparison := subject op value | subject ("in" | "!in") list | subject ("exists" | "!exists")
//! list       := "[" value ("," value)* "]"
//! ```
//!
//! `and` binds tighter than `or`; parentheses are kept as written. Values are words or quoted
//! text (`'…'`, `"…"`); a `{{name}}` interpolation is part of the word it sits in. Every
//! position is a byte range into the text, so a caller can point inside the blueprint string.

use std::fmt::Write as _;

/// Parentheses and `not`s nest at most this deep (ECS has no stated limit; this keeps the
/// recursion bounded on any input).
const MAX_DEPTH: usize = 32;

/// A byte range in the expression text.
pub type Range = (usize, usize);

/// A parsed expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    Or(Vec<Expr>),
    And(Vec<Expr>),
    Not(Box<Expr>),
    Group(Box<Expr>),
    Cmp(Comparison),
}

/// `subject operator [argument]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    pub subject: Subject,
    pub subject_at: Range,
    pub op: Op,
    pub op_at: Range,
    /// One value; a list for `in`/`!in`; none for `exists`/`!exists`.
    pub args: Vec<Arg>,
    /// The whole comparison.
    pub at: Range,
}

/// A value as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arg {
    /// The value without quotes.
    pub text: String,
    pub quoted: bool,
    /// The token, quotes included.
    pub at: Range,
}

/// What a comparison looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// `attribute:NAME`: a built-in (`ecs.instance-type`) or custom instance attribute.
    Attribute(String),
    AgentConnected,
    AgentVersion,
    Ec2InstanceId,
    RegisteredAt,
    RunningTasksCount,
    TaskGroup,
}

impl Subject {
    const NAMED: [(&'static str, Self); 6] = [
        ("agentConnected", Self::AgentConnected),
        ("agentVersion", Self::AgentVersion),
        ("ec2InstanceId", Self::Ec2InstanceId),
        ("registeredAt", Self::RegisteredAt),
        ("runningTasksCount", Self::RunningTasksCount),
        ("task:group", Self::TaskGroup),
    ];

    fn parse(word: &str) -> Option<Self> {
        if let Some(name) = word.strip_prefix("attribute:") {
            return (!name.is_empty()).then(|| Self::Attribute(name.to_owned()));
        }
        Self::NAMED
            .iter()
            .find(|(n, _)| *n == word)
            .map(|(_, s)| s.clone())
    }

    pub fn name(&self) -> String {
        match self {
            Self::Attribute(a) => format!("attribute:{a}"),
            other => Self::NAMED
                .iter()
                .find(|(_, s)| s == other)
                .map_or_else(String::new, |(n, _)| (*n).to_owned()),
        }
    }

    /// The operators the ECS documentation lists for the subject.
    fn allows(&self, op: Op) -> bool {
        use Op::{Eq, Exists, Gt, Gte, In, Lt, Lte, Matches, Ne, NotExists, NotIn, NotMatches};
        match self {
            Self::Attribute(_) => true,
            Self::AgentConnected | Self::Ec2InstanceId => {
                matches!(op, Eq | Ne | In | NotIn | Matches | NotMatches)
            }
            Self::TaskGroup => matches!(
                op,
                Eq | Ne | In | NotIn | Matches | NotMatches | Exists | NotExists
            ),
            Self::AgentVersion | Self::RegisteredAt | Self::RunningTasksCount => {
                matches!(op, Eq | Ne | Gt | Gte | Lt | Lte)
            }
        }
    }
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Gt,
    Gte,
    Lt,
    Lte,
    Exists,
    NotExists,
    In,
    NotIn,
    Matches,
    NotMatches,
}

impl Op {
    /// The canonical (symbolic where there is one) spelling.
    pub const fn symbol(self) -> &'static str {
        match self {
            Self::Eq => "==",
            Self::Ne => "!=",
            Self::Gt => ">",
            Self::Gte => ">=",
            Self::Lt => "<",
            Self::Lte => "<=",
            Self::Exists => "exists",
            Self::NotExists => "!exists",
            Self::In => "in",
            Self::NotIn => "!in",
            Self::Matches => "=~",
            Self::NotMatches => "!~",
        }
    }

    fn from_word(word: &str) -> Option<Self> {
        Some(match word {
            "equals" => Self::Eq,
            "not_equals" => Self::Ne,
            "greater_than" => Self::Gt,
            "greater_than_equal" => Self::Gte,
            "less_than" => Self::Lt,
            "less_than_equal" => Self::Lte,
            "exists" => Self::Exists,
            "not_exists" => Self::NotExists,
            "in" => Self::In,
            "not_in" => Self::NotIn,
            "matches" => Self::Matches,
            "not_matches" => Self::NotMatches,
            _ => return None,
        })
    }
}

/// A syntax error: what is wrong, a help line, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    pub help: String,
    pub at: Range,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(String),
    Quoted(String),
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Op(Op),
    And,
    Or,
    Not,
}

impl Tok {
    fn describe(&self) -> String {
        match self {
            Self::Word(w) => format!("`{w}`"),
            Self::Quoted(q) => format!("`'{q}'`"),
            Self::LParen => "`(`".to_owned(),
            Self::RParen => "`)`".to_owned(),
            Self::LBracket => "`[`".to_owned(),
            Self::RBracket => "`]`".to_owned(),
            Self::Comma => "`,`".to_owned(),
            Self::Op(op) => format!("`{}`", op.symbol()),
            Self::And => "`and`".to_owned(),
            Self::Or => "`or`".to_owned(),
            Self::Not => "`not`".to_owned(),
        }
    }
}

fn is_word_char(c: char) -> bool {
    !c.is_whitespace() && !"()[],'\"=!<>".contains(c)
}

/// Splits the text into tokens with their byte ranges.
fn lex(text: &str) -> Result<Vec<(Tok, Range)>, ParseError> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let start = i;
        let two = text.get(i..i + 2).unwrap_or_default();
        let single = |tok: Tok| (tok, (start, start + 1));
        match c {
            c if c.is_whitespace() => {
                i += c.len_utf8();
                continue;
            }
            '(' => out.push(single(Tok::LParen)),
            ')' => out.push(single(Tok::RParen)),
            '[' => out.push(single(Tok::LBracket)),
            ']' => out.push(single(Tok::RBracket)),
            ',' => out.push(single(Tok::Comma)),
            '\'' | '"' => {
                let Some(len) = text[i + 1..].find(c) else {
                    return Err(ParseError {
                        message: "unclosed quote in placement expression".to_owned(),
                        help: format!("close the value with `{c}`"),
                        at: (start, start + 1),
                    });
                };
                let end = i + 1 + len + 1;
                out.push((Tok::Quoted(text[i + 1..end - 1].to_owned()), (start, end)));
                i = end;
                continue;
            }
            _ if matches!(two, "==" | "!=" | ">=" | "<=" | "=~" | "!~" | "&&" | "||") => {
                let tok = match two {
                    "==" => Tok::Op(Op::Eq),
                    "!=" => Tok::Op(Op::Ne),
                    ">=" => Tok::Op(Op::Gte),
                    "<=" => Tok::Op(Op::Lte),
                    "=~" => Tok::Op(Op::Matches),
                    "!~" => Tok::Op(Op::NotMatches),
                    "&&" => Tok::And,
                    _ => Tok::Or,
                };
                out.push((tok, (start, start + 2)));
                i += 2;
                continue;
            }
            '>' => out.push(single(Tok::Op(Op::Gt))),
            '<' => out.push(single(Tok::Op(Op::Lt))),
            '!' => {
                let rest = &text[i + 1..];
                let word_len = rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len());
                let tok = match &rest[..word_len] {
                    "in" => Some(Op::NotIn),
                    "exists" => Some(Op::NotExists),
                    _ => None,
                };
                if let Some(op) = tok {
                    out.push((Tok::Op(op), (start, i + 1 + word_len)));
                    i += 1 + word_len;
                    continue;
                }
                out.push(single(Tok::Not));
            }
            '=' => {
                return Err(ParseError {
                    message: "`=` is not an operator in placement expressions".to_owned(),
                    help: "compare with `==`, or match a pattern with `=~`".to_owned(),
                    at: (start, start + 1),
                });
            }
            _ => {
                let j = word_end(text, i);
                let word = &text[i..j];
                let tok = match word {
                    "and" => Tok::And,
                    "or" => Tok::Or,
                    "not" => Tok::Not,
                    _ => Tok::Word(word.to_owned()),
                };
                out.push((tok, (i, j)));
                i = j;
                continue;
            }
        }
        i += c.len_utf8();
    }
    Ok(out)
}

/// Where the word starting at `i` ends; a `{{…}}` inside it is kept whole (spaces included).
fn word_end(text: &str, i: usize) -> usize {
    let bytes = text.as_bytes();
    let mut j = i;
    while j < text.len() {
        if bytes[j..].starts_with(b"{{") {
            match text[j..].find("}}") {
                Some(close) => j += close + 2,
                None => j = text.len(),
            }
            continue;
        }
        if bytes[j..].starts_with(b"&&") || bytes[j..].starts_with(b"||") {
            break;
        }
        match text[j..].chars().next() {
            Some(ch) if is_word_char(ch) => j += ch.len_utf8(),
            _ => break,
        }
    }
    j
}

struct Parser<'t> {
    text: &'t str,
    toks: Vec<(Tok, Range)>,
    pos: usize,
    depth: usize,
}

/// Parses an expression.
pub fn parse(text: &str) -> Result<Expr, ParseError> {
    let toks = lex(text)?;
    if toks.is_empty() {
        return Err(ParseError {
            message: "empty placement expression".to_owned(),
            help: "write an expression such as `attribute:ecs.instance-type =~ c7g.*`".to_owned(),
            at: (0, text.len()),
        });
    }
    let mut p = Parser {
        text,
        toks,
        pos: 0,
        depth: 0,
    };
    let expr = p.or()?;
    if let Some((tok, at)) = p.toks.get(p.pos) {
        let help = if matches!(tok, Tok::Word(_) | Tok::Quoted(_)) {
            "join comparisons with `and` or `or`; quote a value that holds spaces".to_owned()
        } else {
            "remove it, or join the comparisons with `and` or `or`".to_owned()
        };
        return Err(ParseError {
            message: format!("unexpected {} in placement expression", tok.describe()),
            help,
            at: *at,
        });
    }
    Ok(expr)
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(t, _)| t)
    }

    fn at(&self) -> Range {
        self.toks.get(self.pos).map_or_else(
            || {
                // The end of the text: point at its last character.
                let end = self.text.len();
                let last = self.text.char_indices().next_back().map_or(0, |(i, _)| i);
                (last, end)
            },
            |(_, r)| *r,
        )
    }

    fn error(&self, message: String, help: &str) -> ParseError {
        ParseError {
            message,
            help: help.to_owned(),
            at: self.at(),
        }
    }

    fn found(&self) -> String {
        self.peek()
            .map_or_else(|| "the end".to_owned(), Tok::describe)
    }

    fn deeper(&mut self) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(
                format!("placement expression nests deeper than {MAX_DEPTH} levels"),
                "simplify the expression",
            ));
        }
        Ok(())
    }

    fn or(&mut self) -> Result<Expr, ParseError> {
        let mut items = vec![self.and()?];
        while self.peek() == Some(&Tok::Or) {
            self.pos += 1;
            items.push(self.and()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::Or(items)
        })
    }

    fn and(&mut self) -> Result<Expr, ParseError> {
        let mut items = vec![self.unary()?];
        while self.peek() == Some(&Tok::And) {
            self.pos += 1;
            items.push(self.unary()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::And(items)
        })
    }

    fn unary(&mut self) -> Result<Expr, ParseError> {
        match self.peek() {
            Some(Tok::Not) => {
                self.pos += 1;
                self.deeper()?;
                let inner = self.unary()?;
                self.depth -= 1;
                Ok(Expr::Not(Box::new(inner)))
            }
            Some(Tok::LParen) => {
                let open = self.at();
                self.pos += 1;
                self.deeper()?;
                let inner = self.or()?;
                self.depth -= 1;
                if self.peek() != Some(&Tok::RParen) {
                    let mut e = self.error(
                        format!(
                            "expected `)` in placement expression, found {}",
                            self.found()
                        ),
                        "close the parenthesis",
                    );
                    if self.peek().is_none() {
                        e.at = open;
                        "unclosed `(` in placement expression".clone_into(&mut e.message);
                    }
                    return Err(e);
                }
                self.pos += 1;
                Ok(Expr::Group(Box::new(inner)))
            }
            _ => self.comparison().map(Expr::Cmp),
        }
    }

    fn comparison(&mut self) -> Result<Comparison, ParseError> {
        let Some((Tok::Word(word), subject_at)) = self.toks.get(self.pos).cloned() else {
            return Err(self.error(
                format!(
                    "expected a subject such as `attribute:ecs.instance-type`, found {}",
                    self.found()
                ),
                "a comparison is `subject operator value`",
            ));
        };
        let subject = Subject::parse(&word).ok_or_else(|| ParseError {
            message: format!("unknown subject `{word}` in placement expression"),
            help: subject_help(&word),
            at: subject_at,
        })?;
        self.pos += 1;
        let op_at = self.at();
        let op = match self.peek() {
            Some(Tok::Op(op)) => *op,
            Some(Tok::Word(w)) if Op::from_word(w).is_some() => Op::from_word(w).unwrap_or(Op::Eq),
            _ => {
                return Err(self.error(
                    format!("expected an operator after `{word}`, found {}", self.found()),
                    "operators: `==`, `!=`, `=~`, `!~`, `in`, `!in`, `exists`, `!exists`, `>`, `>=`, `<`, `<=`",
                ));
            }
        };
        if !subject.allows(op) {
            return Err(ParseError {
                message: format!("`{}` cannot be used with `{word}`", op.symbol()),
                help: format!(
                    "`{word}` takes {}",
                    if matches!(op, Op::Gt | Op::Gte | Op::Lt | Op::Lte) {
                        "`==`, `!=`, `in`, `!in`, `=~` or `!~`"
                    } else {
                        "`==`, `!=`, `>`, `>=`, `<` or `<=`"
                    }
                ),
                at: op_at,
            });
        }
        self.pos += 1;
        let args = match op {
            Op::Exists | Op::NotExists => Vec::new(),
            Op::In | Op::NotIn => self.list(op)?,
            _ => vec![self.value(op)?],
        };
        let end = args.last().map_or(op_at.1, |a| a.at.1);
        let end = if matches!(op, Op::In | Op::NotIn) {
            self.toks
                .get(self.pos.wrapping_sub(1))
                .map_or(end, |(_, r)| r.1)
        } else {
            end
        };
        Ok(Comparison {
            subject,
            subject_at,
            op,
            op_at,
            args,
            at: (subject_at.0, end),
        })
    }

    fn value(&mut self, op: Op) -> Result<Arg, ParseError> {
        match self.toks.get(self.pos).cloned() {
            Some((Tok::Word(text), at)) => {
                self.pos += 1;
                Ok(Arg {
                    text,
                    quoted: false,
                    at,
                })
            }
            Some((Tok::Quoted(text), at)) => {
                self.pos += 1;
                Ok(Arg {
                    text,
                    quoted: true,
                    at,
                })
            }
            Some((Tok::LBracket, _)) => Err(self.error(
                format!("`{}` takes one value, not a list", op.symbol()),
                "use `in [a, b]` to compare with several values",
            )),
            _ => Err(self.error(
                format!(
                    "expected a value after `{}`, found {}",
                    op.symbol(),
                    self.found()
                ),
                "write the value to compare with; quote it if it holds spaces or brackets",
            )),
        }
    }

    fn list(&mut self, op: Op) -> Result<Vec<Arg>, ParseError> {
        if self.peek() != Some(&Tok::LBracket) {
            return Err(self.error(
                format!("`{}` takes a list, found {}", op.symbol(), self.found()),
                "write the values in brackets: `in [a, b]`",
            ));
        }
        self.pos += 1;
        let mut args = Vec::new();
        loop {
            if args.is_empty() && self.peek() == Some(&Tok::RBracket) {
                return Err(self.error(
                    "empty list in placement expression".to_owned(),
                    "list at least one value",
                ));
            }
            args.push(self.value(op)?);
            match self.peek() {
                Some(Tok::Comma) => self.pos += 1,
                Some(Tok::RBracket) => {
                    self.pos += 1;
                    return Ok(args);
                }
                _ => {
                    return Err(self.error(
                        format!("expected `,` or `]` in a list, found {}", self.found()),
                        "separate values with `,` and close the list with `]`",
                    ));
                }
            }
        }
    }
}

fn subject_help(word: &str) -> String {
    let mut names: Vec<String> = Subject::NAMED
        .iter()
        .map(|(n, _)| (*n).to_owned())
        .collect();
    if let Some((prefix, rest)) = word.split_once(':')
        && crate::distance::closest(prefix, ["attribute"]).is_some()
        && !rest.is_empty()
    {
        return format!("did you mean `attribute:{rest}`?");
    }
    if let Some(best) = crate::distance::closest(word, names.iter().map(String::as_str)) {
        return format!("did you mean `{best}`?");
    }
    names.insert(0, "attribute:NAME".to_owned());
    format!(
        "subjects: {}",
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// The canonical text: one space around operators and between list items, `not(…)` for
/// negation, symbolic operators, values quoted only where they were.
pub fn canonical(expr: &Expr) -> String {
    let mut out = String::new();
    print(expr, &mut out);
    out
}

fn print(expr: &Expr, out: &mut String) {
    match expr {
        Expr::Or(items) | Expr::And(items) => {
            let sep = if matches!(expr, Expr::Or(_)) {
                " or "
            } else {
                " and "
            };
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(sep);
                }
                print(item, out);
            }
        }
        Expr::Not(inner) => {
            out.push_str("not(");
            match &**inner {
                Expr::Group(g) => print(g, out),
                other => print(other, out),
            }
            out.push(')');
        }
        Expr::Group(inner) => {
            out.push('(');
            print(inner, out);
            out.push(')');
        }
        Expr::Cmp(c) => {
            let _ = write!(out, "{} {}", c.subject.name(), c.op.symbol());
            match c.op {
                Op::Exists | Op::NotExists => {}
                Op::In | Op::NotIn => {
                    out.push_str(" [");
                    for (i, a) in c.args.iter().enumerate() {
                        if i > 0 {
                            out.push_str(", ");
                        }
                        arg(a, out);
                    }
                    out.push(']');
                }
                _ => {
                    out.push(' ');
                    if let Some(a) = c.args.first() {
                        arg(a, out);
                    }
                }
            }
        }
    }
}

fn arg(a: &Arg, out: &mut String) {
    if a.quoted {
        let q = if a.text.contains('\'') { '"' } else { '\'' };
        let _ = write!(out, "{q}{}{q}", a.text);
    } else {
        out.push_str(&a.text);
    }
}

/// Every comparison of an expression, in text order.
pub fn comparisons(expr: &Expr) -> Vec<&Comparison> {
    let mut out = Vec::new();
    collect(expr, &mut out);
    out
}

fn collect<'e>(expr: &'e Expr, out: &mut Vec<&'e Comparison>) {
    match expr {
        Expr::Or(items) | Expr::And(items) => items.iter().for_each(|i| collect(i, out)),
        Expr::Not(inner) | Expr::Group(inner) => collect(inner, out),
        Expr::Cmp(c) => out.push(c),
    }
}

/// The byte ranges of the expression's tokens, for mapping positions between two texts of the
/// same shape (an expression before and after interpolation).
pub fn token_ranges(text: &str) -> Vec<Range> {
    lex(text)
        .map(|toks| toks.into_iter().map(|(_, r)| r).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
