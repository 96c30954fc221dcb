#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegexError {
    UnbalancedParen,
    DanglingQuantifier,
    UnterminatedClass,
    TrailingEscape,
    InvalidRange,
}

#[derive(Clone)]
enum Pred {
    Any,
    Lit(char),
    Class { negated: bool, ranges: Vec<(char, char)> },
}

impl Pred {
    fn matches(&self, c: char) -> bool {
        match self {
            Pred::Any => true,
            Pred::Lit(l) => *l == c,
            Pred::Class { negated, ranges } => {
                ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi) != *negated
            }
        }
    }
}

enum Node {
    Empty,
    Pred(Pred),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Star(Box<Node>),
    Plus(Box<Node>),
    Opt(Box<Node>),
}

struct Parser {
    chars: Vec<char>,
    i: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }

    fn alt(&mut self) -> Result<Node, RegexError> {
        let mut branches = vec![self.concat()?];
        while self.peek() == Some('|') {
            self.i += 1;
            branches.push(self.concat()?);
        }
        Ok(if branches.len() == 1 { branches.pop().unwrap() } else { Node::Alt(branches) })
    }

    fn concat(&mut self) -> Result<Node, RegexError> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            match c {
                '|' | ')' => break,
                '*' | '+' | '?' => return Err(RegexError::DanglingQuantifier),
                _ => {}
            }
            let mut atom = self.atom()?;
            if let Some(q @ ('*' | '+' | '?')) = self.peek() {
                self.i += 1;
                atom = match q {
                    '*' => Node::Star(Box::new(atom)),
                    '+' => Node::Plus(Box::new(atom)),
                    _ => Node::Opt(Box::new(atom)),
                };
                if matches!(self.peek(), Some('*' | '+' | '?')) {
                    return Err(RegexError::DanglingQuantifier);
                }
            }
            items.push(atom);
        }
        Ok(match items.len() {
            0 => Node::Empty,
            1 => items.pop().unwrap(),
            _ => Node::Concat(items),
        })
    }

    fn atom(&mut self) -> Result<Node, RegexError> {
        let c = self.peek().unwrap();
        self.i += 1;
        match c {
            '(' => {
                let inner = self.alt()?;
                if self.peek() != Some(')') {
                    return Err(RegexError::UnbalancedParen);
                }
                self.i += 1;
                Ok(inner)
            }
            '.' => Ok(Node::Pred(Pred::Any)),
            '\\' => {
                let e = self.peek().ok_or(RegexError::TrailingEscape)?;
                self.i += 1;
                Ok(Node::Pred(Pred::Lit(e)))
            }
            '[' => self.class(),
            other => Ok(Node::Pred(Pred::Lit(other))),
        }
    }

    fn class_char(&mut self) -> Result<char, RegexError> {
        let c = self.peek().ok_or(RegexError::UnterminatedClass)?;
        self.i += 1;
        if c == '\\' {
            let e = self.peek().ok_or(RegexError::TrailingEscape)?;
            self.i += 1;
            Ok(e)
        } else {
            Ok(c)
        }
    }

    fn class(&mut self) -> Result<Node, RegexError> {
        let mut negated = false;
        if self.peek() == Some('^') {
            negated = true;
            self.i += 1;
        }
        let mut ranges = Vec::new();
        loop {
            match self.peek() {
                None => return Err(RegexError::UnterminatedClass),
                Some(']') => {
                    self.i += 1;
                    break;
                }
                Some(_) => {
                    let lo = self.class_char()?;
                    if self.peek() == Some('-') {
                        match self.chars.get(self.i + 1) {
                            None => return Err(RegexError::UnterminatedClass),
                            Some(']') => {
                                ranges.push((lo, lo));
                            }
                            Some(_) => {
                                self.i += 1;
                                let hi = self.class_char()?;
                                if lo > hi {
                                    return Err(RegexError::InvalidRange);
                                }
                                ranges.push((lo, hi));
                            }
                        }
                    } else {
                        ranges.push((lo, lo));
                    }
                }
            }
        }
        Ok(Node::Pred(Pred::Class { negated, ranges }))
    }
}

enum State {
    Pred(Pred, usize),
    Split(usize, usize),
    Match,
}

pub struct Regex {
    states: Vec<State>,
    start: usize,
}

fn compile(node: &Node, next: usize, states: &mut Vec<State>) -> usize {
    match node {
        Node::Empty => next,
        Node::Pred(p) => {
            states.push(State::Pred(p.clone(), next));
            states.len() - 1
        }
        Node::Concat(items) => {
            let mut cur = next;
            for item in items.iter().rev() {
                cur = compile(item, cur, states);
            }
            cur
        }
        Node::Alt(branches) => {
            let starts: Vec<usize> = branches.iter().map(|b| compile(b, next, states)).collect();
            let mut cur = *starts.last().unwrap();
            for &s in starts.iter().rev().skip(1) {
                states.push(State::Split(s, cur));
                cur = states.len() - 1;
            }
            cur
        }
        Node::Star(inner) | Node::Plus(inner) => {
            states.push(State::Split(usize::MAX, next));
            let split = states.len() - 1;
            let body = compile(inner, split, states);
            states[split] = State::Split(body, next);
            if matches!(node, Node::Star(_)) {
                split
            } else {
                body
            }
        }
        Node::Opt(inner) => {
            let body = compile(inner, next, states);
            states.push(State::Split(body, next));
            states.len() - 1
        }
    }
}

impl Regex {
    pub fn new(pattern: &str) -> Result<Regex, RegexError> {
        let mut p = Parser { chars: pattern.chars().collect(), i: 0 };
        let node = p.alt()?;
        if p.i < p.chars.len() {
            return Err(RegexError::UnbalancedParen);
        }
        let mut states = vec![State::Match];
        let start = compile(&node, 0, &mut states);
        Ok(Regex { states, start })
    }

    fn add(&self, set: &mut Vec<usize>, seen: &mut [bool], s: usize) {
        if seen[s] {
            return;
        }
        seen[s] = true;
        if let State::Split(a, b) = self.states[s] {
            self.add(set, seen, a);
            self.add(set, seen, b);
        } else {
            set.push(s);
        }
    }

    /// Longest match starting at byte offset `start`: returns its end.
    fn longest_at(&self, text: &str, start: usize) -> Option<usize> {
        let n = self.states.len();
        let mut seen = vec![false; n];
        let mut cur = Vec::new();
        self.add(&mut cur, &mut seen, self.start);
        let mut last = None;
        if cur.iter().any(|&s| matches!(self.states[s], State::Match)) {
            last = Some(start);
        }
        for (off, c) in text[start..].char_indices() {
            let mut next = Vec::new();
            let mut seen = vec![false; n];
            for &s in &cur {
                if let State::Pred(p, to) = &self.states[s] {
                    if p.matches(c) {
                        self.add(&mut next, &mut seen, *to);
                    }
                }
            }
            if next.is_empty() {
                break;
            }
            if next.iter().any(|&s| matches!(self.states[s], State::Match)) {
                last = Some(start + off + c.len_utf8());
            }
            cur = next;
        }
        last
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.longest_at(text, 0) == Some(text.len())
    }

    fn find_from(&self, text: &str, from: usize) -> Option<(usize, usize)> {
        let mut s = from;
        loop {
            if let Some(e) = self.longest_at(text, s) {
                return Some((s, e));
            }
            if s >= text.len() {
                return None;
            }
            s += text[s..].chars().next().unwrap().len_utf8();
        }
    }

    pub fn find(&self, text: &str) -> Option<(usize, usize)> {
        self.find_from(text, 0)
    }

    pub fn find_all(&self, text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut from = 0;
        while from <= text.len() {
            match self.find_from(text, from) {
                None => break,
                Some((s, e)) => {
                    out.push((s, e));
                    from = if e > s {
                        e
                    } else if s < text.len() {
                        s + text[s..].chars().next().unwrap().len_utf8()
                    } else {
                        text.len() + 1
                    };
                }
            }
        }
        out
    }
}
