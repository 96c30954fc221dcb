pub fn first_true<F: FnMut(u64) -> bool>(lo: u64, hi: u64, pred: F) -> Option<u64> {
    todo!()
}

pub fn last_true<F: FnMut(u64) -> bool>(lo: u64, hi: u64, pred: F) -> Option<u64> {
    todo!()
}
