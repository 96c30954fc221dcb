#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BookError {
    InvalidInterval,
    Conflict { at: i64 },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booking {
    pub id: u64,
    pub start: i64,
    pub end: i64,
}

pub struct Calendar {
    // add your own fields
}

impl Calendar {
    pub fn new(capacity: usize) -> Self {
        todo!("new {capacity}")
    }

    pub fn book(&mut self, start: i64, end: i64) -> Result<u64, BookError> {
        todo!("book {start}..{end}")
    }

    pub fn cancel(&mut self, id: u64) -> bool {
        todo!("cancel {id}")
    }

    pub fn load_at(&self, t: i64) -> usize {
        todo!("load_at {t}")
    }

    pub fn bookings(&self) -> Vec<Booking> {
        todo!()
    }

    pub fn available(&self, from: i64, to: i64) -> Vec<(i64, i64)> {
        todo!("available {from}..{to}")
    }

    pub fn first_fit(&self, from: i64, len: i64) -> Option<i64> {
        todo!("first_fit {from} {len}")
    }
}
