//! Typed API for Firefox Normandy's telemetry.
