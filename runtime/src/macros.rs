//! The macros generated code writes its enums in: each takes what is particular to one enum
//! (its docs, names and strings) and writes the rest, the same for all, once here. So the
//! generated file holds the spec's facts and little else, and the code they expand to is the
//! same, reviewed once.
//!
//! Event structs are written out instead (see the generator's `event`): rustc does not reuse
//! its incremental results for items a macro writes once an edit above them moves their text,
//! and the events are most of a spec's code.
//!
//! Not meant for hand-written code: their input is what eventspec writes, and may change with
//! it. Every path they write is absolute (`::core::…`, `$crate::…`) and every local they bind
//! is theirs (macro hygiene), so no name from a spec can shadow one.

/// The enum of an extra whose values carry no other extra: `ALL`, `VALUES`, `as_str`,
/// `Display`, `FromStr`, and its [`Extra`](crate::extra::Extra) impl.
#[doc(hidden)]
#[macro_export]
macro_rules! values {
    (
        $(#[$attr:meta])*
        pub enum $name:ident for $key:literal {
            $( $(#[$variant_attr:meta])* $variant:ident = $value:literal, )+
        }
    ) => {
        $(#[$attr])*
        #[allow(dead_code)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$variant_attr])* $variant, )+
        }

        #[allow(dead_code)]
        impl $name {
            /// Every value, in spec order.
            pub const ALL: [Self; [$($value),+].len()] = [$(Self::$variant),+];
            /// Every allowed string, in spec order.
            pub const VALUES: &'static [&'static str] = &[$($value),+];

            /// The string sent.
            pub const fn as_str(self) -> &'static str {
                Self::VALUES[self as usize]
            }
        }

        $crate::string_traits!($name, $key);

        impl $crate::extra::Extra for $name {
            fn put(
                &self,
                raw: &mut $crate::RawEvent,
                shape: &$crate::EventShape<'_>,
                i: usize,
            ) -> ::core::result::Result<(), $crate::EncodeError> {
                $crate::extra::put_text(raw, shape, i, self.as_str());
                ::core::result::Result::Ok(())
            }

            fn get(record: &$crate::extra::Checked<'_>, i: usize) -> Self {
                Self::ALL[record.index(i, Self::VALUES)]
            }
        }
    };
}

/// The enum of an extra some of whose values carry the extras that depend on them (each with
/// its index in the event's shape table): `VALUES`, `as_str`, and its
/// [`Extra`](crate::extra::Extra) impl, which puts and reads those extras with it.
#[doc(hidden)]
#[macro_export]
macro_rules! values_with_dependents {
    (
        $(#[$attr:meta])*
        pub enum $name:ident {
            $(#[$first_attr:meta])*
            $first:ident = $first_value:literal
                $({ $( $(#[$first_field_attr:meta])* $first_field:ident: $first_ty:ty = $first_index:literal, )* })?,
            $(
                $(#[$variant_attr:meta])*
                $variant:ident = $value:literal
                    $({ $( $(#[$field_attr:meta])* $field:ident: $ty:ty = $index:literal, )* })?,
            )*
        }
    ) => {
        $(#[$attr])*
        #[allow(dead_code)]
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub enum $name {
            $(#[$first_attr])*
            $first $({ $( $(#[$first_field_attr])* $first_field: $first_ty, )* })?,
            $( $(#[$variant_attr])* $variant $({ $( $(#[$field_attr])* $field: $ty, )* })?, )*
        }

        #[allow(dead_code)]
        impl $name {
            /// Every allowed string, in spec order.
            pub const VALUES: &'static [&'static str] = &[$first_value, $($value),*];

            /// The string sent.
            pub fn as_str(&self) -> &'static str {
                match self {
                    Self::$first { .. } => $first_value,
                    $( Self::$variant { .. } => $value, )*
                }
            }
        }

        impl $crate::extra::Extra for $name {
            fn put(
                &self,
                raw: &mut $crate::RawEvent,
                shape: &$crate::EventShape<'_>,
                i: usize,
            ) -> ::core::result::Result<(), $crate::EncodeError> {
                $crate::extra::put_text(raw, shape, i, self.as_str());
                match self {
                    Self::$first $({ $($first_field),* })? => {
                        $($( $crate::extra::Extra::put($first_field, raw, shape, $first_index)?; )*)?
                    }
                    $(
                        Self::$variant $({ $($field),* })? => {
                            $($( $crate::extra::Extra::put($field, raw, shape, $index)?; )*)?
                        }
                    )*
                }
                ::core::result::Result::Ok(())
            }

            fn get(record: &$crate::extra::Checked<'_>, i: usize) -> Self {
                match record.text(i) {
                    $(
                        ::core::option::Option::Some($value) => {
                            Self::$variant $({ $( $field: record.get($index), )* })?
                        }
                    )*
                    _ => Self::$first $({ $( $first_field: record.get($first_index), )* })?,
                }
            }
        }
    };
}

/// The enum of every event, its `From` impls, and its `impl` (`OBJECTS`, `METHODS`, `name`,
/// `object`, `method`, `to_record`, `from_record`).
#[doc(hidden)]
#[macro_export]
macro_rules! events {
    (
        seed $seed:literal;
        $(#[$attr:meta])*
        pub enum $name:ident {
            $( $(#[$variant_attr:meta])* $variant:ident = $category:literal $object:literal $method:literal $key:literal, )*
        }
    ) => {
        $(#[$attr])*
        #[allow(dead_code)]
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub enum $name {
            $( $(#[$variant_attr])* $variant($variant), )*
        }

        $(
            impl ::core::convert::From<$variant> for $name {
                fn from(event: $variant) -> Self {
                    Self::$variant(event)
                }
            }
        )*

        #[allow(dead_code)]
        impl $name {
            /// Every event's category, object and method, in spec order.
            pub const EVENTS: &'static [(&'static str, &'static str, &'static str)] =
                &[$(($category, $object, $method)),*];

            /// The event's name, `category.object.method`.
            pub fn name(&self) -> &'static str {
                match self {
                    $( Self::$variant(_) => ::core::concat!($category, ".", $object, ".", $method), )*
                }
            }

            /// The category.
            pub fn category(&self) -> &'static str {
                match self {
                    $( Self::$variant(_) => $category, )*
                }
            }

            /// The object.
            pub fn object(&self) -> &'static str {
                match self {
                    $( Self::$variant(_) => $object, )*
                }
            }

            /// The method.
            pub fn method(&self) -> &'static str {
                match self {
                    $( Self::$variant(_) => $method, )*
                }
            }

            /// The Firefox record of this event at `timestamp`.
            ///
            /// A string longer than the spec allows is an error, unless its extra is marked
            /// `truncate`: then it is cut at a UTF-8 boundary, as Firefox does.
            pub fn to_record(
                &self,
                timestamp: u64,
            ) -> ::core::result::Result<$crate::RawEvent, $crate::EncodeError> {
                match self {
                    $( Self::$variant(event) => event.to_record(timestamp), )*
                }
            }

            /// Decodes a record, rejecting anything the spec does not allow.
            pub fn from_record(
                raw: &$crate::RawEvent,
            ) -> ::core::result::Result<Self, $crate::DecodeError> {
                // Each event's key (`record::decode::event_key`); the event's own decoder
                // checks the names, so a record that only shares a key is still refused.
                let key = $crate::record::decode::event_key(
                    $seed,
                    &raw.category,
                    &raw.object,
                    &raw.method,
                );
                match key {
                    $( $key => $variant::from_record(raw).map(Self::$variant), )*
                    _ => ::core::result::Result::Err($crate::record::decode::unknown_event(
                        raw,
                        Self::EVENTS,
                    )),
                }
            }
        }
    };
}
