//! Bindings of the points module (to be filled by its issue).
