//! Bindings of the monitoring module (to be filled by its issue).
