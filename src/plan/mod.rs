//! Personalised care plans ("一人一策"): segments, national schedules, follow-up classification,
//! goals and advice, service packages, and ICS / FHIR exports. Rules are data (care-rules.md).
