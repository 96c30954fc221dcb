#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlotError {
    BadInterval(String),
}

pub fn common_free_slots(
    calendars: &[Vec<&str>],
    working_hours: &str,
    min_minutes: u32,
) -> Result<Vec<String>, SlotError> {
    todo!("{} calendars within {working_hours}, at least {min_minutes} minutes", calendars.len())
}
