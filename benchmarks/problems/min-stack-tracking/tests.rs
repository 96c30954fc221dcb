use solution::*;

#[test]
fn empty_stack() {
    let mut s: MinMaxStack<i32> = MinMaxStack::new();
    assert!(s.is_empty());
    assert_eq!(s.len(), 0);
    assert_eq!(s.pop(), None);
    assert_eq!(s.peek(), None);
    assert_eq!(s.min(), None);
    assert_eq!(s.max(), None);
}

#[test]
fn example_sequence() {
    let mut s = MinMaxStack::new();
    for v in [5, 2, 8, 2] {
        s.push(v);
    }
    assert_eq!(s.len(), 4);
    assert_eq!(s.peek(), Some(&2));
    assert_eq!((s.min(), s.max()), (Some(&2), Some(&8)));
    assert_eq!(s.pop(), Some(2));
    assert_eq!((s.min(), s.max()), (Some(&2), Some(&8)));
    assert_eq!(s.pop(), Some(8));
    assert_eq!((s.min(), s.max()), (Some(&2), Some(&5)));
    assert_eq!(s.pop(), Some(2));
    assert_eq!((s.min(), s.max()), (Some(&5), Some(&5)));
    assert_eq!(s.pop(), Some(5));
    assert_eq!(s.min(), None);
    assert!(s.is_empty());
}

#[test]
fn duplicates_of_min() {
    let mut s = MinMaxStack::new();
    s.push(3);
    s.push(1);
    s.push(1);
    s.push(4);
    s.pop();
    s.pop();
    assert_eq!(s.min(), Some(&1));
    s.pop();
    assert_eq!(s.min(), Some(&3));
}

#[test]
fn works_with_strings() {
    let mut s = MinMaxStack::new();
    s.push("pear".to_string());
    s.push("apple".to_string());
    s.push("zucchini".to_string());
    assert_eq!(s.min().map(|x| x.as_str()), Some("apple"));
    assert_eq!(s.max().map(|x| x.as_str()), Some("zucchini"));
    s.pop();
    assert_eq!(s.max().map(|x| x.as_str()), Some("pear"));
}

#[test]
fn interleaved_against_naive() {
    let mut s = MinMaxStack::new();
    let mut model: Vec<i64> = Vec::new();
    let mut x: i64 = 17;
    for step in 0..5000 {
        x = (x * 1103515245 + 12345) % 2147483648;
        if step % 3 == 2 {
            assert_eq!(s.pop(), model.pop());
        } else {
            let v = x % 1000 - 500;
            s.push(v);
            model.push(v);
        }
        assert_eq!(s.min(), model.iter().min());
        assert_eq!(s.max(), model.iter().max());
        assert_eq!(s.len(), model.len());
    }
}

#[test]
fn large_is_fast() {
    let mut s = MinMaxStack::new();
    for i in 0..300_000i64 {
        s.push(if i % 2 == 0 { i } else { -i });
        assert_eq!(s.max(), Some(&(i - (i % 2))));
    }
    for i in (0..300_000i64).rev() {
        let m = *s.min().unwrap();
        assert!(m <= 0);
        assert_eq!(s.pop(), Some(if i % 2 == 0 { i } else { -i }));
    }
    assert!(s.is_empty());
}
