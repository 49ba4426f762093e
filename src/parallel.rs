//! The one thread pool: independent work on scoped threads, with results in input order, so
//! the output never depends on the thread count. Items are dealt out in turn (item `i` to
//! thread `i % threads`), so a run of heavy items next to each other is spread over the
//! threads. No crate: the calling thread and a scoped `std::thread` per other core are all the
//! compiler needs, and rayon would add a dependency tree and build time to save these few lines.

/// How many threads the functions below use at most: one per core this process may run on.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// `f` of each item, in order, on up to one thread per core with at least `per_thread` items
/// each (one thread: no spawning at all).
pub fn map<T: Sync, R: Send>(items: &[T], per_thread: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    map_with(items, per_thread, || (), |(), item| f(item))
}

/// [`map`] where `f` may change each item: for work whose last use of a value is on the
/// thread that made its successor, so the value is freed there (the emission drops each
/// stack's template as soon as its text is written; see `output::write_app`).
pub fn map_mut<T: Send, R: Send>(
    items: &mut [T],
    per_thread: usize,
    f: impl Fn(&mut T) -> R + Sync,
) -> Vec<R> {
    deal(items.iter_mut(), per_thread, || (), |(), item| f(item))
}

/// [`map`] where each thread first makes its own `state` (on the calling thread, then moved to
/// the worker), for work that needs a mutable or not thread-safe context per thread. The
/// calling thread is one of the threads.
pub fn map_with<T: Sync, S: Send, R: Send>(
    items: &[T],
    per_thread: usize,
    state: impl FnMut() -> S,
    f: impl Fn(&mut S, &T) -> R + Sync,
) -> Vec<R> {
    deal(items.iter(), per_thread, state, f)
}

/// The one implementation of the functions above, over the items' references (`&T` or
/// `&mut T`, each sent to exactly one thread).
fn deal<I: Send, S: Send, R: Send>(
    items: impl ExactSizeIterator<Item = I>,
    per_thread: usize,
    mut state: impl FnMut() -> S,
    f: impl Fn(&mut S, I) -> R + Sync,
) -> Vec<R> {
    let len = items.len();
    let threads = threads().min(len / per_thread.max(1)).max(1);
    if threads == 1 {
        let mut state = state();
        return items.map(|item| f(&mut state, item)).collect();
    }
    let mut shares: Vec<Vec<I>> = (0..threads)
        .map(|_| Vec::with_capacity(len.div_ceil(threads)))
        .collect();
    for (i, item) in items.enumerate() {
        shares[i % threads].push(item);
    }
    let f = &f;
    let run = move |share: Vec<I>, mut state: S| {
        share
            .into_iter()
            .map(|item| f(&mut state, item))
            .collect::<Vec<_>>()
    };
    let mut states: Vec<S> = (0..threads).map(|_| state()).collect();
    let own = states.remove(0);
    let own_share = shares.remove(0);
    // The calling thread takes the first share itself: one thread fewer to start, and what it
    // makes is freed by the thread that allocated it (the allocator's fast path), where a
    // worker's allocations freed later by the caller went through cross-thread frees (6% of
    // a build's instructions when the caller did none of the work).
    let mut parts: Vec<std::vec::IntoIter<R>> = std::thread::scope(|scope| {
        let handles: Vec<_> = shares
            .into_iter()
            .zip(states)
            .map(|(share, state)| scope.spawn(move || run(share, state)))
            .collect();
        let mut parts = vec![run(own_share, own).into_iter()];
        parts.extend(
            handles
                .into_iter()
                // A panicking worker is a bug; re-raise it rather than drop its results.
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .map(Vec::into_iter),
        );
        parts
    });
    // Deal the results back in the order the items were dealt out.
    (0..len).filter_map(|i| parts[i % threads].next()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_input_order() {
        let items: Vec<u32> = (0..1000).collect();
        assert_eq!(
            map(&items, 1, |i| i * 2),
            (0..1000).map(|i| i * 2).collect::<Vec<_>>()
        );
        assert_eq!(map(&items, 10_000, |i| i + 1)[999], 1000);
        assert!(map(&[] as &[u32], 1, |i| *i).is_empty());
    }

    #[test]
    fn each_thread_has_its_own_state() {
        let items: Vec<usize> = (0..500).collect();
        // Each state is (its own id, items it has seen so far).
        let mut next_id = 0;
        let states = || {
            next_id += 1;
            (next_id, 0)
        };
        let seen = map_with(&items, 1, states, |(id, n), i| {
            *n += 1;
            (*i, *id, *n)
        });
        assert_eq!(seen.iter().map(|(i, ..)| *i).collect::<Vec<_>>(), items);
        // Every state counted its own items one by one: per id, the counts are 1, 2, 3, ….
        let mut per_id = std::collections::BTreeMap::<usize, Vec<usize>>::new();
        for (_, id, n) in seen {
            per_id.entry(id).or_default().push(n);
        }
        for counts in per_id.values() {
            assert_eq!(*counts, (1..=counts.len()).collect::<Vec<_>>());
        }
        assert_eq!(per_id.values().map(Vec::len).sum::<usize>(), 500);
    }

    #[test]
    fn map_mut_changes_every_item_once_and_keeps_order() {
        let mut items: Vec<u64> = (0..1000).collect();
        let before = map_mut(&mut items, 1, |i| {
            let was = *i;
            *i = was * 3 + 1;
            was
        });
        assert_eq!(before, (0..1000).collect::<Vec<_>>());
        assert_eq!(items, (0..1000).map(|i| i * 3 + 1).collect::<Vec<_>>());
        assert!(map_mut(&mut [] as &mut [u64], 1, |i| *i).is_empty());
    }
}
