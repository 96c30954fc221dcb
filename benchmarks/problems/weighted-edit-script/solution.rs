#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Costs {
    pub insert: u32,
    pub delete: u32,
    pub substitute: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Keep(char),
    Substitute(char, char),
    Delete(char),
    Insert(char),
}

pub fn edit_script(from: &str, to: &str, costs: Costs) -> (u64, Vec<Edit>) {
    let a: Vec<char> = from.chars().collect();
    let b: Vec<char> = to.chars().collect();
    let (n, m) = (a.len(), b.len());
    let (ins, del, sub) = (costs.insert as u64, costs.delete as u64, costs.substitute as u64);
    let mut d = vec![vec![0u64; m + 1]; n + 1];
    for i in 1..=n {
        d[i][0] = d[i - 1][0] + del;
    }
    for j in 1..=m {
        d[0][j] = d[0][j - 1] + ins;
    }
    for i in 1..=n {
        for j in 1..=m {
            let diag = d[i - 1][j - 1] + if a[i - 1] == b[j - 1] { 0 } else { sub };
            d[i][j] = diag.min(d[i - 1][j] + del).min(d[i][j - 1] + ins);
        }
    }
    let mut script = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        if i > 0 && j > 0 && a[i - 1] == b[j - 1] && d[i][j] == d[i - 1][j - 1] {
            script.push(Edit::Keep(a[i - 1]));
            i -= 1;
            j -= 1;
        } else if i > 0 && j > 0 && a[i - 1] != b[j - 1] && d[i][j] == d[i - 1][j - 1] + sub {
            script.push(Edit::Substitute(a[i - 1], b[j - 1]));
            i -= 1;
            j -= 1;
        } else if i > 0 && d[i][j] == d[i - 1][j] + del {
            script.push(Edit::Delete(a[i - 1]));
            i -= 1;
        } else {
            script.push(Edit::Insert(b[j - 1]));
            j -= 1;
        }
    }
    script.reverse();
    (d[n][m], script)
}
