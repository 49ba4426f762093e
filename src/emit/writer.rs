//! The pretty JSON writer behind [`super::json`]: a `serde::Serializer` that writes what
//! `serde_json::to_string_pretty` writes, byte for byte (the tests in `emit.rs` hold the two
//! together), in fewer steps.
//!
//! Why not `serde_json`'s own serializer with a formatter: a template is mostly short strings
//! (keys average ten bytes, values twenty), and `serde_json` pays a call per string to its
//! escaping loop, which reads one byte at a time, then a call per fragment, per quote and per
//! separator. That was a sixth of the instructions of a build of 100 services × 2 × 3. Here a
//! key, its quotes and the `": "` after it are reserved once and copied; a string is checked for
//! bytes that need escaping eight at a time.
//!
//! Shapes templates never take (map keys that are not strings or integers, 128-bit integers)
//! end the write with [`Unsupported`]: [`super::json`] then writes the value with `serde_json`,
//! so the output stays `serde_json`'s for every value `serde_json` writes.

use serde::ser::{self, Serialize};

/// A shape this writer leaves to `serde_json`, or an error a value's `Serialize` raised.
#[derive(Debug)]
pub struct Unsupported;

impl std::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("left to serde_json")
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Self
    }
}

type Result = std::result::Result<(), Unsupported>;

/// A line break and enough indentation (two spaces a level) for every level but absurd ones.
const BREAK: &str = {
    const BYTES: [u8; 129] = {
        let mut line = [b' '; 129];
        line[0] = b'\n';
        line
    };
    match std::str::from_utf8(&BYTES) {
        Ok(line) => line,
        Err(_) => panic!("a line break and spaces are UTF-8"),
    }
};

/// The state of `serde_json`'s `PrettyFormatter` (one `has_value` flag for all levels, as
/// there), and the text so far.
pub struct Writer {
    pub out: String,
    level: usize,
    has_value: bool,
}

impl Writer {
    pub fn new(capacity: usize) -> Self {
        Self {
            out: String::with_capacity(capacity),
            level: 0,
            has_value: false,
        }
    }

    fn line(&mut self) {
        if let Some(line) = BREAK.get(..=2 * self.level) {
            self.out.push_str(line);
        } else {
            self.out.push('\n');
            for _ in 0..self.level {
                self.out.push_str("  ");
            }
        }
    }

    /// `[` or `{`; `empty` (a length hint of 0) closes it at once, as `serde_json` does.
    fn open(&mut self, bracket: char, empty: bool) -> State {
        self.level += 1;
        self.has_value = false;
        self.out.push(bracket);
        if empty {
            self.close(if bracket == '[' { ']' } else { '}' });
            State::Empty
        } else {
            State::First
        }
    }

    /// `]` or `}`, on a line of its own unless nothing was written in it.
    fn close(&mut self, bracket: char) {
        self.level -= 1;
        if self.has_value {
            self.line();
        }
        self.out.push(bracket);
    }

    /// Before an item or a key: a comma after the one before, then a new line.
    fn entry(&mut self, state: &mut State) {
        if *state != State::First {
            self.out.push(',');
        }
        *state = State::Rest;
        self.line();
    }

    fn string(&mut self, text: &str) {
        self.out.reserve(text.len() + 2);
        self.out.push('"');
        escaped(&mut self.out, text);
        self.out.push('"');
    }

    /// A key, its quotes and the `": "` after it.
    fn key(&mut self, key: &str) {
        self.out.reserve(key.len() + 4);
        self.out.push('"');
        escaped(&mut self.out, key);
        self.out.push_str("\": ");
    }

    /// An integer as `serde_json` writes it (with `itoa`).
    fn integer<T: itoa::Integer>(&mut self, n: T) {
        self.out.push_str(itoa::Buffer::new().format(n));
    }

    /// A float as `serde_json` writes it (`ryu`, `null` when not finite): rare in templates,
    /// so through `serde_json` itself.
    fn float<T: Serialize>(&mut self, n: T) -> Result {
        self.out
            .push_str(&serde_json::to_string(&n).map_err(|_| Unsupported)?);
        Ok(())
    }

    /// `{"variant": ` before a variant's content.
    fn open_variant(&mut self, variant: &str) -> State {
        let mut state = self.open('{', false);
        self.entry(&mut state);
        self.key(variant);
        state
    }

    /// The `}` after a variant's content.
    fn close_variant(&mut self) {
        self.has_value = true;
        self.close('}');
    }
}

/// Whether a compound has had an entry yet, as `serde_json` tracks it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Empty,
    First,
    Rest,
}

/// `serde_json`'s escape for a byte, or 0 when it is written as it is: `"`, `\\` and the
/// control characters below 0x20 (not 0x7f, not beyond ASCII).
static ESCAPE: [u8; 256] = {
    let mut table = [0; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = b'u';
        byte += 1;
    }
    table[0x08] = b'b';
    table[0x0c] = b'f';
    table[b'\n' as usize] = b'n';
    table[b'\r' as usize] = b'r';
    table[b'\t' as usize] = b't';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

/// Whether any of the eight bytes of `word` is below 0x20, `"` or `\\` (never a false "no").
fn needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x & HIGH;
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    (below(word, 0x20)
        | zero(word ^ (ONES * u64::from(b'"')))
        | zero(word ^ (ONES * u64::from(b'\\'))))
        != 0
}

/// The eight bytes of `bytes` from `at` as one word.
fn word(bytes: &[u8], at: usize) -> u64 {
    let mut chunk = [0; 8];
    chunk.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(chunk)
}

/// The index of the first byte of `bytes` that needs an escape, if one does. Eight bytes at a
/// time, and the last eight of a string of eight or more read in one word that overlaps the
/// word before; shorter strings byte by byte.
fn first_escape(bytes: &[u8]) -> Option<usize> {
    let scan = |from: usize| {
        bytes[from..]
            .iter()
            .position(|b| ESCAPE[usize::from(*b)] != 0)
            .map(|i| from + i)
    };
    let n = bytes.len();
    if n < 8 {
        return scan(0);
    }
    let mut at = 0;
    while at + 8 <= n {
        if needs_escape(word(bytes, at)) {
            return scan(at);
        }
        at += 8;
    }
    if at < n && needs_escape(word(bytes, n - 8)) {
        return scan(at);
    }
    None
}

/// Appends `text` with `serde_json`'s escapes; the runs between escapes are copied whole
/// (each ends before an ASCII byte, so on a character boundary).
fn escaped(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let Some(first) = first_escape(bytes) else {
        out.push_str(text);
        return;
    };
    let mut start = 0;
    for (i, byte) in bytes.iter().enumerate().skip(first) {
        let code = ESCAPE[usize::from(*byte)];
        if code == 0 {
            continue;
        }
        out.push_str(&text[start..i]);
        out.push('\\');
        if code == b'u' {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("u00");
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xf)]));
        } else {
            out.push(char::from(code));
        }
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

/// A list or map being written.
pub struct Compound<'w> {
    w: &'w mut Writer,
    state: State,
}

impl Compound<'_> {
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.w.entry(&mut self.state);
        value.serialize(&mut *self.w)?;
        self.w.has_value = true;
        Ok(())
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result {
        self.w.entry(&mut self.state);
        self.w.key(key);
        value.serialize(&mut *self.w)?;
        self.w.has_value = true;
        Ok(())
    }

    fn finish(self, bracket: char) {
        if self.state != State::Empty {
            self.w.close(bracket);
        }
    }
}

/// The `Serializer` methods of the integer types, each through [`Writer::integer`].
macro_rules! integers {
    ($($method:ident: $t:ty),*) => {$(
        fn $method(self, v: $t) -> Result {
            self.integer(v);
            Ok(())
        }
    )*};
}

/// Sequences, tuples and tuple structs are all one JSON list.
macro_rules! list {
    ($trait:ident, $method:ident) => {
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Unsupported;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
                self.item(value)
            }

            fn end(self) -> Result {
                self.finish(']');
                Ok(())
            }
        }
    };
}

impl<'w> ser::Serializer for &'w mut Writer {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Compound<'w>;
    type SerializeTuple = Compound<'w>;
    type SerializeTupleStruct = Compound<'w>;
    type SerializeTupleVariant = Compound<'w>;
    type SerializeMap = Compound<'w>;
    type SerializeStruct = Compound<'w>;
    type SerializeStructVariant = Compound<'w>;

    fn serialize_bool(self, v: bool) -> Result {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }

    integers!(
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64
    );

    fn serialize_f32(self, v: f32) -> Result {
        self.float(v)
    }

    fn serialize_f64(self, v: f64) -> Result {
        self.float(v)
    }

    fn serialize_char(self, v: char) -> Result {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result {
        self.string(v);
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result {
        use ser::SerializeSeq as _;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for byte in v {
            seq.serialize_element(byte)?;
        }
        ser::SerializeSeq::end(seq)
    }

    fn serialize_none(self) -> Result {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result {
        self.out.push_str("null");
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result {
        self.serialize_unit()
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result {
        self.open_variant(variant);
        value.serialize(&mut *self)?;
        self.close_variant();
        Ok(())
    }

    fn serialize_seq(self, len: Option<usize>) -> std::result::Result<Compound<'w>, Unsupported> {
        let state = self.open('[', len == Some(0));
        Ok(Compound { w: self, state })
    }

    fn serialize_tuple(self, len: usize) -> std::result::Result<Compound<'w>, Unsupported> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> std::result::Result<Compound<'w>, Unsupported> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> std::result::Result<Compound<'w>, Unsupported> {
        self.open_variant(variant);
        self.serialize_seq(Some(len))
    }

    fn serialize_map(self, len: Option<usize>) -> std::result::Result<Compound<'w>, Unsupported> {
        let state = self.open('{', len == Some(0));
        Ok(Compound { w: self, state })
    }

    fn serialize_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> std::result::Result<Compound<'w>, Unsupported> {
        self.serialize_map(Some(len))
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> std::result::Result<Compound<'w>, Unsupported> {
        self.open_variant(variant);
        self.serialize_map(Some(len))
    }
}

list!(SerializeSeq, serialize_element);
list!(SerializeTuple, serialize_element);
list!(SerializeTupleStruct, serialize_field);

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.item(value)
    }

    fn end(self) -> Result {
        let w = &mut *self.w;
        if self.state != State::Empty {
            w.close(']');
        }
        w.close_variant();
        Ok(())
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;

    /// A key is written as a value, then looked at: a string stays (strings, characters, unit
    /// variants, newtypes of them), an integer is quoted, as `serde_json` does; anything else
    /// is left to `serde_json`.
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        self.w.entry(&mut self.state);
        let start = self.w.out.len();
        key.serialize(&mut *self.w)?;
        let written = &self.w.out.as_bytes()[start..];
        let integer = |digits: &[u8]| !digits.is_empty() && digits.iter().all(u8::is_ascii_digit);
        match written {
            [b'"', ..] => {}
            [b'-', digits @ ..] | digits if integer(digits) => {
                self.w.out.insert(start, '"');
                self.w.out.push('"');
            }
            _ => return Err(Unsupported),
        }
        self.w.out.push_str(": ");
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(&mut *self.w)?;
        self.w.has_value = true;
        Ok(())
    }

    fn end(self) -> Result {
        self.finish('}');
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.field(key, value)
    }

    fn end(self) -> Result {
        self.finish('}');
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.field(key, value)
    }

    fn end(self) -> Result {
        let w = &mut *self.w;
        if self.state != State::Empty {
            w.close('}');
        }
        w.close_variant();
        Ok(())
    }
}
