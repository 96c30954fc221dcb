pub struct Fib {
    a: u64,
    b: u64,
}

impl Fib {
    pub fn new() -> Fib {
        todo!()
    }

    pub fn starting(a: u64, b: u64) -> Fib {
        todo!()
    }
}

impl Iterator for Fib {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        todo!()
    }
}

pub fn nth_fib(n: usize) -> Option<u64> {
    todo!()
}

pub fn fib_upto(limit: u64) -> Vec<u64> {
    todo!()
}

pub fn fib_index_of(x: u64) -> Option<usize> {
    todo!()
}
