#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
    pub pre: Option<String>,
}

fn parse_num(s: &str) -> Option<u64> {
    s.parse().ok()
}

/// Parses `MAJOR.MINOR.PATCH[-PRE]`.
pub fn parse_version(s: &str) -> Option<Version> {
    let (core, pre) = match s.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (s, None),
    };
    if let Some(p) = pre {
        if p.is_empty() || !p.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-') {
            return None;
        }
    }
    let mut it = core.split('.');
    let major = parse_num(it.next()?)?;
    let minor = parse_num(it.next()?)?;
    let patch = parse_num(it.next()?)?;
    Some(Version { major, minor, patch, pre: pre.map(String::from) })
}
