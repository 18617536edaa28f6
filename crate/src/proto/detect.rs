//! Which protocol a flow carries.
