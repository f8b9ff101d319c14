//! Bindings of the plan module (to be filled by its issue).
