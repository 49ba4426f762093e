//! IAM action patterns as IAM reads them: `service:Name` where `*` matches any run of characters
//! and `?` any one character, anywhere in the pattern, and names compare case-insensitively
//! (IAM User Guide, "IAM JSON policy elements: Action"). The permission rules (FF0306, FF0396)
//! judge a pattern by what it matches, so `iam:**`, `iam:*Role*` or `IAM:passrole` cannot slip
//! past a test on the text.

/// Actions that let whoever holds them grant themselves more: change or attach policies, make
/// credentials for other users, hand a role to a service, or assume a role. From Rhino Security
/// Labs' "AWS IAM privilege escalation methods" and cfripper's `PrivilegeEscalationRule`.
pub const ESCALATION: &[&str] = &[
    "iam:AddUserToGroup",
    "iam:AttachGroupPolicy",
    "iam:AttachRolePolicy",
    "iam:AttachUserPolicy",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:CreatePolicy",
    "iam:CreatePolicyVersion",
    "iam:PassRole",
    "iam:PutGroupPolicy",
    "iam:PutRolePolicy",
    "iam:PutUserPolicy",
    "iam:SetDefaultPolicyVersion",
    "iam:UpdateAssumeRolePolicy",
    "iam:UpdateLoginProfile",
    "sts:AssumeRole",
    "lambda:UpdateFunctionCode",
    "glue:UpdateDevEndpoint",
];

/// Whether `pattern` (with `*` and `?`) matches `text`, ignoring ASCII case.
pub fn matches(pattern: &str, text: &str) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let (mut i, mut j) = (0, 0);
    // Where the last `*` was and the text position it has swallowed up to: on a mismatch the
    // star takes one more character, so the walk is linear in practice and never recursive.
    let mut star: Option<(usize, usize)> = None;
    while j < t.len() {
        if i < p.len() && (p[i] == b'?' || p[i].eq_ignore_ascii_case(&t[j])) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == b'*' {
            star = Some((i, j));
            i += 1;
        } else if let Some((si, sj)) = star {
            star = Some((si, sj + 1));
            i = si + 1;
            j = sj + 1;
        } else {
            return false;
        }
    }
    p[i..].iter().all(|&b| b == b'*')
}

/// Whether `pattern` grants every action of its service, or actions of any service: `*`,
/// `s3:*`, `iam:**`, `*:Get*`.
pub fn grants_everything(pattern: &str) -> bool {
    match pattern.split_once(':') {
        Some((service, name)) => {
            service.contains(['*', '?'])
                || (name.contains('*') && name.bytes().all(|b| b == b'*' || b == b'?'))
        }
        None => pattern.contains('*'),
    }
}

/// The privilege-escalation actions `pattern` matches.
pub fn escalations(pattern: &str) -> Vec<&'static str> {
    ESCALATION
        .iter()
        .copied()
        .filter(|action| matches(pattern, action))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_anywhere_and_case_is_ignored() {
        assert!(matches("iam:*Role*", "iam:PassRole"));
        assert!(matches("iam:*Role*", "iam:AttachRolePolicy"));
        assert!(matches("iam:Put*", "iam:PutUserPolicy"));
        assert!(matches("IAM:passrole", "iam:PassRole"));
        assert!(matches("iam:Pass?ole", "iam:PassRole"));
        assert!(matches("*:*", "sts:AssumeRole"));
        assert!(matches("iam:**", "iam:PassRole"));
        assert!(!matches("iam:Get*", "iam:PassRole"));
        assert!(!matches("iam:PassRole?", "iam:PassRole"));
        assert!(!matches("s3:*", "iam:PassRole"));
        assert!(matches("", ""));
        assert!(!matches("", "x"));
    }

    #[test]
    fn patterns_that_grant_every_action() {
        for p in [
            "*",
            "s3:*",
            "iam:**",
            "iam:*?",
            "*:*",
            "*:GetObject",
            "s?:GetObject",
        ] {
            assert!(grants_everything(p), "{p}");
        }
        for p in ["s3:Get*", "iam:*Role*", "s3:GetObject", "s3:?"] {
            assert!(!grants_everything(p), "{p}");
        }
    }

    #[test]
    fn escalations_are_found_through_wildcards() {
        assert_eq!(escalations("iam:Pass*"), vec!["iam:PassRole"]);
        assert_eq!(
            escalations("iam:*Role*"),
            vec![
                "iam:AttachRolePolicy",
                "iam:PassRole",
                "iam:PutRolePolicy",
                "iam:UpdateAssumeRolePolicy"
            ]
        );
        assert_eq!(escalations("STS:assume*"), vec!["sts:AssumeRole"]);
        assert!(escalations("s3:GetObject").is_empty());
        assert!(escalations("iam:Get*").is_empty());
    }
}
