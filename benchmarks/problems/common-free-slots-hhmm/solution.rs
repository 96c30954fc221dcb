#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlotError {
    BadInterval(String),
}

fn parse_time(t: &str) -> Option<u32> {
    let b = t.as_bytes();
    if b.len() != 5 || b[2] != b':' {
        return None;
    }
    if ![0, 1, 3, 4].iter().all(|&i| b[i].is_ascii_digit()) {
        return None;
    }
    let h = ((b[0] - b'0') * 10 + (b[1] - b'0')) as u32;
    let m = ((b[3] - b'0') * 10 + (b[4] - b'0')) as u32;
    if h > 24 || m > 59 || h * 60 + m > 24 * 60 {
        return None;
    }
    Some(h * 60 + m)
}

fn parse_interval(text: &str) -> Result<(u32, u32), SlotError> {
    let bad = || SlotError::BadInterval(text.to_string());
    if text.len() != 11 || !text.is_ascii() || text.as_bytes()[5] != b'-' {
        return Err(bad());
    }
    let s = parse_time(&text[..5]).ok_or_else(bad)?;
    let e = parse_time(&text[6..]).ok_or_else(bad)?;
    if s >= e {
        return Err(bad());
    }
    Ok((s, e))
}

fn fmt(t: u32) -> String {
    format!("{:02}:{:02}", t / 60, t % 60)
}

pub fn common_free_slots(
    calendars: &[Vec<&str>],
    working_hours: &str,
    min_minutes: u32,
) -> Result<Vec<String>, SlotError> {
    let (day_start, day_end) = parse_interval(working_hours)?;
    let mut busy = Vec::new();
    for cal in calendars {
        for text in cal {
            busy.push(parse_interval(text)?);
        }
    }
    busy.sort();
    let mut out = Vec::new();
    let mut cursor = day_start;
    for (s, e) in busy {
        if s > cursor {
            let end = s.min(day_end);
            if end > cursor && end - cursor >= min_minutes {
                out.push(format!("{}-{}", fmt(cursor), fmt(end)));
            }
        }
        cursor = cursor.max(e);
        if cursor >= day_end {
            break;
        }
    }
    if day_end > cursor && day_end - cursor >= min_minutes {
        out.push(format!("{}-{}", fmt(cursor), fmt(day_end)));
    }
    Ok(out)
}
