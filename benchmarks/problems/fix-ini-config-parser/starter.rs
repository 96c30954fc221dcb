use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    MissingEquals { line: usize },
    EmptyKey { line: usize },
    BadSection { line: usize },
}

/// Parses INI-style `key = value` lines with `[section]` headers.
pub fn parse_config(text: &str) -> Result<BTreeMap<String, String>, ConfigError> {
    let mut map = BTreeMap::new();
    let mut section = String::new();
    for (idx, raw) in text.lines().enumerate() {
        let line_no = idx;
        if raw.starts_with('#') || raw.starts_with(';') {
            continue;
        }
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with('[') {
            if !line.ends_with(']') {
                return Err(ConfigError::BadSection { line: line_no });
            }
            let name = line[1..line.len() - 1].trim();
            if name.is_empty() {
                return Err(ConfigError::BadSection { line: line_no });
            }
            section = name.to_string();
            continue;
        }
        let parts: Vec<&str> = line.split('=').collect();
        if parts.len() != 2 {
            return Err(ConfigError::MissingEquals { line: line_no });
        }
        let key = parts[0].trim();
        let value = parts[1].trim();
        if key.is_empty() {
            return Err(ConfigError::EmptyKey { line: line_no });
        }
        let full = if section.is_empty() {
            key.to_string()
        } else {
            format!("{section}.{key}")
        };
        map.insert(full, value.to_string());
    }
    Ok(map)
}
