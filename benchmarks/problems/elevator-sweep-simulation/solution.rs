#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub served_at: Vec<u64>,
    pub floors_traveled: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ElevatorError {
    FloorOutOfRange { index: usize },
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Dir {
    Idle,
    Up,
    Down,
}

pub fn simulate(top_floor: u32, requests: &[(u64, u32)]) -> Result<Report, ElevatorError> {
    if let Some(index) = requests.iter().position(|&(_, f)| f > top_floor) {
        return Err(ElevatorError::FloorOutOfRange { index });
    }
    let n = requests.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (requests[i].0, i));
    let mut served_at = vec![0u64; n];
    let mut pending: Vec<usize> = Vec::new();
    let mut next = 0usize; // next index in `order` not yet released
    let mut done = 0usize;
    let mut floor: i64 = 0;
    let mut dir = Dir::Idle;
    let mut traveled = 0u64;
    let mut t: u64 = 0;
    while done < n {
        if pending.is_empty() && next < n && requests[order[next]].0 > t {
            t = requests[order[next]].0; // skip idle time
            dir = Dir::Idle;
        }
        while next < n && requests[order[next]].0 == t {
            pending.push(order[next]);
            next += 1;
        }
        let here: Vec<usize> =
            pending.iter().copied().filter(|&i| requests[i].1 as i64 == floor).collect();
        if !here.is_empty() {
            for &i in &here {
                served_at[i] = t;
            }
            done += here.len();
            pending.retain(|&i| requests[i].1 as i64 != floor);
        } else if !pending.is_empty() {
            let above = pending.iter().any(|&i| requests[i].1 as i64 > floor);
            let below = pending.iter().any(|&i| (requests[i].1 as i64) < floor);
            let step = if dir == Dir::Up && above {
                1
            } else if dir == Dir::Down && below {
                -1
            } else {
                let nearest_up =
                    pending.iter().map(|&i| requests[i].1 as i64 - floor).filter(|&d| d > 0).min();
                let nearest_down =
                    pending.iter().map(|&i| floor - requests[i].1 as i64).filter(|&d| d > 0).min();
                match (nearest_up, nearest_down) {
                    (Some(u), Some(d)) => {
                        if u <= d { 1 } else { -1 }
                    }
                    (Some(_), None) => 1,
                    _ => -1,
                }
            };
            dir = if step > 0 { Dir::Up } else { Dir::Down };
            floor += step;
            traveled += 1;
        } else {
            dir = Dir::Idle;
        }
        t += 1;
    }
    Ok(Report { served_at, floors_traveled: traveled })
}
