pub struct Fib {
    // the next two terms still to yield (None once they overflowed)
    a: Option<u64>,
    b: Option<u64>,
}

impl Fib {
    pub fn new() -> Fib {
        Fib::starting(0, 1)
    }

    pub fn starting(a: u64, b: u64) -> Fib {
        Fib { a: Some(a), b: Some(b) }
    }
}

impl Iterator for Fib {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        let cur = self.a?;
        let next_next = match self.b {
            Some(b) => cur.checked_add(b),
            None => None,
        };
        self.a = self.b;
        self.b = next_next;
        Some(cur)
    }
}

pub fn nth_fib(n: usize) -> Option<u64> {
    Fib::new().nth(n)
}

pub fn fib_upto(limit: u64) -> Vec<u64> {
    Fib::new().take_while(|&x| x <= limit).collect()
}

pub fn fib_index_of(x: u64) -> Option<usize> {
    Fib::new().take_while(|&f| f <= x).position(|f| f == x)
}
