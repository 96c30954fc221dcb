#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Insert,
    Delete,
}

struct Step {
    kind: Kind,
    pos: usize,
    text: Vec<char>,
    cursor_before: usize,
    cursor_after: usize,
}

pub struct Editor {
    buf: Vec<char>,
    gap_start: usize,
    gap_end: usize,
    undo: Vec<Step>,
    redo: Vec<Step>,
    can_merge: bool,
}

impl Default for Editor {
    fn default() -> Self {
        Self::new()
    }
}

impl Editor {
    pub fn new() -> Self {
        Editor { buf: Vec::new(), gap_start: 0, gap_end: 0, undo: Vec::new(), redo: Vec::new(), can_merge: false }
    }

    pub fn from_text(text: &str) -> Self {
        let mut e = Editor::new();
        e.raw_insert(&text.chars().collect::<Vec<_>>());
        e.set_cursor(0);
        e
    }

    pub fn text(&self) -> String {
        self.buf[..self.gap_start].iter().chain(self.buf[self.gap_end..].iter()).collect()
    }

    pub fn len(&self) -> usize {
        self.buf.len() - (self.gap_end - self.gap_start)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn cursor(&self) -> usize {
        self.gap_start
    }

    fn char_at(&self, i: usize) -> char {
        if i < self.gap_start {
            self.buf[i]
        } else {
            self.buf[i + (self.gap_end - self.gap_start)]
        }
    }

    fn set_cursor(&mut self, pos: usize) {
        let pos = pos.min(self.len());
        while self.gap_start > pos {
            self.gap_start -= 1;
            self.gap_end -= 1;
            self.buf[self.gap_end] = self.buf[self.gap_start];
        }
        while self.gap_start < pos {
            self.buf[self.gap_start] = self.buf[self.gap_end];
            self.gap_start += 1;
            self.gap_end += 1;
        }
    }

    fn raw_insert(&mut self, chars: &[char]) {
        if self.gap_end - self.gap_start < chars.len() {
            let extra = chars.len().max(self.buf.len()).max(16);
            let tail: Vec<char> = self.buf[self.gap_end..].to_vec();
            self.buf.truncate(self.gap_start);
            self.buf.resize(self.gap_start + extra + tail.len(), '\0');
            self.gap_end = self.gap_start + extra;
            self.buf[self.gap_end..].copy_from_slice(&tail);
        }
        self.buf[self.gap_start..self.gap_start + chars.len()].copy_from_slice(chars);
        self.gap_start += chars.len();
    }

    fn raw_delete_forward(&mut self, n: usize) -> Vec<char> {
        let out = self.buf[self.gap_end..self.gap_end + n].to_vec();
        self.gap_end += n;
        out
    }

    pub fn insert(&mut self, s: &str) {
        let chars: Vec<char> = s.chars().collect();
        if chars.is_empty() {
            return;
        }
        let before = self.cursor();
        self.raw_insert(&chars);
        let after = self.cursor();
        self.redo.clear();
        if self.can_merge {
            if let Some(top) = self.undo.last_mut() {
                if top.kind == Kind::Insert && top.cursor_after == before {
                    top.text.extend_from_slice(&chars);
                    top.cursor_after = after;
                    return;
                }
            }
        }
        self.undo.push(Step { kind: Kind::Insert, pos: before, text: chars, cursor_before: before, cursor_after: self.cursor() });
        self.can_merge = true;
    }

    pub fn delete_backward(&mut self, n: usize) -> String {
        let n = n.min(self.cursor());
        if n == 0 {
            return String::new();
        }
        let before = self.cursor();
        self.set_cursor(before - n);
        let removed = self.raw_delete_forward(n);
        self.record_delete(removed.clone(), before);
        removed.into_iter().collect()
    }

    pub fn delete_forward(&mut self, n: usize) -> String {
        let n = n.min(self.len() - self.cursor());
        if n == 0 {
            return String::new();
        }
        let before = self.cursor();
        let removed = self.raw_delete_forward(n);
        self.record_delete(removed.clone(), before);
        removed.into_iter().collect()
    }

    fn record_delete(&mut self, text: Vec<char>, cursor_before: usize) {
        self.redo.clear();
        let pos = self.cursor();
        self.undo.push(Step { kind: Kind::Delete, pos, text, cursor_before, cursor_after: pos });
        self.can_merge = false;
    }

    pub fn move_left(&mut self, n: usize) {
        let pos = self.cursor().saturating_sub(n);
        self.set_cursor(pos);
    }

    pub fn move_right(&mut self, n: usize) {
        let pos = self.cursor().saturating_add(n);
        self.set_cursor(pos);
    }

    pub fn move_to(&mut self, pos: usize) {
        self.set_cursor(pos);
    }

    pub fn line_col(&self) -> (usize, usize) {
        let mut line = 0;
        let mut col = 0;
        for i in 0..self.cursor() {
            if self.char_at(i) == '\n' {
                line += 1;
                col = 0;
            } else {
                col += 1;
            }
        }
        (line, col)
    }

    pub fn move_to_line_col(&mut self, line: usize, col: usize) {
        let len = self.len();
        let mut starts = vec![0usize];
        for i in 0..len {
            if self.char_at(i) == '\n' {
                starts.push(i + 1);
            }
        }
        let l = line.min(starts.len() - 1);
        let start = starts[l];
        let end = if l + 1 < starts.len() { starts[l + 1] - 1 } else { len };
        self.set_cursor(start + col.min(end - start));
    }

    pub fn undo(&mut self) -> bool {
        let Some(step) = self.undo.pop() else { return false };
        self.set_cursor(step.pos);
        match step.kind {
            Kind::Insert => {
                self.raw_delete_forward(step.text.len());
            }
            Kind::Delete => self.raw_insert(&step.text),
        }
        self.set_cursor(step.cursor_before);
        self.redo.push(step);
        self.can_merge = false;
        true
    }

    pub fn redo(&mut self) -> bool {
        let Some(step) = self.redo.pop() else { return false };
        self.set_cursor(step.pos);
        match step.kind {
            Kind::Insert => self.raw_insert(&step.text),
            Kind::Delete => {
                self.raw_delete_forward(step.text.len());
            }
        }
        self.set_cursor(step.cursor_after);
        self.undo.push(step);
        self.can_merge = false;
        true
    }
}
