//! Work split over the cores, in order: the one place that decides how many chunks a job gets
//! and that runs them. Callers combine the results in chunk order, so what they produce does
//! not depend on the number of threads (each caller has a test that varies it).

/// How many chunks `items` pieces of work are worth: one per core, but only when each chunk
/// gets at least `per_chunk` of them (below that a thread costs more than it saves).
pub(crate) fn chunks(items: usize, per_chunk: usize) -> usize {
    match items / per_chunk.max(1) {
        0 | 1 => 1,
        wanted => cores().min(wanted),
    }
}

/// The cores this process may use, asked once: the answer takes about twenty system calls
/// (affinity, cgroup quotas), 23 µs here, and the YAML reader asks for every sequence.
fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// `work` over `items` cut into `chunks` consecutive chunks, one thread each (the first on this
/// thread), the results in chunk order. One chunk, or fewer than two items: no thread at all.
pub(crate) fn map_chunks<T: Sync, R: Send>(
    items: &[T],
    chunks: usize,
    work: impl Fn(&[T]) -> R + Sync,
) -> Vec<R> {
    let (first, mut rest) = first_and_rest(items, chunks, &work, &work);
    rest.insert(0, first);
    rest
}

/// [`map_chunks`], the first chunk given to `first` instead, on this thread: it can borrow
/// what the others cannot (the buffer they are appended to, say).
pub(crate) fn first_and_rest<T: Sync, F, R: Send>(
    items: &[T],
    chunks: usize,
    first: impl FnOnce(&[T]) -> F,
    work: impl Fn(&[T]) -> R + Sync,
) -> (F, Vec<R>) {
    if chunks <= 1 || items.len() < 2 {
        return (first(items), Vec::new());
    }
    let size = items.len().div_ceil(chunks);
    let (head, rest) = items.split_at(size);
    let work = &work;
    std::thread::scope(|scope| {
        let others: Vec<_> = rest
            .chunks(size)
            .map(|chunk| scope.spawn(move || work(chunk)))
            .collect();
        let head = first(head);
        let rest = others
            .into_iter()
            .map(|h| h.join().expect("work on a chunk does not panic"))
            .collect();
        (head, rest)
    })
}

#[cfg(test)]
mod tests {
    use super::map_chunks;

    #[test]
    fn results_come_in_chunk_order_and_cover_every_item() {
        let items: Vec<usize> = (0..10).collect();
        for chunks in [0, 1, 2, 3, 7, 10, 50] {
            let parts = map_chunks(&items, chunks, <[usize]>::to_vec);
            assert_eq!(parts.concat(), items, "{chunks} chunks");
            assert!(parts.len() <= chunks.max(1), "{chunks} chunks");
        }
        assert_eq!(map_chunks(&[] as &[usize], 4, <[usize]>::len), [0]);
    }
}
