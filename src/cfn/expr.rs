//! Values and intrinsic functions, always written in long form (`{"Fn::GetAtt": [...]}`).

use std::collections::BTreeMap;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::LogicalId;

/// Pseudo parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pseudo {
    AccountId,
    Partition,
    Region,
    StackName,
    UrlSuffix,
    NoValue,
}

impl Pseudo {
    pub const fn name(self) -> &'static str {
        match self {
            Self::AccountId => "AWS::AccountId",
            Self::Partition => "AWS::Partition",
            Self::Region => "AWS::Region",
            Self::StackName => "AWS::StackName",
            Self::UrlSuffix => "AWS::URLSuffix",
            Self::NoValue => "AWS::NoValue",
        }
    }
}

/// The intrinsic functions fleetform emits.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Ref(LogicalId),
    Pseudo(Pseudo),
    GetAtt(LogicalId, &'static str),
    /// `Fn::Sub` with a string whose `${…}` names resources, parameters or pseudo parameters.
    Sub(String),
    SubWith(String, BTreeMap<String, Value>),
    Join(String, Vec<Value>),
    /// `Fn::Join` of a value that is a list itself (a `List<…>` parameter's `Ref`).
    JoinList(String, Box<Value>),
    Select(u32, Box<Value>),
    /// `Fn::GetAZs ""`: the current region's zones.
    GetAzs,
    Base64(Box<Value>),
}

/// A property value: a literal or an intrinsic.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Bool(bool),
    Int(i64),
    Str(String),
    List(Vec<Value>),
    Map(BTreeMap<String, Value>),
    Expr(Box<Expr>),
}

impl Value {
    pub fn str(s: impl Into<String>) -> Self {
        Self::Str(s.into())
    }
    pub fn r#ref(id: &LogicalId) -> Self {
        Self::Expr(Box::new(Expr::Ref(id.clone())))
    }
    pub fn get_att(id: &LogicalId, attr: &'static str) -> Self {
        Self::Expr(Box::new(Expr::GetAtt(id.clone(), attr)))
    }
    pub fn sub(s: impl Into<String>) -> Self {
        Self::Expr(Box::new(Expr::Sub(s.into())))
    }
    pub fn pseudo(p: Pseudo) -> Self {
        Self::Expr(Box::new(Expr::Pseudo(p)))
    }
    /// `arn:${AWS::Partition}:<rest>` where `rest` may use other `${…}` names.
    pub fn arn(rest: &str) -> Self {
        Self::sub(format!("arn:${{AWS::Partition}}:{rest}"))
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Self::Str(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Self::Str(s)
    }
}

impl From<Expr> for Value {
    fn from(e: Expr) -> Self {
        Self::Expr(Box::new(e))
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Bool(b) => s.serialize_bool(*b),
            Self::Int(i) => s.serialize_i64(*i),
            Self::Str(v) => s.serialize_str(v),
            Self::List(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Self::Map(entries) => {
                let mut map = s.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
            Self::Expr(e) => e.serialize(s),
        }
    }
}

impl Serialize for Expr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(1))?;
        match self {
            Self::Ref(id) => map.serialize_entry("Ref", id)?,
            Self::Pseudo(p) => map.serialize_entry("Ref", p.name())?,
            Self::GetAtt(id, attr) => map.serialize_entry("Fn::GetAtt", &(id, attr))?,
            Self::Sub(text) => map.serialize_entry("Fn::Sub", text)?,
            Self::SubWith(text, vars) => map.serialize_entry("Fn::Sub", &(text, vars))?,
            Self::Join(sep, items) => map.serialize_entry("Fn::Join", &(sep, items))?,
            Self::JoinList(sep, list) => map.serialize_entry("Fn::Join", &(sep, list))?,
            Self::Select(i, v) => map.serialize_entry("Fn::Select", &(i.to_string(), v))?,
            Self::GetAzs => map.serialize_entry("Fn::GetAZs", "")?,
            Self::Base64(v) => map.serialize_entry("Fn::Base64", v)?,
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intrinsics_are_long_form() {
        let id = LogicalId::new("Lb").unwrap();
        let v = Value::List(vec![
            Value::get_att(&id, "DNSName"),
            Value::r#ref(&id),
            Value::pseudo(Pseudo::Partition),
        ]);
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"[{"Fn::GetAtt":["Lb","DNSName"]},{"Ref":"Lb"},{"Ref":"AWS::Partition"}]"#
        );
    }

    #[test]
    fn select_index_is_a_string_and_getazs_is_empty() {
        let v = Value::from(Expr::Select(1, Box::new(Value::from(Expr::GetAzs))));
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"Fn::Select":["1",{"Fn::GetAZs":""}]}"#
        );
    }
}
