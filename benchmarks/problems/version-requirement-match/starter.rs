#[derive(Debug, PartialEq, Eq)]
pub enum ReqError {
    InvalidVersion,
    InvalidRequirement,
}

pub fn matches(req: &str, version: &str) -> Result<bool, ReqError> {
    todo!("does {version:?} satisfy {req:?}")
}
