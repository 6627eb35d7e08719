//! Splitting text at one ASCII byte: `cut` for `str::split_once`, `pieces` for `str::split`,
//! `trim_end` for `str::trim_end_matches`, `trim_spaces` for `str::trim_matches(' ')`.
//!
//! These do what the `str` methods do with a `char` pattern, byte by byte; the `str` methods
//! bring the standard library's general pattern searchers into the wasm module, and these lists,
//! cookies, records and URLs only ever split at ASCII. Splitting at an ASCII byte always lands
//! on a character boundary; every caller passes an ASCII literal (a byte of a multi-byte
//! character would cut the character in two, and the slicing would panic).
//!
//! For the same reason the crate tests and strips one-character prefixes and suffixes with a
//! `&str` pattern (`starts_with("/")`, not `starts_with('/')`), and looks for a byte with
//! `bytes().any(..)`, not `contains(':')`: the `&str` forms share one small prefix/suffix test,
//! while each `char` form brings its own code (`contains` a whole searcher).

/// The text before and after the first `sep`, if there is one.
pub fn cut(text: &str, sep: u8) -> Option<(&str, &str)> {
    let at = text.bytes().position(|b| b == sep)?;
    Some((&text[..at], &text[at + 1..]))
}

/// The pieces of `text` between the `sep` bytes, as `str::split` gives them (`""` gives one
/// empty piece).
pub fn pieces(text: &str, sep: u8) -> Pieces<'_> {
    Pieces { rest: Some(text), sep }
}

/// The iterator [`pieces`] returns.
pub struct Pieces<'a> {
    rest: Option<&'a str>,
    sep: u8,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        let (piece, tail) = match cut(rest, self.sep) {
            Some((piece, tail)) => (piece, Some(tail)),
            None => (rest, None),
        };
        self.rest = tail;
        Some(piece)
    }
}

/// `text` without the `byte`s at its end.
pub fn trim_end(text: &str, byte: u8) -> &str {
    &text[..text.bytes().rposition(|b| b != byte).map_or(0, |last| last + 1)]
}

/// `text` without spaces (U+0020 only) at either end.
pub fn trim_spaces(text: &str) -> &str {
    let text = trim_end(text, b' ');
    &text[text.bytes().position(|b| b != b' ').unwrap_or(text.len())..]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SEPARATORS: [u8; 8] = [b';', b'=', b'.', b'+', b'&', b'?', b'#', b' '];

    proptest! {
        #[test]
        fn cut_and_pieces_are_the_str_methods(text in "[a-z;=.+&?# é€]{0,24}", i in 0..SEPARATORS.len()) {
            let sep = SEPARATORS[i];
            prop_assert_eq!(cut(&text, sep), text.split_once(sep as char));
            prop_assert_eq!(pieces(&text, sep).collect::<Vec<_>>(), text.split(sep as char).collect::<Vec<_>>());
        }

        #[test]
        fn the_trims_are_the_str_methods(text in "[ .a\t=é]{0,12}") {
            prop_assert_eq!(trim_spaces(&text), text.trim_matches(' '));
            prop_assert_eq!(trim_end(&text, b'.'), text.trim_end_matches('.'));
        }
    }
}
