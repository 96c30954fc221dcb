use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Roman(u32);

const TABLE: [(u32, &str); 13] = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
];

impl Roman {
    pub fn new(value: u32) -> Option<Roman> {
        if (1..=3999).contains(&value) {
            Some(Roman(value))
        } else {
            None
        }
    }

    pub fn value(self) -> u32 {
        self.0
    }
}

impl fmt::Display for Roman {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut n = self.0;
        let mut out = String::new();
        for &(v, s) in TABLE.iter() {
            while n >= v {
                out.push_str(s);
                n -= v;
            }
        }
        if f.alternate() {
            out = out.to_ascii_lowercase();
        }
        f.pad(&out)
    }
}
