//! `fleetform completions SHELL` and `fleetform man`: shell completions (`clap_complete`) and a
//! man page (`clap_mangen`), both generated from the command-line definition and printed on
//! stdout, e.g. `fleetform completions bash > /etc/bash_completion.d/fleetform` or
//! `fleetform man > ~/.local/share/man/man1/fleetform.1`.

use clap_complete::Shell;

use super::{Status, fail};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to complete for.
    #[arg(value_enum)]
    shell: Shell,
}

pub fn completions(args: &Args, mut command: clap::Command) -> Status {
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut command, "fleetform", &mut buf);
    super::stdout_text(&String::from_utf8_lossy(&buf));
    Status::Ok
}

pub fn man(command: clap::Command) -> Status {
    let mut buf = Vec::new();
    if let Err(e) = clap_mangen::Man::new(command).render(&mut buf) {
        return fail(&format!("cannot render the man page: {e}"));
    }
    super::stdout_text(&String::from_utf8_lossy(&buf));
    Status::Ok
}
