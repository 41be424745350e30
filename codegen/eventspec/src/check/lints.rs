//! The named platform-limit checks. A spec may waive one on an item (`waive: {lint: reason}`);
//! `check` then prints a note instead of an error, so no exception is silent. A lint's name is
//! its diagnostic [`Code`].

use crate::diagnostic::Code;

/// A named limit check.
#[derive(Clone, Copy, Debug)]
pub struct Lint {
    /// The diagnostic it reports, whose name `waive` uses.
    pub code: Code,
    /// Whether a spec may waive it. Byte limits are not waivable: Firefox truncates the data.
    pub waivable: bool,
}

/// Every lint.
pub const LINTS: &[Lint] = &[
    Lint {
        code: Code::NamePattern,
        waivable: true,
    },
    Lint {
        code: Code::CategoryLength,
        waivable: true,
    },
    Lint {
        code: Code::MethodLength,
        waivable: true,
    },
    Lint {
        code: Code::ObjectLength,
        waivable: true,
    },
    Lint {
        code: Code::ExtraKeyLength,
        waivable: true,
    },
    Lint {
        code: Code::ExtraCount,
        waivable: true,
    },
    Lint {
        code: Code::ValueLength,
        waivable: false,
    },
];

/// The lint named `name`.
pub fn find(name: &str) -> Option<&'static Lint> {
    LINTS.iter().find(|l| l.code.as_str() == name)
}
