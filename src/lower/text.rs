//! Building strings out of literal text and intrinsics: one `Fn::Sub` where possible, so ARNs
//! that mix user text with `${AWS::Partition}` read as one string.

use std::fmt::Write as _;

use crate::cfn::{Expr, Value};
use crate::interp::Rendered;

/// A rendered blueprint string as a template value: its literal text, or `Fn::Sub`.
impl From<Rendered> for Value {
    fn from(rendered: Rendered) -> Self {
        match rendered {
            Rendered::Literal(s) => Self::Str(s),
            Rendered::Sub(s) => Self::sub(s),
        }
    }
}

/// Concatenates parts: a plain string when every part is literal, otherwise one `Fn::Sub`
/// (literal `${` escaped as `${!`), or `Fn::Join` if a part cannot be written inside a `Fn::Sub`.
pub fn concat(parts: &[Value]) -> Value {
    let mut literal = String::new();
    let mut sub = String::new();
    let mut needs_sub = false;
    for part in parts {
        match part {
            Value::Str(s) => {
                literal.push_str(s);
                sub.push_str(&s.replace("${", "${!"));
            }
            Value::Expr(e) => match e.as_ref() {
                Expr::Sub(text) => {
                    needs_sub = true;
                    sub.push_str(text);
                }
                Expr::Ref(id) => {
                    needs_sub = true;
                    let _ = write!(sub, "${{{id}}}");
                }
                Expr::Pseudo(p) => {
                    needs_sub = true;
                    let _ = write!(sub, "${{{}}}", p.name());
                }
                _ => return Value::from(Expr::Join(String::new(), parts.to_vec())),
            },
            _ => return Value::from(Expr::Join(String::new(), parts.to_vec())),
        }
    }
    if needs_sub {
        Value::sub(sub)
    } else {
        Value::Str(literal)
    }
}

/// `arn:${AWS::Partition}:{service}:${AWS::Region}:${AWS::AccountId}:{resource}`, where
/// `resource` is a rendered user value.
pub fn regional_arn(service: &str, resource_prefix: &str, resource: &Value) -> Value {
    concat(&[
        Value::sub(format!(
            "arn:${{AWS::Partition}}:{service}:${{AWS::Region}}:${{AWS::AccountId}}:{resource_prefix}"
        )),
        resource.clone(),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::{LogicalId, Pseudo};

    #[test]
    fn literals_stay_plain() {
        assert_eq!(concat(&["a".into(), "b".into()]), Value::str("ab"));
    }

    #[test]
    fn mixed_parts_become_one_sub_with_literal_dollars_escaped() {
        let id = LogicalId::new("ImageTag").unwrap();
        let v = concat(&[
            "x${y}:".into(),
            Value::r#ref(&id),
            Value::pseudo(Pseudo::Region),
        ]);
        assert_eq!(v, Value::sub("x${!y}:${ImageTag}${AWS::Region}"));
    }

    #[test]
    fn arns_use_the_partition() {
        let v = regional_arn("ssm", "parameter/", &"a/b".into());
        assert_eq!(
            v,
            Value::sub("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/a/b")
        );
    }
}
