use solution::*;

#[test]
fn basic_eviction_order() {
    let mut c = LruCache::new(2);
    assert_eq!(c.put("a", 1), PutResult::Inserted);
    assert_eq!(c.put("b", 2), PutResult::Inserted);
    assert_eq!(c.get(&"a"), Some(&1));
    assert_eq!(c.put("c", 3), PutResult::Evicted("b", 2));
    assert_eq!(c.keys(), vec!["c", "a"]);
    assert_eq!(c.get(&"b"), None);
    assert_eq!(c.put("d", 4), PutResult::Evicted("a", 1));
    assert_eq!(c.keys(), vec!["d", "c"]);
    assert_eq!(c.len(), 2);
    assert_eq!(c.capacity(), 2);
}

#[test]
fn replace_uses_entry_and_never_evicts() {
    let mut c = LruCache::new(3);
    c.put(1, "one");
    c.put(2, "two");
    c.put(3, "three");
    assert_eq!(c.put(1, "uno"), PutResult::Replaced("one"));
    assert_eq!(c.len(), 3);
    assert_eq!(c.keys(), vec![1, 3, 2]);
    assert_eq!(c.put(4, "four"), PutResult::Evicted(2, "two"));
    assert_eq!(c.peek(&1), Some(&"uno"));
}

#[test]
fn peek_and_contains_do_not_touch() {
    let mut c = LruCache::new(2);
    c.put('x', 10);
    c.put('y', 20);
    assert_eq!(c.peek(&'x'), Some(&10));
    assert!(c.contains(&'x'));
    assert!(!c.contains(&'z'));
    assert_eq!(c.peek(&'z'), None);
    assert_eq!(c.keys(), vec!['y', 'x']);
    assert_eq!(c.put('z', 30), PutResult::Evicted('x', 10));
}

#[test]
fn misses_change_nothing() {
    let mut c: LruCache<u32, u32> = LruCache::new(3);
    c.put(1, 1);
    c.put(2, 2);
    assert_eq!(c.get(&9), None);
    assert!(c.get_mut(&9).is_none());
    assert_eq!(c.remove(&9), None);
    assert_eq!(c.keys(), vec![2, 1]);
    assert_eq!(c.len(), 2);
}

#[test]
fn get_mut_updates_value_and_recency() {
    let mut c = LruCache::new(2);
    c.put("k1", vec![1]);
    c.put("k2", vec![2]);
    c.get_mut(&"k1").unwrap().push(100);
    assert_eq!(c.keys(), vec!["k1", "k2"]);
    assert_eq!(c.put("k3", vec![3]), PutResult::Evicted("k2", vec![2]));
    assert_eq!(c.peek(&"k1"), Some(&vec![1, 100]));
}

#[test]
fn zero_capacity_rejects() {
    let mut c = LruCache::new(0);
    assert_eq!(c.put("a", 1), PutResult::Rejected("a", 1));
    assert!(c.is_empty());
    assert_eq!(c.pop_lru(), None);
    assert_eq!(c.keys(), Vec::<&str>::new());
}

#[test]
fn remove_and_pop_lru() {
    let mut c = LruCache::new(4);
    for k in 1..=4 {
        c.put(k, k * 10);
    }
    c.get(&1);
    assert_eq!(c.keys(), vec![1, 4, 3, 2]);
    assert_eq!(c.remove(&3), Some(30));
    assert_eq!(c.keys(), vec![1, 4, 2]);
    assert_eq!(c.pop_lru(), Some((2, 20)));
    assert_eq!(c.pop_lru(), Some((4, 40)));
    assert_eq!(c.put(5, 50), PutResult::Inserted);
    assert_eq!(c.put(6, 60), PutResult::Inserted);
    assert_eq!(c.put(7, 70), PutResult::Inserted);
    assert_eq!(c.put(8, 80), PutResult::Evicted(1, 10));
    assert_eq!(c.keys(), vec![8, 7, 6, 5]);
    while c.pop_lru().is_some() {}
    assert!(c.is_empty());
    assert_eq!(c.put(9, 90), PutResult::Inserted);
    assert_eq!(c.keys(), vec![9]);
}

#[test]
fn resize_shrinks_in_lru_order() {
    let mut c = LruCache::new(5);
    for k in ["a", "b", "c", "d", "e"] {
        c.put(k.to_string(), k.len());
    }
    c.get(&"b".to_string());
    let removed = c.resize(2);
    assert_eq!(removed, vec![("a".to_string(), 1), ("c".to_string(), 1), ("d".to_string(), 1)]);
    assert_eq!(c.keys(), vec!["b".to_string(), "e".to_string()]);
    assert_eq!(c.capacity(), 2);
    assert_eq!(c.resize(10), vec![]);
    assert_eq!(c.put("f".to_string(), 1), PutResult::Inserted);
    assert_eq!(c.len(), 3);
    assert_eq!(c.resize(0).len(), 3);
    assert_eq!(c.put("g".to_string(), 7), PutResult::Rejected("g".to_string(), 7));
}

/// Deterministic pseudo-random operations compared against a simple model.
#[test]
fn matches_model_over_many_operations() {
    let mut seed: u64 = 0x2545F4914F6CDD1D;
    let mut next = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let cap = 50;
    let mut c: LruCache<u64, u64> = LruCache::new(cap);
    let mut model: Vec<(u64, u64)> = Vec::new(); // most recent first
    for step in 0..20_000u64 {
        let key = next(120);
        match next(5) {
            0 | 1 => {
                let got = c.put(key, step);
                let expected = if let Some(pos) = model.iter().position(|e| e.0 == key) {
                    let (_, old) = model.remove(pos);
                    model.insert(0, (key, step));
                    PutResult::Replaced(old)
                } else if model.len() == cap {
                    let (k, v) = model.pop().unwrap();
                    model.insert(0, (key, step));
                    PutResult::Evicted(k, v)
                } else {
                    model.insert(0, (key, step));
                    PutResult::Inserted
                };
                assert_eq!(got, expected, "step {step}");
            }
            2 => {
                let got = c.get(&key).copied();
                let expected = model.iter().position(|e| e.0 == key).map(|pos| {
                    let e = model.remove(pos);
                    model.insert(0, e);
                    e.1
                });
                assert_eq!(got, expected, "step {step}");
            }
            3 => {
                let got = c.remove(&key);
                let expected = model.iter().position(|e| e.0 == key).map(|pos| model.remove(pos).1);
                assert_eq!(got, expected, "step {step}");
            }
            _ => {
                assert_eq!(c.peek(&key).copied(), model.iter().find(|e| e.0 == key).map(|e| e.1));
            }
        }
        if step % 997 == 0 {
            let keys: Vec<u64> = model.iter().map(|e| e.0).collect();
            assert_eq!(c.keys(), keys, "step {step}");
        }
    }
    assert_eq!(c.len(), model.len());
}

#[test]
fn large_cache() {
    let mut c = LruCache::new(5000);
    for k in 0..20_000u32 {
        c.put(k, k);
        if k % 3 == 0 {
            c.get(&(k / 2));
        }
    }
    assert_eq!(c.len(), 5000);
    assert_eq!(c.keys()[0], 19_999);
    let mut evicted = 0;
    for k in 20_000..40_000u32 {
        if let PutResult::Evicted(_, _) = c.put(k, k) {
            evicted += 1;
        }
    }
    assert_eq!(evicted, 20_000);
    assert_eq!(c.keys().len(), 5000);
    assert_eq!(*c.keys().last().unwrap(), 35_000);
}
