#[derive(Debug, PartialEq, Eq)]
pub enum ReqError {
    InvalidVersion,
    InvalidRequirement,
}

type V = (u128, u128, u128);

fn parse_nums(s: &str) -> Option<Vec<u64>> {
    s.split('.')
        .map(|p| {
            if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
                None
            } else {
                p.parse::<u64>().ok()
            }
        })
        .collect()
}

fn check(comp: &str, v: V) -> Option<bool> {
    if comp == "*" {
        return Some(true);
    }
    let ops = [">=", "<=", ">", "<", "=", "^", "~"];
    let (op, rest) = ops
        .iter()
        .find_map(|op| comp.strip_prefix(op).map(|r| (*op, r)))
        .unwrap_or(("^", comp));
    let nums = parse_nums(rest.trim_start())?;
    if nums.is_empty() || nums.len() > 3 {
        return None;
    }
    let get = |i: usize| nums.get(i).copied().unwrap_or(0) as u128;
    let b: V = (get(0), get(1), get(2));
    Some(match op {
        "=" => v == b,
        ">" => v > b,
        ">=" => v >= b,
        "<" => v < b,
        "<=" => v <= b,
        "^" => {
            let upper = if b.0 > 0 {
                (b.0 + 1, 0, 0)
            } else if b.1 > 0 {
                (0, b.1 + 1, 0)
            } else {
                (0, 0, b.2 + 1)
            };
            v >= b && v < upper
        }
        "~" => {
            if nums.len() == 1 {
                v >= b && v < (b.0 + 1, 0, 0)
            } else {
                v >= b && v < (b.0, b.1 + 1, 0)
            }
        }
        _ => unreachable!(),
    })
}

pub fn matches(req: &str, version: &str) -> Result<bool, ReqError> {
    let nums = parse_nums(version).ok_or(ReqError::InvalidVersion)?;
    if nums.len() != 3 {
        return Err(ReqError::InvalidVersion);
    }
    let v: V = (nums[0] as u128, nums[1] as u128, nums[2] as u128);
    let mut all = true;
    for comp in req.split(',') {
        let comp = comp.trim();
        if comp.is_empty() {
            return Err(ReqError::InvalidRequirement);
        }
        let ok = check(comp, v).ok_or(ReqError::InvalidRequirement)?;
        all &= ok;
    }
    Ok(all)
}
