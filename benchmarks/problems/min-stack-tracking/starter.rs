pub struct MinMaxStack<T: Ord + Clone> {
    items: Vec<T>,
}

impl<T: Ord + Clone> MinMaxStack<T> {
    pub fn new() -> Self {
        todo!()
    }

    pub fn push(&mut self, value: T) {
        todo!()
    }

    pub fn pop(&mut self) -> Option<T> {
        todo!()
    }

    pub fn peek(&self) -> Option<&T> {
        todo!()
    }

    pub fn min(&self) -> Option<&T> {
        todo!()
    }

    pub fn max(&self) -> Option<&T> {
        todo!()
    }

    pub fn len(&self) -> usize {
        todo!()
    }

    pub fn is_empty(&self) -> bool {
        todo!()
    }
}
