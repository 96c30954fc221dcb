pub struct TwoStackQueue<T> {
    inbox: Vec<T>,
    outbox: Vec<T>,
}

impl<T> TwoStackQueue<T> {
    pub fn new() -> Self {
        TwoStackQueue { inbox: Vec::new(), outbox: Vec::new() }
    }

    pub fn enqueue(&mut self, value: T) {
        self.inbox.push(value);
    }

    fn shift(&mut self) {
        if self.outbox.is_empty() {
            while let Some(v) = self.inbox.pop() {
                self.outbox.push(v);
            }
        }
    }

    pub fn dequeue(&mut self) -> Option<T> {
        self.shift();
        self.outbox.pop()
    }

    pub fn peek(&mut self) -> Option<&T> {
        self.shift();
        self.outbox.last()
    }

    pub fn len(&self) -> usize {
        self.inbox.len() + self.outbox.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn drain_all(&mut self) -> Vec<T> {
        let mut out: Vec<T> = self.outbox.drain(..).rev().collect();
        out.extend(self.inbox.drain(..));
        out
    }
}
