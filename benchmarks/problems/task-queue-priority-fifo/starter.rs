pub struct TaskQueue {
    tasks: Vec<(String, u8)>,
}

impl TaskQueue {
    pub fn new() -> TaskQueue {
        todo!()
    }

    pub fn push(&mut self, name: &str, priority: u8) {
        todo!()
    }

    pub fn pop(&mut self) -> Option<String> {
        todo!()
    }

    pub fn peek(&self) -> Option<&str> {
        todo!()
    }

    pub fn len(&self) -> usize {
        todo!()
    }

    pub fn is_empty(&self) -> bool {
        todo!()
    }

    pub fn pop_all_at_least(&mut self, min_priority: u8) -> Vec<String> {
        todo!()
    }
}
