#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvalError {
    InvalidChar(usize),
    NumberTooLarge(usize),
    UnexpectedToken(usize),
    UnexpectedEnd,
    DivisionByZero,
    NegativeExponent,
    Overflow,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok {
    Num(i64),
    Op(char),
    LParen,
    RParen,
}

enum Ast {
    Num(i64),
    Neg(Box<Ast>),
    Bin(char, Box<Ast>, Box<Ast>),
}

fn tokenize(expr: &str) -> Result<Vec<(Tok, usize)>, EvalError> {
    let chars: Vec<char> = expr.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() {
            let start = i;
            let mut v: i64 = 0;
            let mut too_large = false;
            while i < chars.len() && chars[i].is_ascii_digit() {
                let d = chars[i] as i64 - '0' as i64;
                match v.checked_mul(10).and_then(|x| x.checked_add(d)) {
                    Some(x) => v = x,
                    None => too_large = true,
                }
                i += 1;
            }
            if too_large {
                return Err(EvalError::NumberTooLarge(start));
            }
            out.push((Tok::Num(v), start));
        } else {
            let t = match c {
                '+' | '-' | '*' | '/' | '%' | '^' => Tok::Op(c),
                '(' => Tok::LParen,
                ')' => Tok::RParen,
                _ => return Err(EvalError::InvalidChar(i)),
            };
            out.push((t, i));
            i += 1;
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<(Tok, usize)>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<Tok> {
        self.toks.get(self.pos).map(|t| t.0)
    }

    fn fail(&self) -> EvalError {
        match self.toks.get(self.pos) {
            Some(&(_, p)) => EvalError::UnexpectedToken(p),
            None => EvalError::UnexpectedEnd,
        }
    }

    fn expr(&mut self) -> Result<Ast, EvalError> {
        let mut left = self.term()?;
        while let Some(Tok::Op(c @ ('+' | '-'))) = self.peek() {
            self.pos += 1;
            let right = self.term()?;
            left = Ast::Bin(c, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn term(&mut self) -> Result<Ast, EvalError> {
        let mut left = self.unary()?;
        while let Some(Tok::Op(c @ ('*' | '/' | '%'))) = self.peek() {
            self.pos += 1;
            let right = self.unary()?;
            left = Ast::Bin(c, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Ast, EvalError> {
        match self.peek() {
            Some(Tok::Op('-')) => {
                self.pos += 1;
                Ok(Ast::Neg(Box::new(self.unary()?)))
            }
            Some(Tok::Op('+')) => {
                self.pos += 1;
                self.unary()
            }
            _ => self.power(),
        }
    }

    fn power(&mut self) -> Result<Ast, EvalError> {
        let base = self.primary()?;
        if let Some(Tok::Op('^')) = self.peek() {
            self.pos += 1;
            let exp = self.unary()?;
            return Ok(Ast::Bin('^', Box::new(base), Box::new(exp)));
        }
        Ok(base)
    }

    fn primary(&mut self) -> Result<Ast, EvalError> {
        match self.peek() {
            Some(Tok::Num(v)) => {
                self.pos += 1;
                Ok(Ast::Num(v))
            }
            Some(Tok::LParen) => {
                self.pos += 1;
                let inner = self.expr()?;
                if let Some(Tok::RParen) = self.peek() {
                    self.pos += 1;
                    Ok(inner)
                } else {
                    Err(self.fail())
                }
            }
            _ => Err(self.fail()),
        }
    }
}

fn pow(base: i64, exp: i64) -> Result<i64, EvalError> {
    if exp < 0 {
        return Err(EvalError::NegativeExponent);
    }
    match base {
        0 => return Ok(if exp == 0 { 1 } else { 0 }),
        1 => return Ok(1),
        -1 => return Ok(if exp % 2 == 0 { 1 } else { -1 }),
        _ => {}
    }
    let mut result: i64 = 1;
    let mut b = base;
    let mut e = exp;
    while e > 0 {
        if e & 1 == 1 {
            result = result.checked_mul(b).ok_or(EvalError::Overflow)?;
        }
        e >>= 1;
        if e > 0 {
            b = b.checked_mul(b).ok_or(EvalError::Overflow)?;
        }
    }
    Ok(result)
}

fn eval(ast: &Ast) -> Result<i64, EvalError> {
    match ast {
        Ast::Num(v) => Ok(*v),
        Ast::Neg(x) => eval(x)?.checked_neg().ok_or(EvalError::Overflow),
        Ast::Bin(op, l, r) => {
            let a = eval(l)?;
            let b = eval(r)?;
            match op {
                '+' => a.checked_add(b).ok_or(EvalError::Overflow),
                '-' => a.checked_sub(b).ok_or(EvalError::Overflow),
                '*' => a.checked_mul(b).ok_or(EvalError::Overflow),
                '/' => {
                    if b == 0 {
                        Err(EvalError::DivisionByZero)
                    } else {
                        a.checked_div(b).ok_or(EvalError::Overflow)
                    }
                }
                '%' => {
                    if b == 0 {
                        Err(EvalError::DivisionByZero)
                    } else if b == -1 {
                        Ok(0)
                    } else {
                        Ok(a % b)
                    }
                }
                '^' => pow(a, b),
                _ => unreachable!(),
            }
        }
    }
}

pub fn evaluate(expr: &str) -> Result<i64, EvalError> {
    let toks = tokenize(expr)?;
    let mut p = Parser { toks, pos: 0 };
    let ast = p.expr()?;
    if p.pos < p.toks.len() {
        return Err(p.fail());
    }
    eval(&ast)
}
