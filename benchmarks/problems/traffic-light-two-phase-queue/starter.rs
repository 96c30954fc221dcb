#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Approach {
    NorthSouth,
    EastWest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    NorthSouthGreen,
    EastWestGreen,
    AllRed,
}

pub struct Intersection {
    ns_green: u64,
    ew_green: u64,
    clearance: u64,
}

impl Intersection {
    pub fn new(ns_green: u64, ew_green: u64, clearance: u64) -> Option<Intersection> {
        todo!("light {ns_green}/{ew_green} with clearance {clearance}")
    }

    pub fn cycle_length(&self) -> u64 {
        todo!()
    }

    pub fn phase_at(&self, t: u64) -> Phase {
        todo!("phase at {t}")
    }

    pub fn departures(&self, cars: &[(u64, Approach)]) -> Vec<u64> {
        todo!("departures of {} cars", cars.len())
    }
}
