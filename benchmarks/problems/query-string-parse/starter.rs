pub struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    pub fn parse(q: &str) -> Query {
        todo!("parse {q:?}")
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        todo!("get {key:?}")
    }

    pub fn get_all(&self, key: &str) -> Vec<&str> {
        todo!("get all {key:?}")
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    pub fn len(&self) -> usize {
        self.pairs.len()
    }
}
