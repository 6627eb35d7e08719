//! Decimal and hexadecimal integer text, without `core::fmt`.
//!
//! The wasm build avoids `format!`/`to_string` (they pull the formatting machinery into every
//! visitor's download), so the few integers the gate writes or reads go through here.

/// Appends the decimal digits of `n` to `out`.
pub fn push_decimal(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut len = 0;
    loop {
        digits[len] = b'0' + (n % 10) as u8;
        len += 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in digits[..len].iter().rev() {
        out.push(d as char);
    }
}

/// Reads a non-empty run of ASCII digits as a `u64`; `None` on any other character or overflow.
pub fn parse_decimal(text: &str) -> Option<u64> {
    if text.is_empty() || text.len() > 20 {
        return None;
    }
    text.bytes().try_fold(0u64, |acc, b| {
        let digit = (b as char).to_digit(10)?;
        acc.checked_mul(10)?.checked_add(u64::from(digit))
    })
}

/// Reads 1 to 8 hexadecimal digits (either case) as a `u32`; `None` on any other character.
pub fn parse_hex(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || digits.len() > 8 {
        return None;
    }
    digits.iter().try_fold(0u32, |acc, &d| {
        let value = match d {
            b'0'..=b'9' => d - b'0',
            b'a'..=b'f' => d - b'a' + 10,
            b'A'..=b'F' => d - b'A' + 10,
            _ => return None,
        };
        Some(acc << 4 | u32::from(value))
    })
}

/// Appends `bytes` as lowercase hexadecimal.
pub fn push_hex(out: &mut String, bytes: &[u8]) {
    push_hex_digits(out, bytes, b"0123456789abcdef");
}

/// Appends `bytes` as uppercase hexadecimal.
pub fn push_hex_upper(out: &mut String, bytes: &[u8]) {
    push_hex_digits(out, bytes, b"0123456789ABCDEF");
}

/// Appends `bytes` in hexadecimal, each nibble as its character in `digits`.
fn push_hex_digits(out: &mut String, bytes: &[u8], digits: &[u8; 16]) {
    for &b in bytes {
        out.push(digits[usize::from(b >> 4)] as char);
        out.push(digits[usize::from(b & 15)] as char);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn decimal_edges() {
        for n in [0, 7, 10, 1_700_000_000, u64::MAX] {
            let mut s = String::new();
            push_decimal(&mut s, n);
            assert_eq!(s, n.to_string());
            assert_eq!(parse_decimal(&s), Some(n));
        }
        assert_eq!(parse_decimal(""), None);
        assert_eq!(parse_decimal("-1"), None);
        assert_eq!(parse_decimal("+1"), None);
        assert_eq!(parse_decimal("18446744073709551616"), None, "overflow");
        assert_eq!(parse_decimal("1a"), None);
        assert_eq!(parse_decimal("١"), None, "non-ASCII digit");
    }

    #[test]
    fn hex() {
        let mut s = String::new();
        push_hex(&mut s, &[0, 0xab, 0xff]);
        assert_eq!(s, "00abff");
        push_hex_upper(&mut s, &[0x2c, 0xfe]);
        assert_eq!(s, "00abff2CFE");
        assert_eq!(parse_hex(b"00abff2CFE"), None, "more than 8 digits");
        assert_eq!(parse_hex(b"abFF2cfe"), Some(0xabff_2cfe));
        assert_eq!(parse_hex(b"0"), Some(0));
        assert_eq!(parse_hex(b""), None);
        assert_eq!(parse_hex(b"1g"), None);
        assert_eq!(parse_hex(b"+1"), None);
        assert_eq!(parse_hex("\u{ff11}".as_bytes()), None, "fullwidth digit");
    }

    proptest! {
        #[test]
        fn decimal_round_trip(n: u64) {
            let mut s = String::new();
            push_decimal(&mut s, n);
            prop_assert_eq!(parse_decimal(&s), Some(n));
        }

        #[test]
        fn parse_never_panics(s in ".*") {
            let _ = parse_decimal(&s);
            let _ = parse_hex(s.as_bytes());
        }

        #[test]
        fn hex_round_trip(n: u32, upper: bool) {
            let mut s = String::new();
            if upper { push_hex_upper(&mut s, &n.to_be_bytes()) } else { push_hex(&mut s, &n.to_be_bytes()) }
            prop_assert_eq!(parse_hex(s.as_bytes()), Some(n));
        }
    }
}
