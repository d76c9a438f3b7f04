//! Integration tests package.
