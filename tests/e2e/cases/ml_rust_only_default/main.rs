// A plain Rust leak that never crosses into C: memory-leak, reported only
// with detect_leaks=all. Rust std's own start-up allocations are reachable
// and must not be reported.
#[inline(never)]
fn make_and_lose() -> u8 {
    let v = vec![9u8; 40]; // line:alloc
    std::hint::black_box(v.as_ptr());
    let b = v[3];
    std::mem::forget(v);
    b
}

#[inline(never)]
fn scrub_stack() {
    let mut buf = [0u8; 65536];
    std::hint::black_box(&mut buf);
}

fn main() {
    let t = std::thread::current(); // touch std's thread-local state
    let b = make_and_lose(); // line:call
    scrub_stack();
    eprintln!("done {} {:?}", b, t.name());
}
