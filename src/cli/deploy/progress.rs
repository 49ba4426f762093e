//! Where a deploy tells its progress and asks for confirmation: a live line per stack (status,
//! elapsed) on a terminal, one plain line per event otherwise.

use std::collections::BTreeMap;
use std::io::{BufRead as _, Write as _};
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};

/// Progress and questions of a deploy; called from the threads that deploy stacks.
pub trait Console: Sync {
    /// Shows `summary` (the change set) and asks `question`; `true` for yes.
    fn confirm(&self, summary: &str, question: &str) -> bool;
    /// Something happened to `stack` (a status, an event).
    fn progress(&self, stack: &str, text: &str);
    /// `stack` is finished; `line` says how.
    fn finish(&self, stack: &str, line: &str);
}

/// The console of the real command: stderr, and stdin for answers.
pub struct Terminal {
    /// Live lines on a terminal; `None` prints plain lines.
    bars: Option<(MultiProgress, Mutex<BTreeMap<String, ProgressBar>>)>,
    /// One question at a time, though stacks deploy in parallel.
    asking: Mutex<()>,
}

impl Terminal {
    pub fn new(live: bool) -> Self {
        Self {
            bars: live.then(|| (MultiProgress::new(), Mutex::new(BTreeMap::new()))),
            asking: Mutex::new(()),
        }
    }

    fn bar(&self, stack: &str) -> Option<ProgressBar> {
        let (multi, bars) = self.bars.as_ref()?;
        let mut bars = bars
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let bar = bars.entry(stack.to_owned()).or_insert_with(|| {
            let bar = multi.add(ProgressBar::new_spinner());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {prefix} [{elapsed}] {wide_msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.set_prefix(stack.to_owned());
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Some(bar.clone())
    }
}

impl Console for Terminal {
    fn confirm(&self, summary: &str, question: &str) -> bool {
        let _one = self
            .asking
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let ask = || {
            let mut stderr = std::io::stderr().lock();
            let _ = write!(stderr, "{summary}{question} [y/N] ");
            let _ = stderr.flush();
            let mut answer = String::new();
            let _ = std::io::stdin().lock().read_line(&mut answer);
            matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes")
        };
        match &self.bars {
            Some((multi, _)) => multi.suspend(ask),
            None => ask(),
        }
    }

    fn progress(&self, stack: &str, text: &str) {
        if let Some(bar) = self.bar(stack) {
            bar.set_message(text.to_owned());
        } else {
            err!("{stack}: {}", fleetform::diagnostic::escape(text));
        }
    }

    fn finish(&self, stack: &str, line: &str) {
        if let Some(bar) = self.bar(stack) {
            bar.finish_with_message(line.to_owned());
        } else {
            err!("{stack}: {}", fleetform::diagnostic::escape(line));
        }
    }
}
