//! ECR image references as the pipeline sees them (shared by its rules and its lowering).

/// The ECR repository of an image that takes the pipeline's tag: `Some("grocery/cart")` for
/// `{{account}}.dkr.ecr.{{region}}.{{url_suffix}}/grocery/cart:{{tag}}`. Images from elsewhere,
/// or with a fixed tag, are not the pipeline's to build.
pub fn repository_of(image: &str) -> Option<String> {
    let (host, rest) = image.split_once('/')?;
    if !host.contains(".dkr.ecr.") {
        return None;
    }
    let repo = rest.strip_suffix(":{{tag}}")?;
    valid_repository(repo).then(|| repo.to_owned())
}

/// ECR's repository-name pattern: lowercase segments of `[a-z0-9]` separated by `.`, `_` or
/// `-`, joined by `/`, 2–256 characters. Only such names reach a buildspec command.
fn valid_repository(name: &str) -> bool {
    (2..=256).contains(&name.len())
        && name.split('/').all(|seg| {
            !seg.is_empty()
                && seg.split(['.', '_', '-']).all(|w| {
                    !w.is_empty()
                        && w.bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repositories_from_images() {
        assert_eq!(
            repository_of("{{account}}.dkr.ecr.{{region}}.{{url_suffix}}/grocery/cart:{{tag}}"),
            Some("grocery/cart".to_owned())
        );
        assert_eq!(
            repository_of("123456789012.dkr.ecr.us-east-1.amazonaws.com/web:{{tag}}"),
            Some("web".to_owned())
        );
        assert_eq!(repository_of("public.ecr.aws/x/y:{{tag}}"), None);
        assert_eq!(repository_of("1.dkr.ecr.r.amazonaws.com/web:1.2"), None);
        assert_eq!(
            repository_of("1.dkr.ecr.r.amazonaws.com/We b:{{tag}}"),
            None
        );
        assert_eq!(
            repository_of("1.dkr.ecr.r.amazonaws.com/a//b:{{tag}}"),
            None
        );
    }
}
