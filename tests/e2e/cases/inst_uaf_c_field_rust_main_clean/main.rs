// Clean twin of inst_uaf_c_field_rust_main: the library forgets the widget
// it frees, and Rust reads the last id while the widget is alive too.
#[repr(C)]
pub struct Widget {
    _private: [u8; 0],
}

extern "C" {
    fn widget_new(id: i32) -> *mut Widget;
    fn widget_use(w: *mut Widget);
    fn widget_destroy(w: *mut Widget);
    fn widget_last_id() -> i32;
}

fn main() {
    unsafe {
        let w = widget_new(7);
        widget_use(w);
        let live = widget_last_id();
        widget_destroy(w);
        let id = widget_last_id();
        eprintln!("done: last id {live} then {id}");
    }
}
