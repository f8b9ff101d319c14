//! The one reader: every document the library is given (profiles, options, rules, visits,
//! readings, passed-back plans and reports) is JSON text read into its type by this module.
//!
//! - **One schema per type**: the type's [`Read`] implementation, written by `#[derive(Read)]`
//!   (the `derive/` crate) from the same `#[serde(...)]` attributes as its `Serialize`: a table
//!   of its JSON keys and one small function storing the value at a key's position. The loop over
//!   an object's keys, unknown, duplicate and missing keys and the error paths are written once,
//!   in [`Reader::object`]; lists, options, numbers, text and codes likewise have one reader each.
//!   (serde's derived visitors cost about three times the bytes per field: docs/packaging.md.)
//!   `serde_json::Value` alone is read through serde, by the [`Reader`]'s serde deserializer.
//! - **Exact paths**: the reader knows where it is; an error names the JSON path of the value to
//!   blame (`profile.questionnaires.phq9[8]`, `options.rules.schedules[2].intervalMonths`), or of
//!   the missing field, or of the unknown key.
//! - **Errors as data**: what went wrong is kept as an [`Error`] problem (wrong type with what
//!   was expected, missing field, unknown field), rendered in words at the boundary.
//! - **NaN and ±Infinity** cannot be written in JSON; the bindings refuse them with their path
//!   before the text is read (`src/wasm/mod.rs`), the same way for every document.
//! - **The locale** is read here too ([`Locale::parse`]): one parser for every locale tag.
//!
//! Native callers pass text to [`read`]; the bindings turn a JS value into text with
//! `JSON.stringify` (one native call, no per-field crossing) and then call [`read`].

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Visitor};

use crate::error::{Error, ErrorCode, Expected, Result};
use crate::i18n::{msg, Locale, Text};

/// Reads a `T` from JSON `text`; `root` names the document (`profile`, `options`, `plan`) and
/// prefixes every error path.
#[inline(never)]
pub fn read<T: Read>(text: &str, root: &str) -> Result<T> {
    let mut reader = Reader::new(text);
    let value = T::read(&mut reader).and_then(|v| {
        reader.skip_ws();
        if reader.pos < reader.bytes.len() {
            Err(ReadError::new(Problem::Syntax))
        } else {
            Ok(v)
        }
    });
    value.map_err(|e| e.into_error(root))
}

/// Reads a `T` from a JSON value (for native callers and tests that build documents with
/// `serde_json::json!`): the same reader, through the value's text.
pub fn read_value<T: Read>(value: &serde_json::Value, root: &str) -> Result<T> {
    read(&value.to_string(), root)
}

impl Locale {
    /// Reads a locale tag (BCP 47): `None` gives the default (zh-CN); any `zh…` tag is zh-CN and
    /// any `en…` tag English; anything else is `INVALID_INPUT` on `field`. The one parser of
    /// locale tags in input.
    pub fn parse(tag: Option<&str>, field: &str) -> Result<Locale> {
        match tag {
            None => Ok(Locale::ZhCn),
            Some(t) => Locale::lenient(t).ok_or_else(|| Error::invalid(field, t, &msg::EXPECTED_LOCALE)),
        }
    }
}

use crate::json_path::join;

// ---------------------------------------------------------------------------------------------
// Errors while reading

/// What the reader found wrong, and where (path steps collected innermost first as the error
/// travels out of the nested values).
///
/// Boxed: a reader's result is then one word wider than its value, and every `?` of the readers
/// moves a pointer rather than the whole error (about 10% of the readers' bytes in the Wasm).
#[derive(Debug)]
pub struct ReadError(Box<Failure>);

#[derive(Debug)]
struct Failure {
    steps: Vec<Step>,
    problem: Problem,
}

#[derive(Debug)]
enum Step {
    Key(String),
    Index(usize),
}

#[derive(Debug)]
enum Problem {
    /// Not JSON (never from `JSON.stringify`), or nested too deep.
    Syntax,
    WrongType(Option<Expected>),
    MissingField(&'static str),
    UnknownField(String),
}

impl ReadError {
    #[cold]
    #[inline(never)]
    fn new(problem: Problem) -> ReadError {
        ReadError(Box::new(Failure { steps: Vec::new(), problem }))
    }

    /// A value of the wrong type, with no more said of what was expected.
    #[cold]
    #[inline(never)]
    pub fn wrong_type() -> ReadError {
        ReadError::new(Problem::WrongType(None))
    }

    #[cold]
    #[inline(never)]
    fn key(mut self, key: &str) -> ReadError {
        self.0.steps.push(Step::Key(key.to_string()));
        self
    }

    #[cold]
    #[inline(never)]
    fn index(mut self, i: usize) -> ReadError {
        self.0.steps.push(Step::Index(i));
        self
    }

    fn path(&self) -> String {
        let mut p = String::new();
        for s in self.0.steps.iter().rev() {
            match s {
                Step::Key(k) => {
                    if !p.is_empty() {
                        p.push('.');
                    }
                    p.push_str(k);
                }
                Step::Index(i) => {
                    p.push('[');
                    p.push_str(&i.to_string());
                    p.push(']');
                }
            }
        }
        p
    }

    #[inline(never)]
    fn into_error(self, root: &str) -> Error {
        let at = join(root, &self.path());
        match self.0.problem {
            Problem::MissingField(name) => Error::missing(&[join(&at, name)]),
            Problem::UnknownField(name) => Error::unknown_field(&at, &name),
            Problem::WrongType(expected) => Error::wrong_type_of(&at, expected),
            Problem::Syntax => Error::wrong_type_of(&at, None),
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot read the value at {}", self.path())
    }
}

impl std::error::Error for ReadError {}

/// serde's errors: the reader's serde deserializer reads only `serde_json::Value`, which takes
/// any JSON value, so none is expected; any would be a value of the wrong type.
impl de::Error for ReadError {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        ReadError::wrong_type()
    }
}

/// What a reader returns.
pub type R<T> = std::result::Result<T, ReadError>;

// ---------------------------------------------------------------------------------------------
// The reader: JSON text token by token, and (for `serde_json::Value` alone) a serde deserializer

/// The offset of the first byte from `i` on that ends a run of plain string text: a quote, a
/// backslash or a control character (or the end). Eight bytes at a time: in a word, the lowest
/// byte flagged by the borrow tricks below is always a true match (a borrow only spreads upward).
fn plain_run(b: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(w) = b.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(w);
        let v = u64::from_le_bytes(word);
        let quote = v ^ (ONES * u64::from(b'"'));
        let backslash = v ^ (ONES * u64::from(b'\\'));
        let zero_in = |x: u64| x.wrapping_sub(ONES) & !x;
        let control = v.wrapping_sub(ONES * 0x20) & !v;
        let flags = (zero_in(quote) | zero_in(backslash) | control) & HIGH;
        if flags != 0 {
            return i + (flags.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&c) = b.get(i) {
        if c == b'"' || c == b'\\' || c < 0x20 {
            return i;
        }
        i += 1;
    }
    i
}

/// The offset just past the string whose opening quote is at `i`, refusing what
/// [`Reader::string`] refuses.
#[inline(always)]
fn string_end(b: &[u8], mut i: usize) -> R<usize> {
    i += 1;
    loop {
        i = plain_run(b, i);
        match b.get(i) {
            Some(b'"') => return Ok(i + 1),
            Some(b'\\') => match b.get(i + 1) {
                Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => i += 2,
                Some(b'u') if b.get(i + 2..i + 6).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) => i += 6,
                _ => return Err(ReadError::new(Problem::Syntax)),
            },
            _ => return Err(ReadError::new(Problem::Syntax)),
        }
    }
}

/// Nesting deeper than this is refused (no document of the library comes near it).
const MAX_DEPTH: usize = 128;

/// JSON text being read, and where the reading is.
pub struct Reader<'de> {
    text: &'de str,
    bytes: &'de [u8],
    pos: usize,
    depth: usize,
}

/// A JSON number as read: integers stay integers when they fit.
pub(crate) enum Number {
    U(u64),
    I(i64),
    F(f64),
}

impl<'de> Reader<'de> {
    /// A reader at the start of `text`.
    pub(crate) fn new(text: &'de str) -> Reader<'de> {
        Reader { text, bytes: text.as_bytes(), pos: 0, depth: 0 }
    }

    /// Where the reading is (a byte offset into the text).
    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    /// The text being read.
    pub(crate) fn text(&self) -> &'de str {
        self.text
    }

    /// The first byte of the next value after whitespace, `None` at the end of the text.
    pub(crate) fn peek_byte(&mut self) -> Option<u8> {
        self.skip_ws();
        self.bytes.get(self.pos).copied()
    }

    /// Consumes `b` if it is next (after whitespace).
    pub(crate) fn eat(&mut self, b: u8) -> bool {
        if self.peek_byte() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    /// The first byte of the next value (after whitespace).
    fn peek(&mut self) -> R<u8> {
        self.peek_byte().ok_or_else(|| ReadError::new(Problem::Syntax))
    }

    #[inline(never)]
    fn expect(&mut self, b: u8) -> R<()> {
        if self.eat(b) {
            Ok(())
        } else {
            Err(ReadError::new(Problem::Syntax))
        }
    }

    #[inline(never)]
    pub(crate) fn literal(&mut self, word: &str) -> R<()> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(ReadError::new(Problem::Syntax))
        }
    }

    /// A string at `pos` (the opening quote): borrowed from the text when it has no escapes.
    /// Control characters must be escaped (RFC 8259).
    #[inline(never)]
    pub(crate) fn string(&mut self) -> R<Cow<'de, str>> {
        self.pos += 1;
        let start = self.pos;
        self.pos = plain_run(self.bytes, self.pos);
        match self.bytes.get(self.pos) {
            Some(b'"') => {
                let s = &self.text[start..self.pos];
                self.pos += 1;
                Ok(Cow::Borrowed(s))
            }
            Some(b'\\') => self.escaped_string(start).map(Cow::Owned),
            _ => Err(ReadError::new(Problem::Syntax)),
        }
    }

    /// The rest of a string with escapes, from `start` (after the quote).
    fn escaped_string(&mut self, start: usize) -> R<String> {
        let mut out = String::from(&self.text[start..self.pos]);
        let b = self.bytes;
        loop {
            let run = self.pos;
            self.pos = plain_run(b, self.pos);
            out.push_str(&self.text[run..self.pos]);
            match b.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    let e = *b.get(self.pos + 1).ok_or_else(|| ReadError::new(Problem::Syntax))?;
                    self.pos += 2;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let c = if (0xD800..0xDC00).contains(&hi) && b[self.pos..].starts_with(b"\\u") {
                                let save = self.pos;
                                self.pos += 2;
                                let lo = self.hex4()?;
                                if (0xDC00..0xE000).contains(&lo) {
                                    char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                                } else {
                                    self.pos = save;
                                    None
                                }
                            } else {
                                char::from_u32(hi)
                            };
                            // A lone surrogate (JSON.stringify writes them as escapes) becomes
                            // U+FFFD, as when a JS string is converted to UTF-8.
                            out.push(c.unwrap_or('\u{FFFD}'));
                        }
                        _ => return Err(ReadError::new(Problem::Syntax)),
                    }
                }
                _ => return Err(ReadError::new(Problem::Syntax)),
            }
        }
    }

    fn hex4(&mut self) -> R<u32> {
        let s = self.text.get(self.pos..self.pos + 4).ok_or_else(|| ReadError::new(Problem::Syntax))?;
        let v = u32::from_str_radix(s, 16).map_err(|_| ReadError::new(Problem::Syntax))?;
        self.pos += 4;
        Ok(v)
    }

    /// A number at `pos`, by the JSON grammar: `-`? digits (`.` digits)? (`e` sign? digits)?.
    #[inline(never)]
    pub(crate) fn number(&mut self) -> R<Number> {
        let start = self.pos;
        let b = self.bytes;
        let digits = |r: &mut Reader<'_>| {
            let from = r.pos;
            while b.get(r.pos).is_some_and(u8::is_ascii_digit) {
                r.pos += 1;
            }
            r.pos > from
        };
        if b.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        let mut float = false;
        let mut ok = digits(self);
        if b.get(self.pos) == Some(&b'.') {
            float = true;
            self.pos += 1;
            ok &= digits(self);
        }
        if let Some(b'e' | b'E') = b.get(self.pos) {
            float = true;
            self.pos += 1;
            if let Some(b'+' | b'-') = b.get(self.pos) {
                self.pos += 1;
            }
            ok &= digits(self);
        }
        if !ok {
            return Err(ReadError::new(Problem::Syntax));
        }
        let s = &self.text[start..self.pos];
        let bad = || ReadError::new(Problem::Syntax);
        if !float {
            if let Ok(u) = s.parse::<u64>() {
                return Ok(Number::U(u));
            }
            if let Ok(i) = s.parse::<i64>() {
                return Ok(Number::I(i));
            }
        }
        // serde_json's number parser (already in the module for `Value`, and the one used before
        // this reader): `str::parse::<f64>` would add core's float tables to the Wasm.
        serde_json::from_str::<f64>(s).ok().filter(|f| f.is_finite()).map(Number::F).ok_or_else(bad)
    }

    /// Skips one value (for keys a type ignores).
    #[inline(never)]
    pub(crate) fn skip(&mut self) -> R<()> {
        match self.peek()? {
            b'"' => self.skip_string(),
            b'{' | b'[' => {
                // Byte by byte, strings checked as `string` checks them but not copied (a state
                // document's log is skipped once before it is read), in this one loop.
                let b = self.bytes;
                let mut i = self.pos;
                let mut depth = 0usize;
                while let Some(&c) = b.get(i) {
                    match c {
                        b'"' => {
                            i = string_end(b, i)?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.pos = i + 1;
                                return Ok(());
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                Err(ReadError::new(Problem::Syntax))
            }
            b't' => self.literal("true"),
            b'f' => self.literal("false"),
            b'n' => self.literal("null"),
            _ => self.number().map(drop),
        }
    }

    /// Skips the string at `pos` (the opening quote), refusing what [`Reader::string`] refuses.
    fn skip_string(&mut self) -> R<()> {
        self.pos = string_end(self.bytes, self.pos)?;
        Ok(())
    }

    fn enter(&mut self) -> R<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ReadError::new(Problem::Syntax));
        }
        Ok(())
    }
}

/// The start of the next value: a whole scalar, or the opening of a list or object.
enum Token<'de> {
    Null,
    Bool(bool),
    Str(Cow<'de, str>),
    Num(Number),
    List,
    Object,
}

impl<'de> Reader<'de> {
    /// Reads the next value's token (the parsing, kept out of the generic visitor code so that
    /// each type's deserializer stays small).
    #[inline(never)]
    fn token(&mut self) -> R<Token<'de>> {
        Ok(match self.peek()? {
            b'n' => {
                self.literal("null")?;
                Token::Null
            }
            b't' => {
                self.literal("true")?;
                Token::Bool(true)
            }
            b'f' => {
                self.literal("false")?;
                Token::Bool(false)
            }
            b'"' => Token::Str(self.string()?),
            b'[' => {
                self.enter()?;
                self.pos += 1;
                Token::List
            }
            b'{' => {
                self.enter()?;
                self.pos += 1;
                Token::Object
            }
            _ => Token::Num(self.number()?),
        })
    }

    /// The closing `]` or `}` of a list or object whose items were all read.
    #[inline(never)]
    fn close(&mut self, b: u8) -> R<()> {
        self.expect(b)?;
        self.depth -= 1;
        Ok(())
    }

    /// Before a list's next element: `false` at its end.
    #[inline(never)]
    fn next_item(&mut self, index: usize) -> R<bool> {
        match self.peek()? {
            b']' => Ok(false),
            b',' if index > 0 => {
                self.pos += 1;
                Ok(true)
            }
            _ if index == 0 => Ok(true),
            _ => Err(ReadError::new(Problem::Syntax)),
        }
    }

    /// An object's next key, `None` at its end (the closing brace is left to the caller).
    #[inline(never)]
    pub(crate) fn next_key(&mut self, first: bool) -> R<Option<Cow<'de, str>>> {
        match self.peek()? {
            b'}' => return Ok(None),
            b',' if !first => {
                self.pos += 1;
            }
            b'"' if first => {}
            _ => return Err(ReadError::new(Problem::Syntax)),
        }
        if self.peek()? != b'"' {
            return Err(ReadError::new(Problem::Syntax));
        }
        let key = self.string()?;
        self.expect(b':')?;
        Ok(Some(key))
    }
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = ReadError;

    #[inline(never)]
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        match self.token()? {
            Token::Null => visitor.visit_unit(),
            Token::Bool(b) => visitor.visit_bool(b),
            Token::Str(Cow::Borrowed(s)) => visitor.visit_borrowed_str(s),
            Token::Str(Cow::Owned(s)) => visitor.visit_string(s),
            Token::Num(Number::U(u)) => visitor.visit_u64(u),
            Token::Num(Number::I(i)) => visitor.visit_i64(i),
            Token::Num(Number::F(f)) => visitor.visit_f64(f),
            Token::List => {
                let v = visitor.visit_seq(Items { r: &mut *self, index: 0 })?;
                self.close(b']')?;
                Ok(v)
            }
            Token::Object => {
                let v = visitor.visit_map(Fields { r: &mut *self, first: true, key: Cow::Borrowed("") })?;
                self.close(b'}')?;
                Ok(v)
            }
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 u8 u16 u32 u64 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        self.skip()?;
        visitor.visit_unit()
    }
}

/// A value of the wrong kind where `expected` was asked for.
#[cold]
#[inline(never)]
fn wrong(expected: Expected) -> ReadError {
    ReadError::new(Problem::WrongType(Some(expected)))
}

impl Number {
    fn as_f64(&self) -> f64 {
        match *self {
            Number::U(u) => u as f64,
            Number::I(i) => i as f64,
            Number::F(f) => f,
        }
    }
}

/// The elements of a list; errors gain the element's index.
struct Items<'a, 'de> {
    r: &'a mut Reader<'de>,
    index: usize,
}

impl<'de> de::SeqAccess<'de> for Items<'_, 'de> {
    type Error = ReadError;

    #[inline(never)]
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> R<Option<T::Value>> {
        let i = self.index;
        if !self.r.next_item(i).map_err(|e| e.index(i))? {
            return Ok(None);
        }
        self.index += 1;
        seed.deserialize(&mut *self.r).map(Some).map_err(|e| e.index(i))
    }
}

/// The keys and values of an object; errors gain the key.
struct Fields<'a, 'de> {
    r: &'a mut Reader<'de>,
    first: bool,
    key: Cow<'de, str>,
}

impl<'de> de::MapAccess<'de> for Fields<'_, 'de> {
    type Error = ReadError;

    #[inline(never)]
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> R<Option<K::Value>> {
        let Some(key) = self.r.next_key(self.first)? else { return Ok(None) };
        self.first = false;
        self.key = key;
        let v = match &self.key {
            Cow::Borrowed(s) => seed.deserialize(de::value::BorrowedStrDeserializer::new(s)),
            Cow::Owned(s) => seed.deserialize(de::value::StrDeserializer::new(s)),
        };
        v.map(Some).map_err(|e: ReadError| e.key(&self.key))
    }

    #[inline(never)]
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> R<V::Value> {
        seed.deserialize(&mut *self.r).map_err(|e| e.key(&self.key))
    }
}

impl From<ReadError> for Error {
    fn from(e: ReadError) -> Error {
        e.into_error("")
    }
}

/// The code given to errors of documents that are rules (`INVALID_RULES`) rather than input.
pub fn as_rules_error(mut e: Error) -> Error {
    e.code = ErrorCode::InvalidRules;
    e
}

// ---------------------------------------------------------------------------------------------
// The readers of the library's types

/// A type read from JSON by [`read`]. Records and codes implement it with `#[derive(Read)]`
/// (the `derive/` crate); the implementations below read the values inside them.
pub trait Read: Sized {
    fn read(r: &mut Reader<'_>) -> R<Self>;

    /// The value a record's field holds before its key is read: what an absent key of an
    /// [`OPTIONAL`](Read::OPTIONAL) type reads as (`None`); for other types a placeholder that
    /// [`require`] never lets out (a required key that is absent is an error).
    fn blank() -> Self;

    /// Whether a key of this type may be absent without a default (options, then `None`, as
    /// serde reads them); a key of any other type without a default is required.
    const OPTIONAL: bool = false;
}

pub use health_steward_derive::Read;

/// `MISSING_INPUT` naming the first of the `required` keys (a bit per position in `keys`) that
/// is not among the `seen` ones, as serde names the first missing field in declaration order.
#[inline(never)]
pub fn require(seen: u128, required: u128, keys: &[&'static str]) -> R<()> {
    let missing = required & !seen;
    if missing == 0 {
        Ok(())
    } else {
        Err(ReadError::new(Problem::MissingField(keys[missing.trailing_zeros() as usize])))
    }
}

impl<'de> Reader<'de> {
    /// An object whose keys are `keys`: `field(reader, i)` reads the value of `keys[i]`. Errors
    /// gain the key; a key seen twice is refused; keys not in `keys` are refused when
    /// `deny_unknown` and skipped otherwise. Returns the keys seen, a bit per position (checking
    /// for absent keys is the caller's: [`require`]).
    #[inline(never)]
    pub fn object(&mut self, keys: &[&str], deny_unknown: bool, field: &mut dyn FnMut(&mut Reader<'de>, usize) -> R<()>) -> R<u128> {
        if !matches!(self.token()?, Token::Object) {
            return Err(wrong(Expected::Object));
        }
        let mut seen: u128 = 0;
        let mut first = true;
        while let Some(key) = self.next_key(first)? {
            first = false;
            match keys.iter().position(|k| *k == key) {
                Some(i) => {
                    if seen & (1 << i) != 0 {
                        // serde's derived readers refuse a repeated key the same way.
                        return Err(ReadError::wrong_type());
                    }
                    seen |= 1 << i;
                    field(self, i).map_err(|e| e.key(&key))?;
                }
                None if deny_unknown => return Err(ReadError::new(Problem::UnknownField(key.to_string())).key(&key)),
                None => self.skip().map_err(|e| e.key(&key))?,
            }
        }
        self.close(b'}')?;
        Ok(seen)
    }

    /// Whether the next value is text (for a type read as text or as something else).
    pub fn next_is_text(&mut self) -> R<bool> {
        Ok(self.peek()? == b'"')
    }

    /// A code of an enum: the position of the text among `codes`.
    #[inline(never)]
    pub fn variant(&mut self, codes: &'static [&'static str]) -> R<usize> {
        let one_of = || ReadError::new(Problem::WrongType(Some(Expected::OneOf(codes.to_vec()))));
        if self.peek()? != b'"' {
            return Err(one_of());
        }
        let code = self.string()?;
        codes.iter().position(|c| *c == code).ok_or_else(one_of)
    }

    /// A whole number, as read (`U` when it is not negative).
    #[inline(never)]
    fn whole(&mut self) -> R<Number> {
        match self.token()? {
            Token::Num(n @ (Number::U(_) | Number::I(_))) => Ok(n),
            _ => Err(wrong(Expected::WholeNumber)),
        }
    }

    /// The opening of a list, or what was expected.
    #[inline(never)]
    fn open_list(&mut self) -> R<()> {
        match self.token()? {
            Token::List => Ok(()),
            _ => Err(wrong(Expected::List)),
        }
    }
}

impl Read for f64 {
    fn blank() -> f64 {
        0.0
    }

    fn read(r: &mut Reader<'_>) -> R<f64> {
        match r.token()? {
            Token::Num(n) => Ok(n.as_f64()),
            _ => Err(wrong(Expected::Number)),
        }
    }
}

macro_rules! read_whole_numbers {
    ($($t:ty),*) => {$(
        impl Read for $t {
            fn blank() -> $t {
                0
            }

            fn read(r: &mut Reader<'_>) -> R<$t> {
                let n = match r.whole()? {
                    Number::U(u) => <$t>::try_from(u).ok(),
                    Number::I(i) => <$t>::try_from(i).ok(),
                    Number::F(_) => None,
                };
                n.ok_or_else(|| wrong(Expected::WholeNumber))
            }
        }
    )*};
}
read_whole_numbers!(u8, u16, u32, u64, usize, i32, i64);

impl Read for bool {
    fn blank() -> bool {
        false
    }

    fn read(r: &mut Reader<'_>) -> R<bool> {
        match r.token()? {
            Token::Bool(b) => Ok(b),
            _ => Err(wrong(Expected::YesNo)),
        }
    }
}

impl Read for String {
    fn blank() -> String {
        String::new()
    }

    fn read(r: &mut Reader<'_>) -> R<String> {
        match r.token()? {
            Token::Str(s) => Ok(s.into_owned()),
            _ => Err(wrong(Expected::Text)),
        }
    }
}

impl<T: Read> Read for Option<T> {
    fn read(r: &mut Reader<'_>) -> R<Option<T>> {
        if r.peek()? == b'n' {
            r.literal("null")?;
            Ok(None)
        } else {
            T::read(r).map(Some)
        }
    }

    const OPTIONAL: bool = true;

    fn blank() -> Option<T> {
        None
    }
}

impl<T: Read> Read for Vec<T> {
    fn blank() -> Vec<T> {
        Vec::new()
    }

    fn read(r: &mut Reader<'_>) -> R<Vec<T>> {
        r.open_list()?;
        let mut items = Vec::new();
        while r.next_item(items.len()).map_err(|e| e.index(items.len()))? {
            let i = items.len();
            items.push(T::read(r).map_err(|e| e.index(i))?);
        }
        r.close(b']')?;
        Ok(items)
    }
}

/// Bilingual text, `{ "zh-CN": …, "en": … }` (written here: `i18n` comes before the reader).
impl Read for Text {
    fn blank() -> Text {
        Text::default()
    }

    fn read(r: &mut Reader<'_>) -> R<Text> {
        const KEYS: &[&str] = &["zh-CN", "en"];
        let (mut zh, mut en) = (None, None);
        let seen = r.object(KEYS, false, &mut |r, i| {
            let slot = if i == 0 { &mut zh } else { &mut en };
            *slot = Some(String::read(r)?);
            Ok(())
        })?;
        require(seen, 0b11, KEYS)?;
        Ok(Text { zh: zh.unwrap_or_default(), en: en.unwrap_or_default() })
    }
}

/// Any JSON value (free-form details of results passed back): read through serde.
impl Read for serde_json::Value {
    fn blank() -> serde_json::Value {
        serde_json::Value::Null
    }

    fn read(r: &mut Reader<'_>) -> R<serde_json::Value> {
        de::Deserialize::deserialize(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Problem as P;
    use proptest::prelude::*;

    #[derive(Debug, Read, serde::Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        n: f64,
        kind: Kind,
        #[serde(default)]
        k: Option<u32>,
    }

    #[derive(Debug, Read, serde::Deserialize, PartialEq)]
    #[serde(rename_all = "lowercase")]
    enum Kind {
        A,
        B,
    }

    #[derive(Debug, Read, PartialEq)]
    struct Outer {
        name: String,
        items: Vec<Inner>,
        #[serde(default)]
        scores: Vec<f64>,
        #[serde(default)]
        any: Option<serde_json::Value>,
    }

    fn err(text: &str) -> Error {
        read::<Outer>(text, "doc").unwrap_err()
    }

    #[test]
    fn reads_documents_with_escapes_numbers_and_nesting() {
        let o: Outer = read(
            r#" { "name" : "高血压 \"2\" 级\n\u00e9\ud83d\ude00\ud800", "items": [ {"n": -1.5e2, "kind": "b", "k": 7} ],
                 "scores": [1, -2, 3.25, 9007199254740993], "extra": {"a": [true, null, "x"]}, "any": {"z": [1, {"y": false}]} } "#,
            "doc",
        )
        .unwrap();
        assert_eq!(o.name, "高血压 \"2\" 级\né😀\u{FFFD}");
        assert_eq!(o.items, vec![Inner { n: -150.0, kind: Kind::B, k: Some(7) }]);
        assert_eq!(o.scores, vec![1.0, -2.0, 3.25, 9007199254740992.0]);
        assert_eq!(o.any, Some(serde_json::json!({"z": [1, {"y": false}]})));
    }

    #[test]
    fn wrong_types_and_variants_name_their_path_and_what_was_expected() {
        let e = err(r#"{"name":"x","items":[{"n":1,"kind":"a"},{"n":"2","kind":"b"}]}"#);
        assert_eq!(e.field.as_deref(), Some("doc.items[1].n"));
        assert_eq!(e.problem, P::WrongType { expected: Some(Expected::Number) });
        let e = err(r#"{"name":"x","items":[{"n":1,"kind":"c"}]}"#);
        assert_eq!(e.field.as_deref(), Some("doc.items[0].kind"));
        assert_eq!(e.problem, P::WrongType { expected: Some(Expected::OneOf(vec!["a", "b"])) });
        let e = err(r#"{"name":"x","items":[{"n":1,"kind":7}]}"#);
        assert_eq!(e.field.as_deref(), Some("doc.items[0].kind"));
        let e = err(r#"{"name":"x","items":[],"scores":[1,2,"三"]}"#);
        assert_eq!(e.field.as_deref(), Some("doc.scores[2]"));
        let e = err(r#"{"name":5,"items":[]}"#);
        assert_eq!((e.field.as_deref(), e.code), (Some("doc.name"), ErrorCode::InvalidInput));
        let e = err(r#"{"name":"x","items":[{"n":1,"kind":"a","k":1.5}]}"#);
        assert_eq!(e.problem, P::WrongType { expected: Some(Expected::WholeNumber) });
        let e = err(r#"[1]"#);
        assert_eq!(e.field.as_deref(), Some("doc"));
    }

    #[test]
    fn skipped_values_are_checked_as_json() {
        // `Text` ignores keys other than its two: their values are skipped, strings checked as
        // they are when read.
        let with = |x: &str| format!(r#"{{"zh-CN": "甲", "en": "a", "x": {x}}}"#);
        for bad in [r#""\q""#, "\"a\u{1}b\"", r#"["\u12"]"#, r#"{"y": "open}}"#, r#"[1, 2"#] {
            assert!(read::<Text>(&with(bad), "t").is_err(), "{bad}");
        }
        for good in [r#""\u00e9\n\"\\""#, r#"[1, {"y": "]}"}, "}", true, null]"#, r#"{"a": {"b": [[]]}}"#] {
            assert_eq!(read::<Text>(&with(good), "t").unwrap().en, "a", "{good}");
        }
    }

    #[test]
    fn missing_and_unknown_fields() {
        let e = err(r#"{"name":"x","items":[{"n":1}]}"#);
        assert_eq!(e.code, ErrorCode::MissingInput);
        assert_eq!(e.field.as_deref(), Some("doc.items[0].kind"));
        let e = err(r#"{"items":[]}"#);
        assert_eq!(e.field.as_deref(), Some("doc.name"));
        let e = err(r#"{"name":"x","items":[{"n":1,"kind":"a","extra":true}]}"#);
        assert_eq!(e.field.as_deref(), Some("doc.items[0].extra"));
        assert_eq!(e.problem, P::UnknownField { name: "extra".into() });
    }

    #[test]
    fn not_json_is_refused_at_the_root() {
        for text in ["", "{", r#"{"name":"x","items":[]"#, r#"{"name":"x" "items":[]}"#, "nul", r#"{"name":"x","items":[]} x"#, "NaN", "[1,]"] {
            assert!(read::<Outer>(text, "doc").is_err(), "{text}");
        }
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(read::<serde_json::Value>(&deep, "doc").is_err());
    }

    /// The attributes `derive(Read)` honours, as serde's derive reads them.
    #[derive(Debug, Read, PartialEq, Default)]
    #[serde(rename_all = "camelCase", default)]
    struct Defaults {
        first_value: Option<f64>,
        #[serde(rename = "zh-CN")]
        zh: String,
        count: u32,
        #[serde(skip)]
        skipped: bool,
    }

    #[derive(Debug, Read, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct Fields {
        needed_list: Vec<u8>,
        maybe: Option<String>,
        #[serde(default = "seven")]
        with_fn: u32,
        #[serde(default)]
        level: Option<Level>,
        #[serde(skip_deserializing)]
        never_read: Vec<u8>,
    }

    fn seven() -> u32 {
        7
    }

    #[derive(Debug, Read, serde::Deserialize, PartialEq)]
    #[serde(rename_all = "kebab-case")]
    enum Level {
        FirstDegree,
        SecondDegree,
    }

    #[test]
    fn derived_readers_follow_the_serde_attributes() {
        let d: Defaults = read(r#"{"firstValue": 2, "zh-CN": "中", "skipped": true}"#, "d").unwrap();
        assert_eq!(d, Defaults { first_value: Some(2.0), zh: "中".into(), count: 0, skipped: false });
        let f: Fields = read(r#"{"neededList": [1, 2], "level": "second-degree", "neverRead": [3]}"#, "f").unwrap();
        assert_eq!(f, Fields { needed_list: vec![1, 2], maybe: None, with_fn: 7, level: Some(Level::SecondDegree), never_read: vec![] });
        // A key without a default whose type is not an option is required; the first missing
        // one in declaration order is named, after the values present were read.
        let e = read::<Fields>(r#"{"maybe": "x"}"#, "f").unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::MissingInput, Some("f.neededList")));
        let e = read::<Fields>(r#"{"maybe": 1}"#, "f").unwrap_err();
        assert_eq!((e.field.as_deref(), e.problem.clone()), (Some("f.maybe"), P::WrongType { expected: Some(Expected::Text) }));
        let e = read::<Fields>(r#"{"neededList": [], "level": "first_degree"}"#, "f").unwrap_err();
        assert_eq!(e.problem, P::WrongType { expected: Some(Expected::OneOf(vec!["first-degree", "second-degree"])) });
        // A repeated key is refused at the object; an out-of-range whole number at its value.
        let e = read::<Fields>(r#"{"neededList": [], "neededList": []}"#, "f").unwrap_err();
        assert_eq!((e.field.as_deref(), e.problem.clone()), (Some("f"), P::WrongType { expected: None }));
        let e = read::<Fields>(r#"{"neededList": [1, 256]}"#, "f").unwrap_err();
        assert_eq!((e.field.as_deref(), e.problem.clone()), (Some("f.neededList[1]"), P::WrongType { expected: Some(Expected::WholeNumber) }));
        let e = read::<Fields>(r#"{"neededList": [-1]}"#, "f").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("f.neededList[0]"));
        let e = read::<Defaults>(r#"["firstValue"]"#, "d").unwrap_err();
        assert_eq!(e.problem, P::WrongType { expected: Some(Expected::Object) });
    }

    /// A record deriving both readers, for the differential property test below.
    #[derive(Debug, Read, serde::Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    struct Both {
        sex: Level,
        age_years: Option<f64>,
        #[serde(default)]
        counts: Vec<u16>,
        #[serde(default)]
        note: Option<String>,
        flag: bool,
        #[serde(default)]
        inner: Option<Inner>,
    }

    fn any_json() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::{json, Value};
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            (-70000i64..70000).prop_map(|n| json!(n)),
            (-1e6f64..1e6).prop_map(|f| json!(f)),
            prop_oneof![Just("first-degree"), Just("second-degree"), Just("a"), Just("b"), Just("x")].prop_map(|s| json!(s)),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            let keys = prop_oneof![
                Just("sex"), Just("ageYears"), Just("counts"), Just("note"), Just("flag"), Just("inner"),
                Just("n"), Just("kind"), Just("k"), Just("age_years"), Just("other"),
            ];
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map(keys.prop_map(String::from), inner, 0..7).prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    fn any_record() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::json;
        (any_json(), any::<bool>(), prop::option::of(-200f64..200.0), prop::collection::vec(0u16..300, 0..3), any::<bool>())
            .prop_map(|(extra, drop_flag, age, counts, unknown)| {
                let mut v = json!({ "sex": "first-degree", "counts": counts, "flag": true, "inner": { "n": 1, "kind": "a" } });
                if let Some(a) = age {
                    v["ageYears"] = json!(a);
                }
                if drop_flag {
                    v.as_object_mut().unwrap().remove("flag");
                }
                if unknown {
                    v["other"] = json!(1);
                }
                if let (Some(m), serde_json::Value::Object(e)) = (v.as_object_mut(), extra) {
                    m.extend(e);
                }
                v
            })
    }

    proptest! {
        /// Whatever the document, the table-driven reader accepts exactly what serde's derived
        /// reader accepts, with the same value (what the library's readers were before).
        #[test]
        fn derive_read_agrees_with_serde_derive(doc in prop_oneof![any_json(), any_record()]) {
            let text = doc.to_string();
            let ours = read::<Both>(&text, "doc");
            let serde = serde_json::from_str::<Both>(&text);
            match (&ours, &serde) {
                (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
                (Err(_), Err(_)) => {}
                _ => prop_assert!(false, "{} read: ours {:?}, serde {:?}", text, ours.as_ref().map(|_| ()), serde.as_ref().map(|_| ())),
            }
        }

        /// The word-at-a-time search for the end of plain string text finds the byte a byte-by-
        /// byte search finds, wherever it is (quotes, backslashes, control and non-ASCII bytes).
        #[test]
        fn plain_run_finds_the_first_stop(
            bytes in proptest::collection::vec(prop_oneof![Just(b'"'), Just(b'\\'), 0u8..0x20, 0x20u8..=0xff], 0..40),
            plain in proptest::collection::vec(0x20u8..=0xff, 0..40),
            from in 0usize..8,
        ) {
            let mut b = plain;
            b.extend(bytes);
            let from = from.min(b.len());
            let naive = (from..b.len()).find(|&i| b[i] == b'"' || b[i] == b'\\' || b[i] < 0x20).unwrap_or(b.len());
            prop_assert_eq!(plain_run(&b, from), naive);
        }
    }

    #[test]
    fn plain_run_stops_at_each_kind_in_each_lane() {
        for stop in [b'"', b'\\', 0x00, 0x1f] {
            for at in 0..20 {
                let mut b = vec![0xe4u8; 20];
                b[at] = stop;
                assert_eq!(plain_run(&b, 0), at, "stop {stop:#x} at {at}");
            }
        }
        assert_eq!(plain_run(&[0x20, 0x7f, 0x80, 0xff, 0x21, 0x5b, 0x5d, 0x23, 0x41], 0), 9);
    }

    #[test]
    fn locale_tags() {
        assert_eq!(Locale::parse(None, "x").unwrap(), Locale::ZhCn);
        assert_eq!(Locale::parse(Some("en-US"), "x").unwrap(), Locale::En);
        assert_eq!(Locale::parse(Some("zh_Hans"), "x").unwrap(), Locale::ZhCn);
        let e = Locale::parse(Some("fr"), "options.locale").unwrap_err();
        assert_eq!(e.code.as_str(), "INVALID_INPUT");
        assert_eq!(e.field.as_deref(), Some("options.locale"));
    }
}
