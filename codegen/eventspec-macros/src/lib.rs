//! `include_spec!`: the typed API of an eventspec spec, generated at compile time, for crates
//! that would rather not have a build script.
//!
//! ```ignore
//! eventspec_macros::include_spec!("spec/normandy.yaml");
//! // or, inside a module of its own:
//! eventspec_macros::include_spec!("spec/normandy.yaml", module = normandy);
//! ```
//!
//! The path is resolved against the calling crate's `CARGO_MANIFEST_DIR`. The expansion is
//! exactly what the build-script front end (`eventspec::Builder`) writes, from the same
//! generator, so the crate must depend on `eventspec-runtime` as well. A bad spec gives one
//! compile error per problem, on the path literal, each with the spec's `file:line:column` and
//! snippet. Editing the spec recompiles the crate, also after a failed expansion.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitStr, Token};

/// Expands to the types, constants and codecs generated from the spec at the given path
/// (relative to the crate's `Cargo.toml`). Options after the path: `module = name` puts
/// everything in `pub mod name`.
#[proc_macro]
pub fn include_spec(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    expand(input.into()).into()
}

/// What the macro was given.
struct Args {
    path: LitStr,
    module: Option<Ident>,
}

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.is_empty() {
            return Err(
                input.error("expected the spec's path: `include_spec!(\"spec/telemetry.yaml\")`")
            );
        }
        let path: LitStr = input.parse()?;
        let mut module = None;
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let key: Ident = input.parse()?;
            match key.to_string().as_str() {
                "module" => {
                    input.parse::<Token![=]>()?;
                    if module.is_some() {
                        return Err(syn::Error::new(key.span(), "`module` is given twice"));
                    }
                    module = Some(input.parse()?);
                }
                other => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!("unknown option `{other}`; the option is `module = name`"),
                    ));
                }
            }
        }
        Ok(Args { path, module })
    }
}

fn expand(input: TokenStream) -> TokenStream {
    let args = match syn::parse2::<Args>(input) {
        Ok(args) => args,
        Err(error) => return error.to_compile_error(),
    };
    let written = args.path.value();
    let full = match std::env::var_os("CARGO_MANIFEST_DIR") {
        Some(dir) => PathBuf::from(dir).join(&written),
        None => PathBuf::from(&written),
    };
    // Stable Rust has no tracked paths: depending on the file's bytes makes cargo recompile
    // the crate when the spec changes, also after this expansion failed.
    let track = full
        .is_file()
        .then(|| full.to_str())
        .flatten()
        .map(|path| quote! { const _: &[u8] = include_bytes!(#path); });
    let body = match generate(&full, &written) {
        Ok(tokens) => tokens,
        Err(messages) => messages
            .into_iter()
            .map(|m| syn::Error::new(args.path.span(), m).to_compile_error())
            .collect(),
    };
    let body = match args.module {
        Some(module) => {
            let doc = format!("The telemetry API generated from `{written}`.");
            quote! {
                #[doc = #doc]
                pub mod #module {
                    #body
                }
            }
        }
        None => body,
    };
    quote! {
        #track
        #body
    }
}

/// The generated tokens, or one message per problem (rendered with the path as written).
fn generate(full: &Path, written: &str) -> Result<TokenStream, Vec<String>> {
    let source = match eventspec::load_as(full, written) {
        Ok(source) => source,
        Err(eventspec::LoadError::Io { error, .. }) => {
            return Err(vec![format!(
                "cannot read the spec `{written}` (relative to CARGO_MANIFEST_DIR): {error}"
            )]);
        }
        Err(eventspec::LoadError::Invalid { text, diagnostic }) => {
            return Err(vec![without_severity(diagnostic.render(&text))]);
        }
    };
    let checked = eventspec::check(&source);
    match checked.model {
        // The build script's text, as tokens: one generator for both front ends.
        Some(model) => eventspec::backend::rust::generate(&model, written)
            .parse()
            .map_err(|e| {
                vec![format!(
                    "eventspec generated Rust that does not lex (a bug): {e}"
                )]
            }),
        None => Err(checked
            .diagnostics
            .sorted()
            .into_iter()
            .filter(|d| d.severity == eventspec::diagnostic::Severity::Error)
            .map(|d| without_severity(d.render(&source)))
            .collect()),
    }
}

/// `error[code]: message…` as `[code] message…`: rustc already says `error: `.
fn without_severity(rendered: String) -> String {
    match rendered.strip_prefix("error[") {
        Some(rest) => match rest.split_once("]: ") {
            Some((code, rest)) => format!("[{code}] {rest}"),
            None => rendered,
        },
        None => rendered,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One generator, two front ends: the macro expands to the tokens of the checked-in file
    /// (what the build script writes), after the line that makes cargo track the spec.
    #[test]
    fn expands_to_what_the_build_script_writes() {
        let expanded = expand(quote!("../../spec/normandy.yaml"));
        let track = format!(
            "const _ : & [u8] = include_bytes ! ({:?}) ;",
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../spec/normandy.yaml")
                .to_str()
                .unwrap()
        );
        let checked_in: TokenStream = include_str!("../../../generated/rust/normandy.rs")
            .parse()
            .unwrap();
        assert_eq!(expanded.to_string(), format!("{track} {checked_in}"));
        // And it is a Rust file, not just tokens.
        let without_track: TokenStream = expanded
            .into_iter()
            .skip_while(|t| !matches!(t, proc_macro2::TokenTree::Punct(p) if p.as_char() == ';'))
            .skip(1)
            .collect();
        assert!(syn::parse2::<syn::File>(without_track).is_ok());
    }

    #[test]
    fn options_are_checked() {
        let message = |input: TokenStream| match syn::parse2::<Args>(input) {
            Ok(_) => String::new(),
            Err(e) => e.to_string(),
        };
        assert_eq!(
            message(quote!("a.yaml", modul = x)),
            "unknown option `modul`; the option is `module = name`"
        );
        assert_eq!(
            message(quote!("a.yaml", module = x, module = y)),
            "`module` is given twice"
        );
        assert!(
            message(quote!()).contains("expected the spec's path"),
            "{}",
            message(quote!())
        );
        assert!(message(quote!("a.yaml", module = x,)).is_empty());
    }
}
