use std::collections::HashMap;
use std::hash::Hash;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PutResult<K, V> {
    Inserted,
    Replaced(V),
    Evicted(K, V),
    Rejected(K, V),
}

const NIL: usize = usize::MAX;

struct Node<K, V> {
    key: K,
    value: V,
    prev: usize,
    next: usize,
}

pub struct LruCache<K, V> {
    capacity: usize,
    map: HashMap<K, usize>,
    slots: Vec<Option<Node<K, V>>>,
    free: Vec<usize>,
    head: usize, // most recent
    tail: usize, // least recent
}

impl<K: Hash + Eq + Clone, V> LruCache<K, V> {
    pub fn new(capacity: usize) -> Self {
        LruCache { capacity, map: HashMap::new(), slots: Vec::new(), free: Vec::new(), head: NIL, tail: NIL }
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    fn node(&self, i: usize) -> &Node<K, V> {
        self.slots[i].as_ref().unwrap()
    }

    fn node_mut(&mut self, i: usize) -> &mut Node<K, V> {
        self.slots[i].as_mut().unwrap()
    }

    fn unlink(&mut self, i: usize) {
        let (prev, next) = (self.node(i).prev, self.node(i).next);
        if prev == NIL {
            self.head = next;
        } else {
            self.node_mut(prev).next = next;
        }
        if next == NIL {
            self.tail = prev;
        } else {
            self.node_mut(next).prev = prev;
        }
    }

    fn push_front(&mut self, i: usize) {
        let old = self.head;
        {
            let n = self.node_mut(i);
            n.prev = NIL;
            n.next = old;
        }
        if old == NIL {
            self.tail = i;
        } else {
            self.node_mut(old).prev = i;
        }
        self.head = i;
    }

    fn take(&mut self, i: usize) -> (K, V) {
        self.unlink(i);
        let n = self.slots[i].take().unwrap();
        self.free.push(i);
        self.map.remove(&n.key);
        (n.key, n.value)
    }

    pub fn get(&mut self, key: &K) -> Option<&V> {
        let i = *self.map.get(key)?;
        self.unlink(i);
        self.push_front(i);
        Some(&self.node(i).value)
    }

    pub fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        let i = *self.map.get(key)?;
        self.unlink(i);
        self.push_front(i);
        Some(&mut self.node_mut(i).value)
    }

    pub fn peek(&self, key: &K) -> Option<&V> {
        self.map.get(key).map(|&i| &self.node(i).value)
    }

    pub fn contains(&self, key: &K) -> bool {
        self.map.contains_key(key)
    }

    pub fn put(&mut self, key: K, value: V) -> PutResult<K, V> {
        if let Some(&i) = self.map.get(&key) {
            self.unlink(i);
            self.push_front(i);
            let old = std::mem::replace(&mut self.node_mut(i).value, value);
            return PutResult::Replaced(old);
        }
        if self.capacity == 0 {
            return PutResult::Rejected(key, value);
        }
        let evicted = if self.map.len() >= self.capacity { Some(self.take(self.tail)) } else { None };
        let node = Node { key: key.clone(), value, prev: NIL, next: NIL };
        let i = match self.free.pop() {
            Some(i) => {
                self.slots[i] = Some(node);
                i
            }
            None => {
                self.slots.push(Some(node));
                self.slots.len() - 1
            }
        };
        self.map.insert(key, i);
        self.push_front(i);
        match evicted {
            Some((k, v)) => PutResult::Evicted(k, v),
            None => PutResult::Inserted,
        }
    }

    pub fn remove(&mut self, key: &K) -> Option<V> {
        let i = *self.map.get(key)?;
        Some(self.take(i).1)
    }

    pub fn pop_lru(&mut self) -> Option<(K, V)> {
        if self.tail == NIL {
            None
        } else {
            Some(self.take(self.tail))
        }
    }

    pub fn resize(&mut self, capacity: usize) -> Vec<(K, V)> {
        self.capacity = capacity;
        let mut out = Vec::new();
        while self.map.len() > capacity {
            out.push(self.take(self.tail));
        }
        out
    }

    pub fn keys(&self) -> Vec<K> {
        let mut out = Vec::with_capacity(self.len());
        let mut i = self.head;
        while i != NIL {
            out.push(self.node(i).key.clone());
            i = self.node(i).next;
        }
        out
    }
}
