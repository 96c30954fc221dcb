use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Clock {
    minutes: u16,
}

fn two_digits(s: &str) -> Option<u16> {
    if s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

impl Clock {
    pub fn parse(s: &str) -> Option<Clock> {
        let (h, m) = s.split_once(':')?;
        let h = two_digits(h)?;
        let m = two_digits(m)?;
        if h > 23 || m > 59 {
            return None;
        }
        Some(Clock { minutes: h * 60 + m })
    }

    pub fn parse_12h(s: &str) -> Option<Clock> {
        let (time, ampm) = s.split_once(' ')?;
        let pm = match ampm {
            "AM" => false,
            "PM" => true,
            _ => return None,
        };
        let (h, m) = time.split_once(':')?;
        if h.is_empty() || h.len() > 2 || !h.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let h: u16 = h.parse().ok()?;
        let m = two_digits(m)?;
        if !(1..=12).contains(&h) || m > 59 {
            return None;
        }
        let h24 = (h % 12) + if pm { 12 } else { 0 };
        Some(Clock { minutes: h24 * 60 + m })
    }

    pub fn add_minutes(self, delta: i64) -> Clock {
        let d = delta.rem_euclid(1440);
        Clock { minutes: ((self.minutes as i64 + d) % 1440) as u16 }
    }

    pub fn minutes_until(self, later: Clock) -> u32 {
        ((later.minutes as i32 - self.minutes as i32).rem_euclid(1440)) as u32
    }

    pub fn to_12h(self) -> String {
        let h = self.minutes / 60;
        let m = self.minutes % 60;
        let h12 = if h % 12 == 0 { 12 } else { h % 12 };
        format!("{}:{:02} {}", h12, m, if h < 12 { "AM" } else { "PM" })
    }
}

impl fmt::Display for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.minutes / 60, self.minutes % 60)
    }
}
