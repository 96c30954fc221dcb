pub struct RingBuffer<T> {
    slots: Vec<Option<T>>,
    head: usize,
    len: usize,
}

impl<T> RingBuffer<T> {
    pub fn with_capacity(capacity: usize) -> Self {
        assert!(capacity > 0, "capacity must be positive");
        let mut slots = Vec::with_capacity(capacity);
        slots.resize_with(capacity, || None);
        RingBuffer { slots, head: 0, len: 0 }
    }

    fn idx(&self, i: usize) -> usize {
        (self.head + i) % self.slots.len()
    }

    pub fn push(&mut self, value: T) -> Option<T> {
        if self.is_full() {
            let evicted = self.slots[self.head].replace(value);
            self.head = (self.head + 1) % self.slots.len();
            evicted
        } else {
            let i = self.idx(self.len);
            self.slots[i] = Some(value);
            self.len += 1;
            None
        }
    }

    pub fn pop_oldest(&mut self) -> Option<T> {
        if self.len == 0 {
            return None;
        }
        let v = self.slots[self.head].take();
        self.head = (self.head + 1) % self.slots.len();
        self.len -= 1;
        v
    }

    pub fn pop_newest(&mut self) -> Option<T> {
        if self.len == 0 {
            return None;
        }
        let i = self.idx(self.len - 1);
        self.len -= 1;
        self.slots[i].take()
    }

    pub fn get(&self, index: usize) -> Option<&T> {
        if index >= self.len {
            return None;
        }
        self.slots[self.idx(index)].as_ref()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn capacity(&self) -> usize {
        self.slots.len()
    }

    pub fn is_full(&self) -> bool {
        self.len == self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn iter(&self) -> impl Iterator<Item = &T> + '_ {
        (0..self.len).map(move |i| self.slots[self.idx(i)].as_ref().unwrap())
    }
}
