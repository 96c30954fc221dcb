pub fn format_duration(secs: u64, max_units: usize) -> String {
    if secs == 0 {
        return "0s".to_string();
    }
    let parts = [
        (secs / 86400, 'd'),
        (secs % 86400 / 3600, 'h'),
        (secs % 3600 / 60, 'm'),
        (secs % 60, 's'),
    ];
    let limit = if max_units == 0 { usize::MAX } else { max_units };
    parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .take(limit)
        .map(|(n, u)| format!("{n}{u}"))
        .collect::<Vec<_>>()
        .join(" ")
}
