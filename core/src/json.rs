//! A small JSON reader for the site's configuration.
//!
//! The config is the only JSON the gate reads, and it reads it once per page view, so this reader
//! favours size over speed: no serde, no float parsing (numbers that are not integers are kept as
//! [`Value::Fraction`] so the config can reject them by field name), objects keep their key order
//! (the order of categories is the order the visitor sees them in). Nesting is limited to
//! [`MAX_DEPTH`] levels, so hostile input cannot exhaust the stack.

/// How deeply arrays and objects may nest.
pub const MAX_DEPTH: usize = 32;

/// A parsed JSON value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// An integer that fits in an `i64`.
    Int(i64),
    /// Any other number (fraction, exponent, or out of `i64` range); its value is not kept.
    Fraction,
    /// A string.
    Str(String),
    /// An array.
    Array(Vec<Value>),
    /// An object, keys in document order.
    Object(Vec<(String, Value)>),
}

/// The text is not JSON. The position is the byte offset where reading stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte offset into the text.
    pub offset: usize,
}

/// Parses `text` as one JSON value (surrounding whitespace allowed).
pub fn parse(text: &str) -> Result<Value, SyntaxError> {
    let mut reader = Reader { bytes: text.as_bytes(), pos: 0 };
    let value = reader.value(0)?;
    reader.skip_ws();
    if reader.pos == reader.bytes.len() {
        Ok(value)
    } else {
        Err(reader.error())
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn error(&self) -> SyntaxError {
        SyntaxError { offset: self.pos }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.skip_ws();
        let found = self.peek() == Some(byte);
        if found {
            self.pos += 1;
        }
        found
    }

    fn literal(&mut self, word: &[u8], value: Value) -> Result<Value, SyntaxError> {
        if self.bytes.get(self.pos..self.pos + word.len()) == Some(word) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error())
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.error());
        }
        self.skip_ws();
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Value::Str),
            Some(b't') => self.literal(b"true", Value::Bool(true)),
            Some(b'f') => self.literal(b"false", Value::Bool(false)),
            Some(b'n') => self.literal(b"null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.error()),
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.pos += 1;
        let mut items = Vec::new();
        if self.eat(b']') {
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            if self.eat(b']') {
                return Ok(Value::Array(items));
            }
            if !self.eat(b',') {
                return Err(self.error());
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.pos += 1;
        let mut members = Vec::new();
        if self.eat(b'}') {
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.error());
            }
            let key = self.string()?;
            if !self.eat(b':') {
                return Err(self.error());
            }
            members.push((key, self.value(depth + 1)?));
            if self.eat(b'}') {
                return Ok(Value::Object(members));
            }
            if !self.eat(b',') {
                return Err(self.error());
            }
        }
    }

    fn number(&mut self) -> Result<Value, SyntaxError> {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        let int_start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        let digits = &self.bytes[int_start..self.pos];
        if digits.is_empty() || (digits.len() > 1 && digits[0] == b'0') {
            return Err(SyntaxError { offset: start });
        }
        let mut fraction = false;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            fraction = true;
            self.digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            fraction = true;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            self.digits()?;
        }
        if fraction {
            return Ok(Value::Fraction);
        }
        let magnitude = digits.iter().try_fold(0i64, |acc, &d| {
            acc.checked_mul(10)?.checked_add(i64::from(d - b'0'))
        });
        Ok(match magnitude {
            Some(m) if negative => Value::Int(-m),
            Some(m) => Value::Int(m),
            None => Value::Fraction,
        })
    }

    fn digits(&mut self) -> Result<(), SyntaxError> {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        if self.pos == start {
            Err(self.error())
        } else {
            Ok(())
        }
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let run_start = self.pos;
            while matches!(self.peek(), Some(b) if b != b'"' && b != b'\\' && b >= 0x20) {
                self.pos += 1;
            }
            // The input is a &str and runs stop only at ASCII bytes, so this slice is UTF-8.
            out.push_str(core::str::from_utf8(&self.bytes[run_start..self.pos]).map_err(|_| self.error())?);
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escaped = self.peek().ok_or_else(|| self.error())?;
                    self.pos += 1;
                    out.push(match escaped {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return Err(self.error()),
                    });
                }
                _ => return Err(self.error()),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let digits = self.bytes.get(self.pos..self.pos + 4).ok_or_else(|| self.error())?;
        let mut code = 0;
        for &d in digits {
            code = code * 16 + (d as char).to_digit(16).ok_or_else(|| self.error())?;
        }
        self.pos += 4;
        Ok(code)
    }

    fn unicode_escape(&mut self) -> Result<char, SyntaxError> {
        let first = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&first) {
            if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
                return Err(self.error());
            }
            self.pos += 2;
            let second = self.hex4()?;
            if !(0xDC00..0xE000).contains(&second) {
                return Err(self.error());
            }
            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else {
            first
        };
        char::from_u32(code).ok_or_else(|| self.error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn s(text: &str) -> Value {
        Value::Str(text.into())
    }

    #[test]
    fn reads_values() {
        assert_eq!(parse(" null "), Ok(Value::Null));
        assert_eq!(parse("[true,false]"), Ok(Value::Array(vec![Value::Bool(true), Value::Bool(false)])));
        assert_eq!(parse("-42"), Ok(Value::Int(-42)));
        assert_eq!(parse("0"), Ok(Value::Int(0)));
        assert_eq!(parse("1.5"), Ok(Value::Fraction));
        assert_eq!(parse("1e3"), Ok(Value::Fraction));
        assert_eq!(parse("99999999999999999999"), Ok(Value::Fraction));
        assert_eq!(
            parse(r#"{"b": 1, "a": {"x": []}}"#),
            Ok(Value::Object(vec![
                ("b".into(), Value::Int(1)),
                ("a".into(), Value::Object(vec![("x".into(), Value::Array(vec![]))])),
            ]))
        );
    }

    #[test]
    fn reads_string_escapes() {
        assert_eq!(parse(r#""a\"b\\c\/\n\t""#), Ok(s("a\"b\\c/\n\t")));
        assert_eq!(parse(r#""\u00e9\ud83d\ude00""#), Ok(s("é😀")));
        assert_eq!(parse("\"Grüße\""), Ok(s("Grüße")));
    }

    #[test]
    fn rejects_bad_text() {
        for bad in [
            "", "{", "[1,]", "{\"a\" 1}", "{a:1}", "01", "-", "1.", "1e", "tru", "nul", "\"abc",
            "\"\\x\"", "\"\\ud83d\"", "\"\\udc00\"", "\"a\nb\"", "[1] 2", "{\"a\":1,}", "'a'",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn limits_depth() {
        let deep = "[".repeat(MAX_DEPTH + 2) + &"]".repeat(MAX_DEPTH + 2);
        assert!(parse(&deep).is_err());
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_ok());
        // Far past the limit: must fail cleanly, not overflow the stack.
        assert!(parse(&"[".repeat(100_000)).is_err());
    }

    proptest! {
        #[test]
        fn never_panics(text in ".*") {
            let _ = parse(&text);
        }

        #[test]
        fn never_panics_on_json_like(text in r#"[\[\]{}",:0-9.eE+\-a-z\\ ]{0,64}"#) {
            let _ = parse(&text);
        }

        #[test]
        fn strings_round_trip(text in ".*") {
            let mut quoted = String::from("\"");
            for c in text.chars() {
                match c {
                    '"' => quoted.push_str("\\\""),
                    '\\' => quoted.push_str("\\\\"),
                    c if (c as u32) < 0x20 => {
                        quoted.push_str("\\u00");
                        crate::number::push_hex(&mut quoted, &[c as u8]);
                    }
                    c => quoted.push(c),
                }
            }
            quoted.push('"');
            prop_assert_eq!(parse(&quoted), Ok(Value::Str(text)));
        }
    }
}
