#[derive(Debug, Clone, Default)]
pub struct BitSet {
    words: Vec<u64>,
}

impl BitSet {
    pub fn new() -> BitSet {
        BitSet { words: Vec::new() }
    }

    fn word(&self, i: usize) -> u64 {
        self.words.get(i).copied().unwrap_or(0)
    }

    pub fn insert(&mut self, value: usize) -> bool {
        let (w, b) = (value / 64, value % 64);
        if w >= self.words.len() {
            self.words.resize(w + 1, 0);
        }
        let was = self.words[w] >> b & 1 == 1;
        self.words[w] |= 1 << b;
        !was
    }

    pub fn remove(&mut self, value: usize) -> bool {
        let (w, b) = (value / 64, value % 64);
        if w >= self.words.len() {
            return false;
        }
        let was = self.words[w] >> b & 1 == 1;
        self.words[w] &= !(1 << b);
        was
    }

    pub fn contains(&self, value: usize) -> bool {
        self.word(value / 64) >> (value % 64) & 1 == 1
    }

    pub fn len(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|&w| w == 0)
    }

    pub fn max(&self) -> Option<usize> {
        self.words
            .iter()
            .enumerate()
            .rev()
            .find(|(_, &w)| w != 0)
            .map(|(i, &w)| i * 64 + 63 - w.leading_zeros() as usize)
    }

    pub fn to_vec(&self) -> Vec<usize> {
        let mut out = Vec::new();
        for (i, &w) in self.words.iter().enumerate() {
            for b in 0..64 {
                if w >> b & 1 == 1 {
                    out.push(i * 64 + b);
                }
            }
        }
        out
    }

    fn combine(&self, other: &BitSet, f: impl Fn(u64, u64) -> u64) -> BitSet {
        let n = self.words.len().max(other.words.len());
        BitSet { words: (0..n).map(|i| f(self.word(i), other.word(i))).collect() }
    }

    pub fn union(&self, other: &BitSet) -> BitSet {
        self.combine(other, |a, b| a | b)
    }

    pub fn intersection(&self, other: &BitSet) -> BitSet {
        self.combine(other, |a, b| a & b)
    }

    pub fn difference(&self, other: &BitSet) -> BitSet {
        self.combine(other, |a, b| a & !b)
    }
}

impl PartialEq for BitSet {
    fn eq(&self, other: &BitSet) -> bool {
        let n = self.words.len().max(other.words.len());
        (0..n).all(|i| self.word(i) == other.word(i))
    }
}

impl Eq for BitSet {}
