//! What an ALB listener rule accepts as a host-header or path-pattern value (ELB API
//! `HostHeaderConditionConfig` and `PathPatternConditionConfig`, ALB guide "Host conditions" and
//! "Path conditions"): at most 128 characters each; a host of A-Z a-z 0-9 `-` `.` with at least
//! one `.` and only letters after the last; a path of A-Z a-z 0-9 `_ - . $ / ~ " ' @ : + &`; both
//! with the wildcards `*` and `?`. Used by the route rules (FF0441, FF0442) and by the importers,
//! which must write routes that compile.

/// The longest host or path value a condition accepts.
pub const MAX_LEN: usize = 128;

fn host_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '*' | '?')
}

fn path_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '_' | '-' | '.' | '$' | '/' | '~' | '"' | '\'' | '@' | ':' | '+' | '&' | '*' | '?'
        )
}

/// A character for a message: spaces and control characters by name.
fn describe(c: char) -> String {
    match c {
        ' ' => "a space".to_owned(),
        '`' => "a backtick".to_owned(),
        c if c.is_control() => format!("the control character U+{:04X}", u32::from(c)),
        c => format!("`{c}`"),
    }
}

fn too_long(text: &str) -> Option<String> {
    let len = text.chars().count();
    (len > MAX_LEN).then(|| format!("{len} characters, more than {MAX_LEN}"))
}

/// What is wrong with `host`, for a label; `None` when the load balancer accepts it.
pub fn host_problem(host: &str) -> Option<String> {
    if let Some(why) = too_long(host) {
        return Some(why);
    }
    if let Some(c) = host.chars().find(|c| !host_char(*c)) {
        return Some(format!("{} is not allowed in a host", describe(c)));
    }
    match host.rsplit_once('.') {
        None => Some("no `.` in the host".to_owned()),
        Some((_, last)) if last.is_empty() || !last.chars().all(|c| c.is_ascii_alphabetic()) => {
            Some("only letters may follow the last `.`".to_owned())
        }
        Some(_) => None,
    }
}

/// A host the load balancer accepts, as close to `host` as a rewrite can be.
pub fn host_suggestion(host: &str) -> String {
    let cleaned: String = host
        .chars()
        .filter_map(|c| match c {
            c if host_char(c) => Some(c),
            '_' | ' ' => Some('-'),
            _ => None,
        })
        .collect();
    let mut s = cleaned.trim_matches(['-', '.']).to_owned();
    let tld_ok = s
        .rsplit_once('.')
        .is_some_and(|(_, t)| !t.is_empty() && t.chars().all(|c| c.is_ascii_alphabetic()));
    if !tld_ok {
        s.push_str(".example.com");
    }
    if s.len() > MAX_LEN {
        // Keep the longest tail that fits after a `*` wildcard, starting at a label.
        let from = s
            .match_indices('.')
            .map(|(i, _)| i)
            .find(|i| s.len() - i < MAX_LEN)
            .unwrap_or(s.len() - 4);
        s = format!("*{}", &s[from..]);
    }
    s
}

/// What is wrong with `path`, for a label; `None` when the load balancer accepts it.
pub fn path_problem(path: &str) -> Option<String> {
    too_long(path).or_else(|| {
        path.chars()
            .find(|c| !path_char(*c))
            .map(|c| format!("{} is not allowed in a path", describe(c)))
    })
}

/// `path` with each character the load balancer refuses matched by `?`, cut to fit with a `*`.
pub fn path_suggestion(path: &str) -> String {
    let mut s: String = path
        .chars()
        .map(|c| if path_char(c) { c } else { '?' })
        .collect();
    if s.chars().count() > MAX_LEN {
        s = s.chars().take(MAX_LEN - 1).chain(['*']).collect();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_follow_the_load_balancer_grammar() {
        for good in ["api.example.com", "*.example.com", "api-?.example.COM"] {
            assert_eq!(host_problem(good), None, "{good}");
        }
        for bad in [
            "bad host_name!",
            "localhost",
            "api.example.com.",
            "api.example.c0m",
            "api.example.*",
            &format!("{}.com", "a".repeat(125)),
        ] {
            assert!(host_problem(bad).is_some(), "{bad}");
            let fixed = host_suggestion(bad);
            assert_eq!(host_problem(&fixed), None, "{bad} -> {fixed}");
        }
        assert_eq!(
            host_suggestion("bad host_name!"),
            "bad-host-name.example.com"
        );
    }

    #[test]
    fn paths_follow_the_load_balancer_grammar() {
        for good in ["/", "/api/*", "/a-b_c.d/$x~y\"z'@:+&?/*"] {
            assert_eq!(path_problem(good), None, "{good}");
        }
        let long = format!("/{}", "a".repeat(128));
        for bad in [
            "/search results/*",
            "/caf\u{e9}",
            "/a#b",
            "/a%20b",
            long.as_str(),
        ] {
            assert!(path_problem(bad).is_some(), "{bad}");
            assert_eq!(path_problem(&path_suggestion(bad)), None, "{bad}");
        }
        assert_eq!(path_suggestion("/search results/*"), "/search?results/*");
    }
}
