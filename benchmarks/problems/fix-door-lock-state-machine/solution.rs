#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DoorState {
    Open,
    Closed,
    Locked,
    Jammed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    Open,
    Close,
    Lock(u32),
    Unlock(u32),
}

const MAX_FAILURES: u32 = 3;

#[derive(Debug)]
pub struct Door {
    state: DoorState,
    code: u32,
    failed: u32,
}

impl Door {
    pub fn new() -> Door {
        Door { state: DoorState::Closed, code: 0, failed: 0 }
    }

    pub fn state(&self) -> DoorState {
        self.state
    }

    pub fn failed_attempts(&self) -> u32 {
        self.failed
    }

    /// Applies one event; returns whether the state changed.
    pub fn handle(&mut self, event: Event) -> bool {
        let next = match (self.state, event) {
            (DoorState::Jammed, _) => DoorState::Jammed,
            (DoorState::Closed, Event::Open) => DoorState::Open,
            (DoorState::Open, Event::Close) => DoorState::Closed,
            (DoorState::Closed, Event::Lock(code)) => {
                self.code = code;
                DoorState::Locked
            }
            (DoorState::Locked, Event::Unlock(code)) => {
                if code == self.code {
                    self.failed = 0;
                    DoorState::Closed
                } else {
                    self.failed += 1;
                    if self.failed >= MAX_FAILURES {
                        DoorState::Jammed
                    } else {
                        DoorState::Locked
                    }
                }
            }
            (state, _) => state,
        };
        let changed = next != self.state;
        self.state = next;
        changed
    }
}
