pub struct MinMaxStack<T: Ord + Clone> {
    // (value, index of min so far, index of max so far)
    items: Vec<(T, usize, usize)>,
}

impl<T: Ord + Clone> MinMaxStack<T> {
    pub fn new() -> Self {
        MinMaxStack { items: Vec::new() }
    }

    pub fn push(&mut self, value: T) {
        let i = self.items.len();
        let (mi, ma) = match self.items.last() {
            None => (i, i),
            Some(&(_, mi, ma)) => {
                let mi = if value < self.items[mi].0 { i } else { mi };
                let ma = if value > self.items[ma].0 { i } else { ma };
                (mi, ma)
            }
        };
        self.items.push((value, mi, ma));
    }

    pub fn pop(&mut self) -> Option<T> {
        self.items.pop().map(|(v, _, _)| v)
    }

    pub fn peek(&self) -> Option<&T> {
        self.items.last().map(|(v, _, _)| v)
    }

    pub fn min(&self) -> Option<&T> {
        self.items.last().map(|&(_, mi, _)| &self.items[mi].0)
    }

    pub fn max(&self) -> Option<&T> {
        self.items.last().map(|&(_, _, ma)| &self.items[ma].0)
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}
