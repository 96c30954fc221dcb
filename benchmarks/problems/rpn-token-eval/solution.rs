#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    Num(i64),
    Add,
    Sub,
    Mul,
    Div,
    Neg,
    Dup,
    Swap,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RpnError {
    Empty,
    StackUnderflow(usize),
    DivisionByZero(usize),
    Overflow(usize),
    Leftover(usize),
}

pub fn eval(tokens: &[Token]) -> Result<i64, RpnError> {
    if tokens.is_empty() {
        return Err(RpnError::Empty);
    }
    let mut st: Vec<i64> = Vec::new();
    for (i, &t) in tokens.iter().enumerate() {
        match t {
            Token::Num(n) => st.push(n),
            Token::Neg => {
                let a = st.pop().ok_or(RpnError::StackUnderflow(i))?;
                st.push(a.checked_neg().ok_or(RpnError::Overflow(i))?);
            }
            Token::Dup => {
                let a = *st.last().ok_or(RpnError::StackUnderflow(i))?;
                st.push(a);
            }
            Token::Swap => {
                let n = st.len();
                if n < 2 {
                    return Err(RpnError::StackUnderflow(i));
                }
                st.swap(n - 1, n - 2);
            }
            Token::Add | Token::Sub | Token::Mul | Token::Div => {
                if st.len() < 2 {
                    return Err(RpnError::StackUnderflow(i));
                }
                let b = st.pop().unwrap();
                let a = st.pop().unwrap();
                let r = match t {
                    Token::Add => a.checked_add(b),
                    Token::Sub => a.checked_sub(b),
                    Token::Mul => a.checked_mul(b),
                    _ => {
                        if b == 0 {
                            return Err(RpnError::DivisionByZero(i));
                        }
                        a.checked_div(b)
                    }
                };
                st.push(r.ok_or(RpnError::Overflow(i))?);
            }
        }
    }
    if st.len() == 1 {
        Ok(st[0])
    } else {
        Err(RpnError::Leftover(st.len()))
    }
}
