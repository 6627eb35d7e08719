//! The consent record: the visitor's choice as stored in the first-party cookie (and its
//! localStorage mirror), and its compact, versioned text form.
//!
//! ```text
//! 1.3.1763900000.9f86d081884c7d659a2feaa0.pg.analytics+session-replay.youtube.5a1b2c3d
//! │ │ │          │                        ││ │                         │       └ checksum (FNV-1a, hex)
//! │ │ │          │                        ││ │                         └ services granted one by one
//! │ │ │          │                        ││ │                           (optional, `+`-separated)
//! │ │ │          │                        ││ └ granted categories, percent-encoded, `+`-separated
//! │ │ │          │                        │└ `g`: a GPC/DNT signal was present when chosen
//! │ │ │          │                        └ source: a(ccept all) r(eject all) p(references) i (API)
//! │ │ │          │                          e (an embed's placeholder)
//! │ │ │          └ random consent id (hex)
//! │ │ └ time of the choice, seconds since the Unix epoch
//! │ └ config revision the choice was made under
//! └ format version
//! ```
//!
//! A record without services (every record before per-service choice) has no services field and
//! reads as it always did. Only cookie-safe characters are written. The checksum catches truncation and hand edits; it is
//! not a signature (anything in the page can rewrite the cookie), so a record that fails it is
//! simply "no choice yet". What a record *means* (expired? outdated revision?) is
//! [`crate::consent`]'s business, not this module's.

use crate::number::{parse_decimal, parse_hex, push_decimal, push_hex, push_hex_upper};
use crate::split;

/// The format version this build writes and reads.
pub const FORMAT_VERSION: u64 = 1;

/// How the choice was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The "Accept all" button (banner or preferences) or `acceptAll()`.
    AcceptAll,
    /// The "Reject all" button, `rejectAll()` or `optOut()`.
    RejectAll,
    /// The visitor's ticks in the preferences dialog.
    Preferences,
    /// `accept([...])` / `acceptService()` from the site's own code.
    Api,
    /// "Always allow" on a held embed's placeholder.
    Placeholder,
}

impl Source {
    const ALL: [Source; 5] = [Source::AcceptAll, Source::RejectAll, Source::Preferences, Source::Api, Source::Placeholder];

    fn code(self) -> u8 {
        match self {
            Source::AcceptAll => b'a',
            Source::RejectAll => b'r',
            Source::Preferences => b'p',
            Source::Api => b'i',
            Source::Placeholder => b'e',
        }
    }

    /// The name the JS API reports (`getConsent().source`).
    pub fn as_str(self) -> &'static str {
        match self {
            Source::AcceptAll => "accept-all",
            Source::RejectAll => "reject-all",
            Source::Preferences => "preferences",
            Source::Api => "api",
            Source::Placeholder => "placeholder",
        }
    }
}

/// A stored choice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsentRecord {
    /// Config revision the choice was made under.
    pub revision: u64,
    /// Seconds since the Unix epoch.
    pub time: u64,
    /// Random consent id, lowercase hex (8 to 64 digits).
    pub id: String,
    /// How the choice was made.
    pub source: Source,
    /// A privacy signal (GPC/DNT) was present when the choice was made, so any signal-denied
    /// category it grants was ticked explicitly.
    pub signal: bool,
    /// Names of the granted non-required categories: each with all of its services.
    pub granted: Vec<String>,
    /// Names of services granted on their own, in categories not granted whole.
    pub services: Vec<String>,
}

/// Why a stored text is not a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordError {
    /// Written by another format version.
    Version,
    /// Not the record's shape.
    Malformed,
    /// The checksum does not match: truncated or edited.
    Checksum,
}

impl RecordError {
    /// A fixed English description, for the console.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordError::Version => "the stored choice has an unknown format version",
            RecordError::Malformed => "the stored choice is malformed",
            RecordError::Checksum => "the stored choice was altered (checksum mismatch)",
        }
    }
}

/// Whether `id` is a valid consent id.
pub fn is_valid_id(id: &str) -> bool {
    (8..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl ConsentRecord {
    /// The cookie-safe text form.
    pub fn encode(&self) -> String {
        let mut s = String::with_capacity(64 + self.granted.iter().map(String::len).sum::<usize>());
        push_decimal(&mut s, FORMAT_VERSION);
        s.push('.');
        push_decimal(&mut s, self.revision);
        s.push('.');
        push_decimal(&mut s, self.time);
        s.push('.');
        s.push_str(&self.id);
        s.push('.');
        s.push(char::from(self.source.code()));
        if self.signal {
            s.push('g');
        }
        s.push('.');
        push_names(&mut s, &self.granted);
        if !self.services.is_empty() {
            s.push('.');
            push_names(&mut s, &self.services);
        }
        let sum = checksum(&s);
        s.push('.');
        push_hex(&mut s, &sum.to_be_bytes());
        s
    }

    /// Reads the text form. Never panics, whatever the input.
    pub fn decode(text: &str) -> Result<ConsentRecord, RecordError> {
        let dot = text.bytes().rposition(|b| b == b'.').ok_or(RecordError::Malformed)?;
        let (body, sum) = (&text[..dot], &text[dot + 1..]);
        let intact = {
            let mut expected = String::new();
            push_hex(&mut expected, &checksum(body).to_be_bytes());
            sum == expected
        };
        let mut fields = split::pieces(body, b'.');
        let version = fields.next().and_then(parse_decimal).ok_or(RecordError::Malformed)?;
        if version != FORMAT_VERSION {
            return Err(RecordError::Version);
        }
        if !intact {
            return Err(RecordError::Checksum);
        }
        let mut next = || fields.next().ok_or(RecordError::Malformed);
        let revision = parse_decimal(next()?).ok_or(RecordError::Malformed)?;
        let time = parse_decimal(next()?).ok_or(RecordError::Malformed)?;
        let id = next()?;
        let flags = next()?;
        let granted = names(next()?)?;
        let services = match fields.next() {
            Some(text) if !text.is_empty() => names(text)?,
            Some(_) => return Err(RecordError::Malformed),
            None => Vec::new(),
        };
        if fields.next().is_some() || !is_valid_id(id) {
            return Err(RecordError::Malformed);
        }
        let (&code, signal) = flags.as_bytes().split_first().ok_or(RecordError::Malformed)?;
        let source = Source::ALL.into_iter().find(|s| s.code() == code).ok_or(RecordError::Malformed)?;
        let signal = match signal {
            b"" => false,
            b"g" => true,
            _ => return Err(RecordError::Malformed),
        };
        Ok(ConsentRecord { revision, time, id: id.into(), source, signal, granted, services })
    }
}

/// Appends `names`, percent-encoded, `+`-separated.
fn push_names(s: &mut String, names: &[String]) {
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            s.push('+');
        }
        percent_encode(s, name);
    }
}

/// Reads a `+`-separated list of percent-encoded names (`""`: none).
fn names(text: &str) -> Result<Vec<String>, RecordError> {
    let mut list = Vec::new();
    if !text.is_empty() {
        for name in split::pieces(text, b'+') {
            list.push(percent_decode(name).ok_or(RecordError::Malformed)?);
        }
    }
    Ok(list)
}

/// `body` with its checksum field appended: a record text whose checksum is right, whatever
/// the body holds (for the conformance cases).
#[cfg(any(test, feature = "conformance"))]
pub(crate) fn with_checksum(body: &str) -> String {
    let mut text = String::from(body);
    text.push('.');
    push_hex(&mut text, &checksum(body).to_be_bytes());
    text
}

fn checksum(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

fn is_plain(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

fn percent_encode(out: &mut String, name: &str) {
    for b in name.bytes() {
        if is_plain(b) {
            out.push(b as char);
        } else {
            out.push('%');
            push_hex_upper(out, &[b]);
        }
    }
}

/// Decodes one name; `None` for an empty name, a stray character, a bad escape or non-UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        if b == b'%' {
            bytes.push(parse_hex(tail.get(..2)?)? as u8);
            rest = &tail[2..];
        } else if is_plain(b) {
            bytes.push(b);
            rest = tail;
        } else {
            return None;
        }
    }
    if bytes.is_empty() {
        return None;
    }
    utf8(&bytes)
}

/// `bytes` as text if they are UTF-8: the same answer as `String::from_utf8` in less than half
/// its code (std's validator carries a fast path for long ASCII runs that these short names never
/// need; the gate's only other use of it, JSON strings, slices the source text instead). Each sequence
/// is decoded; the minimum per length turns away overlong forms, `char::from_u32` surrogates and
/// code points past U+10FFFF.
fn utf8(bytes: &[u8]) -> Option<String> {
    let mut text = String::with_capacity(bytes.len());
    let mut rest = bytes;
    while let Some((&lead, tail)) = rest.split_first() {
        let (len, bits) = match lead {
            0x00..=0x7f => (0, u32::from(lead)),
            0xc0..=0xdf => (1, u32::from(lead & 0x1f)),
            0xe0..=0xef => (2, u32::from(lead & 0x0f)),
            0xf0..=0xf7 => (3, u32::from(lead & 0x07)),
            _ => return None,
        };
        let continuation = tail.get(..len)?;
        let mut code = bits;
        for &b in continuation {
            if b & 0xc0 != 0x80 {
                return None;
            }
            code = code << 6 | u32::from(b & 0x3f);
        }
        if code < [0, 0x80, 0x800, 0x1_0000][len] {
            return None;
        }
        text.push(char::from_u32(code)?);
        rest = &tail[len..];
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cookie::is_token;
    use proptest::prelude::*;

    fn sample() -> ConsentRecord {
        ConsentRecord {
            revision: 3,
            time: 1_763_900_000,
            id: "9f86d081884c7d659a2feaa0".into(),
            source: Source::Preferences,
            signal: true,
            granted: vec!["analytics".into(), "session-replay".into()],
            services: Vec::new(),
        }
    }

    #[test]
    fn encodes_compactly() {
        let text = sample().encode();
        assert!(text.starts_with("1.3.1763900000.9f86d081884c7d659a2feaa0.pg.analytics+session-replay."), "{text}");
        assert_eq!(text.matches('.').count(), 6, "no services field without services: {text}");
        assert_eq!(ConsentRecord::decode(&text), Ok(sample()));
    }

    #[test]
    fn services_granted_one_by_one_follow_the_categories() {
        let record = ConsentRecord { granted: Vec::new(), services: vec!["youtube".into(), "google-maps".into()], ..sample() };
        let text = record.encode();
        assert!(text.starts_with("1.3.1763900000.9f86d081884c7d659a2feaa0.pg..youtube+google-maps."), "{text}");
        assert_eq!(ConsentRecord::decode(&text), Ok(record));
        // A services field that is there must name something.
        assert_eq!(ConsentRecord::decode(&with_checksum("1.3.1763900000.9f86d081.p.analytics.")), Err(RecordError::Malformed));
        assert_eq!(ConsentRecord::decode(&with_checksum("1.3.1763900000.9f86d081.p.analytics.a.b")), Err(RecordError::Malformed));
    }

    #[test]
    fn a_record_written_before_services_existed_still_reads() {
        // Written by the release before per-service choice (its format, its checksum).
        let old = "1.1.1763900000.0123456789abcdef.a.performance+analytics+session-replay+marketing";
        let record = ConsentRecord::decode(&with_checksum(old)).unwrap();
        assert_eq!(record.granted.len(), 4);
        assert!(record.services.is_empty());
        assert_eq!(record.encode(), with_checksum(old), "and is written the same way");
    }

    #[test]
    fn hostile_names_cannot_break_out_of_the_cookie() {
        let mut record = sample();
        record.granted = vec!["a;b=c,d".into(), "\"<x>\"".into(), "Grüße".into(), "x".repeat(10_000), "+.%".into()];
        let text = record.encode();
        assert!(text.bytes().all(|b| b == b'.' || b == b'+' || b == b'%' || is_plain(b)));
        assert!(is_token(&text.replace('%', "")), "cookie-safe");
        assert!(text.contains(".a%3Bb%3Dc%2Cd+%22%3Cx%3E%22+Gr%C3%BC%C3%9Fe+"), "escapes in uppercase hex: {text}");
        assert_eq!(ConsentRecord::decode(&text), Ok(record));
    }

    fn any_source() -> impl Strategy<Value = Source> {
        prop::sample::select(Source::ALL.to_vec())
    }

    prop_compose! {
        fn any_record()(
            revision: u64, time: u64, id in "[0-9a-f]{8,64}", source in any_source(), signal: bool,
            granted in prop::collection::vec(".{1,30}", 0..8),
            services in prop::collection::vec(".{1,30}", 0..4),
        ) -> ConsentRecord {
            ConsentRecord { revision, time, id, source, signal, granted, services }
        }
    }

    /// Byte strings near UTF-8: text with bytes changed or added, and runs drawn from each kind of
    /// byte (ASCII, continuation, each lead, never valid), which make overlong forms, surrogates,
    /// code points past U+10FFFF and cut sequences.
    fn utf8_ish() -> impl Strategy<Value = Vec<u8>> {
        let edit = (any::<prop::sample::Index>(), any::<u8>());
        let edited = (".{0,12}", prop::collection::vec(edit, 0..3)).prop_map(|(text, edits)| {
            let mut bytes = text.into_bytes();
            for (at, byte) in edits {
                let i = at.index(bytes.len() + 1);
                if i == bytes.len() {
                    bytes.push(byte);
                } else {
                    bytes[i] = byte;
                }
            }
            bytes
        });
        let kinds = prop_oneof![
            0x00..0x80u8, 0x80..0x90u8, 0x90..0xa0u8, 0xa0..0xc0u8, // ASCII; continuations, in the ranges leads treat apart
            0xc0..0xc2u8, 0xc2..0xe0u8, Just(0xe0), 0xe1..0xedu8, Just(0xed), 0xee..0xf0u8, // two- and three-byte leads
            Just(0xf0), 0xf1..0xf4u8, Just(0xf4), 0xf5..=0xffu8, // four-byte leads; bytes never valid
        ];
        prop_oneof![edited, prop::collection::vec(kinds, 0..8)]
    }

    #[test]
    fn utf8_turns_away_what_std_does() {
        for bytes in [
            &b"\xc0\x80"[..],         // overlong NUL
            b"\xe0\x80\x80",         // overlong, three bytes
            b"\xf0\x80\x80\x80",    // overlong, four bytes
            b"\xed\xa0\x80",         // surrogate
            b"\xf4\x90\x80\x80",    // past U+10FFFF
            b"\xf8\x88\x80\x80\x80", // five-byte form
            b"\xe2\x82",             // cut short
            b"\x80",                 // stray continuation
        ] {
            assert_eq!(utf8(bytes), None, "{bytes:x?}");
        }
        for text in ["", "a", "\u{7f}", "\u{80}", "\u{7ff}", "\u{800}", "\u{d7ff}", "\u{e000}", "\u{ffff}", "\u{10000}", "\u{10ffff}", "Grüße"] {
            assert_eq!(utf8(text.as_bytes()).as_deref(), Some(text));
        }
    }

    proptest! {
        #[test]
        fn decode_after_encode_is_identity(record in any_record()) {
            prop_assert_eq!(ConsentRecord::decode(&record.encode()), Ok(record));
        }

        #[test]
        fn utf8_agrees_with_std(bytes in utf8_ish()) {
            prop_assert_eq!(utf8(&bytes), String::from_utf8(bytes).ok());
        }

        #[test]
        fn arbitrary_text_never_panics(text in ".*") {
            let _ = ConsentRecord::decode(&text);
        }

        #[test]
        fn mutated_records_never_panic_and_rarely_pass(record in any_record(), at in any::<prop::sample::Index>(), byte in 0x21u8..0x7f) {
            let mut bytes = record.encode().into_bytes();
            let i = at.index(bytes.len());
            let changed = bytes[i] != byte;
            bytes[i] = byte;
            let text = String::from_utf8(bytes).unwrap();
            if let Ok(decoded) = ConsentRecord::decode(&text) {
                // A one-byte change that still decodes must have changed nothing that matters
                // (e.g. hex case in an escape), or it was no change at all.
                prop_assert!(!changed || decoded == record, "edit slipped through: {text}");
            }
        }
    }
}
