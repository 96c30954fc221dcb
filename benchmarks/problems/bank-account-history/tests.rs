use solution::*;
use Transaction::*;

#[test]
fn new_account() {
    let a = Account::new("ada");
    assert_eq!(a.owner(), "ada");
    assert_eq!(a.balance(), 0);
    assert!(!a.is_frozen());
    assert!(a.history().is_empty());
}

#[test]
fn deposits_and_withdrawals() {
    let mut a = Account::new("ada");
    assert_eq!(a.deposit(500), Ok(500));
    assert_eq!(a.deposit(250), Ok(750));
    assert_eq!(a.withdraw(700), Ok(50));
    assert_eq!(a.withdraw(50), Ok(0));
    assert_eq!(a.history(), &[Deposit(500), Deposit(250), Withdrawal(700), Withdrawal(50)]);
}

#[test]
fn errors_leave_state_unchanged() {
    let mut a = Account::new("ada");
    a.deposit(100).unwrap();
    assert_eq!(a.deposit(0), Err(BankError::ZeroAmount));
    assert_eq!(a.withdraw(0), Err(BankError::ZeroAmount));
    assert_eq!(
        a.withdraw(101),
        Err(BankError::InsufficientFunds { needed: 101, available: 100 })
    );
    assert_eq!(a.deposit(u64::MAX), Err(BankError::Overflow));
    assert_eq!(a.balance(), 100);
    assert_eq!(a.history(), &[Deposit(100)]);
}

#[test]
fn frozen_accounts() {
    let mut a = Account::new("ada");
    a.deposit(10).unwrap();
    a.freeze();
    assert!(a.is_frozen());
    assert_eq!(a.deposit(5), Err(BankError::Frozen));
    assert_eq!(a.withdraw(0), Err(BankError::Frozen));
    assert_eq!(a.withdraw(1000), Err(BankError::Frozen));
    assert_eq!(a.balance(), 10);
    a.unfreeze();
    assert_eq!(a.withdraw(4), Ok(6));
    assert_eq!(a.history(), &[Deposit(10), Withdrawal(4)]);
}

#[test]
fn transfers() {
    let mut a = Account::new("ada");
    let mut b = Account::new("bob");
    a.deposit(1000).unwrap();
    assert_eq!(a.transfer(&mut b, 300), Ok(()));
    assert_eq!(a.balance(), 700);
    assert_eq!(b.balance(), 300);
    assert_eq!(a.history(), &[Deposit(1000), TransferOut(300)]);
    assert_eq!(b.history(), &[TransferIn(300)]);
    assert_eq!(b.transfer(&mut a, 300), Ok(()));
    assert_eq!(b.balance(), 0);
    assert_eq!(a.balance(), 1000);
}

#[test]
fn transfer_errors_in_order() {
    let mut a = Account::new("ada");
    let mut b = Account::new("bob");
    a.deposit(100).unwrap();
    b.deposit(u64::MAX - 50).unwrap();
    b.freeze();
    // frozen receiver is reported before the zero amount
    assert_eq!(a.transfer(&mut b, 0), Err(BankError::Frozen));
    b.unfreeze();
    assert_eq!(a.transfer(&mut b, 0), Err(BankError::ZeroAmount));
    assert_eq!(
        a.transfer(&mut b, 500),
        Err(BankError::InsufficientFunds { needed: 500, available: 100 })
    );
    assert_eq!(a.transfer(&mut b, 51), Err(BankError::Overflow));
    assert_eq!(a.balance(), 100);
    assert_eq!(b.balance(), u64::MAX - 50);
    assert_eq!(a.history(), &[Deposit(100)]);
    assert_eq!(b.history(), &[Deposit(u64::MAX - 50)]);
    assert_eq!(a.transfer(&mut b, 50), Ok(()));
    assert_eq!(b.balance(), u64::MAX);
}

#[test]
fn frozen_sender() {
    let mut a = Account::new("ada");
    let mut b = Account::new("bob");
    a.deposit(100).unwrap();
    a.freeze();
    assert_eq!(a.transfer(&mut b, 10), Err(BankError::Frozen));
    assert_eq!(b.balance(), 0);
    assert!(b.history().is_empty());
}
