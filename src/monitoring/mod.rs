//! Home-monitoring alerts: readings a resident records on the phone (care-rules.md §8).
