#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Approach {
    NorthSouth,
    EastWest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    NorthSouthGreen,
    EastWestGreen,
    AllRed,
}

pub struct Intersection {
    ns_green: u64,
    ew_green: u64,
    clearance: u64,
}

impl Intersection {
    pub fn new(ns_green: u64, ew_green: u64, clearance: u64) -> Option<Intersection> {
        if ns_green == 0 || ew_green == 0 {
            return None;
        }
        Some(Intersection { ns_green, ew_green, clearance })
    }

    pub fn cycle_length(&self) -> u64 {
        self.ns_green + self.ew_green + 2 * self.clearance
    }

    fn window(&self, a: Approach) -> (u64, u64) {
        match a {
            Approach::NorthSouth => (0, self.ns_green),
            Approach::EastWest => {
                let s = self.ns_green + self.clearance;
                (s, s + self.ew_green)
            }
        }
    }

    pub fn phase_at(&self, t: u64) -> Phase {
        let o = t % self.cycle_length();
        let (ns_s, ns_e) = self.window(Approach::NorthSouth);
        let (ew_s, ew_e) = self.window(Approach::EastWest);
        if o >= ns_s && o < ns_e {
            Phase::NorthSouthGreen
        } else if o >= ew_s && o < ew_e {
            Phase::EastWestGreen
        } else {
            Phase::AllRed
        }
    }

    fn next_green(&self, a: Approach, t: u64) -> u64 {
        let len = self.cycle_length();
        let (s, e) = self.window(a);
        let base = t - t % len;
        let o = t % len;
        if o < s {
            base + s
        } else if o < e {
            t
        } else {
            base + len + s
        }
    }

    pub fn departures(&self, cars: &[(u64, Approach)]) -> Vec<u64> {
        let mut order: Vec<usize> = (0..cars.len()).collect();
        order.sort_by_key(|&i| (cars[i].0, i));
        let mut last: [Option<u64>; 2] = [None, None];
        let mut out = vec![0u64; cars.len()];
        for i in order {
            let (arrival, a) = cars[i];
            let lane = match a {
                Approach::NorthSouth => 0,
                Approach::EastWest => 1,
            };
            let earliest = match last[lane] {
                Some(p) => arrival.max(p + 1),
                None => arrival,
            };
            let d = self.next_green(a, earliest);
            last[lane] = Some(d);
            out[i] = d;
        }
        out
    }
}
