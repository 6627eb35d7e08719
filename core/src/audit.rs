//! The leak audit's timeline: which categories were granted at each moment of the page view, so
//! that every request to a tracker host can be judged against the consent in force when it
//! started.

use crate::CategorySet;

/// The granted categories over time (milliseconds since the page's time origin).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Timeline {
    changes: Vec<(f64, CategorySet)>,
}

/// When a request started, relative to the consent of the page view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moment {
    /// Before the gate started: nothing could have been granted.
    BeforeGate,
    /// While these categories were granted.
    Granted(CategorySet),
}

impl Timeline {
    /// From `time` on, `granted` holds.
    pub fn record(&mut self, time: f64, granted: CategorySet) {
        if self.changes.last().is_some_and(|(_, last)| *last == granted) {
            return;
        }
        self.changes.push((time, granted));
    }

    /// What held at `time`. Changes are recorded in time order.
    pub fn at(&self, time: f64) -> Moment {
        match self.changes.iter().rev().find(|(from, _)| *from <= time) {
            Some((_, granted)) => Moment::Granted(*granted),
            None => Moment::BeforeGate,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn judges_each_moment_by_the_last_change_before_it() {
        let none = CategorySet::empty();
        let some = none.with(2);
        let mut t = Timeline::default();
        assert_eq!(t.at(5.0), Moment::BeforeGate);
        t.record(10.0, none);
        t.record(20.0, none);
        t.record(30.0, some);
        assert_eq!(t.at(9.9), Moment::BeforeGate);
        assert_eq!(t.at(10.0), Moment::Granted(none));
        assert_eq!(t.at(29.0), Moment::Granted(none));
        assert_eq!(t.at(30.0), Moment::Granted(some));
        assert_eq!(t.at(1e12), Moment::Granted(some));
        assert_eq!(t.changes.len(), 2, "repeats are not recorded");
    }
}
