#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    pub weight: u32,
    pub value: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packing {
    pub value: u64,
    pub weight: u64,
    pub chosen: Vec<usize>,
}

pub fn best_packing(items: &[Item], capacity: u32) -> Packing {
    todo!("pack {} items into capacity {capacity}", items.len())
}
