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
    balance: u64,
    frozen: bool,
    history: Vec<Transaction>,
}

impl Account {
    pub fn new(owner: &str) -> Account {
        Account { owner: owner.to_string(), balance: 0, frozen: false, history: Vec::new() }
    }

    pub fn owner(&self) -> &str {
        &self.owner
    }

    pub fn balance(&self) -> u64 {
        self.balance
    }

    pub fn deposit(&mut self, amount: u64) -> Result<u64, BankError> {
        if self.frozen {
            return Err(BankError::Frozen);
        }
        if amount == 0 {
            return Err(BankError::ZeroAmount);
        }
        self.balance = self.balance.checked_add(amount).ok_or(BankError::Overflow)?;
        self.history.push(Transaction::Deposit(amount));
        Ok(self.balance)
    }

    pub fn withdraw(&mut self, amount: u64) -> Result<u64, BankError> {
        if self.frozen {
            return Err(BankError::Frozen);
        }
        if amount == 0 {
            return Err(BankError::ZeroAmount);
        }
        if amount > self.balance {
            return Err(BankError::InsufficientFunds { needed: amount, available: self.balance });
        }
        self.balance -= amount;
        self.history.push(Transaction::Withdrawal(amount));
        Ok(self.balance)
    }

    pub fn transfer(&mut self, to: &mut Account, amount: u64) -> Result<(), BankError> {
        if self.frozen || to.frozen {
            return Err(BankError::Frozen);
        }
        if amount == 0 {
            return Err(BankError::ZeroAmount);
        }
        if amount > self.balance {
            return Err(BankError::InsufficientFunds { needed: amount, available: self.balance });
        }
        let new_to = to.balance.checked_add(amount).ok_or(BankError::Overflow)?;
        self.balance -= amount;
        to.balance = new_to;
        self.history.push(Transaction::TransferOut(amount));
        to.history.push(Transaction::TransferIn(amount));
        Ok(())
    }

    pub fn freeze(&mut self) {
        self.frozen = true;
    }

    pub fn unfreeze(&mut self) {
        self.frozen = false;
    }

    pub fn is_frozen(&self) -> bool {
        self.frozen
    }

    pub fn history(&self) -> &[Transaction] {
        &self.history
    }
}
