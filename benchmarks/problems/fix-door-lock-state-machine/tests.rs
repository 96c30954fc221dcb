use solution::*;

#[test]
fn open_and_close() {
    let mut d = Door::new();
    assert_eq!(d.state(), DoorState::Closed);
    assert!(d.handle(Event::Open));
    assert_eq!(d.state(), DoorState::Open);
    assert!(!d.handle(Event::Open));
    assert!(d.handle(Event::Close));
    assert_eq!(d.state(), DoorState::Closed);
    assert!(!d.handle(Event::Close));
}

#[test]
fn lock_and_unlock() {
    let mut d = Door::new();
    assert!(d.handle(Event::Lock(1234)));
    assert_eq!(d.state(), DoorState::Locked);
    assert!(!d.handle(Event::Open));
    assert!(d.handle(Event::Unlock(1234)));
    assert_eq!(d.state(), DoorState::Closed);
    assert_eq!(d.failed_attempts(), 0);
}

#[test]
fn cannot_lock_an_open_door() {
    let mut d = Door::new();
    d.handle(Event::Open);
    assert!(!d.handle(Event::Lock(5)));
    assert_eq!(d.state(), DoorState::Open);
}

#[test]
fn relocking_does_not_change_the_code() {
    let mut d = Door::new();
    d.handle(Event::Lock(11));
    assert!(!d.handle(Event::Lock(22)));
    assert!(!d.handle(Event::Unlock(22)));
    assert_eq!(d.failed_attempts(), 1);
    assert!(d.handle(Event::Unlock(11)));
}

#[test]
fn third_wrong_code_jams() {
    let mut d = Door::new();
    d.handle(Event::Lock(7));
    assert!(!d.handle(Event::Unlock(1)));
    assert!(!d.handle(Event::Unlock(2)));
    assert_eq!(d.failed_attempts(), 2);
    assert_eq!(d.state(), DoorState::Locked);
    assert!(d.handle(Event::Unlock(3)));
    assert_eq!(d.state(), DoorState::Jammed);
    assert_eq!(d.failed_attempts(), 3);
}

#[test]
fn jammed_is_final() {
    let mut d = Door::new();
    d.handle(Event::Lock(7));
    for c in 0..3 {
        d.handle(Event::Unlock(c));
    }
    assert_eq!(d.state(), DoorState::Jammed);
    assert!(!d.handle(Event::Unlock(7)));
    assert!(!d.handle(Event::Open));
    assert!(!d.handle(Event::Lock(7)));
    assert_eq!(d.state(), DoorState::Jammed);
}

#[test]
fn success_resets_the_failure_count() {
    let mut d = Door::new();
    d.handle(Event::Lock(9));
    d.handle(Event::Unlock(1));
    d.handle(Event::Unlock(2));
    assert!(d.handle(Event::Unlock(9)));
    assert_eq!(d.failed_attempts(), 0);
    d.handle(Event::Lock(9));
    assert!(!d.handle(Event::Unlock(3)));
    assert_eq!(d.state(), DoorState::Locked);
    assert_eq!(d.failed_attempts(), 1);
}

#[test]
fn unlock_when_not_locked_is_ignored() {
    let mut d = Door::new();
    assert!(!d.handle(Event::Unlock(0)));
    assert_eq!(d.failed_attempts(), 0);
    assert_eq!(d.state(), DoorState::Closed);
}
