#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SudokuError {
    InvalidFormat,
    Contradiction,
    NoSolution,
    MultipleSolutions,
}

struct Board {
    cells: [u8; 81],
    rows: [u16; 9],
    cols: [u16; 9],
    boxes: [u16; 9],
}

fn box_of(i: usize) -> usize {
    (i / 27) * 3 + (i % 9) / 3
}

impl Board {
    fn parse(puzzle: &str) -> Result<Board, SudokuError> {
        let chars: Vec<char> = puzzle.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        if chars.len() != 81 {
            return Err(SudokuError::InvalidFormat);
        }
        let mut cells = [0u8; 81];
        for (i, c) in chars.iter().enumerate() {
            cells[i] = match c {
                '.' | '0' => 0,
                '1'..='9' => *c as u8 - b'0',
                _ => return Err(SudokuError::InvalidFormat),
            };
        }
        let mut b = Board { cells, rows: [0; 9], cols: [0; 9], boxes: [0; 9] };
        for i in 0..81 {
            let v = b.cells[i];
            if v == 0 {
                continue;
            }
            let bit = 1u16 << v;
            let (r, c, x) = (i / 9, i % 9, box_of(i));
            if (b.rows[r] | b.cols[c] | b.boxes[x]) & bit != 0 {
                return Err(SudokuError::Contradiction);
            }
            b.rows[r] |= bit;
            b.cols[c] |= bit;
            b.boxes[x] |= bit;
        }
        Ok(b)
    }

    fn set(&mut self, i: usize, v: u8) {
        let bit = 1u16 << v;
        self.cells[i] = v;
        self.rows[i / 9] |= bit;
        self.cols[i % 9] |= bit;
        self.boxes[box_of(i)] |= bit;
    }

    fn clear(&mut self, i: usize, v: u8) {
        let bit = !(1u16 << v);
        self.cells[i] = 0;
        self.rows[i / 9] &= bit;
        self.cols[i % 9] &= bit;
        self.boxes[box_of(i)] &= bit;
    }

    fn candidates(&self, i: usize) -> u16 {
        !(self.rows[i / 9] | self.cols[i % 9] | self.boxes[box_of(i)]) & 0b11_1111_1110
    }

    /// Counts solutions up to `limit`; stores the first solution found.
    fn search(&mut self, limit: usize, count: &mut usize, first: &mut Option<[u8; 81]>) {
        if *count >= limit {
            return;
        }
        let mut best: Option<(usize, u16)> = None;
        for i in 0..81 {
            if self.cells[i] != 0 {
                continue;
            }
            let cand = self.candidates(i);
            if best.map_or(true, |(_, b)| cand.count_ones() < b.count_ones()) {
                best = Some((i, cand));
                if cand.count_ones() <= 1 {
                    break;
                }
            }
        }
        let Some((i, cand)) = best else {
            *count += 1;
            if first.is_none() {
                *first = Some(self.cells);
            }
            return;
        };
        for v in 1..=9u8 {
            if cand & (1 << v) != 0 {
                self.set(i, v);
                self.search(limit, count, first);
                self.clear(i, v);
                if *count >= limit {
                    return;
                }
            }
        }
    }
}

pub fn count_solutions(puzzle: &str, limit: usize) -> Result<usize, SudokuError> {
    let mut b = Board::parse(puzzle)?;
    let mut count = 0;
    let mut first = None;
    b.search(limit, &mut count, &mut first);
    Ok(count)
}

pub fn solve(puzzle: &str) -> Result<String, SudokuError> {
    let mut b = Board::parse(puzzle)?;
    let mut count = 0;
    let mut first = None;
    b.search(2, &mut count, &mut first);
    match count {
        0 => Err(SudokuError::NoSolution),
        1 => Ok(first.unwrap().iter().map(|d| (b'0' + d) as char).collect()),
        _ => Err(SudokuError::MultipleSolutions),
    }
}
