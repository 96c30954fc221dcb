pub struct RingBuffer<T> {
    slots: Vec<Option<T>>,
    head: usize,
    len: usize,
}

impl<T> RingBuffer<T> {
    pub fn with_capacity(capacity: usize) -> Self {
        todo!()
    }

    pub fn push(&mut self, value: T) -> Option<T> {
        todo!()
    }

    pub fn pop_oldest(&mut self) -> Option<T> {
        todo!()
    }

    pub fn pop_newest(&mut self) -> Option<T> {
        todo!()
    }

    pub fn get(&self, index: usize) -> Option<&T> {
        todo!()
    }

    pub fn len(&self) -> usize {
        todo!()
    }

    pub fn capacity(&self) -> usize {
        todo!()
    }

    pub fn is_full(&self) -> bool {
        todo!()
    }

    pub fn is_empty(&self) -> bool {
        todo!()
    }

    pub fn iter(&self) -> impl Iterator<Item = &T> + '_ {
        todo!();
        std::iter::empty()
    }
}
