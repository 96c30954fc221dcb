#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub served_at: Vec<u64>,
    pub floors_traveled: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ElevatorError {
    FloorOutOfRange { index: usize },
}

pub fn simulate(top_floor: u32, requests: &[(u64, u32)]) -> Result<Report, ElevatorError> {
    todo!("simulate {} requests up to floor {top_floor}", requests.len())
}
