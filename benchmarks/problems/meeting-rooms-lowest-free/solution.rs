use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub rooms_used: usize,
    pub room_of: Vec<usize>,
}

pub fn assign_rooms(meetings: &[(u32, u32)]) -> Assignment {
    for &(s, e) in meetings {
        assert!(s < e, "invalid meeting [{s}, {e})");
    }
    let mut order: Vec<usize> = (0..meetings.len()).collect();
    order.sort_by_key(|&i| (meetings[i].0, i));
    let mut free: BTreeSet<usize> = BTreeSet::new();
    let mut busy: BinaryHeap<Reverse<(u32, usize)>> = BinaryHeap::new();
    let mut rooms_used = 0;
    let mut room_of = vec![0; meetings.len()];
    for i in order {
        let (start, end) = meetings[i];
        while let Some(&Reverse((e, r))) = busy.peek() {
            if e <= start {
                busy.pop();
                free.insert(r);
            } else {
                break;
            }
        }
        let room = match free.iter().next().copied() {
            Some(r) => {
                free.remove(&r);
                r
            }
            None => {
                rooms_used += 1;
                rooms_used - 1
            }
        };
        room_of[i] = room;
        busy.push(Reverse((end, room)));
    }
    Assignment { rooms_used, room_of }
}
