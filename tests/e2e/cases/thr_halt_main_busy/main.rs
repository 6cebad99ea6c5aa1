// A worker thread frees a Rust buffer with C free() (default
// halt_on_error=1) while the main thread is busy allocating in Rust: the
// report is complete and the process exits 1.
use std::os::raw::c_void;

extern "C" {
    fn c_release_buffer(p: *mut c_void);
}

#[inline(never)]
fn make_buffer(n: usize) -> *mut u8 {
    Box::into_raw(vec![5u8; n].into_boxed_slice()) as *mut u8 // line:alloc
}

#[inline(never)]
fn plant() {
    let p = make_buffer(40); // line:make
    unsafe { c_release_buffer(p as *mut c_void) }; // line:call
    std::hint::black_box(p);
}

fn main() {
    std::thread::spawn(|| {
        std::thread::sleep(std::time::Duration::from_millis(50));
        plant();
        eprintln!("planted, not halted");
    });
    let mut acc = 0usize;
    let start = std::time::Instant::now();
    // busy for at most 10 s (natively the program ends here with "done")
    for i in 0..u64::MAX {
        if i % 1024 == 0 && start.elapsed().as_secs() >= 10 {
            break;
        }
        let v: Vec<u64> = vec![i; 1 + (i % 64) as usize];
        acc = acc.wrapping_add(std::hint::black_box(v).len());
    }
    eprintln!("done {}", acc);
}
