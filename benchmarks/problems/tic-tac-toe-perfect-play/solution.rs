use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Invalid,
    XWon,
    OWon,
    Draw,
    XToMove,
    OToMove,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Win,
    Draw,
    Loss,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Move {
    pub cell: usize,
    pub outcome: Outcome,
    pub plies: u32,
}

const LINES: [[usize; 3]; 8] =
    [[0, 1, 2], [3, 4, 5], [6, 7, 8], [0, 3, 6], [1, 4, 7], [2, 5, 8], [0, 4, 8], [2, 4, 6]];

fn has_line(b: &[u8; 9], p: u8) -> bool {
    LINES.iter().any(|l| l.iter().all(|&i| b[i] == p))
}

fn parse(board: &str) -> Option<[u8; 9]> {
    let chars: Vec<char> = board.chars().collect();
    if chars.len() != 9 {
        return None;
    }
    let mut b = [b'.'; 9];
    for (i, c) in chars.into_iter().enumerate() {
        match c {
            'X' | 'O' | '.' => b[i] = c as u8,
            _ => return None,
        }
    }
    Some(b)
}

pub fn status(board: &str) -> Status {
    let Some(b) = parse(board) else { return Status::Invalid };
    let x = b.iter().filter(|&&c| c == b'X').count();
    let o = b.iter().filter(|&&c| c == b'O').count();
    if !(x == o || x == o + 1) {
        return Status::Invalid;
    }
    let (xw, ow) = (has_line(&b, b'X'), has_line(&b, b'O'));
    match (xw, ow) {
        (true, true) => Status::Invalid,
        (true, false) => if x == o + 1 { Status::XWon } else { Status::Invalid },
        (false, true) => if x == o { Status::OWon } else { Status::Invalid },
        _ => {
            if x + o == 9 {
                Status::Draw
            } else if x == o {
                Status::XToMove
            } else {
                Status::OToMove
            }
        }
    }
}

/// Score from the mover's perspective: win = 100 - plies, draw = 0, loss = plies - 100.
fn score(outcome: Outcome, plies: u32) -> i32 {
    match outcome {
        Outcome::Win => 100 - plies as i32,
        Outcome::Draw => 0,
        Outcome::Loss => plies as i32 - 100,
    }
}

fn search(b: &mut [u8; 9], me: u8, memo: &mut HashMap<([u8; 9], u8), Move>) -> Move {
    if let Some(m) = memo.get(&(*b, me)) {
        return *m;
    }
    let other = if me == b'X' { b'O' } else { b'X' };
    let mut best: Option<Move> = None;
    for cell in 0..9 {
        if b[cell] != b'.' {
            continue;
        }
        b[cell] = me;
        let m = if has_line(b, me) {
            Move { cell, outcome: Outcome::Win, plies: 1 }
        } else if b.iter().all(|&c| c != b'.') {
            Move { cell, outcome: Outcome::Draw, plies: 1 }
        } else {
            let reply = search(b, other, memo);
            let outcome = match reply.outcome {
                Outcome::Win => Outcome::Loss,
                Outcome::Loss => Outcome::Win,
                Outcome::Draw => Outcome::Draw,
            };
            Move { cell, outcome, plies: reply.plies + 1 }
        };
        b[cell] = b'.';
        if best.map_or(true, |bm| score(m.outcome, m.plies) > score(bm.outcome, bm.plies)) {
            best = Some(m);
        }
    }
    let m = best.expect("search is only called on non-terminal positions");
    memo.insert((*b, me), m);
    m
}

pub fn best_move(board: &str) -> Option<Move> {
    let me = match status(board) {
        Status::XToMove => b'X',
        Status::OToMove => b'O',
        _ => return None,
    };
    let mut b = parse(board)?;
    let mut memo = HashMap::new();
    Some(search(&mut b, me, &mut memo))
}
