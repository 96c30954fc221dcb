#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transaction {
    Deposit(u64),
    Withdrawal(u64),
    TransferIn(u64),
    TransferOut(u64),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BankError {
    Frozen,
    ZeroAmount,
    InsufficientFunds { needed: u64, available: u64 },
    Overflow,
}

pub struct Account {
    owner: String,
}

impl Account {
    pub fn new(owner: &str) -> Account {
        todo!()
    }

    pub fn owner(&self) -> &str {
        todo!()
    }

    pub fn balance(&self) -> u64 {
        todo!()
    }

    pub fn deposit(&mut self, amount: u64) -> Result<u64, BankError> {
        todo!()
    }

    pub fn withdraw(&mut self, amount: u64) -> Result<u64, BankError> {
        todo!()
    }

    pub fn transfer(&mut self, to: &mut Account, amount: u64) -> Result<(), BankError> {
        todo!()
    }

    pub fn freeze(&mut self) {
        todo!()
    }

    pub fn unfreeze(&mut self) {
        todo!()
    }

    pub fn is_frozen(&self) -> bool {
        todo!()
    }

    pub fn history(&self) -> &[Transaction] {
        todo!()
    }
}
