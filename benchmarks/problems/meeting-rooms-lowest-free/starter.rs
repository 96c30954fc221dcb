#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub rooms_used: usize,
    pub room_of: Vec<usize>,
}

pub fn assign_rooms(meetings: &[(u32, u32)]) -> Assignment {
    todo!("assign {} meetings to rooms", meetings.len())
}
