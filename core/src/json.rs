//! A small pull reader for JSON: the config and the built-in translation files.
//!
//! It builds no tree. The config reader asks for one token at a time, checks it against the
//! field it expects and stores it straight into the model, so the wasm carries no generic value
//! type with its clones, drops and collects. It favours size over speed: no serde, no float
//! parsing (a number that is not an `i64` integer is a [`Token::Fraction`], so the config can
//! reject it by field name). Objects are read in document order (the order of categories is the
//! order the visitor sees them in). Nesting is limited to [`MAX_DEPTH`] levels.

use crate::number::parse_hex;

/// How deeply arrays and objects may nest.
pub const MAX_DEPTH: usize = 32;

/// The start of a value: a whole scalar, or the opening bracket of an array or object (read its
/// contents with [`Reader::item`] or [`Reader::key`]).
#[derive(Debug, PartialEq)]
pub enum Token {
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
    /// `[`: the items follow.
    Array,
    /// `{`: the members follow.
    Object,
}

/// The text is not JSON. The position is the byte offset where reading stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte offset into the text.
    pub offset: usize,
}

/// Reads one JSON value from a text, token by token.
pub struct Reader<'a> {
    text: &'a str,
    pos: usize,
    depth: usize,
    /// Just inside an opening bracket: the next member needs no comma.
    first: bool,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        Reader { text, pos: 0, depth: 0, first: false }
    }

    /// The next value's start. A string or number is read whole; after [`Token::Array`] or
    /// [`Token::Object`], read the contents before anything else.
    pub fn value(&mut self) -> Result<Token, SyntaxError> {
        self.skip_ws();
        let token = match self.peek() {
            Some(b'{') => self.open(Token::Object)?,
            Some(b'[') => self.open(Token::Array)?,
            Some(b'"') => Token::Str(self.string()?),
            Some(b't') => self.literal(b"true", Token::Bool(true))?,
            Some(b'f') => self.literal(b"false", Token::Bool(false))?,
            Some(b'n') => self.literal(b"null", Token::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            _ => return Err(self.error()),
        };
        Ok(token)
    }

    /// In an object: the next member's key (its value is read next), or `None` at the closing
    /// brace.
    pub fn key(&mut self) -> Result<Option<String>, SyntaxError> {
        if !self.more(b'}')? {
            return Ok(None);
        }
        self.skip_ws();
        if self.peek() != Some(b'"') {
            return Err(self.error());
        }
        let key = self.string()?;
        self.expect(b':')?;
        Ok(Some(key))
    }

    /// In an array: whether another item follows (read it next); `false` at the closing bracket.
    pub fn item(&mut self) -> Result<bool, SyntaxError> {
        self.more(b']')
    }

    /// Checks that nothing but whitespace follows the value.
    pub fn end(&mut self) -> Result<(), SyntaxError> {
        self.skip_ws();
        if self.pos == self.text.len() {
            Ok(())
        } else {
            Err(self.error())
        }
    }

    fn error(&self) -> SyntaxError {
        SyntaxError { offset: self.pos }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
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

    fn expect(&mut self, byte: u8) -> Result<(), SyntaxError> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(self.error())
        }
    }

    fn open(&mut self, token: Token) -> Result<Token, SyntaxError> {
        if self.depth == MAX_DEPTH {
            return Err(self.error());
        }
        self.depth += 1;
        self.pos += 1;
        self.first = true;
        Ok(token)
    }

    /// Whether a member follows in the container `close` ends (eating the comma before it), or
    /// `false` once it is closed. (Saturating: a caller that asks for a key outside any object
    /// gets a syntax error or `None`, never an overflow.)
    fn more(&mut self, close: u8) -> Result<bool, SyntaxError> {
        let first = core::mem::replace(&mut self.first, false);
        if self.eat(close) {
            self.depth = self.depth.saturating_sub(1);
            return Ok(false);
        }
        if !first {
            self.expect(b',')?;
        }
        Ok(true)
    }

    fn literal(&mut self, word: &[u8], token: Token) -> Result<Token, SyntaxError> {
        if self.text.as_bytes().get(self.pos..self.pos + word.len()) == Some(word) {
            self.pos += word.len();
            Ok(token)
        } else {
            Err(self.error())
        }
    }

    fn number(&mut self) -> Result<Token, SyntaxError> {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        let int_start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        let digits = &self.text.as_bytes()[int_start..self.pos];
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
        let mut magnitude: i64 = 0;
        for &d in digits {
            match magnitude.checked_mul(10).and_then(|m| m.checked_add(i64::from(d - b'0'))) {
                Some(m) => magnitude = m,
                None => fraction = true,
            }
        }
        Ok(match (fraction, negative) {
            (true, _) => Token::Fraction,
            (false, true) => Token::Int(-magnitude),
            (false, false) => Token::Int(magnitude),
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
            // Runs stop only at ASCII bytes, so they start and end on character boundaries.
            out.push_str(self.text.get(run_start..self.pos).ok_or_else(|| self.error())?);
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
        let code = self.text.as_bytes().get(self.pos..self.pos + 4).and_then(parse_hex).ok_or_else(|| self.error())?;
        self.pos += 4;
        Ok(code)
    }

    fn unicode_escape(&mut self) -> Result<char, SyntaxError> {
        let first = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&first) {
            if self.text.as_bytes().get(self.pos..self.pos + 2) != Some(b"\\u") {
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

    /// A whole document as a tree, to test the reader against: the test's own consumer of the
    /// token stream.
    #[derive(Debug, PartialEq)]
    enum Value {
        Scalar(Token),
        Array(Vec<Value>),
        Object(Vec<(String, Value)>),
    }

    fn parse(text: &str) -> Result<Value, SyntaxError> {
        fn value(r: &mut Reader) -> Result<Value, SyntaxError> {
            Ok(match r.value()? {
                Token::Array => {
                    let mut items = Vec::new();
                    while r.item()? {
                        items.push(value(r)?);
                    }
                    Value::Array(items)
                }
                Token::Object => {
                    let mut members = Vec::new();
                    while let Some(key) = r.key()? {
                        members.push((key, value(r)?));
                    }
                    Value::Object(members)
                }
                scalar => Value::Scalar(scalar),
            })
        }
        let mut r = Reader::new(text);
        let v = value(&mut r)?;
        r.end()?;
        Ok(v)
    }

    fn scalar(token: Token) -> Result<Value, SyntaxError> {
        Ok(Value::Scalar(token))
    }

    fn s(text: &str) -> Result<Value, SyntaxError> {
        scalar(Token::Str(text.into()))
    }

    #[test]
    fn reads_values() {
        assert_eq!(parse(" null "), scalar(Token::Null));
        assert_eq!(
            parse("[true,false]"),
            Ok(Value::Array(vec![Value::Scalar(Token::Bool(true)), Value::Scalar(Token::Bool(false))]))
        );
        assert_eq!(parse("-42"), scalar(Token::Int(-42)));
        assert_eq!(parse("0"), scalar(Token::Int(0)));
        assert_eq!(parse("1.5"), scalar(Token::Fraction));
        assert_eq!(parse("1e3"), scalar(Token::Fraction));
        assert_eq!(parse("99999999999999999999"), scalar(Token::Fraction));
        assert_eq!(
            parse(r#"{"b": 1, "a": {"x": [], "y": {}}, "c": [[1], {}]}"#),
            Ok(Value::Object(vec![
                ("b".into(), Value::Scalar(Token::Int(1))),
                (
                    "a".into(),
                    Value::Object(vec![("x".into(), Value::Array(vec![])), ("y".into(), Value::Object(vec![]))])
                ),
                (
                    "c".into(),
                    Value::Array(vec![Value::Array(vec![Value::Scalar(Token::Int(1))]), Value::Object(vec![])])
                ),
            ]))
        );
    }

    #[test]
    fn reads_string_escapes() {
        assert_eq!(parse(r#""a\"b\\c\/\n\t""#), s("a\"b\\c/\n\t"));
        assert_eq!(parse(r#""\u00e9\ud83d\ude00""#), s("é😀"));
        assert_eq!(parse(r#""\u00E9\uD83D\uDE00""#), s("é😀"), "uppercase hex");
        assert_eq!(parse("\"Grüße\""), s("Grüße"));
    }

    #[test]
    fn rejects_bad_text() {
        for bad in [
            "", "{", "[1,]", "[,1]", "[1 2]", "{\"a\" 1}", "{a:1}", "{,\"a\":1}", "{\"a\":1 \"b\":2}", "01", "-", "1.",
            "1e", "tru", "nul", "\"abc", "\"\\x\"", "\"\\ud83d\"", "\"\\udc00\"", "\"a\nb\"", "[1] 2", "{\"a\":1,}",
            "'a'", "[}", "{]", "[[]", "[{}", "\"\\u00g9\"", "\"\\u00E\"", "\"\\u+0E9\"",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn limits_depth() {
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert!(parse(&deep).is_err());
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_ok());
        let inner = "[".repeat(MAX_DEPTH - 1) + &"]".repeat(MAX_DEPTH - 1);
        let siblings = String::from("[") + &[inner.as_str(); 3].join(",") + "]";
        assert!(parse(&siblings).is_ok(), "closed containers give their depth back");
        assert!(parse(&(String::from("[[") + &inner + "]]")).is_err());
        // Far past the limit: must fail cleanly, not overflow the stack.
        assert!(parse(&"[".repeat(100_000)).is_err());
    }

    #[test]
    fn a_close_outside_any_container_does_not_underflow() {
        let mut r = Reader::new("}]");
        assert_eq!(r.key(), Ok(None));
        assert_eq!(r.item(), Ok(false));
        assert!(r.end().is_ok());
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
            prop_assert_eq!(parse(&quoted), s(&text));
        }
    }
}
