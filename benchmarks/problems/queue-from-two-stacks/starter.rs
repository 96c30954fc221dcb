pub struct TwoStackQueue<T> {
    inbox: Vec<T>,
    outbox: Vec<T>,
}

impl<T> TwoStackQueue<T> {
    pub fn new() -> Self {
        todo!()
    }

    pub fn enqueue(&mut self, value: T) {
        todo!()
    }

    pub fn dequeue(&mut self) -> Option<T> {
        todo!()
    }

    pub fn peek(&mut self) -> Option<&T> {
        todo!()
    }

    pub fn len(&self) -> usize {
        todo!()
    }

    pub fn is_empty(&self) -> bool {
        todo!()
    }

    pub fn drain_all(&mut self) -> Vec<T> {
        todo!()
    }
}
