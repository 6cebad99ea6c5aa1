// Two Box::from_raw of one pointer handed back from C: double-free.
#[repr(C)]
struct Pair {
    a: u64,
    b: u64,
}

extern "C" {
    fn c_stash(p: *mut Pair);
    fn c_take() -> *mut Pair;
}

#[inline(never)]
fn release(p: *mut Pair) -> u64 {
    let b = unsafe { Box::from_raw(p) };
    let s = b.a + b.b;
    drop(b); // line:drop
    std::hint::black_box(s)
}

fn main() {
    let p = Box::into_raw(Box::new(Pair { a: 1, b: 2 })); // line:alloc
    unsafe { c_stash(p) };
    let s1 = release(unsafe { c_take() }); // line:first
    eprintln!("first release done");
    let s2 = release(unsafe { c_take() }); // line:second
    eprintln!("done {}", s1 + s2);
}
