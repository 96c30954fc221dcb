use std::collections::BTreeMap;

#[derive(Debug, PartialEq, Eq)]
pub enum IniError {
    BadSection { line: usize },
    MissingEquals { line: usize },
    EmptyKey { line: usize },
    DuplicateKey { line: usize, key: String },
}

pub struct Ini {
    sections: BTreeMap<String, BTreeMap<String, String>>,
}

impl Ini {
    pub fn parse(text: &str) -> Result<Ini, IniError> {
        todo!("parse {} bytes", text.len())
    }

    pub fn get(&self, section: &str, key: &str) -> Option<&str> {
        todo!("{section}.{key}")
    }

    pub fn sections(&self) -> Vec<&str> {
        todo!()
    }

    pub fn keys(&self, section: &str) -> Vec<&str> {
        todo!("{section}")
    }
}
