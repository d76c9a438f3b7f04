//! Naming rules: snake_case methods (as the Python driver names them), PascalCase types,
//! normalized group names, and escapes for Rust keywords.

const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// `GetLDAPGroups` → `get_ldap_groups`, `team_display_name` → `team_display_name`,
/// `TeamReviewersSetting` → `team_reviewers_setting`.
pub fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (index, &ch) in chars.iter().enumerate() {
        if !ch.is_ascii_alphanumeric() {
            if !out.ends_with('_') && !out.is_empty() {
                out.push('_');
            }
            continue;
        }
        if ch.is_ascii_uppercase() && index > 0 {
            let previous = chars[index - 1];
            let next_is_lower = chars.get(index + 1).is_some_and(|c| c.is_ascii_lowercase());
            let boundary = previous.is_ascii_lowercase()
                || previous.is_ascii_digit()
                || (previous.is_ascii_uppercase() && next_is_lower);
            if boundary && !out.ends_with('_') && !out.is_empty() {
                out.push('_');
            }
        }
        out.push(ch.to_ascii_lowercase());
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

/// `team_display_name` → `TeamDisplayName`, `OAuthApp` → `OAuthApp`, `x-y.z` → `XYZ`.
pub fn pascal_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for part in name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
    {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'N');
    }
    out
}

/// A tag as a group: lowercase snake_case, so `OAuth` and `oauth` are one group and
/// `data retention` is `data_retention`.
pub fn group_name(tag: &str) -> String {
    // `PlaybookRuns` → `playbook_runs`; `OAuth` stays one word.
    let mut split = String::new();
    let mut previous_lower = false;
    for c in tag.trim().chars() {
        if c.is_ascii_uppercase() && previous_lower {
            split.push('_');
        }
        previous_lower = c.is_ascii_lowercase();
        split.push(c);
    }
    split
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect::<String>()
        .split('_')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

/// A safe Rust identifier for a field or function: keywords get a trailing underscore, a
/// leading digit gets `n_`.
pub fn identifier(snake: &str) -> String {
    let mut ident = if snake.is_empty() {
        "value".to_owned()
    } else {
        snake.to_owned()
    };
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert_str(0, "n_");
    }
    if KEYWORDS.contains(&ident.as_str()) {
        ident.push('_');
    }
    ident
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_matches_the_python_driver() {
        assert_eq!(snake_case("GetUserByUsername"), "get_user_by_username");
        assert_eq!(snake_case("GetLDAPGroups"), "get_ldap_groups");
        assert_eq!(
            snake_case("GetSAMLMetadataFromIdp"),
            "get_saml_metadata_from_idp"
        );
        assert_eq!(snake_case("UpdateOAuthApp"), "update_o_auth_app");
        assert_eq!(snake_case("team_display_name"), "team_display_name");
        assert_eq!(snake_case("TeamReviewersSetting"), "team_reviewers_setting");
        assert_eq!(snake_case("Get2FAStatus"), "get2_fa_status");
    }

    #[test]
    fn groups_are_normalized() {
        assert_eq!(group_name("OAuth"), "oauth");
        assert_eq!(group_name("oauth"), "oauth");
        assert_eq!(group_name("data retention"), "data_retention");
        assert_eq!(group_name("Content Flagging"), "content_flagging");
        assert_eq!(group_name("PlaybookRuns"), "playbook_runs");
    }

    #[test]
    fn identifiers_avoid_keywords() {
        assert_eq!(identifier("type"), "type_");
        assert_eq!(identifier("2fa"), "n_2fa");
        assert_eq!(pascal_case("team_display_name"), "TeamDisplayName");
        assert_eq!(pascal_case("OAuthApp"), "OAuthApp");
    }
}
