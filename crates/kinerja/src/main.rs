fn main() -> std::process::ExitCode {
    memory::bound_malloc();
    kinerja::cli::main()
}

/// glibc's allocator, left as it is, gave the server 250–400 MB under the peak mix (many
/// arenas, one per busy thread, and a trim threshold that rises after every large buffer
/// freed, so a dashboard's result rows never went back to the system); with two arenas and
/// a fixed threshold of 128 kB it stays under 100 MB at the same speed. Set before any
/// thread starts; an operator's `MALLOC_ARENA_MAX`, `MALLOC_TRIM_THRESHOLD_` or
/// `GLIBC_TUNABLES` wins.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod memory {
    unsafe extern "C" {
        fn mallopt(param: i32, value: i32) -> i32;
    }
    // From glibc's malloc.h.
    const M_TRIM_THRESHOLD: i32 = -1;
    const M_ARENA_MAX: i32 = -8;

    pub fn bound_malloc() {
        // SAFETY: mallopt only changes the allocator's tuning; called before any thread.
        if std::env::var_os("GLIBC_TUNABLES").is_some() {
            return;
        }
        unsafe {
            if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
                mallopt(M_ARENA_MAX, 2);
            }
            if std::env::var_os("MALLOC_TRIM_THRESHOLD_").is_none() {
                mallopt(M_TRIM_THRESHOLD, 128 * 1024);
            }
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
mod memory {
    pub fn bound_malloc() {}
}
