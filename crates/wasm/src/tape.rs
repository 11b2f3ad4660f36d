//! Results handed to JavaScript as one byte tape that `tape.js`, bundled into each module's glue,
//! reads into plain values: the same values serde-wasm-bindgen's `json_compatible` serializer
//! made, in fewer of the module's bytes (no import a value, no JavaScript `Map`, no `BigInt`) and
//! with one call across the boundary a result instead of one a value.
//!
//! The tape, each value a tag byte and what follows it (numbers as LEB128):
//! `END` closes an array or an object; `NULL`, `FALSE`, `TRUE`; `UINT` n; `FLOAT` 8 bytes,
//! little-endian; `TEXT` length, UTF-8; `ARRAY` values `END`; `OBJECT` (key, value) pairs `END`;
//! `KEY` n, the n-th key written with `NEW_KEY` in this tape; `NEW_KEY` length, UTF-8: a struct's
//! field name, written once a tape.

use std::fmt;

use serde::ser::{self, Serialize};
use wasm_bindgen::prelude::*;

const END: u8 = 0;
const NULL: u8 = 1;
const FALSE: u8 = 2;
const TRUE: u8 = 3;
const UINT: u8 = 4;
const FLOAT: u8 = 5;
const TEXT: u8 = 6;
const ARRAY: u8 = 7;
const OBJECT: u8 = 8;
const KEY: u8 = 9;
const NEW_KEY: u8 = 10;

#[wasm_bindgen(module = "/src/tape.js")]
extern "C" {
    /// The values of a tape, read while it is in the module's memory.
    #[wasm_bindgen(js_name = readTape)]
    fn read_tape(tape: &[u8]) -> JsValue;
}

/// `value` as a JavaScript value, or why it has none: an integer JavaScript cannot hold exactly.
pub(crate) fn to_value(value: &impl Serialize) -> Result<JsValue, Unwritable> {
    let mut tape = Tape::default();
    value.serialize(&mut tape)?;
    Ok(read_tape(&tape.bytes))
}

/// A value the tape cannot carry; serde-wasm-bindgen refused the same ones.
#[derive(Debug)]
pub(crate) struct Unwritable;

impl fmt::Display for Unwritable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer beyond 2^53 cannot be a JavaScript number")
    }
}

impl std::error::Error for Unwritable {}

impl ser::Error for Unwritable {
    fn custom<T: fmt::Display>(_: T) -> Unwritable {
        Unwritable
    }
}

#[derive(Default)]
struct Tape {
    bytes: Vec<u8>,
    /// The field names written so far, by address and length (they are `'static`).
    keys: Vec<(usize, usize)>,
}

/// JavaScript's `Number.MAX_SAFE_INTEGER`.
const MAX_SAFE: u64 = (1 << 53) - 1;

impl Tape {
    fn leb128(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.bytes.push(n as u8 | 0x80);
            n >>= 7;
        }
        self.bytes.push(n as u8);
    }

    fn tagged(&mut self, tag: u8, text: &str) {
        self.bytes.push(tag);
        self.leb128(text.len() as u64);
        self.bytes.extend_from_slice(text.as_bytes());
    }

    fn float(&mut self, v: f64) {
        self.bytes.push(FLOAT);
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    fn signed(&mut self, v: i64) -> Result<(), Unwritable> {
        match u64::try_from(v) {
            Ok(v) => self.unsigned(v),
            Err(_) if v >= -(MAX_SAFE as i64) => {
                self.float(v as f64);
                Ok(())
            }
            Err(_) => Err(Unwritable),
        }
    }

    fn unsigned(&mut self, v: u64) -> Result<(), Unwritable> {
        if v > MAX_SAFE {
            return Err(Unwritable);
        }
        self.bytes.push(UINT);
        self.leb128(v);
        Ok(())
    }

    fn key(&mut self, key: &'static str) {
        let at = (key.as_ptr() as usize, key.len());
        match self.keys.iter().position(|&k| k == at) {
            Some(n) => {
                self.bytes.push(KEY);
                self.leb128(n as u64);
            }
            None => {
                self.keys.push(at);
                self.tagged(NEW_KEY, key);
            }
        }
    }

    fn close(&mut self) -> Done {
        self.bytes.push(END);
        Ok(())
    }

    /// Opens `{ variant: … }`, serde's shape for an enum variant with data.
    fn variant(&mut self, variant: &'static str) {
        self.bytes.push(OBJECT);
        self.key(variant);
    }
}

type Done = Result<(), Unwritable>;

/// A serializer's method that opens `{ variant: ` and then an array or an object (`tag`).
macro_rules! opens_variant {
    ($method:ident, $tag:expr) => {
        fn $method(
            self,
            _: &'static str,
            _: u32,
            variant: &'static str,
            _: usize,
        ) -> Result<Self, Unwritable> {
            self.variant(variant);
            self.bytes.push($tag);
            Ok(self)
        }
    };
}

impl ser::Serializer for &mut Tape {
    type Ok = ();
    type Error = Unwritable;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> Done {
        self.bytes.push(if v { TRUE } else { FALSE });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Done {
        self.signed(v.into())
    }
    fn serialize_i16(self, v: i16) -> Done {
        self.signed(v.into())
    }
    fn serialize_i32(self, v: i32) -> Done {
        self.signed(v.into())
    }
    fn serialize_i64(self, v: i64) -> Done {
        self.signed(v)
    }
    fn serialize_u8(self, v: u8) -> Done {
        self.unsigned(v.into())
    }
    fn serialize_u16(self, v: u16) -> Done {
        self.unsigned(v.into())
    }
    fn serialize_u32(self, v: u32) -> Done {
        self.unsigned(v.into())
    }
    fn serialize_u64(self, v: u64) -> Done {
        self.unsigned(v)
    }
    fn serialize_f32(self, v: f32) -> Done {
        self.float(v.into());
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Done {
        self.float(v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Done {
        self.tagged(TEXT, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Done {
        self.tagged(TEXT, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Done {
        self.bytes.push(ARRAY);
        for &byte in v {
            self.unsigned(byte.into())?;
        }
        self.close()
    }
    fn serialize_none(self) -> Done {
        self.serialize_unit()
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Done {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Done {
        self.bytes.push(NULL);
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Done {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Done {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, value: &T) -> Done {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Done {
        self.variant(variant);
        value.serialize(&mut *self)?;
        self.close()
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Unwritable> {
        self.bytes.push(ARRAY);
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self, Unwritable> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Self, Unwritable> {
        self.serialize_seq(Some(len))
    }
    opens_variant!(serialize_tuple_variant, ARRAY);
    fn serialize_map(self, _: Option<usize>) -> Result<Self, Unwritable> {
        self.bytes.push(OBJECT);
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Self, Unwritable> {
        self.serialize_map(Some(len))
    }
    opens_variant!(serialize_struct_variant, OBJECT);
}

/// The serializers of arrays, objects and `{ variant: … }`: each part written in turn, then
/// `END` closing what was opened (twice for a variant: its array or object, then the object
/// around it).
macro_rules! compound {
    ($trait:ident, $part:ident, $closes:expr) => {
        impl ser::$trait for &mut Tape {
            type Ok = ();
            type Error = Unwritable;
            fn $part<T: ?Sized + Serialize>(&mut self, value: &T) -> Done {
                value.serialize(&mut **self)
            }
            fn end(self) -> Done {
                self.bytes.extend_from_slice(&[END; 2][..$closes]);
                Ok(())
            }
        }
    };
    ($trait:ident, $closes:expr) => {
        impl ser::$trait for &mut Tape {
            type Ok = ();
            type Error = Unwritable;
            fn serialize_field<T: ?Sized + Serialize>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Done {
                self.key(key);
                value.serialize(&mut **self)
            }
            fn end(self) -> Done {
                self.bytes.extend_from_slice(&[END; 2][..$closes]);
                Ok(())
            }
        }
    };
}

compound!(SerializeSeq, serialize_element, 1);
compound!(SerializeTuple, serialize_element, 1);
compound!(SerializeTupleStruct, serialize_field, 1);
compound!(SerializeTupleVariant, serialize_field, 2);
compound!(SerializeStruct, 1);
compound!(SerializeStructVariant, 2);

impl ser::SerializeMap for &mut Tape {
    type Ok = ();
    type Error = Unwritable;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Done {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Done {
        value.serialize(&mut **self)
    }
    fn end(self) -> Done {
        self.close()
    }
}
