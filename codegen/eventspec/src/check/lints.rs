//! The named platform-limit checks. A spec may waive one on an item (`waive: {lint: reason}`);
//! `check` then prints a note instead of an error, so no exception is silent.

/// A named limit check.
#[derive(Clone, Copy, Debug)]
pub struct Lint {
    /// Name used in diagnostics and in `waive`.
    pub name: &'static str,
    /// Whether a spec may waive it. Byte limits are not waivable: Firefox truncates the data.
    pub waivable: bool,
}

/// Names match `^[a-zA-Z][a-zA-Z0-9_.]*[a-zA-Z0-9]$`.
pub const NAME_PATTERN: &str = "name-pattern";
/// Category at most 30 characters.
pub const CATEGORY_LENGTH: &str = "category-length";
/// Method at most 20 characters.
pub const METHOD_LENGTH: &str = "method-length";
/// Object at most 20 characters.
pub const OBJECT_LENGTH: &str = "object-length";
/// Extra key at most 15 characters.
pub const EXTRA_KEY_LENGTH: &str = "extra-key-length";
/// At most 10 extras per event.
pub const EXTRA_COUNT: &str = "extra-count";
/// Values at most 80 bytes.
pub const VALUE_LENGTH: &str = "value-length";

/// Every lint.
pub const LINTS: &[Lint] = &[
    Lint {
        name: NAME_PATTERN,
        waivable: true,
    },
    Lint {
        name: CATEGORY_LENGTH,
        waivable: true,
    },
    Lint {
        name: METHOD_LENGTH,
        waivable: true,
    },
    Lint {
        name: OBJECT_LENGTH,
        waivable: true,
    },
    Lint {
        name: EXTRA_KEY_LENGTH,
        waivable: true,
    },
    Lint {
        name: EXTRA_COUNT,
        waivable: true,
    },
    Lint {
        name: VALUE_LENGTH,
        waivable: false,
    },
];

/// The lint named `name`.
pub fn find(name: &str) -> Option<&'static Lint> {
    LINTS.iter().find(|l| l.name == name)
}
