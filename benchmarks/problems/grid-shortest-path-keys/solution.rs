use std::collections::VecDeque;

pub fn shortest_path_with_keys(grid: &[&str]) -> Option<usize> {
    let cells: Vec<Vec<char>> = grid.iter().map(|r| r.chars().collect()).collect();
    let rows = cells.len();
    if rows == 0 {
        return None;
    }
    let cols = cells.iter().map(|r| r.len()).max().unwrap_or(0);
    let at = |r: usize, c: usize| -> char { *cells[r].get(c).unwrap_or(&'#') };
    let mut start = None;
    for r in 0..rows {
        for c in 0..cols {
            if at(r, c) == 'S' {
                start = Some((r, c));
            }
        }
    }
    let (sr, sc) = start?;
    let idx = |r: usize, c: usize, m: usize| (r * cols + c) * 64 + m;
    let mut seen = vec![false; rows * cols * 64];
    let mut queue = VecDeque::new();
    seen[idx(sr, sc, 0)] = true;
    queue.push_back((sr, sc, 0usize, 0usize));
    while let Some((r, c, mask, dist)) = queue.pop_front() {
        if at(r, c) == 'E' {
            return Some(dist);
        }
        let dirs: [(isize, isize); 4] = [(-1, 0), (1, 0), (0, -1), (0, 1)];
        for (dr, dc) in dirs {
            let nr = r as isize + dr;
            let nc = c as isize + dc;
            if nr < 0 || nc < 0 || nr as usize >= rows || nc as usize >= cols {
                continue;
            }
            let (nr, nc) = (nr as usize, nc as usize);
            let ch = at(nr, nc);
            let mut nmask = mask;
            match ch {
                '.' | 'S' | 'E' => {}
                'a'..='f' => nmask |= 1 << (ch as u8 - b'a'),
                'A'..='F' => {
                    if mask & (1 << (ch as u8 - b'A')) == 0 {
                        continue;
                    }
                }
                _ => continue,
            }
            let i = idx(nr, nc, nmask);
            if !seen[i] {
                seen[i] = true;
                queue.push_back((nr, nc, nmask, dist + 1));
            }
        }
    }
    None
}
