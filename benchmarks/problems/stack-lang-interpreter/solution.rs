use std::collections::HashMap;
use std::rc::Rc;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StackError {
    StackUnderflow,
    DivisionByZero,
    Overflow,
    UnknownWord(String),
    InvalidDefinition,
    UnbalancedIf,
}

#[derive(Clone, Copy)]
enum Builtin {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Dup,
    Drop,
    Swap,
    Over,
    Rot,
    Eq,
    Lt,
    Gt,
    Print,
}

enum Node {
    Lit(i64),
    Word(String),
    If(Vec<Node>, Vec<Node>),
}

enum Item {
    Def(String, Vec<Node>),
    Node(Node),
}

enum Op {
    Push(i64),
    Builtin(Builtin),
    Call(Rc<Vec<Op>>),
    If(Vec<Op>, Vec<Op>),
}

#[derive(PartialEq)]
enum Stop {
    End,
    Colon,
    Semicolon,
    Else,
    Then,
}

fn is_number(tok: &str) -> bool {
    let digits = tok.strip_prefix('-').unwrap_or(tok);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

fn builtin(name: &str) -> Option<Builtin> {
    Some(match name {
        "+" => Builtin::Add,
        "-" => Builtin::Sub,
        "*" => Builtin::Mul,
        "/" => Builtin::Div,
        "mod" => Builtin::Mod,
        "dup" => Builtin::Dup,
        "drop" => Builtin::Drop,
        "swap" => Builtin::Swap,
        "over" => Builtin::Over,
        "rot" => Builtin::Rot,
        "=" => Builtin::Eq,
        "<" => Builtin::Lt,
        ">" => Builtin::Gt,
        "." => Builtin::Print,
        _ => return None,
    })
}

fn parse_seq(
    toks: &[String],
    i: &mut usize,
    in_def: bool,
    in_if: bool,
) -> Result<(Vec<Node>, Stop), StackError> {
    let mut nodes = Vec::new();
    loop {
        if *i == toks.len() {
            if in_def {
                return Err(StackError::InvalidDefinition);
            }
            if in_if {
                return Err(StackError::UnbalancedIf);
            }
            return Ok((nodes, Stop::End));
        }
        let t = toks[*i].as_str();
        *i += 1;
        match t {
            ":" => {
                if in_def || in_if {
                    return Err(StackError::InvalidDefinition);
                }
                return Ok((nodes, Stop::Colon));
            }
            ";" => {
                if !in_def {
                    return Err(StackError::InvalidDefinition);
                }
                if in_if {
                    return Err(StackError::UnbalancedIf);
                }
                return Ok((nodes, Stop::Semicolon));
            }
            "else" | "then" => {
                if !in_if {
                    return Err(StackError::UnbalancedIf);
                }
                return Ok((nodes, if t == "else" { Stop::Else } else { Stop::Then }));
            }
            "if" => {
                let (yes, stop) = parse_seq(toks, i, in_def, true)?;
                let no = if stop == Stop::Else {
                    let (no, stop2) = parse_seq(toks, i, in_def, true)?;
                    if stop2 != Stop::Then {
                        return Err(StackError::UnbalancedIf);
                    }
                    no
                } else {
                    Vec::new()
                };
                nodes.push(Node::If(yes, no));
            }
            _ if is_number(t) => {
                let v = t.parse::<i64>().map_err(|_| StackError::Overflow)?;
                nodes.push(Node::Lit(v));
            }
            _ => nodes.push(Node::Word(t.to_string())),
        }
    }
}

fn parse_program(program: &str) -> Result<Vec<Item>, StackError> {
    let toks: Vec<String> = program.split_ascii_whitespace().map(|t| t.to_ascii_lowercase()).collect();
    let mut i = 0;
    let mut items = Vec::new();
    loop {
        let (nodes, stop) = parse_seq(&toks, &mut i, false, false)?;
        items.extend(nodes.into_iter().map(Item::Node));
        match stop {
            Stop::End => return Ok(items),
            Stop::Colon => {
                let name = toks.get(i).ok_or(StackError::InvalidDefinition)?.clone();
                if is_number(&name) || [":", ";", "if", "else", "then"].contains(&name.as_str()) {
                    return Err(StackError::InvalidDefinition);
                }
                i += 1;
                let (body, _) = parse_seq(&toks, &mut i, true, false)?;
                items.push(Item::Def(name, body));
            }
            _ => unreachable!(),
        }
    }
}

pub struct Machine {
    stack: Vec<i64>,
    words: HashMap<String, Rc<Vec<Op>>>,
    out: String,
}

impl Default for Machine {
    fn default() -> Self {
        Self::new()
    }
}

impl Machine {
    pub fn new() -> Self {
        Machine { stack: Vec::new(), words: HashMap::new(), out: String::new() }
    }

    pub fn stack(&self) -> &[i64] {
        &self.stack
    }

    pub fn output(&self) -> &str {
        &self.out
    }

    pub fn run(&mut self, program: &str) -> Result<(), StackError> {
        let items = parse_program(program)?;
        for item in &items {
            match item {
                Item::Def(name, body) => {
                    let ops = self.compile(body)?;
                    self.words.insert(name.clone(), Rc::new(ops));
                }
                Item::Node(node) => self.exec_node(node)?,
            }
        }
        Ok(())
    }

    fn resolve(&self, name: &str) -> Result<Op, StackError> {
        if let Some(body) = self.words.get(name) {
            Ok(Op::Call(Rc::clone(body)))
        } else if let Some(b) = builtin(name) {
            Ok(Op::Builtin(b))
        } else {
            Err(StackError::UnknownWord(name.to_string()))
        }
    }

    fn compile(&self, nodes: &[Node]) -> Result<Vec<Op>, StackError> {
        nodes
            .iter()
            .map(|n| match n {
                Node::Lit(v) => Ok(Op::Push(*v)),
                Node::Word(w) => self.resolve(w),
                Node::If(a, b) => Ok(Op::If(self.compile(a)?, self.compile(b)?)),
            })
            .collect()
    }

    fn pop_flag(&mut self) -> Result<bool, StackError> {
        self.stack.pop().map(|v| v != 0).ok_or(StackError::StackUnderflow)
    }

    fn exec_node(&mut self, node: &Node) -> Result<(), StackError> {
        match node {
            Node::Lit(v) => {
                self.stack.push(*v);
                Ok(())
            }
            Node::Word(w) => {
                let op = self.resolve(w)?;
                self.exec_op(&op)
            }
            Node::If(a, b) => {
                let branch = if self.pop_flag()? { a } else { b };
                for n in branch {
                    self.exec_node(n)?;
                }
                Ok(())
            }
        }
    }

    fn exec_op(&mut self, op: &Op) -> Result<(), StackError> {
        match op {
            Op::Push(v) => {
                self.stack.push(*v);
                Ok(())
            }
            Op::Builtin(b) => self.apply(*b),
            Op::Call(body) => {
                for op in body.iter() {
                    self.exec_op(op)?;
                }
                Ok(())
            }
            Op::If(a, b) => {
                let branch = if self.pop_flag()? { a } else { b };
                for op in branch {
                    self.exec_op(op)?;
                }
                Ok(())
            }
        }
    }

    fn apply(&mut self, b: Builtin) -> Result<(), StackError> {
        let need = match b {
            Builtin::Dup | Builtin::Drop | Builtin::Print => 1,
            Builtin::Rot => 3,
            _ => 2,
        };
        let n = self.stack.len();
        if n < need {
            return Err(StackError::StackUnderflow);
        }
        let s = &mut self.stack;
        match b {
            Builtin::Add | Builtin::Sub | Builtin::Mul | Builtin::Div | Builtin::Mod
            | Builtin::Eq | Builtin::Lt | Builtin::Gt => {
                let (x, y) = (s[n - 2], s[n - 1]);
                let r = match b {
                    Builtin::Add => x.checked_add(y).ok_or(StackError::Overflow)?,
                    Builtin::Sub => x.checked_sub(y).ok_or(StackError::Overflow)?,
                    Builtin::Mul => x.checked_mul(y).ok_or(StackError::Overflow)?,
                    Builtin::Div => {
                        if y == 0 {
                            return Err(StackError::DivisionByZero);
                        }
                        x.checked_div(y).ok_or(StackError::Overflow)?
                    }
                    Builtin::Mod => {
                        if y == 0 {
                            return Err(StackError::DivisionByZero);
                        }
                        x.wrapping_rem(y)
                    }
                    Builtin::Eq => (x == y) as i64,
                    Builtin::Lt => (x < y) as i64,
                    _ => (x > y) as i64,
                };
                s.truncate(n - 2);
                s.push(r);
            }
            Builtin::Dup => s.push(s[n - 1]),
            Builtin::Drop => {
                s.pop();
            }
            Builtin::Swap => s.swap(n - 1, n - 2),
            Builtin::Over => s.push(s[n - 2]),
            Builtin::Rot => {
                let a = s.remove(n - 3);
                s.push(a);
            }
            Builtin::Print => {
                let v = s.pop().unwrap();
                self.out.push_str(&v.to_string());
                self.out.push(' ');
            }
        }
        Ok(())
    }
}
