use std::hash::Hash;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PutResult<K, V> {
    Inserted,
    Replaced(V),
    Evicted(K, V),
    Rejected(K, V),
}

pub struct LruCache<K, V> {
    // add your own fields
    _marker: std::marker::PhantomData<(K, V)>,
}

impl<K: Hash + Eq + Clone, V> LruCache<K, V> {
    pub fn new(capacity: usize) -> Self {
        todo!("new {capacity}")
    }

    pub fn capacity(&self) -> usize {
        todo!()
    }

    pub fn len(&self) -> usize {
        todo!()
    }

    pub fn is_empty(&self) -> bool {
        todo!()
    }

    pub fn get(&mut self, key: &K) -> Option<&V> {
        todo!()
    }

    pub fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        todo!()
    }

    pub fn peek(&self, key: &K) -> Option<&V> {
        todo!()
    }

    pub fn contains(&self, key: &K) -> bool {
        todo!()
    }

    pub fn put(&mut self, key: K, value: V) -> PutResult<K, V> {
        todo!()
    }

    pub fn remove(&mut self, key: &K) -> Option<V> {
        todo!()
    }

    pub fn pop_lru(&mut self) -> Option<(K, V)> {
        todo!()
    }

    pub fn resize(&mut self, capacity: usize) -> Vec<(K, V)> {
        todo!("resize {capacity}")
    }

    pub fn keys(&self) -> Vec<K> {
        todo!()
    }
}
