#[derive(Debug, Clone, Default)]
pub struct BitSet {
    words: Vec<u64>,
}

impl BitSet {
    pub fn new() -> BitSet {
        todo!()
    }

    pub fn insert(&mut self, value: usize) -> bool {
        todo!()
    }

    pub fn remove(&mut self, value: usize) -> bool {
        todo!()
    }

    pub fn contains(&self, value: usize) -> bool {
        todo!()
    }

    pub fn len(&self) -> usize {
        todo!()
    }

    pub fn is_empty(&self) -> bool {
        todo!()
    }

    pub fn max(&self) -> Option<usize> {
        todo!()
    }

    pub fn to_vec(&self) -> Vec<usize> {
        todo!()
    }

    pub fn union(&self, other: &BitSet) -> BitSet {
        todo!()
    }

    pub fn intersection(&self, other: &BitSet) -> BitSet {
        todo!()
    }

    pub fn difference(&self, other: &BitSet) -> BitSet {
        todo!()
    }
}

impl PartialEq for BitSet {
    fn eq(&self, other: &BitSet) -> bool {
        todo!()
    }
}

impl Eq for BitSet {}
