//! ffidemo — a small Rust crate over a C static library (csrc/ffidemo.c,
//! built by build.rs), used to test ffisan as a cargo runner
//! (`tests/cargo/run.sh`). Every test is a clean boundary crossing except
//! `planted_free_of_rust_cstring_by_c`, which only does something when
//! `FFIDEMO_PLANT_BUG=1` is set.

use std::ffi::{c_char, c_int, c_void, CStr, CString};

pub mod sys {
    use super::*;

    pub type VisitFn = extern "C" fn(ctx: *mut c_void, value: u32) -> c_int;

    #[repr(C)]
    pub struct FdTag {
        _private: [u8; 0],
    }

    extern "C" {
        pub fn fd_greet(name: *const c_char) -> *mut c_char;
        pub fn fd_string_free(s: *mut c_char);
        pub fn fd_sum(values: *const u32, count: usize) -> u64;
        pub fn fd_format(out: *mut c_char, cap: usize, prefix: *const c_char, i: c_int) -> c_int;
        pub fn fd_visit(values: *const u32, count: usize, visit: VisitFn, ctx: *mut c_void)
            -> usize;
        pub fn fd_tag_new(text: *const c_char) -> *mut FdTag;
        pub fn fd_tag_text(t: *mut FdTag) -> *const c_char;
        pub fn fd_tag_free(t: *mut FdTag);
        pub fn fd_consume_name(name: *mut c_char) -> usize;
    }
}

/// "hello, NAME!" built by C (malloc) and released by C (free).
pub fn greet(name: &str) -> String {
    let name = CString::new(name).expect("no NUL in name");
    unsafe {
        let p = sys::fd_greet(name.as_ptr());
        assert!(!p.is_null());
        let s = CStr::from_ptr(p).to_string_lossy().into_owned();
        sys::fd_string_free(p);
        s
    }
}

/// Sum computed by C over a borrowed Rust slice.
pub fn sum(values: &[u32]) -> u64 {
    unsafe { sys::fd_sum(values.as_ptr(), values.len()) }
}

/// `format!("{prefix}{i}")`, written by C into a Rust buffer.
pub fn format(prefix: &str, i: i32) -> String {
    let prefix = CString::new(prefix).expect("no NUL in prefix");
    let mut buf = vec![0u8; 16];
    loop {
        let n = unsafe { sys::fd_format(buf.as_mut_ptr().cast(), buf.len(), prefix.as_ptr(), i) };
        assert!(n >= 0);
        let n = n as usize;
        if n < buf.len() {
            buf.truncate(n);
            return String::from_utf8(buf).expect("utf-8");
        }
        buf.resize(n + 1, 0);
    }
}

extern "C" fn collect_until(ctx: *mut c_void, value: u32) -> c_int {
    // SAFETY: ctx is the &mut (Vec<u32>, u32) passed to fd_visit by visit_until.
    let (seen, stop) = unsafe { &mut *(ctx as *mut (Vec<u32>, u32)) };
    seen.push(value);
    (value == *stop) as c_int
}

/// C walks `values` and calls back into Rust until it meets `stop`.
pub fn visit_until(values: &[u32], stop: u32) -> Vec<u32> {
    let mut ctx: (Vec<u32>, u32) = (Vec::new(), stop);
    let n = unsafe {
        sys::fd_visit(
            values.as_ptr(),
            values.len(),
            collect_until,
            &mut ctx as *mut (Vec<u32>, u32) as *mut c_void,
        )
    };
    assert_eq!(n, ctx.0.len());
    ctx.0
}

/// An owned handle to a C object (freed by C on drop).
pub struct Tag(*mut sys::FdTag);

impl Tag {
    pub fn new(text: &str) -> Tag {
        let text = CString::new(text).expect("no NUL in text");
        let p = unsafe { sys::fd_tag_new(text.as_ptr()) };
        assert!(!p.is_null());
        Tag(p)
    }
    pub fn text(&mut self) -> String {
        unsafe { CStr::from_ptr(sys::fd_tag_text(self.0)).to_string_lossy().into_owned() }
    }
}

impl Drop for Tag {
    fn drop(&mut self) {
        unsafe { sys::fd_tag_free(self.0) }
    }
}

// Tag owns its C object exclusively; C keeps no thread-local state.
unsafe impl Send for Tag {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::thread;

    #[test]
    fn greet_returns_c_string_freed_by_c() {
        assert_eq!(greet("ferris"), "hello, ferris!");
        assert_eq!(greet(""), "hello, !");
    }

    #[test]
    fn greet_from_many_threads() {
        let handles: Vec<_> = (0..8)
            .map(|t| {
                thread::spawn(move || {
                    for i in 0..500 {
                        let name = format!("t{}-{}", t, i);
                        assert_eq!(greet(&name), format!("hello, {}!", name));
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
    }

    #[test]
    fn sum_borrows_rust_slice() {
        let v: Vec<u32> = (1..=1000).collect();
        assert_eq!(sum(&v), 500_500);
        assert_eq!(sum(&v[10..20]), (11..=20).sum::<u32>() as u64);
        assert_eq!(sum(&[]), 0);
    }

    #[test]
    fn c_writes_into_rust_buffer() {
        assert_eq!(format("n=", 42), "n=42");
        let long = "x".repeat(100);
        assert_eq!(format(&long, -7), format!("{}-7", long));
    }

    #[test]
    fn c_calls_back_into_rust() {
        let v: Vec<u32> = (0..50).collect();
        assert_eq!(visit_until(&v, 9), (0..10).collect::<Vec<_>>());
        assert_eq!(visit_until(&v, 1000), v);
    }

    #[test]
    fn c_objects_moved_between_threads() {
        let tags: Vec<Tag> = (0..16).map(|i| Tag::new(&format!("tag-{}", i))).collect();
        let handles: Vec<_> = tags
            .into_iter()
            .enumerate()
            .map(|(i, mut tag)| {
                thread::spawn(move || {
                    for _ in 0..100 {
                        assert_eq!(tag.text(), format!("tag-{}", i));
                    }
                    tag // dropped (freed by C) on the main test thread
                })
            })
            .collect();
        for h in handles {
            drop(h.join().unwrap());
        }
    }

    #[test]
    fn c_takes_ownership_of_malloced_name() {
        // Correct hand-over: the block C frees came from C's malloc (strdup
        // of the Rust string), not from the Rust allocator.
        let p = unsafe { libc_strdup(c"from-c-malloc".as_ptr()) };
        assert!(!p.is_null());
        assert_eq!(unsafe { sys::fd_consume_name(p) }, 13);
    }

    extern "C" {
        #[link_name = "strdup"]
        fn libc_strdup(s: *const c_char) -> *mut c_char;
    }

    /// The planted bug: a Rust-allocated `CString::into_raw` pointer is
    /// released by C's `free` (alloc-dealloc-mismatch). It works natively by
    /// luck (Rust's default allocator is malloc); ffisan reports it. Only
    /// active with FFIDEMO_PLANT_BUG=1.
    #[test]
    fn planted_free_of_rust_cstring_by_c() {
        if std::env::var("FFIDEMO_PLANT_BUG").as_deref() != Ok("1") {
            return;
        }
        let name = CString::new("planted-name").unwrap();
        let raw = name.into_raw(); // Rust allocator → C, never to return
        let n = unsafe { sys::fd_consume_name(raw) }; // C calls free(raw)
        assert_eq!(n, 12);
    }
}
