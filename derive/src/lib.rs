//! `#[derive(Read)]`: the reader of one input type of health-steward, as data.
//!
//! serde's `Deserialize` derive writes a visitor per type whose code grows by about 100 bytes per
//! number field and 300 bytes per text field in the Wasm (docs/packaging.md). This derive writes
//! instead a table of the type's JSON keys and one small function that stores the value of the
//! key at a given position; the loop over an object's keys, the key look-up, unknown and
//! duplicate keys, paths in errors and missing fields are handled once, by `Reader::object` in
//! `src/read.rs`.
//!
//! It reads the same `#[serde(...)]` attributes as the `Serialize` derive beside it, so a type's
//! JSON names are written once: `rename_all` (`camelCase`, `lowercase`, `kebab-case`,
//! `snake_case`), `rename`, `default` (on the type or a field, `default = "path"`),
//! `deny_unknown_fields`, `skip` and `skip_deserializing`; `skip_serializing_if` is for
//! `Serialize` and ignored. Structs with named fields and enums of unit variants (read from
//! their code) are supported; anything else is a compile error naming what is not.

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as Tokens};
use quote::quote;
use syn::{Attribute, Data, DeriveInput, Error, Fields, LitStr, Token};

#[proc_macro_derive(Read, attributes(serde))]
pub fn derive_read(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as DeriveInput);
    match expand(&input) {
        Ok(tokens) => tokens.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

/// The `#[serde(...)]` attributes this derive understands, of the type or of one field/variant.
#[derive(Default)]
struct Attrs {
    rename_all: Option<String>,
    rename: Option<String>,
    /// `Some(None)`: `default`; `Some(Some(path))`: `default = "path"`.
    default: Option<Option<syn::ExprPath>>,
    deny_unknown_fields: bool,
    skip: bool,
}

fn attrs_of(attrs: &[Attribute]) -> syn::Result<Attrs> {
    let mut out = Attrs::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            let name = meta.path.get_ident().map(|i| i.to_string()).unwrap_or_default();
            match name.as_str() {
                "rename_all" => out.rename_all = Some(meta.value()?.parse::<LitStr>()?.value()),
                "rename" => out.rename = Some(meta.value()?.parse::<LitStr>()?.value()),
                "default" if meta.input.peek(Token![=]) => {
                    out.default = Some(Some(meta.value()?.parse::<LitStr>()?.parse()?));
                }
                "default" => out.default = Some(None),
                "deny_unknown_fields" => out.deny_unknown_fields = true,
                "skip" | "skip_deserializing" => out.skip = true,
                "skip_serializing_if" | "skip_serializing" => {
                    if meta.input.peek(Token![=]) {
                        meta.value()?.parse::<LitStr>()?;
                    }
                }
                _ => return Err(meta.error(format!("derive(Read) does not support #[serde({name})]"))),
            }
            Ok(())
        })?;
    }
    Ok(out)
}

/// The JSON name of a field (`snake_case` identifier) under `rename_all`, as serde names it.
fn field_key(rule: Option<&str>, ident: &str) -> syn::Result<String> {
    Ok(match rule {
        None | Some("snake_case") | Some("lowercase") => ident.to_string(),
        Some("kebab-case") => ident.replace('_', "-"),
        Some("camelCase") => {
            let mut out = String::new();
            let mut upper = false;
            for c in ident.chars() {
                if c == '_' {
                    upper = true;
                } else if upper {
                    out.extend(c.to_uppercase());
                    upper = false;
                } else {
                    out.push(c);
                }
            }
            out
        }
        Some(other) => return Err(Error::new(Span::call_site(), format!("derive(Read): rename_all = \"{other}\" on fields is not supported"))),
    })
}

/// The JSON code of a unit variant (`PascalCase` identifier) under `rename_all`, as serde names it.
fn variant_code(rule: Option<&str>, ident: &str) -> syn::Result<String> {
    let words = |sep: char| {
        let mut out = String::new();
        for (i, c) in ident.chars().enumerate() {
            if c.is_uppercase() && i > 0 {
                out.push(sep);
            }
            out.extend(c.to_lowercase());
        }
        out
    };
    Ok(match rule {
        None => ident.to_string(),
        Some("lowercase") => ident.to_lowercase(),
        Some("kebab-case") => words('-'),
        Some("snake_case") => words('_'),
        Some("camelCase") => {
            let mut c = ident.chars();
            c.next().map(|f| f.to_lowercase().chain(c).collect()).unwrap_or_default()
        }
        Some(other) => return Err(Error::new(Span::call_site(), format!("derive(Read): rename_all = \"{other}\" on variants is not supported"))),
    })
}

fn expand(input: &DeriveInput) -> syn::Result<Tokens> {
    if !input.generics.params.is_empty() {
        return Err(Error::new_spanned(&input.generics, "derive(Read) does not support generic types"));
    }
    let container = attrs_of(&input.attrs)?;
    match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(named) => expand_struct(input, &container, named.named.iter().collect()),
            _ => Err(Error::new_spanned(&input.ident, "derive(Read) supports structs with named fields only")),
        },
        Data::Enum(e) => expand_enum(input, &container, e),
        Data::Union(_) => Err(Error::new_spanned(&input.ident, "derive(Read) does not support unions")),
    }
}

fn expand_struct(input: &DeriveInput, container: &Attrs, fields: Vec<&syn::Field>) -> syn::Result<Tokens> {
    let name = &input.ident;
    let rule = container.rename_all.as_deref();
    let mut keys = Vec::new();
    // The blank value each field starts from (`Read::blank`, or `Default` for skipped fields).
    let mut blanks = Vec::new();
    // `i => out.field = read(r)?` for the key at position `i`.
    let mut arms = Vec::new();
    // Fields with a default of their own, set when their key was not seen.
    let mut defaults = Vec::new();
    let mut required = vec![quote!(0u128)];
    for field in &fields {
        let ident = field.ident.as_ref().expect("named field");
        let ty = &field.ty;
        let attrs = attrs_of(&field.attrs)?;
        if attrs.skip {
            blanks.push(quote!(#ident: ::core::default::Default::default()));
            continue;
        }
        blanks.push(quote!(#ident: <#ty as crate::read::Read>::blank()));
        let key = match attrs.rename {
            Some(k) => k,
            None => field_key(rule, &ident.to_string())?,
        };
        let index = keys.len();
        arms.push(quote!(#index => out.#ident = crate::read::Read::read(r)?,));
        let bit = quote!((1u128 << #index));
        match (&attrs.default, &container.default) {
            (Some(None), _) => defaults.push(quote!(if seen & #bit == 0 { out.#ident = ::core::default::Default::default(); })),
            (Some(Some(path)), _) => defaults.push(quote!(if seen & #bit == 0 { out.#ident = #path(); })),
            // The container's default value is where `out` starts.
            (None, Some(_)) => {}
            (None, None) => required.push(quote!((if <#ty as crate::read::Read>::OPTIONAL { 0 } else { #bit }))),
        }
        keys.push(key);
    }
    if keys.len() > 128 {
        return Err(Error::new_spanned(name, "derive(Read): more than 128 keys"));
    }
    let deny = container.deny_unknown_fields;
    let (blank, start) = match &container.default {
        Some(None) => (quote!(::core::default::Default::default()), quote!(::core::default::Default::default())),
        Some(Some(path)) => (quote!(#path()), quote!(#path())),
        None => (quote!(#name { #(#blanks),* }), quote!(<Self as crate::read::Read>::blank())),
    };
    Ok(quote! {
        impl crate::read::Read for #name {
            fn blank() -> Self {
                #blank
            }

            fn read(reader: &mut crate::read::Reader<'_>) -> crate::read::R<Self> {
                const KEYS: &[&str] = &[#(#keys),*];
                const REQUIRED: u128 = #(#required)|*;
                let mut out: Self = #start;
                let seen = reader.object(KEYS, #deny, &mut |r, i| {
                    match i {
                        #(#arms)*
                        _ => {}
                    }
                    ::core::result::Result::Ok(())
                })?;
                crate::read::require(seen, REQUIRED, KEYS)?;
                #(#defaults)*
                ::core::result::Result::Ok(out)
            }
        }
    })
}

fn expand_enum(input: &DeriveInput, container: &Attrs, data: &syn::DataEnum) -> syn::Result<Tokens> {
    let name = &input.ident;
    let rule = container.rename_all.as_deref();
    let mut codes = Vec::new();
    let mut arms = Vec::new();
    let mut last = None;
    for variant in &data.variants {
        if !matches!(variant.fields, Fields::Unit) {
            return Err(Error::new_spanned(variant, "derive(Read) supports enums of unit variants only (read from their code)"));
        }
        let attrs = attrs_of(&variant.attrs)?;
        if attrs.skip {
            continue;
        }
        let ident = &variant.ident;
        let code = match attrs.rename {
            Some(c) => c,
            None => variant_code(rule, &ident.to_string())?,
        };
        let i = codes.len();
        arms.push(quote!(#i => #name::#ident,));
        codes.push(code);
        last = Some(ident.clone());
    }
    let Some(last) = last else { return Err(Error::new_spanned(name, "derive(Read): an enum without variants to read")) };
    Ok(quote! {
        impl crate::read::Read for #name {
            fn blank() -> Self {
                #name::#last
            }

            fn read(reader: &mut crate::read::Reader<'_>) -> crate::read::R<Self> {
                const CODES: &[&str] = &[#(#codes),*];
                ::core::result::Result::Ok(match reader.variant(CODES)? {
                    #(#arms)*
                    _ => #name::#last,
                })
            }
        }
    })
}
