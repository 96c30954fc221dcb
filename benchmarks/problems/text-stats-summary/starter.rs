#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextStats {
    pub chars: usize,
    pub lines: usize,
    pub words: usize,
    pub sentences: usize,
    pub longest_word: Option<String>,
}

pub fn text_stats(text: &str) -> TextStats {
    todo!("stats for {text:?}")
}
