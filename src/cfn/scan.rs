//! Reads the strings of typed IR through its `Serialize` impls, without building JSON: a pass
//! after lowering that must look at every value of a resource (whatever its type) asks here.

use std::borrow::Cow;
use std::fmt;

use serde::ser::{self, Impossible, Serialize};

/// Whether `found(key, text)` holds for any string in `value`, where `key` is the property
/// name or map key the string is the value of (`None` for a list item). Map keys themselves
/// are not visited. Stops at the first hit.
pub fn any_string<T: Serialize + ?Sized>(
    value: &T,
    found: &mut dyn FnMut(Option<&str>, &str) -> bool,
) -> bool {
    let mut scan = Scan { found, key: None };
    matches!(value.serialize(&mut scan), Err(Stop::Found))
}

struct Scan<'f> {
    found: &'f mut dyn FnMut(Option<&str>, &str) -> bool,
    // Borrowed for struct fields (nearly every key): a scan visits every field of a template.
    key: Option<Cow<'static, str>>,
}

impl Scan<'_> {
    /// Serializes `value` as the value of `key`.
    fn under<T: Serialize + ?Sized>(
        &mut self,
        key: Option<Cow<'static, str>>,
        value: &T,
    ) -> Result<(), Stop> {
        let outer = std::mem::replace(&mut self.key, key);
        let result = value.serialize(&mut *self);
        self.key = outer;
        result
    }
}

/// Why a scan stopped early: a hit, or (never for fleetform's types) a serializer error.
#[derive(Debug)]
enum Stop {
    Found,
    Failed(String),
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Found => f.write_str("found"),
            Self::Failed(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for Stop {}

impl ser::Error for Stop {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self::Failed(msg.to_string())
    }
}

/// Scalars other than strings hold nothing to find.
macro_rules! nothing {
    ($($method:ident($ty:ty)),*) => {
        $(fn $method(self, _: $ty) -> Result<(), Stop> {
            Ok(())
        })*
    };
}

impl ser::Serializer for &mut Scan<'_> {
    type Ok = ();
    type Error = Stop;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    nothing!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_bytes(&[u8]),
        serialize_unit_struct(&'static str)
    );

    fn serialize_str(self, v: &str) -> Result<(), Stop> {
        if (self.found)(self.key.as_deref(), v) {
            Err(Stop::Found)
        } else {
            Ok(())
        }
    }
    fn serialize_none(self) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Stop> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Stop> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Stop> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Stop> {
        self.under(Some(Cow::Borrowed(variant)), value)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Stop> {
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, Stop> {
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, Stop> {
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, Stop> {
        Ok(self)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, Stop> {
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Stop> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, Stop> {
        Ok(self)
    }
}

/// Lists and tuples: each item is under no key.
macro_rules! items {
    ($($trait:ident::$method:ident),*) => {
        $(impl ser::$trait for &mut Scan<'_> {
            type Ok = ();
            type Error = Stop;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Stop> {
                self.under(None, value)
            }
            fn end(self) -> Result<(), Stop> {
                Ok(())
            }
        })*
    };
}

items!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for &mut Scan<'_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Stop> {
        // The next value is under this key; a key that is no string names nothing.
        self.key = key.serialize(KeyText).ok().map(Cow::Owned);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Stop> {
        let key = self.key.take();
        self.under(key, value)
    }
    fn end(self) -> Result<(), Stop> {
        Ok(())
    }
}

/// Structs: each field is under its (serialized) name.
macro_rules! fields {
    ($($trait:ident),*) => {
        $(impl ser::$trait for &mut Scan<'_> {
            type Ok = ();
            type Error = Stop;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                name: &'static str,
                value: &T,
            ) -> Result<(), Stop> {
                self.under(Some(Cow::Borrowed(name)), value)
            }
            fn end(self) -> Result<(), Stop> {
                Ok(())
            }
        })*
    };
}

fields!(SerializeStruct, SerializeStructVariant);

/// A map key as text: strings (and string-like newtypes such as logical IDs) only.
struct KeyText;

fn not_text() -> Stop {
    Stop::Failed("not a string key".to_owned())
}

/// Everything but a string (or a newtype of one) is no key text.
macro_rules! not_text {
    ($($method:ident($($ty:ty),*) -> $ok:ty),*) => {
        $(fn $method(self, $(_: $ty),*) -> Result<$ok, Stop> {
            Err(not_text())
        })*
    };
}

impl ser::Serializer for KeyText {
    type Ok = String;
    type Error = Stop;
    type SerializeSeq = Impossible<String, Stop>;
    type SerializeTuple = Impossible<String, Stop>;
    type SerializeTupleStruct = Impossible<String, Stop>;
    type SerializeTupleVariant = Impossible<String, Stop>;
    type SerializeMap = Impossible<String, Stop>;
    type SerializeStruct = Impossible<String, Stop>;
    type SerializeStructVariant = Impossible<String, Stop>;

    not_text!(
        serialize_bool(bool) -> String,
        serialize_i8(i8) -> String,
        serialize_i16(i16) -> String,
        serialize_i32(i32) -> String,
        serialize_i64(i64) -> String,
        serialize_u8(u8) -> String,
        serialize_u16(u16) -> String,
        serialize_u32(u32) -> String,
        serialize_u64(u64) -> String,
        serialize_f32(f32) -> String,
        serialize_f64(f64) -> String,
        serialize_char(char) -> String,
        serialize_bytes(&[u8]) -> String,
        serialize_none() -> String,
        serialize_unit() -> String,
        serialize_unit_struct(&'static str) -> String,
        serialize_unit_variant(&'static str, u32, &'static str) -> String,
        serialize_seq(Option<usize>) -> Self::SerializeSeq,
        serialize_tuple(usize) -> Self::SerializeTuple,
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct,
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant,
        serialize_map(Option<usize>) -> Self::SerializeMap,
        serialize_struct(&'static str, usize) -> Self::SerializeStruct,
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant
    );

    fn serialize_str(self, v: &str) -> Result<String, Stop> {
        Ok(v.to_owned())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<String, Stop> {
        value.serialize(self)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<String, Stop> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String, Stop> {
        Err(not_text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::{LogicalId, Value};

    #[test]
    fn finds_strings_with_the_key_they_are_under() {
        let id = LogicalId::new("ImageTag").unwrap();
        let v = Value::List(vec![Value::str("a"), Value::r#ref(&id)]);
        let is_ref = |key: Option<&str>, text: &str| key == Some("Ref") && text == "ImageTag";
        assert!(any_string(&v, &mut { is_ref }));
        assert!(!any_string(&Value::str("ImageTag"), &mut { is_ref }));
        assert!(any_string(&Value::str("a"), &mut |k, t| k.is_none() && t == "a"));
    }

    #[test]
    fn map_keys_and_struct_fields_name_their_values() {
        let map = Value::Map([("Outer".to_owned(), Value::str("x"))].into());
        assert!(any_string(&map, &mut |k, t| k == Some("Outer") && t == "x"));
        let props = crate::cfn::resources::ssm::Parameter {
            name: "/p".to_owned(),
            parameter_type: "String",
            value: Value::sub("v"),
            description: None,
        };
        assert!(any_string(&props, &mut |k, t| k == Some("Name") && t == "/p"));
        assert!(any_string(&props, &mut |k, t| k == Some("Fn::Sub") && t == "v"));
        assert!(!any_string(&props, &mut |k, _| k == Some("Description")));
    }
}
