pub struct Vigenere {
    shifts: Vec<u8>,
}

impl Vigenere {
    pub fn new(key: &str) -> Option<Vigenere> {
        todo!("validate key {key:?}")
    }

    pub fn encrypt(&self, text: &str) -> String {
        todo!("encrypt {text:?}")
    }

    pub fn decrypt(&self, text: &str) -> String {
        todo!("decrypt {text:?}")
    }
}
