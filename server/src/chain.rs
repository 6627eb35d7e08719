//! The hash chain over the log: each row stores the previous row's hash and its own,
//! `SHA-256(previous hash ‖ "\n" ‖ content)` in lowercase hex, the first row's previous hash
//! being [`GENESIS`]. Editing a row's content breaks its own hash; deleting or reordering rows
//! breaks the next row's link or the sequence. (Removing the newest rows leaves a shorter
//! chain that still verifies: keep a copy of the head hash, which `verify` reports, elsewhere.)

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The previous hash of the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The hash of a row whose content is `content`, after a row whose hash is `prev`.
pub fn link(prev: &str, content: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(prev.as_bytes());
    hasher.update(b"\n");
    hasher.update(content.as_bytes());
    let digest = hasher.finalize();
    let mut hex = String::with_capacity(64);
    for byte in digest {
        hex.push(char::from(b"0123456789abcdef"[usize::from(byte >> 4)]));
        hex.push(char::from(b"0123456789abcdef"[usize::from(byte & 15)]));
    }
    hex
}

/// One row of the log as the database holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub seq: i64,
    pub record_id: String,
    pub consent_id: String,
    pub received_ms: i64,
    pub content: String,
    pub prev_hash: String,
    pub hash: String,
}

/// Where and why the chain breaks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Break {
    /// The first row that fails (or, for a gap, the row after it).
    pub seq: i64,
    pub reason: String,
}

/// The result of a walk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    pub ok: bool,
    /// Rows checked (up to and including the broken one).
    pub records: u64,
    /// The hash of the last good row: the head, when `ok`.
    pub head: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub broken: Option<Break>,
}

/// The columns a row repeats from its content, so they can be indexed; they must agree.
#[derive(Deserialize)]
struct Columns {
    seq: i64,
    received_at: String,
    record_id: String,
    consent_id: String,
}

/// Walks rows in `seq` order, one at a time.
#[derive(Clone, Debug)]
pub struct Walk {
    next_seq: i64,
    head: String,
    records: u64,
    broken: Option<Break>,
}

impl Default for Walk {
    fn default() -> Self {
        Walk { next_seq: 1, head: GENESIS.to_string(), records: 0, broken: None }
    }
}

impl Walk {
    /// Checks the next row; `false` once the chain is broken (later rows are not looked at).
    pub fn check(&mut self, row: &Row) -> bool {
        if self.broken.is_some() {
            return false;
        }
        self.records += 1;
        let problem = if row.seq != self.next_seq {
            Some(format!("expected row {} here, found row {}: rows are missing", self.next_seq, row.seq))
        } else if row.prev_hash != self.head {
            Some("its previous hash is not the previous row's hash".to_string())
        } else if link(&row.prev_hash, &row.content) != row.hash {
            Some("its content does not match its hash: the row was edited".to_string())
        } else {
            match serde_json::from_str::<Columns>(&row.content) {
                Ok(c) if c.seq == row.seq
                    && c.record_id == row.record_id
                    && c.consent_id == row.consent_id
                    && crate::record::parse_ms(&c.received_at) == Some(row.received_ms) =>
                {
                    None
                }
                _ => Some("its columns disagree with its content: the row was edited".to_string()),
            }
        };
        match problem {
            Some(reason) => {
                self.broken = Some(Break { seq: row.seq, reason });
                false
            }
            None => {
                self.head.clone_from(&row.hash);
                self.next_seq += 1;
                true
            }
        }
    }

    pub fn report(self) -> Report {
        Report { ok: self.broken.is_none(), records: self.records, head: self.head, broken: self.broken }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{rfc3339_ms, tests::sample, Stored};

    fn chain(n: i64) -> Vec<Row> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|seq| {
                let mut submission = sample();
                submission.record_id = format!("{seq:032x}");
                let content = Stored { seq, received_at: rfc3339_ms(seq * 1000), submission: submission.clone() }.content();
                let hash = link(&prev, &content);
                let row = Row { seq, record_id: submission.record_id, consent_id: submission.consent_id, received_ms: seq * 1000, content, prev_hash: prev.clone(), hash: hash.clone() };
                prev = hash;
                row
            })
            .collect()
    }

    fn walk(rows: &[Row]) -> Report {
        let mut walk = Walk::default();
        for row in rows {
            walk.check(row);
        }
        walk.report()
    }

    #[test]
    fn an_intact_chain_verifies() {
        let rows = chain(5);
        let report = walk(&rows);
        assert!(report.ok);
        assert_eq!(report.records, 5);
        assert_eq!(report.head, rows[4].hash);
        assert!(walk(&[]).ok);
    }

    #[test]
    fn the_hash_is_sha256_of_prev_newline_content() {
        // printf '%s\n%s' 0000…0000 '{}' | sha256sum
        assert_eq!(link(GENESIS, "{}"), "5649d09ed68c17156095d175eef152856c5b1a81c117c409c1e00f096aa6838e");
    }

    #[test]
    fn every_kind_of_tampering_is_found_at_its_row() {
        let edited = |f: fn(&mut Row)| {
            let mut rows = chain(5);
            f(&mut rows[2]);
            walk(&rows)
        };
        for report in [
            edited(|r| r.content = r.content.replace("analytics", "marketing")),
            edited(|r| r.consent_id = "00000000".into()),
            edited(|r| r.received_ms += 1),
            edited(|r| r.prev_hash = GENESIS.into()),
        ] {
            assert!(!report.ok);
            assert_eq!(report.broken.as_ref().map(|b| b.seq), Some(3), "{report:?}");
        }
        let mut rows = chain(5);
        rows.remove(2);
        assert_eq!(walk(&rows).broken.map(|b| b.seq), Some(4));
        let mut rows = chain(5);
        rows.swap(1, 2);
        assert_eq!(walk(&rows).broken.map(|b| b.seq), Some(3));
        // An edit that recomputes the row's own hash still breaks the next link.
        let mut rows = chain(5);
        rows[2].content = rows[2].content.replace("analytics", "marketing");
        rows[2].hash = link(&rows[2].prev_hash, &rows[2].content);
        assert_eq!(walk(&rows).broken.map(|b| b.seq), Some(4));
    }
}
