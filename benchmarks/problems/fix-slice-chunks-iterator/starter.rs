/// Iterator over consecutive chunks of a slice.
pub struct Chunks<'a, T> {
    rest: &'a [T],
    size: usize,
}

/// Splits `slice` into chunks of `size` elements (the last one may be shorter).
pub fn chunks<T>(slice: &[T], size: usize) -> Chunks<'_, T> {
    assert!(size > 0, "chunk size must be positive");
    Chunks { rest: slice, size }
}

impl<'a, T> Iterator for Chunks<'a, T> {
    type Item = &'a [T];

    fn next(&mut self) -> Option<&'a [T]> {
        if self.rest.len() < self.size {
            return None;
        }
        let (head, tail) = self.rest.split_at(self.size);
        self.rest = tail;
        Some(head)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.rest.len() / self.size;
        (n, Some(n))
    }
}

impl<'a, T> DoubleEndedIterator for Chunks<'a, T> {
    fn next_back(&mut self) -> Option<&'a [T]> {
        if self.rest.is_empty() {
            return None;
        }
        let cut = self.rest.len().saturating_sub(self.size);
        let (head, tail) = self.rest.split_at(cut);
        self.rest = head;
        Some(tail)
    }
}

impl<'a, T> ExactSizeIterator for Chunks<'a, T> {}
