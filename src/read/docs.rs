//! Which articles a read of postings is for: all of a term's, only some (the candidates
//! earlier clauses left), or some not known yet (an earlier clause waits for its bytes).

/// The articles a read is for.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Docs<'d> {
    /// Every article the term occurs in.
    All,
    /// Only these (ascending).
    Only(&'d [u32]),
    /// Some articles not known yet (an earlier read is waiting for its bytes): a term read
    /// whole is read for all of its articles, a term read through its skip table can only ask
    /// for the table.
    Unknown,
}
