//! The one reader: every document the library is given (profiles, options, rules, visits,
//! readings, passed-back plans and reports) is JSON text read into its type by this module.
//!
//! - **One schema per type**: the type's `serde::Deserialize`, driven by the [`Reader`] below
//!   (a serde deserializer over JSON text), so each type has one deserializer in the binary.
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

use serde::de::{self, DeserializeOwned, DeserializeSeed, Visitor};

use crate::error::{Error, ErrorCode, Expected, Result};
use crate::i18n::{msg, Locale};

/// Reads a `T` from JSON `text`; `root` names the document (`profile`, `options`, `plan`) and
/// prefixes every error path.
#[inline(never)]
pub fn read<T: DeserializeOwned>(text: &str, root: &str) -> Result<T> {
    let mut reader = Reader { text, bytes: text.as_bytes(), pos: 0, depth: 0 };
    let value = T::deserialize(&mut reader).and_then(|v| {
        reader.skip_ws();
        if reader.pos < reader.bytes.len() {
            Err(ReadError::new(Problem::Syntax))
        } else {
            Ok(v)
        }
    });
    value.map_err(|e| e.into_error(root))
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
#[derive(Debug)]
pub struct ReadError {
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
        ReadError { steps: Vec::new(), problem }
    }

    #[cold]
    #[inline(never)]
    fn key(mut self, key: &str) -> ReadError {
        self.steps.push(Step::Key(key.to_string()));
        self
    }

    #[cold]
    #[inline(never)]
    fn index(mut self, i: usize) -> ReadError {
        self.steps.push(Step::Index(i));
        self
    }

    fn path(&self) -> String {
        let mut p = String::new();
        for s in self.steps.iter().rev() {
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
        match self.problem {
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

/// What serde's description of an expected value (`f64`, `a string`, `struct Profile`) asks for.
fn expected_of(exp: &dyn de::Expected) -> Option<Expected> {
    let e = exp.to_string();
    let kind = match e.as_str() {
        "f64" | "f32" => Expected::Number,
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize" => Expected::WholeNumber,
        "a string" | "a borrowed string" | "a character" => Expected::Text,
        "a boolean" => Expected::YesNo,
        "a sequence" => Expected::List,
        "a map" => Expected::Object,
        e if e.starts_with("struct ") || e.starts_with("tuple") => Expected::Object,
        e if e.starts_with("a sequence") || e.starts_with("an array") => Expected::List,
        _ => return None,
    };
    Some(kind)
}

impl de::Error for ReadError {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        ReadError::new(Problem::WrongType(None))
    }
    fn invalid_type(_unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        ReadError::new(Problem::WrongType(expected_of(exp)))
    }
    fn invalid_value(_unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        ReadError::new(Problem::WrongType(expected_of(exp)))
    }
    fn invalid_length(_len: usize, exp: &dyn de::Expected) -> Self {
        ReadError::new(Problem::WrongType(expected_of(exp)))
    }
    fn unknown_variant(_variant: &str, expected: &'static [&'static str]) -> Self {
        ReadError::new(Problem::WrongType(Some(Expected::OneOf(expected.to_vec()))))
    }
    fn unknown_field(field: &str, _expected: &'static [&'static str]) -> Self {
        ReadError::new(Problem::UnknownField(field.to_string()))
    }
    fn missing_field(field: &'static str) -> Self {
        ReadError::new(Problem::MissingField(field))
    }
}

type R<T> = std::result::Result<T, ReadError>;

// ---------------------------------------------------------------------------------------------
// The reader: a serde deserializer over JSON text

/// Nesting deeper than this is refused (no document of the library comes near it).
const MAX_DEPTH: usize = 128;

struct Reader<'de> {
    text: &'de str,
    bytes: &'de [u8],
    pos: usize,
    depth: usize,
}

/// A JSON number as read: integers stay integers when they fit.
enum Number {
    U(u64),
    I(i64),
    F(f64),
}

impl<'de> Reader<'de> {
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    /// The first byte of the next value (after whitespace).
    fn peek(&mut self) -> R<u8> {
        self.skip_ws();
        self.bytes.get(self.pos).copied().ok_or_else(|| ReadError::new(Problem::Syntax))
    }

    #[inline(never)]
    fn expect(&mut self, b: u8) -> R<()> {
        if self.peek()? == b {
            self.pos += 1;
            Ok(())
        } else {
            Err(ReadError::new(Problem::Syntax))
        }
    }

    #[inline(never)]
    fn literal(&mut self, word: &str) -> R<()> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(ReadError::new(Problem::Syntax))
        }
    }

    /// A string at `pos` (the opening quote): borrowed from the text when it has no escapes.
    #[inline(never)]
    fn string(&mut self) -> R<Cow<'de, str>> {
        self.pos += 1;
        let start = self.pos;
        let b = self.bytes;
        while let Some(&c) = b.get(self.pos) {
            match c {
                b'"' => {
                    let s = &self.text[start..self.pos];
                    self.pos += 1;
                    return Ok(Cow::Borrowed(s));
                }
                b'\\' => return self.escaped_string(start).map(Cow::Owned),
                _ => self.pos += 1,
            }
        }
        Err(ReadError::new(Problem::Syntax))
    }

    /// The rest of a string with escapes, from `start` (after the quote).
    fn escaped_string(&mut self, start: usize) -> R<String> {
        let mut out = String::from(&self.text[start..self.pos]);
        let b = self.bytes;
        loop {
            let run = self.pos;
            while let Some(&c) = b.get(self.pos) {
                if c == b'"' || c == b'\\' {
                    break;
                }
                self.pos += 1;
            }
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

    #[inline(never)]
    fn number(&mut self) -> R<Number> {
        let start = self.pos;
        let b = self.bytes;
        let mut float = false;
        while let Some(&c) = b.get(self.pos) {
            match c {
                b'0'..=b'9' | b'-' | b'+' => {}
                b'.' | b'e' | b'E' => float = true,
                _ => break,
            }
            self.pos += 1;
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
    fn skip(&mut self) -> R<()> {
        match self.peek()? {
            b'"' => self.string().map(drop),
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.peek()? {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => depth -= 1,
                        _ => {}
                    }
                    self.pos += 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
            }
            b't' => self.literal("true"),
            b'f' => self.literal("false"),
            b'n' => self.literal("null"),
            _ => self.number().map(drop),
        }
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

    /// An object's next key, `None` at its end.
    #[inline(never)]
    fn next_key(&mut self, first: bool) -> R<Option<Cow<'de, str>>> {
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

    #[inline(never)]
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        if self.peek()? == b'n' {
            self.literal("null")?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    #[inline(never)]
    fn deserialize_enum<V: Visitor<'de>>(self, _name: &'static str, variants: &'static [&'static str], visitor: V) -> R<V::Value> {
        // Enums of the library are written as their code: `"male"`.
        if self.peek()? != b'"' {
            return Err(ReadError::new(Problem::WrongType(Some(Expected::OneOf(variants.to_vec())))));
        }
        let code = self.string()?;
        visitor.visit_enum(Code(code))
    }

    #[inline(never)]
    fn deserialize_struct<V: Visitor<'de>>(self, _name: &'static str, _fields: &'static [&'static str], visitor: V) -> R<V::Value> {
        self.deserialize_map(visitor)
    }

    /// A record or map is an object (never a list of its fields in order).
    #[inline(never)]
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        match self.token()? {
            Token::Object => {
                let v = visitor.visit_map(Fields { r: &mut *self, first: true, key: Cow::Borrowed("") })?;
                self.close(b'}')?;
                Ok(v)
            }
            _ => Err(wrong(Expected::Object)),
        }
    }

    #[inline(never)]
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        match self.token()? {
            Token::List => {
                let v = visitor.visit_seq(Items { r: &mut *self, index: 0 })?;
                self.close(b']')?;
                Ok(v)
            }
            _ => Err(wrong(Expected::List)),
        }
    }

    #[inline(never)]
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        match self.token()? {
            Token::Str(Cow::Borrowed(s)) => visitor.visit_borrowed_str(s),
            Token::Str(Cow::Owned(s)) => visitor.visit_string(s),
            _ => Err(wrong(Expected::Text)),
        }
    }

    #[inline(never)]
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        self.deserialize_str(visitor)
    }

    #[inline(never)]
    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        match self.token()? {
            Token::Bool(b) => visitor.visit_bool(b),
            _ => Err(wrong(Expected::YesNo)),
        }
    }

    #[inline(never)]
    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        match self.token()? {
            Token::Num(n) => visitor.visit_f64(n.as_f64()),
            _ => Err(wrong(Expected::Number)),
        }
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        self.deserialize_f64(visitor)
    }

    #[inline(never)]
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        match self.token()? {
            Token::Num(Number::U(u)) => visitor.visit_u64(u),
            Token::Num(Number::I(i)) => visitor.visit_i64(i),
            _ => Err(wrong(Expected::WholeNumber)),
        }
    }

    serde::forward_to_deserialize_any! {
        char bytes byte_buf unit unit_struct newtype_struct tuple tuple_struct
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        self.deserialize_u64(visitor)
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

/// An enum written as its code (a unit variant).
struct Code<'de>(Cow<'de, str>);

impl<'de> de::EnumAccess<'de> for Code<'de> {
    type Error = ReadError;
    type Variant = UnitOnly;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> R<(V::Value, UnitOnly)> {
        let v = match self.0 {
            Cow::Borrowed(s) => seed.deserialize(de::value::BorrowedStrDeserializer::<ReadError>::new(s))?,
            Cow::Owned(s) => seed.deserialize(de::value::StringDeserializer::<ReadError>::new(s))?,
        };
        Ok((v, UnitOnly))
    }
}

struct UnitOnly;

impl<'de> de::VariantAccess<'de> for UnitOnly {
    type Error = ReadError;

    fn unit_variant(self) -> R<()> {
        Ok(())
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _seed: T) -> R<T::Value> {
        Err(ReadError::new(Problem::WrongType(None)))
    }
    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> R<V::Value> {
        Err(ReadError::new(Problem::WrongType(None)))
    }
    fn struct_variant<V: Visitor<'de>>(self, _fields: &'static [&'static str], _visitor: V) -> R<V::Value> {
        Err(ReadError::new(Problem::WrongType(None)))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Problem as P;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        n: f64,
        kind: Kind,
        #[serde(default)]
        k: Option<u32>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "lowercase")]
    enum Kind {
        A,
        B,
    }

    #[derive(Debug, Deserialize, PartialEq)]
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
