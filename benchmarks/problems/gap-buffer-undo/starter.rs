pub struct Editor {
    // add your own fields
}

impl Editor {
    pub fn new() -> Self {
        todo!()
    }

    pub fn from_text(text: &str) -> Self {
        todo!("from {text:?}")
    }

    pub fn text(&self) -> String {
        todo!()
    }

    pub fn len(&self) -> usize {
        todo!()
    }

    pub fn is_empty(&self) -> bool {
        todo!()
    }

    pub fn cursor(&self) -> usize {
        todo!()
    }

    pub fn insert(&mut self, s: &str) {
        todo!("insert {s:?}")
    }

    pub fn delete_backward(&mut self, n: usize) -> String {
        todo!("delete_backward {n}")
    }

    pub fn delete_forward(&mut self, n: usize) -> String {
        todo!("delete_forward {n}")
    }

    pub fn move_left(&mut self, n: usize) {
        todo!("move_left {n}")
    }

    pub fn move_right(&mut self, n: usize) {
        todo!("move_right {n}")
    }

    pub fn move_to(&mut self, pos: usize) {
        todo!("move_to {pos}")
    }

    pub fn line_col(&self) -> (usize, usize) {
        todo!()
    }

    pub fn move_to_line_col(&mut self, line: usize, col: usize) {
        todo!("move_to_line_col {line} {col}")
    }

    pub fn undo(&mut self) -> bool {
        todo!()
    }

    pub fn redo(&mut self) -> bool {
        todo!()
    }
}
