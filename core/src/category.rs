//! A set of categories, as a bit set over the positions of the configured categories.
//!
//! The config allows at most [`CategorySet::CAPACITY`] categories, so a `u64` holds any set. This
//! module does not know category names; [`crate::config::Config`] maps names to positions.

/// A set of category positions (0-based indices into `Config::categories`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CategorySet(u64);

impl CategorySet {
    /// The largest number of categories a config may define.
    pub const CAPACITY: usize = 64;

    /// The empty set.
    pub const fn empty() -> Self {
        CategorySet(0)
    }

    /// This set with `index` added. Indices at or past [`Self::CAPACITY`] are ignored.
    pub fn with(self, index: usize) -> Self {
        match 1u64.checked_shl(index as u32) {
            Some(bit) if index < Self::CAPACITY => CategorySet(self.0 | bit),
            _ => self,
        }
    }

    /// Whether `index` is in the set.
    pub fn contains(self, index: usize) -> bool {
        index < Self::CAPACITY && self.0 & (1u64 << index) != 0
    }

    /// Members of either set.
    pub fn union(self, other: Self) -> Self {
        CategorySet(self.0 | other.0)
    }

    /// Members of `self` that are not in `other`.
    pub fn minus(self, other: Self) -> Self {
        CategorySet(self.0 & !other.0)
    }

    /// Whether every member of `self` is in `other`.
    pub fn is_subset(self, other: Self) -> bool {
        self.0 & !other.0 == 0
    }

    /// Whether the set has no members.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The member indices, in ascending order.
    pub fn iter(self) -> impl Iterator<Item = usize> {
        (0..Self::CAPACITY).filter(move |&i| self.contains(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_operations() {
        let a = CategorySet::empty().with(0).with(3);
        let b = CategorySet::empty().with(3).with(63);
        assert!(a.contains(0) && a.contains(3) && !a.contains(1));
        assert_eq!(a.union(b).iter().collect::<Vec<_>>(), vec![0, 3, 63]);
        assert_eq!(a.minus(b).iter().collect::<Vec<_>>(), vec![0]);
        assert!(CategorySet::empty().with(3).is_subset(a));
        assert!(!a.is_subset(b));
        assert_eq!(a.with(64), a, "out-of-range index is ignored");
        assert!(!a.contains(200));
    }
}
