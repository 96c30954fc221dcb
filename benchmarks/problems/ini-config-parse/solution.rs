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
        let mut sections: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        let mut current = String::new();
        for (idx, raw) in text.lines().enumerate() {
            let line_no = idx + 1;
            let line = raw.trim();
            if line.is_empty() || line.starts_with(';') || line.starts_with('#') {
                continue;
            }
            if let Some(rest) = line.strip_prefix('[') {
                let name = rest
                    .strip_suffix(']')
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .ok_or(IniError::BadSection { line: line_no })?;
                current = name.to_string();
                sections.entry(current.clone()).or_default();
                continue;
            }
            let (k, v) = line.split_once('=').ok_or(IniError::MissingEquals { line: line_no })?;
            let k = k.trim();
            if k.is_empty() {
                return Err(IniError::EmptyKey { line: line_no });
            }
            let sec = sections.entry(current.clone()).or_default();
            if sec.contains_key(k) {
                return Err(IniError::DuplicateKey { line: line_no, key: k.to_string() });
            }
            sec.insert(k.to_string(), v.trim().to_string());
        }
        Ok(Ini { sections })
    }

    pub fn get(&self, section: &str, key: &str) -> Option<&str> {
        self.sections.get(section)?.get(key).map(String::as_str)
    }

    pub fn sections(&self) -> Vec<&str> {
        self.sections.keys().map(String::as_str).collect()
    }

    pub fn keys(&self, section: &str) -> Vec<&str> {
        self.sections
            .get(section)
            .map(|s| s.keys().map(String::as_str).collect())
            .unwrap_or_default()
    }
}
