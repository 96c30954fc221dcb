use std::collections::{BTreeSet, HashMap};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    ZeroCapacity,
    DuplicateCourse(String),
    UnknownPrerequisite { course: String, prerequisite: String },
    Cycle(Vec<String>),
}

pub fn plan_semesters(
    courses: &[(&str, Vec<&str>)],
    max_per_semester: usize,
) -> Result<Vec<Vec<String>>, PlanError> {
    if max_per_semester == 0 {
        return Err(PlanError::ZeroCapacity);
    }
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, (name, _)) in courses.iter().enumerate() {
        if index.insert(name, i).is_some() {
            return Err(PlanError::DuplicateCourse(name.to_string()));
        }
    }
    let n = courses.len();
    let mut prereqs: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
    for (i, (name, pre)) in courses.iter().enumerate() {
        for p in pre {
            match index.get(p) {
                Some(&j) => {
                    prereqs[i].insert(j);
                }
                None => {
                    return Err(PlanError::UnknownPrerequisite {
                        course: name.to_string(),
                        prerequisite: p.to_string(),
                    })
                }
            }
        }
    }
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut indeg = vec![0usize; n];
    for i in 0..n {
        for &j in &prereqs[i] {
            dependents[j].push(i);
            indeg[i] += 1;
        }
    }
    // topological order (Kahn) to detect cycles and compute heights
    let mut deg = indeg.clone();
    let mut order = Vec::with_capacity(n);
    let mut stack: Vec<usize> = (0..n).filter(|&i| deg[i] == 0).collect();
    while let Some(u) = stack.pop() {
        order.push(u);
        for &v in &dependents[u] {
            deg[v] -= 1;
            if deg[v] == 0 {
                stack.push(v);
            }
        }
    }
    if order.len() < n {
        let mut stuck: Vec<String> =
            (0..n).filter(|&i| deg[i] > 0).map(|i| courses[i].0.to_string()).collect();
        stuck.sort();
        return Err(PlanError::Cycle(stuck));
    }
    let mut height = vec![1usize; n];
    for &u in order.iter().rev() {
        for &v in &dependents[u] {
            height[u] = height[u].max(height[v] + 1);
        }
    }
    let mut remaining = indeg.clone();
    let mut available: BTreeSet<(std::cmp::Reverse<usize>, &str, usize)> = (0..n)
        .filter(|&i| remaining[i] == 0)
        .map(|i| (std::cmp::Reverse(height[i]), courses[i].0, i))
        .collect();
    let mut plan = Vec::new();
    while !available.is_empty() {
        let chosen: Vec<_> = available.iter().take(max_per_semester).copied().collect();
        let mut names = Vec::new();
        for key in &chosen {
            available.remove(key);
            names.push(key.1.to_string());
        }
        for key in &chosen {
            for &v in &dependents[key.2] {
                remaining[v] -= 1;
                if remaining[v] == 0 {
                    available.insert((std::cmp::Reverse(height[v]), courses[v].0, v));
                }
            }
        }
        names.sort();
        plan.push(names);
    }
    Ok(plan)
}
