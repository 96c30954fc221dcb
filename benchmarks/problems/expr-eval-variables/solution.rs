use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvalError {
    Parse { pos: usize },
    UnknownVariable(String),
    DivisionByZero,
    NegativeExponent,
    Overflow,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(String),
    Ident(String),
    Op(char),
    Invalid,
    End,
}

enum Expr {
    Num(String),
    Var(String),
    Neg(Box<Expr>),
    Bin(char, Box<Expr>, Box<Expr>),
}

fn lex(line: &str) -> Vec<(Tok, usize)> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            i += 1;
        } else if b.is_ascii_digit() {
            let s = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            out.push((Tok::Num(line[s..i].to_string()), s));
        } else if b.is_ascii_alphabetic() || b == b'_' {
            let s = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            out.push((Tok::Ident(line[s..i].to_string()), s));
        } else if b"+-*/%^()=".contains(&b) {
            out.push((Tok::Op(b as char), i));
            i += 1;
        } else {
            out.push((Tok::Invalid, i));
            return out;
        }
    }
    out.push((Tok::End, line.len()));
    out
}

struct Parser {
    toks: Vec<(Tok, usize)>,
    i: usize,
}

impl Parser {
    fn peek(&self) -> &Tok {
        &self.toks[self.i].0
    }
    fn err(&self) -> EvalError {
        EvalError::Parse { pos: self.toks[self.i].1 }
    }
    fn eat(&mut self, c: char) -> bool {
        if *self.peek() == Tok::Op(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn expr(&mut self) -> Result<Expr, EvalError> {
        let mut left = self.term()?;
        loop {
            let op = match self.peek() {
                Tok::Op(c @ ('+' | '-')) => *c,
                _ => return Ok(left),
            };
            self.i += 1;
            let right = self.term()?;
            left = Expr::Bin(op, Box::new(left), Box::new(right));
        }
    }
    fn term(&mut self) -> Result<Expr, EvalError> {
        let mut left = self.unary()?;
        loop {
            let op = match self.peek() {
                Tok::Op(c @ ('*' | '/' | '%')) => *c,
                _ => return Ok(left),
            };
            self.i += 1;
            let right = self.unary()?;
            left = Expr::Bin(op, Box::new(left), Box::new(right));
        }
    }
    fn unary(&mut self) -> Result<Expr, EvalError> {
        if self.eat('-') {
            Ok(Expr::Neg(Box::new(self.unary()?)))
        } else {
            self.power()
        }
    }
    fn power(&mut self) -> Result<Expr, EvalError> {
        let base = self.primary()?;
        if self.eat('^') {
            let exp = self.unary()?;
            Ok(Expr::Bin('^', Box::new(base), Box::new(exp)))
        } else {
            Ok(base)
        }
    }
    fn primary(&mut self) -> Result<Expr, EvalError> {
        match self.peek().clone() {
            Tok::Num(s) => {
                self.i += 1;
                Ok(Expr::Num(s))
            }
            Tok::Ident(s) => {
                self.i += 1;
                Ok(Expr::Var(s))
            }
            Tok::Op('(') => {
                self.i += 1;
                let e = self.expr()?;
                if !self.eat(')') {
                    return Err(self.err());
                }
                Ok(e)
            }
            _ => Err(self.err()),
        }
    }
}

fn pow(base: i64, exp: i64) -> Result<i64, EvalError> {
    if exp < 0 {
        return Err(EvalError::NegativeExponent);
    }
    if let Ok(e) = u32::try_from(exp) {
        return base.checked_pow(e).ok_or(EvalError::Overflow);
    }
    match base {
        0 => Ok(0),
        1 => Ok(1),
        -1 => Ok(if exp % 2 == 0 { 1 } else { -1 }),
        _ => Err(EvalError::Overflow),
    }
}

pub struct Env {
    vars: HashMap<String, i64>,
}

impl Default for Env {
    fn default() -> Self {
        Self::new()
    }
}

impl Env {
    pub fn new() -> Self {
        Env { vars: HashMap::new() }
    }

    pub fn get(&self, name: &str) -> Option<i64> {
        self.vars.get(name).copied()
    }

    pub fn eval(&mut self, line: &str) -> Result<i64, EvalError> {
        let mut p = Parser { toks: lex(line), i: 0 };
        let mut targets = Vec::new();
        while let (Tok::Ident(name), Some((Tok::Op('='), _))) = (p.peek().clone(), p.toks.get(p.i + 1)) {
            targets.push(name);
            p.i += 2;
        }
        let expr = p.expr()?;
        if *p.peek() != Tok::End {
            return Err(p.err());
        }
        let v = self.value(&expr)?;
        for t in targets {
            self.vars.insert(t, v);
        }
        Ok(v)
    }

    fn value(&self, e: &Expr) -> Result<i64, EvalError> {
        match e {
            Expr::Num(s) => s.parse::<i64>().map_err(|_| EvalError::Overflow),
            Expr::Var(name) => self
                .vars
                .get(name)
                .copied()
                .ok_or_else(|| EvalError::UnknownVariable(name.clone())),
            Expr::Neg(inner) => self.value(inner)?.checked_neg().ok_or(EvalError::Overflow),
            Expr::Bin(op, l, r) => {
                let a = self.value(l)?;
                let b = self.value(r)?;
                match op {
                    '+' => a.checked_add(b).ok_or(EvalError::Overflow),
                    '-' => a.checked_sub(b).ok_or(EvalError::Overflow),
                    '*' => a.checked_mul(b).ok_or(EvalError::Overflow),
                    '/' | '%' => {
                        if b == 0 {
                            return Err(EvalError::DivisionByZero);
                        }
                        let r = if *op == '/' { a.checked_div(b) } else { a.checked_rem(b) };
                        r.ok_or(EvalError::Overflow)
                    }
                    _ => pow(a, b),
                }
            }
        }
    }
}
