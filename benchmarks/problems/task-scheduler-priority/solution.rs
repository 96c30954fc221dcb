use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub id: String,
    pub duration: u64,
    pub priority: i32,
    pub release: u64,
    pub deps: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub id: String,
    pub worker: usize,
    pub start: u64,
    pub end: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScheduleError {
    NoWorkers,
    DuplicateId(String),
    UnknownDependency { task: String, dep: String },
    Cycle(Vec<String>),
}

pub fn schedule(tasks: &[Task], workers: usize) -> Result<Vec<Slot>, ScheduleError> {
    if workers == 0 {
        return Err(ScheduleError::NoWorkers);
    }
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, t) in tasks.iter().enumerate() {
        if index.insert(t.id.as_str(), i).is_some() {
            return Err(ScheduleError::DuplicateId(t.id.clone()));
        }
    }
    for t in tasks {
        for d in &t.deps {
            if !index.contains_key(d.as_str()) {
                return Err(ScheduleError::UnknownDependency { task: t.id.clone(), dep: d.clone() });
            }
        }
    }
    let deps: Vec<Vec<usize>> = tasks.iter().map(|t| t.deps.iter().map(|d| index[d.as_str()]).collect()).collect();
    let n = tasks.len();
    let mut started = vec![false; n];
    let mut finished = vec![false; n];
    let mut running: Vec<(usize, usize, u64)> = Vec::new(); // (task, worker, end)
    let mut busy = vec![false; workers];
    let mut slots = Vec::new();
    let mut t: u64 = 0;
    let mut done = 0;
    loop {
        loop {
            let mut changed = false;
            running.retain(|&(task, worker, end)| {
                if end <= t {
                    finished[task] = true;
                    busy[worker] = false;
                    changed = true;
                    false
                } else {
                    true
                }
            });
            loop {
                let Some(worker) = busy.iter().position(|b| !b) else { break };
                let best = (0..n)
                    .filter(|&i| !started[i] && tasks[i].release <= t && deps[i].iter().all(|&d| finished[d]))
                    .min_by(|&a, &b| {
                        tasks[b].priority.cmp(&tasks[a].priority).then_with(|| tasks[a].id.cmp(&tasks[b].id))
                    });
                let Some(i) = best else { break };
                started[i] = true;
                busy[worker] = true;
                done += 1;
                let end = t + tasks[i].duration;
                running.push((i, worker, end));
                slots.push(Slot { id: tasks[i].id.clone(), worker, start: t, end });
                changed = true;
            }
            if !changed {
                break;
            }
        }
        let next_end = running.iter().map(|r| r.2).min();
        let next_release = (0..n).filter(|&i| !started[i] && tasks[i].release > t).map(|i| tasks[i].release).min();
        match (next_end, next_release) {
            (None, None) => break,
            (a, b) => t = a.unwrap_or(u64::MAX).min(b.unwrap_or(u64::MAX)),
        }
    }
    if done < n {
        let mut stuck: Vec<String> = (0..n).filter(|&i| !started[i]).map(|i| tasks[i].id.clone()).collect();
        stuck.sort();
        return Err(ScheduleError::Cycle(stuck));
    }
    Ok(slots)
}
