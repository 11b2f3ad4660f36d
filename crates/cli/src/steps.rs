//! `newsdex build --verbose`: each step's wall time, CPU time and resident memory, so that an
//! operator sees where a large build's time and memory go.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How often resident memory is sampled for a step's peak.
const SAMPLE: Duration = Duration::from_millis(50);

/// Times the steps of a build, printing a line for each as the next starts.
pub struct Steps {
    state: Arc<Mutex<Current>>,
    /// The highest resident bytes sampled since the current step started.
    peak: Arc<AtomicU64>,
    done: Arc<AtomicBool>,
    sampler: Option<JoinHandle<()>>,
}

/// The step under way.
struct Current {
    name: &'static str,
    wall: Instant,
    cpu: Duration,
}

impl Steps {
    /// Starts timing with the step `first`, sampling resident memory on a thread of its own.
    pub fn start(first: &'static str) -> Steps {
        let peak = Arc::new(AtomicU64::new(resident().unwrap_or(0)));
        let done = Arc::new(AtomicBool::new(false));
        let sampler = {
            let (peak, done) = (Arc::clone(&peak), Arc::clone(&done));
            std::thread::Builder::new()
                .name("newsdex-steps".into())
                .spawn(move || {
                    while !done.load(Ordering::Relaxed) {
                        if let Some(bytes) = resident() {
                            peak.fetch_max(bytes, Ordering::Relaxed);
                        }
                        std::thread::sleep(SAMPLE);
                    }
                })
                .ok()
        };
        Steps {
            state: Arc::new(Mutex::new(Current {
                name: first,
                wall: Instant::now(),
                cpu: cpu_time(),
            })),
            peak,
            done,
            sampler,
        }
    }

    /// A hook for [`newsdex_index::IndexBuilder::on_step`].
    pub fn hook(&self) -> newsdex_index::StepHook {
        let (state, peak) = (Arc::clone(&self.state), Arc::clone(&self.peak));
        Box::new(move |name| next(&state, &peak, name))
    }

    /// Ends the current step and starts `name`.
    pub fn next(&self, name: &'static str) {
        next(&self.state, &self.peak, name);
    }

    /// Ends the last step.
    pub fn finish(mut self) {
        next(&self.state, &self.peak, "");
        self.done.store(true, Ordering::Relaxed);
        if let Some(sampler) = self.sampler.take() {
            let _ = sampler.join();
        }
    }
}

/// Prints the step that ends and starts `name` (none when empty).
fn next(state: &Mutex<Current>, peak: &AtomicU64, name: &'static str) {
    let mut current = state.lock().unwrap_or_else(|e| e.into_inner());
    let (wall, cpu) = (current.wall.elapsed(), cpu_time());
    let now = resident();
    if let Some(bytes) = now {
        peak.fetch_max(bytes, Ordering::Relaxed);
    }
    let step_peak = peak.swap(now.unwrap_or(0), Ordering::Relaxed);
    let used = cpu.saturating_sub(current.cpu);
    let memory = match now {
        Some(bytes) => format!(
            ", resident {} MB at its end, {} MB at most",
            bytes >> 20,
            step_peak >> 20
        ),
        None => String::new(),
    };
    eprintln!(
        "newsdex: step {}: {:.2} s, {:.2} CPU s ({:.2} cores){memory}",
        current.name,
        wall.as_secs_f64(),
        used.as_secs_f64(),
        used.as_secs_f64() / wall.as_secs_f64().max(1e-9),
    );
    *current = Current {
        name,
        wall: Instant::now(),
        cpu,
    };
}

/// The process's resident bytes, where the system tells them (`/proc/self/status`).
fn resident() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib << 10)
}

/// The CPU time the process has used, user and system, on every thread.
fn cpu_time() -> Duration {
    #[cfg(unix)]
    {
        let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
        // SAFETY: `getrusage` fills the struct it is given; RUSAGE_SELF is always valid.
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) } == 0 {
            // SAFETY: filled by the successful call above.
            let usage = unsafe { usage.assume_init() };
            let time = |t: libc::timeval| {
                Duration::new(t.tv_sec as u64, (t.tv_usec as u32).saturating_mul(1000))
            };
            return time(usage.ru_utime) + time(usage.ru_stime);
        }
    }
    Duration::ZERO
}
